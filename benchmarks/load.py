"""Load benchmark: the production server on PostgreSQL with the demo data, under a realistic mix.

What it does, all on this machine and thrown away at the end (also on failure or Ctrl-C):

1. starts a throwaway PostgreSQL cluster (its own temporary directory, a free port on 127.0.0.1;
   as root the server runs as the ``postgres`` user, like ``scripts/test.sh``), creates a database;
2. ``citymade migrate`` and ``citymade demo --force`` into it, then ``load_fixture.py`` opens a draft
   self-diagnostic per demo company and creates the API readers' personal read tokens; then
   ``VACUUM ANALYZE``, the statistics autovacuum would gather shortly after such a bulk load;
3. starts the production server — ``citymade serve`` with ``CITYMADE_DEBUG=0``, a generated secret
   key, ``CITYMADE_ALLOWED_HOSTS=127.0.0.1``, ``CITYMADE_SECURE_SSL_REDIRECT=0`` (the proxy's job),
   so gunicorn, persistent database connections, WhiteNoise for the static files — exactly as deployed;
4. drives it from a second process on loopback with locust, headless (``benchmarks/locustfile.py``):
   ``--users`` simulated people at once, in the proportions

   * 2 × **advisors**: log in through the login form (CSRF and all), then browse the company list,
     company pages, diagnostic results pages, a company's diagnostic history, the portfolio
     dashboard, the annual review, the diagnostics list and the home page;
   * 2 × **company users** (each a different company): log in, then fill their draft
     self-diagnostic — open a step, post it back ("Save and continue", 302), sometimes a live HTMX
     save — and look at their results, company page, history and the draft's review page;
   * 1 × **API readers** (a personal read token): ``GET /api/companies/{id}``,
     ``/api/diagnostics/{id}`` (with the scored result), ``/api/portfolio/review?year=…``;

   each user pausing 50–150 ms between two requests (``--think``; the company user also pauses so
   between opening a step and posting it): 20 such users are an intense crowd — each does about five
   requests per second, where a person at a desk does one every few seconds, so they stand for a few
   hundred people at work. (Pauses of 100–300 ms alone would cap 20 users below 100 requests/s.)
   PostgreSQL keeps its default durability (every saved step is flushed to disk), as in production;
5. once every user has logged in (a login is a deliberately slow password hash done once per
   working session; the logins are reported apart, and a failed login counts as an error), runs the
   same load for ``--warmup`` seconds (default 60) without measuring it: the state of a server that
   has been in use a while, whose worker processes have compiled their templates and whose report
   cache holds the results pages people have opened (the first opening of a finished diagnostic's
   results renders its report, ~130 ms of CPU, once). A failed request of the warm-up still counts
   as an error. ``--warmup 0`` measures the cold start instead;
6. measures a window of ``--duration`` seconds, then prints a table per endpoint and::

       RESULT load_rps <requests per second> req/s
       RESULT load_p95_ms <95th percentile of response times> ms
       RESULT load_errors <failed requests and logins> count

Every request must answer what a browser or a script expects (status and the right page): a 500, a
redirect to the login page or a refused form is an error.

Goals on the reference machine (2 cores shared by server, PostgreSQL and locust): ≥ 100 requests/s
with p95 ≤ 250 ms and no errors at 20 users.

Needs the PostgreSQL server binaries (Debian: ``apt-get install postgresql``); without them it says
so and exits with code 2.

``--sqlite`` runs the same on the default SQLite database (a file in the working directory, as
``citymade migrate`` makes it) instead; ``--writers N`` drives N company users only, each saving
its own company's draft step after step (N people saving different diagnostics at once: the case
where SQLite used to answer "database is locked"). It prints the same lines, named
``load_sqlite_rps``, ``load_sqlite_p95_ms`` and ``load_sqlite_errors``; the goal is 0 errors.

Run: ``.venv/bin/python benchmarks/load.py [--duration 60] [--warmup 60] [--users 20] [--workers N] [--threads N]``
or ``.venv/bin/python benchmarks/load.py --sqlite --writers 5``
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent


class Failed(Exception):
    """The benchmark could not run; the message says why."""


def pg_bindir() -> Path | None:
    """Where the PostgreSQL server binaries are (``pg_config --bindir``, else Debian's newest)."""
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        if out and (Path(out) / "initdb").exists() and (Path(out) / "pg_ctl").exists():
            return Path(out)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: [int(x) for x in p.split("/")[4].split(".") if x.isdigit()])
    for candidate in reversed(found):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(cmd: list[str], *, env: dict[str, str] | None = None, what: str) -> str:
    """Run a command to completion; its output, or :class:`Failed` with the output's tail."""
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        raise Failed(f"{what} failed (exit {done.returncode}):\n{tail}")
    return done.stdout


def stop_group(process: subprocess.Popen[Any] | None, *, grace: float = 10.0) -> None:
    """Stop a child started in its own session, with everything it started (SIGTERM, then SIGKILL)."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


@contextmanager
def postgres_cluster(workdir: Path) -> Iterator[str]:
    """A throwaway cluster on a free port; yields the DATABASE_URL of a fresh ``citymade`` database."""
    bindir = pg_bindir()
    assert bindir is not None
    pgdir = workdir / "pg"
    pgdir.mkdir()
    as_pg: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        if subprocess.run(["id", "postgres"], capture_output=True, check=False).returncode != 0:
            run(["useradd", "--system", "--no-create-home", "postgres"], what="creating the postgres user")
        shutil.chown(pgdir, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    data = pgdir / "data"
    run([*as_pg, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "citymade", "--encoding=UTF8",
         "--locale=C.UTF-8"], what="initdb")
    # Default durability (fsync on), as in production: saved answers are flushed to disk.
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {pgdir}"
    run([*as_pg, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(pgdir / "log"), "-w", "-o", options, "start"],
        what="starting PostgreSQL")
    try:
        run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "citymade", "citymade"],
            what="createdb")
        yield f"postgres://citymade@127.0.0.1:{port}/citymade"
    finally:
        subprocess.run([*as_pg, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, check=False)


def wait_until_up(url: str, server: subprocess.Popen[Any], log: Path, timeout: float = 240.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise Failed(f"the server stopped (exit {server.returncode}):\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise Failed(f"the server did not answer {url} within {timeout:.0f} s:\n{tail(log)}")


def tail(path: Path, lines: int = 25) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def read_stats(prefix: Path) -> list[dict[str, str]]:
    path = Path(f"{prefix}_stats.csv")
    if not path.exists():
        raise Failed(f"locust wrote no statistics ({path})")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def print_table(rows: list[dict[str, str]]) -> None:
    print(f"{'endpoint':<48} {'requests':>8} {'errors':>6} {'req/s':>6} {'median':>7} {'p95':>6} {'p99':>6} {'max':>6}")
    measured = [r for r in rows if r["Name"] != "Aggregated" and int(r["Request Count"])]
    body = sorted(measured, key=lambda r: -float(r["95%"]))
    for r in [*body, *(r for r in rows if r["Name"] == "Aggregated")]:
        name = r["Name"] if r["Name"] == "Aggregated" else f"{r['Type']} {r['Name']}"
        print(
            f"{name[:48]:<48} {r['Request Count']:>8} {r['Failure Count']:>6} {float(r['Requests/s']):>6.1f} "
            f"{r['50%']:>5}ms {r['95%']:>4}ms {r['99%']:>4}ms {float(r['Max Response Time']):>4.0f}ms"
        )


def _seconds(text: str) -> float:
    """A number of seconds from 0 to an hour (argparse says which option is wrong otherwise)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"{text} s is outside 0–3600 s")
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds measured, after every user logged in")
    parser.add_argument("--warmup", type=_seconds, default=60,
                        help="seconds of the same load before the window, not measured (errors still count)")
    parser.add_argument("--users", type=int, default=20, help="simulated users at once")
    parser.add_argument("--think", default="0.05,0.15", help="pause between two requests of a user: min,max seconds")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: citymade serve's default)")
    parser.add_argument("--threads", type=int, default=0, help="threads per worker (0: citymade serve's default)")
    parser.add_argument("--keep", action="store_true", help="keep the working directory (logs, locust CSVs)")
    parser.add_argument("--sqlite", action="store_true", help="the default SQLite database instead of PostgreSQL")
    parser.add_argument("--writers", type=int, default=0, help="only N company users, each saving its own draft")
    args = parser.parse_args()
    if args.writers:
        args.users = args.writers
    name = "load_sqlite" if args.sqlite else "load"

    if not args.sqlite and pg_bindir() is None:
        print(
            "benchmarks/load.py needs the PostgreSQL server binaries (initdb, pg_ctl) and found none: "
            "install the Debian package 'postgresql' (apt-get install postgresql).",
            file=sys.stderr,
        )
        return 2

    # Ctrl-C, kill and a closed terminal all end in the finally blocks below, which stop everything
    # started here (SIGINT is set explicitly: a shell starts background jobs with it ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(129))

    workdir = Path(tempfile.mkdtemp(prefix="citymade-load-"))
    if os.geteuid() == 0:
        os.chmod(workdir, 0o755)  # the postgres user must reach its directory inside
    server: subprocess.Popen[Any] | None = None
    locust: subprocess.Popen[Any] | None = None
    try:
        database: Any = nullcontext("") if args.sqlite else postgres_cluster(workdir)
        with database as database_url:
            try:
                env = {
                    **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
                    **({"DATABASE_URL": database_url} if database_url else {}),
                    "CITYMADE_DATA_DIR": str(workdir / "data"),
                    "CITYMADE_DEBUG": "0",
                    "CITYMADE_SECRET_KEY": secrets.token_urlsafe(64),
                    "CITYMADE_ALLOWED_HOSTS": "127.0.0.1",
                    "CITYMADE_SECURE_SSL_REDIRECT": "0",
                    "PYTHONPATH": str(ROOT),
                }
                python = sys.executable
                started = time.perf_counter()
                run([python, "-m", "citymade", "migrate"], env=env, what="citymade migrate")
                run([python, "-m", "citymade", "demo", "--force"], env=env, what="citymade demo --force")
                fixture = workdir / "fixture.json"
                print(run([python, str(HERE / "load_fixture.py"), str(fixture), "--tokens", str(args.users)],
                          env=env, what="preparing the demo for the load").strip())
                # The planner's statistics, as autovacuum gathers them shortly after a bulk load; a
                # server in use has them, a database loaded a second ago does not.
                if database_url:
                    import psycopg

                    with psycopg.connect(database_url, autocommit=True) as pg:
                        pg.execute("VACUUM ANALYZE")
                print(f"database ready in {time.perf_counter() - started:.0f} s")

                port = free_port()
                serve = [python, "-m", "citymade", "serve", "--host", "127.0.0.1", "--port", str(port)]
                if args.workers:
                    serve += ["--workers", str(args.workers)]
                if args.threads:
                    serve += ["--threads", str(args.threads)]
                server_log = workdir / "server.log"
                with server_log.open("wb") as log:
                    server = subprocess.Popen(serve, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                              start_new_session=True)
                host = f"http://127.0.0.1:{port}"
                wait_until_up(f"{host}/healthz", server, server_log)
                print(f"production server up on {host} ({' '.join(serve[2:])})")

                prefix = workdir / "locust"
                report = workdir / "report.json"
                locust_env = {
                    **env,
                    "CITYMADE_LOAD_FIXTURE": str(fixture),
                    "CITYMADE_LOAD_USERS": str(args.users),
                    "CITYMADE_LOAD_SECONDS": str(args.duration),
                    "CITYMADE_LOAD_WARMUP": str(args.warmup),
                    "CITYMADE_LOAD_REPORT": str(report),
                    "CITYMADE_LOAD_THINK": args.think,
                }
                # The run time is a safety bound: the locustfile stops the run after the measured window.
                bound = int(args.warmup + args.duration + 120)
                command = [python, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless", "-u", str(args.users),
                           "-r", str(args.users), "-t", f"{bound}s", "--csv", str(prefix), "--host", host,
                           "--only-summary", "--loglevel", "WARNING", *(["CompanyUser"] if args.writers else [])]
                locust_log = workdir / "locust.log"
                print(f"locust: {args.users} users, {args.duration:.0f} s measured after the logins and "
                      f"{args.warmup:.0f} s of warm-up ...", flush=True)
                with locust_log.open("wb") as log:
                    locust = subprocess.Popen(command, env=locust_env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                              start_new_session=True)
                try:
                    locust.wait(timeout=bound + 60)
                except subprocess.TimeoutExpired:
                    raise Failed(f"locust did not stop:\n{tail(locust_log)}") from None
                if not report.exists():
                    raise Failed(f"locust ended without a report (exit {locust.returncode}):\n{tail(locust_log)}")
                summary = json.loads(report.read_text(encoding="utf-8"))
                if summary["window_started"] is None:
                    raise Failed(f"not every user got going, nothing was measured:\n{tail(locust_log)}")
                rows = read_stats(prefix)
                stop_group(server)
                server = None

                logins = summary["logins"]
                failed_logins = sum(1 for entry in logins if not entry["ok"])
                if logins:
                    times = sorted(entry["ms"] for entry in logins)
                    print(f"logins before the window: {len(logins)}, median {times[len(times) // 2]} ms, "
                          f"slowest {times[-1]} ms, failed {failed_logins}")
                warmup = summary["warmup"]
                print(f"warm-up: {warmup['seconds']:.0f} s, {warmup['requests']} requests, failed {warmup['failures']}")
                for line in warmup["what_failed"]:
                    print(f"  failed before the window: {line}")
                print_table(rows)
                total = next(r for r in rows if r["Name"] == "Aggregated")
                if not int(total["Request Count"]):
                    raise Failed(f"no request was measured:\n{tail(locust_log)}")
                tracebacks = server_log.read_text(encoding="utf-8", errors="replace").count("Traceback")
                if tracebacks:
                    print(f"the server log holds {tracebacks} traceback(s): {server_log}")
                    args.keep = True
                errors = int(total["Failure Count"]) + failed_logins + int(warmup["failures"])
                if errors:
                    print(tail(Path(f"{prefix}_failures.csv"), 15))
                print(f"RESULT {name}_rps {float(total['Requests/s']):.1f} req/s")
                print(f"RESULT {name}_p95_ms {float(total['95%']):.0f} ms")
                print(f"RESULT {name}_errors {errors} count")
                return 0
            finally:  # before the database goes away
                stop_group(locust)
                stop_group(server)
    except Failed as exc:
        print(f"benchmarks/load.py: {exc}", file=sys.stderr)
        args.keep = True
        return 1
    except KeyboardInterrupt:
        print("benchmarks/load.py: interrupted; the server, locust and the database are stopped.", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"working directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
