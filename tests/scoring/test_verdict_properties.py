"""Three-valued verdicts are sound, and "ask next" names every answer that can move one.

On random answers: learning one unknown answer (not a correction of a nuisance already answered
another way) never moves a circular model, the stage or a zone
outside the range (proven … best still possible) reported before; and when it changes one of those
verdicts, "ask next" had listed that answer as deciding it.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from citymade.framework import DONT_KNOW, parse_answers
from citymade.framework.consistency import breaches
from citymade.framework.model import STRENGTHS
from citymade.scoring import evaluate
from citymade.scoring.markdown import _derived_inputs
from tests.scoring.test_properties import FRAMEWORK, PROPERTY_SETTINGS, _value, answers_strategy

ZONES = ("compatible", "conditional", "incompatible")
DERIVED_INPUTS = _derived_inputs(FRAMEWORK)


def _unknown_places(data: dict) -> list[tuple[str, int | None, str]]:
    places = []
    for section in ("company", "site"):
        answered = data[section]
        places += [(section, None, q.id) for q in FRAMEWORK.questions_for_level(section) if answered.get(q.id, DONT_KNOW) == DONT_KNOW]
    for i, product in enumerate(data["products"]):
        places += [("products", i, q.id) for q in FRAMEWORK.questions_for_level("product") if product.get(q.id, DONT_KNOW) == DONT_KNOW]
    return places


def _corrects_a_known_alternative(qid: str, answers: dict) -> bool:
    """A nuisance answered one way (noise "not heard outside") and then measured (78 dB(A)) is a
    correction of a known fact, not new information: the range is not a promise about it."""
    for comp in FRAMEWORK.cohabitation.components:
        if qid in comp.questions:
            return any(answers.get(q, DONT_KNOW) != DONT_KNOW for q in comp.questions if q != qid)
    return False


def _contradicts_an_exclusion(qid: str, data: dict) -> bool:
    """Evidence ruled out by a known answer (no rental offer) and then answered anyway (30 % of
    turnover from rental) contradicts that answer: the range is not a promise about it."""
    known = {k for section in ("company", "site") for k, v in data[section].items() if v != DONT_KNOW}
    known |= {k for p in data["products"] for k, v in p.items() if v != DONT_KNOW}
    for model in FRAMEWORK.circular_models:
        for rule in model.evidence:
            if rule.excluded_by is None:
                continue
            reads = {ref for kind, ref in rule.when.references() if kind == "question"}
            reads |= {q for kind, ref in rule.when.references() if kind == "derived" for q in DERIVED_INPUTS.get(ref, set())}
            excluding = {ref for kind, ref in rule.excluded_by.references() if kind == "question"}
            if qid in reads and excluding & known:
                return True
    return False


def _verdicts(result) -> dict[str, object]:
    found: dict[str, object] = {f"model:{m['id']}": m["strength"] for m in result.circular_models}
    found["stage"] = result.maturity["stage"]
    found.update({f"zone:{z['id']}": z["status"] for z in result.cohabitation["zones"]})
    return found


@PROPERTY_SETTINGS
@given(answers_strategy, st.data())
def test_learning_an_answer_stays_within_the_range_and_ask_next_foresaw_it(answers, data):
    before = evaluate(FRAMEWORK, answers)
    dump = answers.model_dump(mode="json")
    places = _unknown_places(dump)
    if not places:
        return
    section, index, qid = data.draw(st.sampled_from(places))
    value = data.draw(_value(FRAMEWORK.question(qid)))
    target = dump[section] if index is None else dump[section][index]
    target[qid] = value
    level = "product" if section == "products" else section
    if breaches(FRAMEWORK, level, target) or _corrects_a_known_alternative(qid, target) or _contradicts_an_exclusion(qid, dump):
        return
    after = evaluate(FRAMEWORK, parse_answers(FRAMEWORK, dump))

    for old, new in zip(before.circular_models, after.circular_models, strict=True):
        assert STRENGTHS.index(old["strength"]) <= STRENGTHS.index(new["strength"]) <= STRENGTHS.index(old["possible"]), (qid, old, new)
    m0, m1 = before.maturity, after.maturity
    assert m0["stage"] <= m1["stage"] <= m0["stage_possible"], (qid, m0["stage"], m0["stage_possible"], m1["stage"])
    for old, new in zip(before.cohabitation["zones"], after.cohabitation["zones"], strict=True):
        if new["status"] != "undecided":
            assert ZONES.index(old["best"]) <= ZONES.index(new["status"]) <= ZONES.index(old["worst"]), (qid, old, new)

    decided_by = {(a["question"], a["product"]): set(a["decides"]) for a in before.ask_next}
    changed = {v for v, old in _verdicts(before).items() if _verdicts(after)[v] != old}
    key = (qid, index if level == "product" else None)
    missing = changed - decided_by.get(key, set())
    assert not missing, f"{qid} (product {index}) changed {missing} but ask next listed {decided_by.get(key)}"


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_a_decided_verdict_has_nothing_left_to_ask(answers):
    result = evaluate(FRAMEWORK, answers)
    asked = {v for a in result.ask_next for v in a["decides"]}
    for model in result.circular_models:
        assert model["decided"] == (model["strength"] == model["possible"])
        if model["decided"]:
            assert f"model:{model['id']}" not in asked
    if result.maturity["decided"]:
        assert "stage" not in asked
    assert result.maturity["long_standing_startup"] is not True or result.maturity["stage_possible"] <= 2
