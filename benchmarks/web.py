"""Benchmark: the diagnostic results page and its PDF report on the demo cluster.

Loads the demo cluster into a throwaway data directory (SQLite), logs in as the demo advisor with
Django's test client and requests, for a sample of demo diagnostics, the results page
(``/diagnostics/<id>/``) and the PDF (``/diagnostics/<id>/report.pdf``) several times each, after
one warm-up round. Prints the medians::

    RESULT results_page_ms <n> ms          (the report body of a finished diagnostic cached)
    RESULT results_page_first_ms <n> ms    (its first request, rendering the body)
    RESULT report_pdf_ms <n> ms

Goals on the reference machine: results page ≤ 300 ms, PDF ≤ 3,000 ms.

Run: ``.venv/bin/python benchmarks/web.py [--rounds 5] [--diagnostics 10]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="requests per diagnostic and page")
    parser.add_argument("--diagnostics", type=int, default=10, help="how many demo diagnostics to sample")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ["CITYMADE_DATA_DIR"] = tempfile.mkdtemp(prefix="citymade-bench-web-")
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
    from citymade.web.demo import load_demo
    from citymade.web.diagnostics.models import Diagnostic

    setup_test_environment()  # lets the test client run against ALLOWED_HOSTS "testserver"
    compile_catalogs()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    load_demo()
    print(f"demo loaded in {time.perf_counter() - started:.1f} s: {Diagnostic.objects.count()} diagnostics")

    client = Client()
    client.force_login(User.objects.get(username="advisor"))
    sample = list(Diagnostic.objects.finished().order_by("-assessed_on", "pk")[: args.diagnostics])
    if not sample:
        raise SystemExit("the demo has no finished diagnostic to measure")

    first_times: list[float] = []

    def measure(url: str, expected_type: str) -> list[float]:
        t0 = time.perf_counter()
        client.get(url)  # warm-up (template and framework caches; a finished report body is cached)
        if "report.pdf" not in url:
            first_times.append((time.perf_counter() - t0) * 1000)
        times = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            if response.status_code != 200 or expected_type not in response["Content-Type"]:
                raise SystemExit(f"{url} answered {response.status_code} {response['Content-Type']}")
        return times

    page_times: list[float] = []
    pdf_times: list[float] = []
    for diagnostic in sample:
        page_times += measure(f"/diagnostics/{diagnostic.pk}/", "text/html")
        pdf_times += measure(f"/diagnostics/{diagnostic.pk}/report.pdf?lang=fr", "application/pdf")
    print(f"{len(sample)} diagnostics × {args.rounds} requests each")
    print(f"RESULT results_page_ms {statistics.median(page_times):.0f} ms")
    # The first request of each results page renders the report body (no cache yet).
    print(f"RESULT results_page_first_ms {statistics.median(first_times):.0f} ms")
    print(f"RESULT report_pdf_ms {statistics.median(pdf_times):.0f} ms")


if __name__ == "__main__":
    main()
