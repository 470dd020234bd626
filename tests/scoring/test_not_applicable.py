""""Not applicable" is an answer of its own: the question does not count at all, nor do its
follow-ups, and it is not asked again — where "don't know" leaves the answer open."""

from __future__ import annotations

from citymade.framework import DONT_KNOW, NOT_APPLICABLE, load_framework, parse_answers
from citymade.scoring import evaluate

FRAMEWORK = load_framework()
BASE = {"company": {"c_employees": 4}, "site": {}, "products": [{"name": "Oyster mushrooms", "p_unit_mass": 0.25}]}


def _assess(product_extra):
    data = {**BASE, "products": [{**BASE["products"][0], **product_extra}]}
    return evaluate(FRAMEWORK, parse_answers(FRAMEWORK, data)).model_dump(mode="json")


def _unknown_ids(result):
    return {u["question"] for u in result["unknowns"]}


def _asked_next(result):
    return {item["question"] for item in result["ask_next"]}


def test_not_applicable_is_neither_unknown_nor_asked_again():
    open_answer = _assess({"p_hazardous_waste": DONT_KNOW})
    closed = _assess({"p_hazardous_waste": NOT_APPLICABLE})
    assert "p_hazardous_waste" in _unknown_ids(open_answer)
    assert "p_hazardous_waste" not in _unknown_ids(closed)
    assert "p_hazardous_waste" not in _asked_next(closed)


def test_a_follow_up_of_a_question_that_does_not_apply_does_not_apply():
    result = _assess({"p_durable": NOT_APPLICABLE})
    assert not {"p_repairability", "p_take_back"} & _unknown_ids(result)
    assert not {"p_repairability", "p_take_back"} & _asked_next(result)
    unknown = _assess({"p_durable": DONT_KNOW})
    assert {"p_repairability", "p_take_back"} & _unknown_ids(unknown), "don't know leaves the follow-ups open"


def test_not_applicable_raises_no_score_and_lowers_no_confidence():
    def urban(result):
        return next(d for d in result["products"][0]["dimensions"] if d["id"] == "urban_fit")

    unknown, closed = urban(_assess({"p_largest_dimension": DONT_KNOW})), urban(_assess({"p_largest_dimension": NOT_APPLICABLE}))
    assert closed["confidence"] >= unknown["confidence"]
    assert closed["value"] is not None and closed["value"] == urban(_assess({}))["value"]
