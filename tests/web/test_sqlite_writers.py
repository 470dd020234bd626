"""Finding 4: people saving different diagnostics at the same moment on the default SQLite database.

Each writer is its own process (as gunicorn's workers are), on a file-based database built by
``citymade migrate`` the way a default installation has it. Write transactions must wait for the
lock instead of failing with "database is locked": 0 errors.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from citymade.paths import PROJECT_ROOT

WRITERS = 4
ROUNDS = 60


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(CITYMADE_DATA_DIR=str(data_dir), CITYMADE_DEBUG="1", PYTHONPATH=str(PROJECT_ROOT))
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([sys.executable, *args], env=env, cwd=PROJECT_ROOT, check=True, capture_output=True, timeout=300)


def test_concurrent_writers_on_sqlite_wait_instead_of_failing(tmp_path):
    data_dir = tmp_path / "data"
    env = _env(data_dir)
    _run(["-m", "citymade", "migrate"], env)
    _run(["-m", "tests.web.sqlite_writers", "setup", str(WRITERS)], env)
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.web.sqlite_writers", "write", str(i), str(ROUNDS), str(go)],
            env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i in range(WRITERS)
    ]
    go.touch()
    reports = [w.communicate(timeout=300) for w in writers]
    assert all(w.returncode == 0 for w in writers), [err for _, err in reports]
    errors = {i: out for i, (out, _) in enumerate(reports) if not out.startswith("errors 0\n")}
    assert not errors, errors
    assert (data_dir / "citymade.sqlite3").is_file()
