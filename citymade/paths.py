"""Where citymade keeps its data: ``var/`` by default, ``CITYMADE_DATA_DIR`` to move it."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PROJECT_ROOT", "data_dir"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir(*, create: bool = True) -> Path:
    """The data directory (application database, register store, uploads, backups)."""
    raw = os.environ.get("CITYMADE_DATA_DIR")
    path = Path(raw).expanduser() if raw else PROJECT_ROOT / "var"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path.resolve()
