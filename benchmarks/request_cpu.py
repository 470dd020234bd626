"""Where the server's time goes: CPU milliseconds and database queries per request, endpoint by endpoint.

The load benchmark (``benchmarks/load.py``) says how many requests per second the production server
answers; this says what each of its endpoints costs, so that work on speed starts where the time is.
It builds the same data (``citymade migrate``, ``citymade demo --force``, ``load_fixture.py``) in a
throwaway directory on SQLite — or on ``--database-url`` — then, in this one process with the
production settings (``CITYMADE_DEBUG=0``), asks each endpoint of the load mix ``--repeat`` times
with Django's test client as the same users (advisor, company user, API reader) and prints, per
endpoint, the CPU time of this process per request (``time.process_time``: the Python work of the
server; a separate PostgreSQL's own work is not in it), the wall time and the number of queries.

The last lines weigh the endpoints as the load mix does (2 advisors : 2 company users : 1 API reader,
each endpoint by its task weight) and print::

    RESULT request_cpu_ms <mean CPU ms per request of the mix> ms

``--profile`` then runs the mix once more under cProfile and prints the 40 functions with the most
time of their own and the 40 with the most time inside them.

``--calls`` counts instead the Python function calls per request (cProfile's count, the warm-up
excluded) and prints ``RESULT request_calls <mean calls per request of the mix> calls``. On a shared
host the CPU time of the same code moves by ±30 % from run to run; the count does not move (it
leaves out work done in C — database drivers, JSON, regular expressions — so it guides, and the
load benchmark decides; the wall times are then the profiler's).

Nothing is asserted; the goal it serves is the load benchmark's (≥ 100 requests/s at 20 users on
2 cores shared by server, database and the load driver, i.e. a few ms of CPU per request).

Run: ``.venv/bin/python benchmarks/request_cpu.py [--repeat 30] [--profile]``
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from stepform import StepFormReader  # noqa: E402


def _prepare(workdir: Path, env: dict[str, str]) -> dict[str, Any]:
    python = sys.executable
    for args in (["-m", "citymade", "migrate"], ["-m", "citymade", "demo", "--force"]):
        subprocess.run([python, *args], env=env, cwd=ROOT, check=True, capture_output=True)
    fixture = workdir / "fixture.json"
    subprocess.run([python, str(HERE / "load_fixture.py"), str(fixture), "--tokens", "2"], env=env, cwd=ROOT,
                   check=True, capture_output=True)
    return dict(json.loads(fixture.read_text(encoding="utf-8")))


def _mix(fixture: dict[str, Any]) -> list[tuple[str, str, float, Any]]:
    """(who, name, weight of one request, a function making one request) for the load mix."""
    companies, diagnostics, years = fixture["companies"], fixture["diagnostics"], fixture["review_years"]
    rand = random.Random(7)

    def get(path_of: Any) -> Any:
        return lambda client: client.get(path_of())

    advisor = [
        ("/companies/", 2, get(lambda: "/companies/")),
        ("/companies/[slug]/", 3, get(lambda: f"/companies/{rand.choice(companies)['slug']}/")),
        ("/diagnostics/[id]/ (results)", 5, get(lambda: f"/diagnostics/{rand.choice(diagnostics)}/")),
        ("/diagnostics/company/[slug]/", 2, get(lambda: f"/diagnostics/company/{rand.choice(companies)['slug']}/")),
        ("/portfolio/ (dashboard)", 2, get(lambda: "/portfolio/")),
        ("/portfolio/review/[year]/", 1, get(lambda: f"/portfolio/review/{rand.choice(years)}/")),
        ("/diagnostics/", 1, get(lambda: "/diagnostics/")),
        ("/ (home)", 1, get(lambda: "/")),
    ]
    company = companies[0]
    steps = company["steps"]
    state = {"i": 0}

    def step_url() -> str:
        state["i"] += 1
        return f"/diagnostics/{company['draft']}/step/{steps[state['i'] % len(steps)]}/"

    def fill(client: Any, htmx: bool = False) -> Any:
        url = step_url()
        page = client.get(url)
        reader = StepFormReader()
        reader.feed(page.content.decode("utf-8"))
        data: dict[str, Any] = {}
        for key, value in reader.answered():
            data.setdefault(key, []).append(value)
        if htmx:
            return client.post(url, data, HTTP_HX_REQUEST="true")
        data["next"] = ["1"]
        return client.post(url, data)

    entrepreneur = [
        ("step GET + POST save", 6, lambda c: fill(c)),
        ("step GET + POST htmx", 1, lambda c: fill(c, htmx=True)),
        ("/diagnostics/[id]/ (own results)", 3, get(lambda: f"/diagnostics/{company['finished'][0]}/")),
        ("/companies/[slug]/ (own)", 1, get(lambda: f"/companies/{company['slug']}/")),
        ("/diagnostics/company/[slug]/ (own)", 1, get(lambda: f"/diagnostics/company/{company['slug']}/")),
        ("/diagnostics/[id]/review/", 1, get(lambda: f"/diagnostics/{company['draft']}/review/")),
    ]
    api = [
        ("/api/companies/[id]", 3, get(lambda: f"/api/companies/{rand.choice(companies)['id']}")),
        ("/api/diagnostics/[id]", 3, get(lambda: f"/api/diagnostics/{rand.choice(diagnostics)}")),
        ("/api/portfolio/review", 1, get(lambda: f"/api/portfolio/review?year={rand.choice(years)}")),
    ]
    out = []
    for who, tasks, people in (("advisor", advisor, 2), ("company", entrepreneur, 2), ("api", api, 1)):
        total = sum(w for _n, w, _f in tasks)
        for name, weight, make in tasks:
            requests = 2 if name.startswith("step") else 1
            # each simulated person does about the same number of requests per second
            out.append((who, name, people * weight / total / requests, make))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="requests per endpoint")
    parser.add_argument("--profile", action="store_true", help="then profile the whole mix")
    parser.add_argument("--profile-out", type=Path, help="also write the profile there (pstats format)")
    parser.add_argument("--calls", action="store_true", help="count Python function calls per request instead of CPU time")
    parser.add_argument("--only", default="", help="only the endpoints whose name holds this text")
    parser.add_argument("--database-url", default="", help="a PostgreSQL database to fill (emptied!)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="citymade-cpu-"))
    try:
        env = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            **({"DATABASE_URL": args.database_url} if args.database_url else {}),
            "CITYMADE_DATA_DIR": str(workdir / "data"),
            "CITYMADE_DEBUG": "0",
            "CITYMADE_SECRET_KEY": secrets.token_urlsafe(64),
            "CITYMADE_ALLOWED_HOSTS": "testserver",
            "CITYMADE_SECURE_SSL_REDIRECT": "0",
            "PYTHONPATH": str(ROOT),
        }
        fixture = _prepare(workdir, env)
        os.environ.clear()
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        from citymade.web import setup

        setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from citymade.web.accounts.models import User

        call_command("collectstatic", interactive=False, verbosity=0)  # as citymade serve does
        clients: dict[str, Client] = {}
        for who, username in (("advisor", fixture["advisor"]), ("company", fixture["companies"][0]["username"])):
            client = Client(HTTP_X_FORWARDED_PROTO="https")
            client.force_login(User.objects.get(username=username))
            clients[who] = client
        clients["api"] = Client(HTTP_AUTHORIZATION=f"Bearer {fixture['tokens'][0]}", HTTP_ACCEPT="application/json")

        warm = 3 * len(fixture["diagnostics"])
        mix = [entry for entry in _mix(fixture) if args.only in entry[1]]
        print(f"{'endpoint':<40} {'calls' if args.calls else 'cpu ms':>7} {'wall ms':>8} {'queries':>7}")
        weighted = weight_sum = 0.0
        for who, name, weight, make in mix:
            client = clients[who]
            # warm the caches as a server running for a minute has them (each diagnostic's report and
            # summary is rendered once, then read from the cache); the step saves write, 3 are enough
            for _ in range(3 if name.startswith("step") else warm):
                make(client)
            cpu = wall = 0.0
            queries = 0
            counter = cProfile.Profile() if args.calls else None
            if counter is not None:
                counter.enable()
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as captured:
                    c0, w0 = time.process_time(), time.perf_counter()
                    response = make(client)
                    cpu += time.process_time() - c0
                    wall += time.perf_counter() - w0
                queries += len(captured.captured_queries)
                if response.status_code not in (200, 302):
                    raise SystemExit(f"{name}: {response.status_code}")
            n = args.repeat
            if counter is not None:  # the count takes the place of the CPU time in the table
                counter.disable()
                cpu = pstats.Stats(counter).total_calls / 1000  # type: ignore[attr-defined]
            requests = 2 if name.startswith("step") else 1
            figure = f"{cpu / n * 1000 / requests:>7.0f}" if args.calls else f"{cpu / n * 1000 / requests:>7.1f}"
            print(f"{name:<40} {figure} {wall / n * 1000 / requests:>8.1f} {queries / n / requests:>7.1f}")
            weighted += weight * requests * cpu / n * 1000 / requests
            weight_sum += weight * requests
        if args.calls:
            print(f"RESULT request_calls {weighted / weight_sum:.0f} calls")
        else:
            print(f"RESULT request_cpu_ms {weighted / weight_sum:.1f} ms")

        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for who, _name, weight, make in mix:
                for _ in range(max(1, round(weight * 40))):
                    make(clients[who])
            profile.disable()
            if args.profile_out:
                profile.dump_stats(args.profile_out)
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profile, stream=out).sort_stats(order).print_stats(40)
                print(out.getvalue())
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
