"""Temporary files that name their owner, and the clean-up of those an interrupted command left.

Every command that writes a temporary file or folder next to its target (a backup, a restore, a
register import) names it ``<prefix><pid>-<random><suffix>`` with :func:`owned_name`. A killed
command leaves it behind; :func:`remove_leftovers` removes it at the next start of that command, and
``citymade serve`` does so for the data directory at start.

What counts as left behind, so that a file another running command still writes is never touched:

* a name carrying a process id: that process no longer exists (``os.kill(pid, 0)`` fails with
  :class:`ProcessLookupError`). A recycled id keeps the file until that other process ends too —
  the safe side;
* a name without a process id (written by an older citymade): last modified more than
  :data:`STALE_AFTER_SECONDS` ago.

The process check assumes the commands of one installation run on one machine (one process-id
space), which holds for a data directory on a local disk.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

__all__ = ["LEFTOVER_PREFIXES", "STALE_AFTER_SECONDS", "owned_name", "remove_leftovers"]

#: Files without an owner's process id older than this are left behind (6 hours).
STALE_AFTER_SECONDS = 6 * 3600

#: Prefixes of every temporary file or folder a citymade command writes in the data directory.
LEFTOVER_PREFIXES: tuple[str, ...] = (".backup-", ".restore-", ".register.duckdb.importing-", "citymade-extract-")

_PID = re.compile(r"^(\d+)(?:[-.]|$)")


def owned_name(prefix: str, suffix: str = "") -> str:
    """A unique temporary name that carries this process's id: ``<prefix><pid>-<random><suffix>``."""
    return f"{prefix}{os.getpid()}-{os.urandom(6).hex()}{suffix}"


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _left_behind(path: Path, prefix: str, now: float) -> bool:
    match = _PID.match(path.name[len(prefix) :])
    if match:
        return not _pid_alive(int(match.group(1)))
    try:
        return now - path.stat().st_mtime > STALE_AFTER_SECONDS
    except FileNotFoundError:
        return False


def remove_leftovers(folder: Path, prefixes: tuple[str, ...] = LEFTOVER_PREFIXES) -> list[Path]:
    """Remove the temporary files and folders in ``folder`` that an ended process left; return them."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    now = time.time()
    removed = []
    for path in sorted(folder.iterdir()):
        prefix = next((p for p in prefixes if path.name.startswith(p)), None)
        if prefix is None or not _left_behind(path, prefix, now):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
        removed.append(path)
    return removed
