"""Scoring identity check: the engine's output, byte for byte, before and after a change.

Optimising ``evaluate`` must not change a single result. This script evaluates the answer files
in ``examples/answers/``, the ``answers:`` blocks of ``tests/reality/cases/*.yaml`` and 3,000
``variants()`` of ``benchmarks/scoring.py`` and writes each ``model_dump(mode="json")`` as one
JSON line (key order kept, floats in full). Run ``save`` with the engine you trust, then
``check`` after the change; ``check`` names the first differing assessment and key.

    .venv/bin/python benchmarks/scoring_identity.py save [benchmarks/out/scoring_reference.jsonl]
    .venv/bin/python benchmarks/scoring_identity.py check [benchmarks/out/scoring_reference.jsonl]

The reference (about 230 MB, under the git-ignored ``benchmarks/out/``) can be made from an older
engine without touching the work tree: unpack it (``git archive <commit> | tar -x -C /tmp/base``)
and run ``save`` with ``PYTHONPATH=/tmp/base``; the answers come from this tree either way.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from citymade.framework import Answers, Framework, load_framework, parse_answers
from citymade.scoring import evaluate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "benchmarks" / "out" / "scoring_reference.jsonl"
VARIANTS = 3000


def _cases(framework: Framework) -> Iterator[tuple[str, Answers]]:
    for path in sorted((ROOT / "examples" / "answers").glob("*.yaml")):
        yield f"example {path.name}", parse_answers(framework, yaml.safe_load(path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "tests" / "reality" / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield f"reality {path.name}", parse_answers(framework, data["answers"])
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scoring import variants

    for i, answers in enumerate(variants(framework, VARIANTS)):
        yield f"variant {i}", answers


def _lines(framework: Framework) -> Iterator[tuple[str, str]]:
    for name, answers in _cases(framework):
        dump = evaluate(framework, answers).model_dump(mode="json")
        yield name, json.dumps(dump, ensure_ascii=False)


def _first_difference(old: Any, new: Any, path: str = "") -> str:
    if type(old) is not type(new):
        return f"{path}: {old!r} -> {new!r}"
    if isinstance(old, dict):
        if list(old) != list(new):
            return f"{path}: keys {list(old)} -> {list(new)}"
        for key in old:
            if old[key] != new[key] or json.dumps(old[key]) != json.dumps(new[key]):
                return _first_difference(old[key], new[key], f"{path}.{key}")
    if isinstance(old, list):
        if len(old) != len(new):
            return f"{path}: {len(old)} items -> {len(new)}"
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if json.dumps(a) != json.dumps(b):
                return _first_difference(a, b, f"{path}[{i}]")
    return f"{path}: {old!r} -> {new!r}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("save", "check"))
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    args = parser.parse_args()
    framework = load_framework()
    if args.action == "save":
        args.path.parent.mkdir(parents=True, exist_ok=True)
        with args.path.open("w", encoding="utf-8") as out:
            count = 0
            for name, line in _lines(framework):
                out.write(json.dumps(name) + "\t" + line + "\n")
                count += 1
        print(f"saved {count} assessments to {args.path}")
        return
    with args.path.open(encoding="utf-8") as ref:
        reference = [tuple(line.rstrip("\n").split("\t", 1)) for line in ref]
    count = 0
    for (name, line), (ref_name, ref_line) in zip(_lines(framework), reference, strict=True):
        if json.dumps(name) != ref_name:
            sys.exit(f"case order differs: {ref_name} -> {name}")
        if line != ref_line:
            sys.exit(f"DIFFERENT {name}: {_first_difference(json.loads(ref_line), json.loads(line))}")
        count += 1
    print(f"IDENTICAL {count} assessments")


if __name__ == "__main__":
    main()
