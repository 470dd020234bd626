"""Property tests of the engine on random answers drawn from the framework itself.

``CITYMADE_PROPERTY_EXAMPLES=500 pytest tests/scoring/test_properties.py`` hunts longer.
"""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citymade.framework import DONT_KNOW, load_framework, parse_answers
from citymade.framework.consistency import breaches
from citymade.framework.model import Question
from citymade.scoring import evaluate

FRAMEWORK = load_framework()
PROPERTY_SETTINGS = settings(max_examples=int(os.environ.get("CITYMADE_PROPERTY_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _value(q: Question) -> st.SearchStrategy:
    values = [o.value for o in q.options]
    if q.type == "choice":
        return st.sampled_from(values)
    if q.type == "multi_choice":
        return st.lists(st.sampled_from(values), unique=True)
    if q.type == "yes_no":
        return st.booleans()
    if q.type == "scale":
        return st.integers(int(q.min or 0), int(q.max or 5))
    if q.type == "text":
        return st.text(max_size=20)
    low = q.min if q.min is not None else 0
    high = q.max if q.max is not None else max(low, 0) + 10_000
    return st.floats(low, high, allow_nan=False)


def _answer(q: Question) -> st.SearchStrategy:
    return st.one_of(st.none(), st.just(DONT_KNOW), _value(q))


def _consistent(level: str, answers: dict) -> dict:
    """Answers that break a consistency rule (shares above 100 %, parts above their total) are
    refused by parse_answers; the first part of each breach becomes "don't know"."""
    for breach in breaches(FRAMEWORK, level, answers):
        answers[breach.questions[0]] = DONT_KNOW
    return answers if not breaches(FRAMEWORK, level, answers) else _consistent(level, answers)


def _level(level: str) -> st.SearchStrategy:
    questions = FRAMEWORK.questions_for_level(level)
    return st.fixed_dictionaries({q.id: _answer(q) for q in questions}).map(
        lambda d: _consistent(level, {k: v for k, v in d.items() if v is not None})
    )


answers_strategy = st.fixed_dictionaries(
    {"company": _level("company"), "site": _level("site"), "products": st.lists(_level("product"), max_size=3)}
).map(lambda data: parse_answers(FRAMEWORK, data))


def _all_scores(result):
    for dim in result.dimensions:
        yield dim
        yield from dim["criteria"]
    for product in result.products:
        for dim in product["dimensions"]:
            yield dim
            yield from dim["criteria"]


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_every_score_stays_in_range(answers):
    result = evaluate(FRAMEWORK, answers)
    for score in _all_scores(result):
        assert score["value"] is None or 0 <= score["value"] <= 100
        assert 0 <= score["confidence"] <= 1
        assert (score["grade"] is None) == (score["value"] is None)
    assert 0 <= result.confidence <= 1
    assert 0 <= result.cohabitation["confidence"] <= 1
    for product in result.products:
        assert product["mci"] is None or 0 <= product["mci"] <= 1
    assert 0 <= result.maturity["stage"] <= 6


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_evaluation_is_deterministic(answers):
    assert evaluate(FRAMEWORK, answers).model_dump(mode="json") == evaluate(FRAMEWORK, answers).model_dump(mode="json")


def _confidences(result) -> dict[str, float]:
    found = {"overall": result.confidence, "cohabitation": result.cohabitation["confidence"]}
    for score in _all_scores(result):
        found.setdefault(score["id"], score["confidence"])
    return found


@PROPERTY_SETTINGS
@given(answers_strategy, st.data())
def test_more_dont_know_never_raises_confidence(answers, data):
    data_dump = answers.model_dump(mode="json")
    places = [("company", None, k) for k in data_dump["company"]] + [("site", None, k) for k in data_dump["site"]]
    places += [("products", i, k) for i, p in enumerate(data_dump["products"]) for k in p if k != "name"]
    places = [p for p in places if (data_dump[p[0]] if p[1] is None else data_dump[p[0]][p[1]])[p[2]] != DONT_KNOW]
    if not places:
        return
    section, index, key = data.draw(st.sampled_from(places))
    target = data_dump[section] if index is None else data_dump[section][index]
    target[key] = DONT_KNOW
    before = _confidences(evaluate(FRAMEWORK, answers))
    after = _confidences(evaluate(FRAMEWORK, parse_answers(FRAMEWORK, data_dump)))
    for score_id, confidence in after.items():
        assert confidence <= before[score_id] + 1e-9, score_id


RANKS = {c.id: i for i, c in enumerate(FRAMEWORK.cohabitation.categories)}


@PROPERTY_SETTINGS
@given(answers_strategy.filter(lambda a: a.products), st.floats(0, 140), st.floats(0, 140))
def test_a_louder_process_never_gets_a_quieter_category(answers, a, b):
    quiet, loud = sorted((a, b))
    data = answers.model_dump(mode="json")
    data["products"][0]["p_noise_boundary"] = quiet
    before = evaluate(FRAMEWORK, parse_answers(FRAMEWORK, data)).cohabitation["category"]
    data["products"][0]["p_noise_boundary"] = loud
    after = evaluate(FRAMEWORK, parse_answers(FRAMEWORK, data)).cohabitation["category"]
    assert before is not None and after is not None
    assert RANKS[after] >= RANKS[before]


@PROPERTY_SETTINGS
@given(st.floats(0, 50), st.floats(0, 50))
def test_more_recycled_input_never_lowers_a_products_mci(a, b):
    low, high = sorted((a, b))
    product = {
        "p_reused_input": 20, "p_bio_input": 10, "p_reused_end": 30, "p_recycled_end": 40,
        "p_composted_end": 0, "p_lifetime_years": 10, "p_sector_lifetime_years": 8,
    }
    mcis = []
    for share in (low, high):
        result = evaluate(FRAMEWORK, {"products": [{**product, "p_recycled_input": share}]})
        mcis.append(result.products[0]["mci"])
    assert mcis[1] >= mcis[0] - 1e-9
