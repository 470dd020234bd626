"""Compile the scoring engine's hot modules with mypyc into ``citymade/scoring/_mypyc/``.

``make install`` (so ``make test`` and ``make run``) runs this every time; it returns at once when
the build matches the sources (``citymade.scoring.native.status``), and otherwise compiles them
(about a minute on one core). Why: on one core the compiled engine scores ≈ 2,700 assessments/s
against ≈ 1,800 for pure Python (``benchmarks/scoring.py``; 2.96 M against 4.17 M instructions
per assessment under cachegrind), and the goal is ≥ 2,000.

The build records in ``manifest.json`` the SHA-256 of every citymade source that the compiled
modules were compiled from or import (their types are compiled in), and the interpreter; the
package uses the build only while all of them still match (see ``citymade/scoring/native.py``).

A build that fails (no C compiler, no Python headers) leaves the engine in pure Python with a
message, and is not retried until a source changes; with ``CITYMADE_REQUIRE_ALL=1`` (CI) it is an
error. ``--force`` rebuilds anyway.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

os.environ["CITYMADE_PURE_PYTHON"] = "1"  # this process reads the sources, never a previous build
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citymade.scoring import native  # noqa: E402


def _sources() -> dict[str, str]:
    """The digest of each citymade source the compiled modules depend on: the whole
    ``citymade/scoring`` package and every citymade module that importing them loads."""
    for module in native.MODULES:
        importlib.import_module(f"citymade.scoring.{module}")
    files = {path.resolve() for path in native.PACKAGE_DIR.glob("*.py")}
    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "")
        file = getattr(module, "__file__", None)
        if (name == "citymade" or name.startswith("citymade.")) and file and file.endswith(".py"):
            files.add(Path(file).resolve())
    relative = sorted(str(path.relative_to(ROOT)) for path in files)
    return {name: native.digest(name) or "" for name in relative}


def _built_with() -> str:
    """What else a build depends on: mypy's version and this script."""
    import mypy.version

    script = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"mypy {mypy.version.__version__}, build script {script}"


@contextlib.contextmanager
def _output_to(log: Path) -> Iterator[None]:
    """Send this process's and the C compiler's output to ``log`` (the build is verbose)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with log.open("w", encoding="utf-8") as fh:
        os.dup2(fh.fileno(), 1)
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def _compile(work: Path) -> list[Path]:
    """Run mypyc and the C compiler in ``work``; the built extension modules."""
    import setuptools  # before mypyc.build, which picks setuptools over distutils if imported
    from mypyc.build import mypycify

    os.chdir(ROOT)  # mypyc names modules by their path: citymade/scoring/engine.py
    extensions = mypycify(
        [f"citymade/scoring/{module}.py" for module in native.MODULES],
        opt_level="3",
        group_name=native.GROUP,
        target_dir=str(work / "c"),
    )
    # build_ext straight from a Distribution: setup() would read pyproject.toml, which is not ours
    dist = setuptools.Distribution({"name": "citymade-native", "ext_modules": extensions})
    command = dist.get_command_obj("build_ext")
    command.build_lib = str(work / "lib")
    command.build_temp = str(work / "temp")
    command.ensure_finalized()
    command.run()
    return sorted((work / "lib" / "citymade" / "scoring").glob("*.so"))


def _install(built: list[Path], manifest: dict[str, object]) -> None:
    """Swap the new build in whole: a running process keeps the files it has loaded."""
    staged = native.NATIVE_DIR.with_name("_mypyc.new")
    old = native.NATIVE_DIR.with_name("_mypyc.old")
    shutil.rmtree(staged, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    staged.mkdir()
    for path in built:
        shutil.copy2(path, staged / path.name)
    (staged / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    if native.NATIVE_DIR.exists():
        native.NATIVE_DIR.rename(old)
    staged.rename(native.NATIVE_DIR)
    shutil.rmtree(old, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when the build matches the sources")
    args = parser.parse_args()
    required = os.environ.get("CITYMADE_REQUIRE_ALL") == "1"
    del os.environ["CITYMADE_PURE_PYTHON"]  # status() must judge the build itself
    manifest = native.read_manifest()
    state, _reason = native.status(manifest)
    built_with = _built_with()
    if not args.force and manifest and manifest.get("built_with") == built_with:
        if state == "fresh":
            return 0
        if state == "failed":
            print("scoring engine: pure Python (the compiled build failed for these sources; `.venv/bin/python scripts/build_native.py --force` retries)")
            return 1 if required else 0
    sources = _sources()
    start = time.monotonic()
    print("scoring engine: compiling with mypyc (about a minute) …", flush=True)
    log = ROOT / "build" / "mypyc.log"
    log.parent.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="citymade-mypyc-") as tmp:
        try:
            with _output_to(log):
                built = _compile(Path(tmp))
            if _sources() != sources:
                raise RuntimeError("a source changed during the build")
            if not built:
                raise RuntimeError("mypyc built no extension module")
        except (Exception, SystemExit) as error:  # any failure leaves pure Python, said plainly
            print(log.read_text(encoding="utf-8", errors="replace")[-3000:], file=sys.stderr)
            print(f"scoring engine: the mypyc build failed ({error}); it runs as pure Python (slower)", file=sys.stderr)
            shutil.rmtree(native.NATIVE_DIR, ignore_errors=True)
            native.NATIVE_DIR.mkdir()
            failed = {"interpreter": native.interpreter(), "built_with": built_with, "failed": True, "sources": sources}
            native.MANIFEST.write_text(json.dumps(failed, indent=1) + "\n", encoding="utf-8")
            return 1 if required else 0
        _install(built, {"interpreter": native.interpreter(), "built_with": built_with, "sources": sources, "files": [p.name for p in built]})
    print(f"scoring engine: compiled {len(built)} modules in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
