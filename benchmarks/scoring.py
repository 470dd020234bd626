"""Scoring throughput: evaluate 10,000 varied assessments on one core.

Variants are built from the example answer files: numbers are scaled at random within their
allowed range, choices redrawn, and about one answer in ten replaced by "don't know"; all are
validated first (as the web does when it stores answers), then only ``evaluate`` is timed, in
CPU time of this process (one core), so other work on the machine does not skew the figure.
Prints which engine ran (compiled by ``make install``, or pure Python: ``CITYMADE_PURE_PYTHON=1``)
and ``RESULT scoring_throughput <n> assessments/s`` (goal: ≥ 2,000 on one core).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any

import yaml

from citymade.framework import DONT_KNOW, Answers, Framework, load_framework, parse_answers
from citymade.scoring import evaluate, native

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "answers"


def _vary(framework: Framework, mapping: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    varied: dict[str, Any] = {}
    for key, value in mapping.items():
        if key == "name" or not framework.has_question(key):
            varied[key] = value
            continue
        q = framework.question(key)
        if rng.random() < 0.1:
            varied[key] = DONT_KNOW
        elif q.type == "choice" and rng.random() < 0.3:
            varied[key] = rng.choice(q.options).value
        elif q.type == "yes_no" and rng.random() < 0.3:
            varied[key] = rng.random() < 0.5
        elif q.type == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
            number = value * rng.uniform(0.5, 1.5)
            if q.max is not None:
                number = min(number, q.max)
            varied[key] = max(number, q.min or 0)
        else:
            varied[key] = value
    return varied


def variants(framework: Framework, count: int, seed: int = 59020) -> list[Answers]:
    """``count`` valid, varied answer sets built from the examples."""
    rng = random.Random(seed)
    bases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.yaml"))]
    result: list[Answers] = []
    while len(result) < count:
        base = rng.choice(bases)
        data = {
            "company": _vary(framework, base.get("company") or {}, rng),
            "site": _vary(framework, base.get("site") or {}, rng),
            "products": [_vary(framework, p, rng) for p in base.get("products") or []],
        }
        try:
            result.append(parse_answers(framework, data))
        except Exception:  # a variant that breaks a cross-field rule (e.g. shares > 100 %) is redrawn
            continue
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    framework = load_framework()
    answers = variants(framework, args.count)
    evaluate(framework, answers[0])  # compile the framework once, outside the timing
    start = time.process_time()
    for item in answers:
        evaluate(framework, item)
    elapsed = time.process_time() - start
    engine = "compiled (mypyc)" if native.ACTIVE else f"pure Python ({native.status()[1]})"
    print(f"scoring engine: {engine}")
    print(f"RESULT scoring_throughput {args.count / elapsed:.0f} assessments/s")


if __name__ == "__main__":
    main()
