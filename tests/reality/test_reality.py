"""The reality suite: real circular producers, assessed from their public facts only, against the
verdicts expected from those facts (written before the engine was run; see docs/framework.md).

Each case file under ``cases/`` holds ``expected`` and ``answers``. A model's proven strength must
lie within ``[at_least, at_most]`` (the engine shows what the facts prove and claims nothing beyond
what is plausible); the stage range the engine reports (proven … best still possible) must contain
the expected one's lower end and not start above its upper end; each zone named under
``cohabitation`` must get one of the accepted statuses, or be undecided with one of them still
possible (an unknown nuisance is never evidence either way).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from citymade.framework.answers import parse_answers
from citymade.framework.loader import load_framework
from citymade.framework.model import STRENGTHS
from citymade.scoring import evaluate

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


@pytest.fixture(scope="module")
def framework():
    return load_framework()


def _load(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["expected"], data["answers"]


def test_the_suite_is_large_and_varied():
    assert len(CASES) >= 12
    forms = {(_load(p)[1].get("company") or {}).get("c_legal_form") for p in CASES}
    assert {"nonprofit", "work_integration"} & forms and "commercial" in forms


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_verdicts_match_reality(framework, path):
    expected, answers = _load(path)
    result = evaluate(framework, parse_answers(framework, answers, source=str(path)))
    wrong = []
    for model in result.circular_models:
        want = (expected.get("models") or {}).get(model["id"])
        if want is None:
            continue
        low, high = STRENGTHS.index(want["at_least"]), STRENGTHS.index(want["at_most"])
        if not low <= STRENGTHS.index(model["strength"]) <= high:
            wrong.append(f"{model['id']}: engine {model['strength']} (could be {model['possible']}), expected {want['at_least']}…{want['at_most']}")
    stage = expected.get("stage")
    if stage:
        m = result.maturity
        if m["stage"] > stage["at_most"] or m["stage_possible"] < stage["at_least"]:
            wrong.append(f"stage: engine {m['stage']}…{m['stage_possible']}, expected {stage['at_least']}…{stage['at_most']}")
    zones = {z["id"]: z for z in result.cohabitation["zones"]}
    order = ("compatible", "conditional", "incompatible")
    for zone, accepted in (expected.get("cohabitation") or {}).items():
        z = zones[zone]
        still_possible = order[order.index(z["best"]) : order.index(z["worst"]) + 1]
        if z["status"] == "undecided" and not set(still_possible) & set(accepted):
            wrong.append(f"zone {zone}: engine undecided but only {still_possible} still possible, expected one of {accepted}")
        elif z["status"] != "undecided" and z["status"] not in accepted:
            wrong.append(f"zone {zone}: engine {z['status']}, expected one of {accepted}")
    assert not wrong, "\n".join(wrong)
