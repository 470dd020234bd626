"""The mypyc build of the scoring engine: used only while it matches the sources, same results.

The tests run against whatever ``make install`` left: the compiled engine when its build is fresh,
pure Python otherwise. CI (``CITYMADE_REQUIRE_ALL=1``) requires the compiled one.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import citymade.scoring.engine
from citymade.framework import load_answers
from citymade.scoring import evaluate, native

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "answers"
PURE = os.environ.get(native.PURE_ENV, "") not in ("", "0")


def test_a_compiled_build_is_never_stale():
    state, reason = native.status()
    assert state != "stale", f"{reason}: run `make install` (scripts/build_native.py) to rebuild"
    compiled = Path(citymade.scoring.engine.__file__).parent == native.NATIVE_DIR
    assert compiled == native.ACTIVE == (state == "fresh")


@pytest.mark.skipif(PURE or os.environ.get("CITYMADE_REQUIRE_ALL") != "1", reason="only CI requires the compiled engine")
def test_ci_runs_the_compiled_engine():
    assert native.ACTIVE, native.status()[1]


def test_an_edited_source_disables_the_build(monkeypatch):
    manifest = native.read_manifest() or {}
    sources = dict(manifest.get("sources") or {"citymade/scoring/engine.py": ""})
    sources["citymade/scoring/engine.py"] = "0" * 64
    edited = {**manifest, "interpreter": native.interpreter(), "sources": sources, "files": ["engine.so"]}
    monkeypatch.delenv(native.PURE_ENV, raising=False)
    assert native.status(edited)[0] == "stale"
    monkeypatch.setenv(native.PURE_ENV, "1")
    assert native.status(edited)[0] == "disabled"


def test_pure_python_and_compiled_give_the_same_assessments(framework):
    if not native.ACTIVE:
        pytest.skip("no compiled build in use: nothing to compare")
    names = sorted(p.name for p in EXAMPLES.glob("*.yaml"))
    here = [json.dumps(evaluate(framework, load_answers(EXAMPLES / n, framework)).model_dump(mode="json")) for n in names]
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from citymade.framework import load_answers, load_framework\n"
        "from citymade.i18n import use_language\n"
        "from citymade.scoring import evaluate, native\n"
        "assert not native.ACTIVE\n"
        "fw = load_framework()\n"
        "with use_language('en'):\n"
        "    for name in sys.argv[2:]:\n"
        "        a = load_answers(Path(sys.argv[1]) / name, fw)\n"
        "        print(json.dumps(evaluate(fw, a).model_dump(mode='json')))\n"
    )
    env = {**os.environ, native.PURE_ENV: "1"}
    out = subprocess.run([sys.executable, "-c", script, str(EXAMPLES), *names], env=env, check=True, capture_output=True, text=True).stdout
    assert out.splitlines() == here
