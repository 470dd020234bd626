"""Temporary files of an interrupted command are removed later, and only when their owner is gone."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from citymade.tempfiles import STALE_AFTER_SECONDS, owned_name, remove_leftovers


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_files_of_an_ended_process_are_removed_and_a_running_ones_kept(tmp_path):
    gone = dead_pid()
    left = [tmp_path / f".backup-{gone}-abc.zip", tmp_path / f".restore-{gone}-abc.duckdb", tmp_path / f".register.duckdb.importing-{gone}.wal"]
    for path in left:
        path.write_bytes(b"x")
    (tmp_path / f"citymade-extract-{gone}-q1w2").mkdir()
    (tmp_path / f"citymade-extract-{gone}-q1w2" / "enterprise.csv").write_text("x")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        running = tmp_path / f".backup-{sleeper.pid}-abc.zip"
        running.write_bytes(b"x")
        mine = tmp_path / owned_name(".restore-", ".duckdb")
        mine.write_bytes(b"x")
        kept = [tmp_path / "register.duckdb", tmp_path / "citymade.sqlite3", running, mine]
        for path in kept[:2]:
            path.write_bytes(b"x")
        removed = remove_leftovers(tmp_path)
    finally:
        sleeper.kill()
        sleeper.wait()
    assert sorted(p.name for p in removed) == sorted([*(p.name for p in left), f"citymade-extract-{gone}-q1w2"])
    assert all(p.exists() for p in kept)
    assert not any(p.exists() for p in left)


def test_files_without_an_owner_are_removed_only_when_old(tmp_path):
    old, new = tmp_path / ".backup-xyz.zip", tmp_path / ".backup-uvw.zip"
    for path in (old, new):
        path.write_bytes(b"x")
    then = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(old, (then, then))
    assert remove_leftovers(tmp_path) == [old]
    assert new.exists()
