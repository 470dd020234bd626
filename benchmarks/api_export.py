"""Benchmark: the bulk export ``GET /api/results`` against the per-diagnostic calls it replaces.

Loads the demo cluster into a throwaway data directory (SQLite) and, as the demo advisor with a
personal read token (``Authorization: Bearer``), measures after one warm-up round the median of:

    RESULT api_export_ms <n> ms             GET /api/results (JSON): every company's latest result
    RESULT api_export_bytes <n> bytes
    RESULT api_export_csv_ms <n> ms         GET /api/results?format=csv
    RESULT api_export_csv_bytes <n> bytes
    RESULT api_export_all_ms <n> ms         GET /api/results?all=true: every finished diagnostic
    RESULT api_export_all_bytes <n> bytes
    RESULT api_per_diagnostic_ms <n> ms     what a script did before: page through /api/diagnostics,
    RESULT api_per_diagnostic_bytes <n> bytes   then GET /api/diagnostics/<id>/result of each latest one
    RESULT api_per_diagnostic_calls <n> calls

Run: ``.venv/bin/python benchmarks/api_export.py [--rounds 5]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds of each way")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ["CITYMADE_DATA_DIR"] = tempfile.mkdtemp(prefix="citymade-bench-api-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["CITYMADE_DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citymade.web.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from citymade.i18n import compile_catalogs
    from citymade.web.accounts.models import User
    from citymade.web.accounts.tokens import create_token
    from citymade.web.demo import load_demo
    from citymade.web.diagnostics.models import Diagnostic

    setup_test_environment()
    compile_catalogs()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    load_demo()
    print(f"demo loaded in {time.perf_counter() - started:.1f} s: {Diagnostic.objects.count()} diagnostics")

    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=User.objects.get(username='advisor'), name='bench', scope='read')[1]}"}

    def get(url: str) -> bytes:
        response = client.get(url, **auth)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return b"".join(response.streaming_content) if response.streaming else response.content

    def bulk(url: str) -> Callable[[], tuple[int, int, int]]:
        def run() -> tuple[int, int, int]:
            body = get(url)
            rows = json.loads(body)["count"] if "csv" not in url else body.count(b"\n") - 1
            return len(body), 1, rows

        return run

    def per_diagnostic() -> tuple[int, int, int]:
        size, calls, offset, latest = 0, 0, 0, {}
        while True:
            body = get(f"/api/diagnostics?limit=200&offset={offset}")
            size, calls = size + len(body), calls + 1
            page = json.loads(body)
            for item in page["items"]:  # newest first: the first finished one of a company is its latest
                if item["status"] != "draft":
                    latest.setdefault(item["company_id"], item["id"])
            offset += len(page["items"])
            if not page["items"] or offset >= page["count"]:
                break
        for diagnostic_id in latest.values():
            size, calls = size + len(get(f"/api/diagnostics/{diagnostic_id}/result")), calls + 1
        return size, calls, len(latest)

    def measure(name: str, run: Callable[[], tuple[int, int, int]]) -> None:
        run()  # warm-up (framework, cached summaries)
        times, size, calls, rows = [], 0, 0, 0
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            size, calls, rows = run()
            times.append((time.perf_counter() - t0) * 1000)
        print(f"{name}: {rows} rows in {calls} call(s)")
        print(f"RESULT {name}_ms {statistics.median(times):.0f} ms")
        print(f"RESULT {name}_bytes {size} bytes")
        if name == "api_per_diagnostic":
            print(f"RESULT {name}_calls {calls} calls")

    measure("api_export", bulk("/api/results"))
    measure("api_export_csv", bulk("/api/results?format=csv"))
    measure("api_export_all", bulk("/api/results?all=true"))
    measure("api_per_diagnostic", per_diagnostic)


if __name__ == "__main__":
    main()
