"""Benchmark of the register import and figures against a bare scan and a pandas peer.

Usage: ``.venv/bin/python benchmarks/register.py [--scale 1.0] [--keep]``

Writes a synthetic Full extract (scale 1.0 ≈ the real register: ~47 M rows, ~2 GB) under a
temporary folder in ``benchmarks/out/`` (git-ignored, removed afterwards unless ``--keep``), then
measures, on the same files in the same run:

* ``bare_scan_s``: DuckDB counting the rows of every data CSV (``SELECT count(*) FROM read_csv(f)``),
  no other work — the floor;
* ``typed_copy_s``: DuckDB reading every file with its types into a table, nothing else — the floor
  of any typed store (the bare count no longer parses values in DuckDB 2);
* ``import_s`` and ``import_peak_rss_mb``: ``import_extract`` in a child process (peak RSS of that
  child from ``os.wait4``);
* ``figures_s``: ``compute_figures`` for Brussels on the imported store (all its queries), and the
  slowest single figure query;
* the peer: an analyst's pandas script that reads the extract and counts production enterprises in
  the Region, in a child process (time and peak RSS).

Prints ``RESULT <name> <value> <unit>`` lines. Goals (issue 6): import ≤ 120 s, peak RSS ≤ 4 GB,
every figure query ≤ 1 s, import ≤ 2 × bare scan; import + figures ≥ 3 × faster than the peer with
≤ 1/3 of its peak memory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA_TABLES = ("enterprise", "establishment", "denomination", "address", "contact", "activity", "branch")

IMPORT_SCRIPT = """
import sys
from citymade.register.importer import import_extract
import_extract(sys.argv[1], store_path=sys.argv[2])
"""

TYPED_COPY_SCRIPT = """
import sys
import duckdb
from citymade.register.dialect import ENUMS, TABLES, read_csv_sql
con = duckdb.connect(sys.argv[2])
con.execute("SET preserve_insertion_order = false")
for name, values in ENUMS.items():
    con.execute(f"CREATE TYPE {name} AS ENUM ({', '.join(repr(v) for v in values)})")
for table in TABLES.values():
    source = read_csv_sql(f"{sys.argv[1]}/{table.name}.csv", tuple((c.csv, c.csv_type) for c in table.columns))
    con.execute(f"CREATE TABLE {table.name} AS {table.select_sql(source)}")
con.execute("CHECKPOINT")
"""

PEER_SCRIPT = """
import sys
import pandas as pd

folder = sys.argv[1]
ent = pd.read_csv(f"{folder}/enterprise.csv", dtype=str, keep_default_na=False, na_values=[""])
est = pd.read_csv(f"{folder}/establishment.csv", dtype=str)
adr = pd.read_csv(f"{folder}/address.csv", dtype=str)
act = pd.read_csv(f"{folder}/activity.csv", dtype=str)

adr = adr[adr["CountryFR"].isna()]
zips = pd.to_numeric(adr["Zipcode"], errors="coerce")
bxl = adr[(zips >= 1000) & (zips <= 1299)]

main = act[act["Classification"] == "MAIN"]
code = main["NaceCode"]
ver = main["NaceVersion"]
div = code.str[:2].astype(int)
manuf = ver.isin(["2008", "2025"]) & div.between(10, 33)
manuf |= (ver == "2003") & div.between(15, 36)
recovery = ((ver == "2008") & code.str.startswith("383")) | ((ver == "2025") & code.str.startswith("3821"))
recovery |= (ver == "2003") & code.str.startswith("37")
repair = ver.isin(["2008", "2025"]) & (code.str.startswith("951") | code.str.startswith("952"))
repair |= (ver == "2003") & (code.str.startswith("527") | code.str.startswith("725"))
production = set(main.loc[manuf | recovery | repair, "EntityNumber"])

listed = set(ent["EnterpriseNumber"])
est = est[est["EnterpriseNumber"].isin(listed)]
in_region = set(bxl.loc[bxl["TypeOfAddress"] == "REGO", "EntityNumber"]) & listed
est_bxl = est[est["EstablishmentNumber"].isin(set(bxl.loc[bxl["TypeOfAddress"] == "BAET", "EntityNumber"]))]
in_region |= set(est_bxl["EnterpriseNumber"])
prod_ent = (production & listed) | set(est.loc[est["EstablishmentNumber"].isin(production), "EnterpriseNumber"])
print(len(in_region & prod_ent))
"""


def run_measured(code: str, *argv: str) -> tuple[float, float, str, float]:
    """Run ``python -c code argv…``; return wall seconds, its own peak RSS (MB), stdout, CPU seconds.

    CPU seconds (user + system, from ``os.wait4``) are reported too because the machine may be
    shared: they do not grow when other processes compete for the cores.
    """
    read_fd, write_fd = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        os.dup2(write_fd, 1)
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-c", code, *argv])
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        out = fh.read()
    _pid, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child failed: {code[:60]}…")
    return elapsed, usage.ru_maxrss / 1024, out, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--no-peer", action="store_true", help="skip the pandas peer")
    parser.add_argument("--no-typed-copy", action="store_true", help="skip the plain typed copy")
    parser.add_argument("--extract", type=Path, help="reuse this extract folder instead of generating one")
    opts = parser.parse_args()

    import duckdb

    from citymade.register.figures import compute_figures
    from citymade.register.store import RegisterStore
    from citymade.register.synth import generate_full

    out_root = ROOT / "benchmarks" / "out"
    out_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="register-", dir=out_root))
    try:
        if opts.extract:
            folder = opts.extract
        else:
            t = time.perf_counter()
            synth = generate_full(work / "extract", scale=opts.scale)
            folder = synth.folder
            print(f"RESULT synth_s {time.perf_counter() - t:.1f} s")
            print(f"RESULT synth_rows {sum(synth.rows.values())} rows")
            print(f"RESULT synth_bytes_mb {synth.bytes / 1e6:.0f} MB")

        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        t = time.perf_counter()
        cpu = time.process_time()
        for table in DATA_TABLES:
            con.execute(f"SELECT count(*) FROM read_csv('{folder / (table + '.csv')}')").fetchall()
        bare = time.perf_counter() - t
        bare_cpu = time.process_time() - cpu
        con.close()
        print(f"RESULT bare_scan_s {bare:.2f} s")
        print(f"RESULT bare_scan_cpu_s {bare_cpu:.2f} s")

        if not opts.no_typed_copy:
            # A second floor: DuckDB reading every file with its types into a table, nothing else
            # (no filtering, no base table for the figures). Any typed store costs at least this.
            copy_s, _rss, _out, copy_cpu = run_measured(TYPED_COPY_SCRIPT, str(folder), str(work / "copy.duckdb"))
            (work / "copy.duckdb").unlink(missing_ok=True)
            print(f"RESULT typed_copy_s {copy_s:.2f} s")
            print(f"RESULT typed_copy_cpu_s {copy_cpu:.2f} s")
            print(f"RESULT typed_copy_over_bare_scan {copy_s / bare:.2f} x")

        store = work / "register.duckdb"
        import_s, import_rss, _, import_cpu = run_measured(IMPORT_SCRIPT, str(folder), str(store))
        print(f"RESULT import_s {import_s:.2f} s")
        print(f"RESULT import_cpu_s {import_cpu:.2f} s")
        print(f"RESULT import_cpu_over_bare_scan_cpu {import_cpu / bare_cpu:.2f} x")
        print(f"RESULT import_peak_rss_mb {import_rss:.0f} MB")
        print(f"RESULT import_over_bare_scan {import_s / bare:.2f} x")
        print(f"RESULT store_mb {store.stat().st_size / 1e6:.0f} MB")

        with RegisterStore.open(store) as s:
            compute_figures(s)  # warm the file cache once, as a web server would be
            t = time.perf_counter()
            figures = compute_figures(s)
            figures_s = time.perf_counter() - t
        print(f"RESULT figures_s {figures_s:.3f} s")
        print(f"RESULT production_enterprises_brussels {figures['enterprises']['production']} enterprises")

        if not opts.no_peer:
            peer_s, peer_rss, peer_out, peer_cpu = run_measured(PEER_SCRIPT, str(folder))
            print(f"RESULT peer_s {peer_s:.2f} s")
            print(f"RESULT peer_cpu_s {peer_cpu:.2f} s")
            print(f"RESULT peer_peak_rss_mb {peer_rss:.0f} MB")
            print(f"RESULT peer_production_enterprises {peer_out.strip()} enterprises")
            print(f"RESULT speedup_vs_peer {peer_s / (import_s + figures_s):.2f} x")
            print(f"RESULT memory_vs_peer {import_rss / peer_rss:.3f} ratio")
            print(f"RESULT cpu_speedup_vs_peer {peer_cpu / import_cpu:.2f} x")
    finally:
        if opts.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
