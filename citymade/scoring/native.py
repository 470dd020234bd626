"""The compiled build of the scoring engine: which modules, where, and whether it may be used.

``make install`` compiles the engine's hot modules (:data:`MODULES`) with mypyc
(``scripts/build_native.py``) into ``citymade/scoring/_mypyc/`` (git-ignored): the same code as C
extension modules, about 1.5× the assessments per second of pure Python. The package's
``__init__`` calls :func:`activate` before it imports any submodule; the compiled modules are put
first on the package's ``__path__`` only when the build matches, byte for byte, every citymade
source it was compiled from or against (a SHA-256 of each is in ``manifest.json``) and this very
interpreter. Otherwise the ``.py`` files are imported, so an edited source is never shadowed by a
stale compiled module: it runs as pure Python, with a warning, until the next ``make``. The
pure-Python engine is also used when ``CITYMADE_PURE_PYTHON=1`` or when there is no build.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import sysconfig
import warnings
from pathlib import Path
from typing import Any

#: Compiled modules of ``citymade.scoring``: the engine's hot path. ``results`` and ``comparison``
#: (pydantic models), ``markdown`` (reports), ``__init__`` and this module stay pure Python.
MODULES = ("ask_next", "classification", "cohabitation", "compiled", "engine", "rounding", "tri", "units", "unknowns", "verdicts_compiled", "wording")
GROUP = "citymade.scoring._native"  # mypyc's shared library: citymade/scoring/_native__mypyc.*.so
PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent.parent  # sources are named relative to it, e.g. citymade/scoring/engine.py
NATIVE_DIR = PACKAGE_DIR / "_mypyc"
MANIFEST = NATIVE_DIR / "manifest.json"
PURE_ENV = "CITYMADE_PURE_PYTHON"

#: True once :func:`activate` has put the compiled modules on the package's path.
ACTIVE = False


def interpreter() -> str:
    """What a build is only valid for: the Python version and its extension-module suffix."""
    return f"{sys.implementation.cache_tag} {sysconfig.get_config_var('EXT_SUFFIX')}"


def digest(relative: str) -> str | None:
    """SHA-256 of a source file under :data:`ROOT`, None when it is missing."""
    try:
        return hashlib.sha256((ROOT / relative).read_bytes()).hexdigest()
    except OSError:
        return None


def read_manifest() -> dict[str, Any] | None:
    try:
        data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def status(manifest: dict[str, Any] | None = None) -> tuple[str, str]:
    """``(state, reason)`` of the compiled build, state one of ``disabled`` (``CITYMADE_PURE_PYTHON``
    is set), ``absent`` (never built), ``failed`` (the last build of these sources failed),
    ``stale`` (sources, interpreter or files differ from the build) or ``fresh``."""
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return "disabled", f"{PURE_ENV} is set"
    manifest = read_manifest() if manifest is None else manifest
    if manifest is None:
        return "absent", "no compiled build"
    if manifest.get("interpreter") != interpreter():
        return "stale", f"built for {manifest.get('interpreter')}, running {interpreter()}"
    sources = manifest.get("sources")
    if not isinstance(sources, dict) or not sources:
        return "stale", "the manifest lists no sources"
    changed = next((relative for relative, expected in sources.items() if digest(relative) != expected), None)
    if manifest.get("failed"):
        return ("failed", "the last build of these sources failed") if changed is None else ("absent", "no compiled build")
    if changed is not None:
        return "stale", f"{changed} changed since the build"
    files = manifest.get("files")
    if not isinstance(files, list) or not files or not all((NATIVE_DIR / name).is_file() for name in files):
        return "stale", "compiled files are missing"
    return "fresh", "the compiled build matches the sources"


def activate(package_path: list[str]) -> bool:
    """Put the compiled modules first on ``package_path`` (``citymade.scoring.__path__``) when the
    build is fresh; warn when it is stale. Returns whether the compiled engine is used."""
    global ACTIVE
    state, reason = status()
    if state == "fresh":
        if str(NATIVE_DIR) not in package_path:
            package_path.insert(0, str(NATIVE_DIR))
        ACTIVE = True
    elif state == "stale":
        warnings.warn(
            f"citymade.scoring runs as pure Python (slower): the compiled build is stale ({reason}); "
            "`make install` rebuilds it",
            RuntimeWarning,
            stacklevel=2,
        )
    return ACTIVE
