#!/usr/bin/env bash
# Runs every test: the whole suite on SQLite (browser tests included), then the database tests on a
# throwaway PostgreSQL cluster that this script starts on a free local port and stops at the end.
# Says plainly which tests could not run and why; with CITYMADE_REQUIRE_ALL=1 (CI) that is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export CITYMADE_DATA_DIR="${CITYMADE_TEST_DATA_DIR:-$(mktemp -d /tmp/citymade-test-data.XXXXXX)}"
unset DATABASE_URL
not_run=()

echo "== lint (ruff) and types (mypy strict on the core) =="
$BIN/ruff check --quiet .
$BIN/mypy --no-error-summary citymade/framework citymade/scoring citymade/indicators citymade/register citymade/reports citymade/portfolio

echo "== tests on SQLite =="
$BIN/python -m pytest "$@"

pg_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -n "${CITYMADE_TEST_POSTGRES_URL:-}" ]; then
  echo "== database tests on PostgreSQL ($CITYMADE_TEST_POSTGRES_URL) =="
  DATABASE_URL="$CITYMADE_TEST_POSTGRES_URL" $BIN/python -m pytest tests/web -m "not browser" -p no:cacheprovider
else
  bindir="$(pg_bindir || true)"
  if [ -n "$bindir" ] && [ -x "$bindir/initdb" ]; then
    pgdir="$(mktemp -d /tmp/citymade-pg.XXXXXX)"
    port="$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    as_pg=()
    if [ "$(id -u)" = "0" ]; then
      id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
      chown postgres "$pgdir"
      as_pg=(runuser -u postgres --)
    fi
    stop_pg() { "${as_pg[@]}" "$bindir/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
    trap stop_pg EXIT
    "${as_pg[@]}" "$bindir/initdb" -D "$pgdir/data" -A trust -U citymade --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c fsync=off -c full_page_writes=off" start >/dev/null
    echo "== database tests on PostgreSQL (throwaway cluster on port $port) =="
    DATABASE_URL="postgres://citymade@127.0.0.1:$port/postgres" $BIN/python -m pytest tests/web -m "not browser" -p no:cacheprovider
  else
    not_run+=("database tests on PostgreSQL: no PostgreSQL server found (install the Debian package 'postgresql')")
  fi
fi

if [ -f .pytest-not-run ]; then
  while IFS= read -r line; do not_run+=("$line"); done < .pytest-not-run
  rm -f .pytest-not-run
fi
if [ ${#not_run[@]} -gt 0 ]; then
  echo "== NOT RUN =="
  for item in "${not_run[@]}"; do echo "  - $item"; done
  if [ "${CITYMADE_REQUIRE_ALL:-0}" = "1" ]; then
    echo "CI requires every test to run." >&2
    exit 1
  fi
fi
