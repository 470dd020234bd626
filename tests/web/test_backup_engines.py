"""The demo cluster's backup moves between installations and engines, both ways.

A separate installation on a SQLite file (as ``citymade migrate`` and ``citymade demo`` build it)
writes a backup; it is restored into the test database (SQLite, or PostgreSQL in ``make test``'s
second run); the test database's backup is then restored by ``citymade restore`` into a fresh
SQLite installation. Every table comes back with the same rows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from citymade.paths import PROJECT_ROOT
from citymade.web.operations.backup import create_backup, restore_backup, table_counts
from tests.web.backup_world import rows


def _citymade(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "citymade", *args], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _sqlite_installation(folder) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(CITYMADE_DATA_DIR=str(folder), CITYMADE_DEBUG="1", PYTHONPATH=str(PROJECT_ROOT))
    return env


@pytest.mark.django_db(transaction=True)
def test_the_demo_backup_restores_across_engines_both_ways(tmp_path, monkeypatch):
    monkeypatch.setenv("CITYMADE_DATA_DIR", str(tmp_path / "here"))
    origin = _sqlite_installation(tmp_path / "origin")
    _citymade(origin, "migrate")
    _citymade(origin, "demo")
    _citymade(origin, "backup", str(tmp_path / "demo.zip"))

    summary = restore_backup(tmp_path / "demo.zip", force=True)
    assert summary.verified
    assert table_counts() == summary.tables
    assert summary.tables["diagnostics.diagnostic"] > 0 and summary.tables["accounts.user"] > 0
    here = rows()

    create_backup(tmp_path / "again.zip")
    fresh = _sqlite_installation(tmp_path / "fresh")
    _citymade(fresh, "restore", str(tmp_path / "again.zip"))
    script = (
        "import json; from citymade.web import setup; setup()\n"
        "from tests.web.backup_world import rows\n"
        "print(json.dumps(rows(), default=str, sort_keys=True))"
    )
    done = subprocess.run([sys.executable, "-c", script], env=fresh, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600, check=True)
    assert json.loads(done.stdout) == json.loads(json.dumps(here, default=str, sort_keys=True))
