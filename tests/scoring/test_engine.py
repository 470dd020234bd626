"""The engine's rules: weighted points, confidence, caps, aggregation, explanations, ordering."""

import pytest

from citymade.errors import CitymadeError
from citymade.framework import DONT_KNOW, parse_answers
from citymade.scoring import compare, evaluate, render_markdown, what_if
from citymade.scoring.comparison import apply_changes


def _product(framework, answers):
    return evaluate(framework, {"products": [answers]})


def _own(result, key):
    """A criterion score of the first product itself (not the company aggregate)."""
    for dim in result.products[0]["dimensions"]:
        for crit in dim["criteria"]:
            if crit["id"] == key:
                return crit
    raise KeyError(key)


def test_criterion_is_the_weighted_mean_of_known_answers(framework):
    # p_unit_mass 25 kg → 90 points (weight 40); p_transport van → 80 points (weight 30)
    result = _product(framework, {"p_unit_mass": 25, "p_transport": "van"})
    geometry = _own(result, "urban_fit.geometry")
    assert result.score("urban_fit.geometry")["value"] == geometry["value"]
    assert result.score("urban_fit.geometry")["explanation"][0]["rule"] == "product[0]"
    assert geometry["value"] == pytest.approx((40 * 90 + 30 * 80) / 70, abs=0.01)
    assert geometry["confidence"] == pytest.approx(70 / 100)
    assert sum(e["points"] for e in geometry["explanation"]) == pytest.approx(geometry["value"], abs=0.01)
    assert {e["question"] for e in geometry["explanation"]} == {"p_unit_mass", "p_transport"}


def test_dont_know_lowers_confidence_not_the_score(framework):
    known = _product(framework, {"p_unit_mass": 25, "p_transport": "van", "p_largest_dimension": DONT_KNOW})
    fewer = _product(framework, {"p_unit_mass": 25, "p_transport": DONT_KNOW, "p_largest_dimension": DONT_KNOW})
    assert fewer.score("urban_fit.geometry")["value"] == 90
    assert fewer.score("urban_fit.geometry")["confidence"] < known.score("urban_fit.geometry")["confidence"]
    assert "p_transport" in {u["question"] for u in fewer.unknowns}


def test_nothing_known_gives_no_value_and_no_grade(framework):
    result = evaluate(framework, {})
    for dim in result.dimensions:
        assert dim["value"] is None and dim["grade"] is None and dim["confidence"] == 0


def test_grades_follow_the_framework_thresholds(framework):
    result = _product(framework, {"p_unit_mass": 0, "p_largest_dimension": 0.5, "p_transport": "by_hand"})
    assert result.score("urban_fit.geometry")["grade"] == "A"
    result = _product(framework, {"p_unit_mass": 2000, "p_largest_dimension": 8, "p_transport": "truck"})
    assert result.score("urban_fit.geometry")["grade"] == "E"


def test_red_flag_caps_its_criterion_and_explains_why(framework):
    result = _product(framework, {"p_unit_mass": 1, "p_largest_dimension": 0.5, "p_transport": "special"})
    geometry = result.products[0]["dimensions"][0]["criteria"][0]
    assert geometry["value"] == 20
    cap = geometry["explanation"][-1]
    assert cap["rule"] == "rf_oversize" and cap["points"] < 0
    assert result.products[0]["red_flags"][0]["family"] == "geometry"


def test_limiting_characteristic_is_the_weakest(framework):
    result = _product(framework, {"p_unit_mass": 1, "p_noise_boundary": 70, "p_customers_region": 90})
    fit = result.products[0]["urban_fit"]
    assert fit["limiting_characteristic"] == "facilities"
    assert fit["characteristics"]["chemistry"] is None


def test_products_are_aggregated_by_share_of_turnover(framework):
    a = {"name": "A", "p_unit_mass": 0, "p_revenue_share": 75}
    b = {"name": "B", "p_unit_mass": 2000, "p_revenue_share": 25}
    result = evaluate(framework, {"products": [a, b]})
    assert result.score("urban_fit.geometry")["value"] == pytest.approx(75)
    assert [p["weight"] for p in result.products] == [0.75, 0.25]
    b["p_revenue_share"] = DONT_KNOW
    assert evaluate(framework, {"products": [a, b]}).score("urban_fit.geometry")["value"] == pytest.approx(50)


def test_hidden_question_is_neither_scored_nor_asked_for(framework):
    result = _product(framework, {"p_durable": False, "p_end_route": "compost", "p_local_channel": True, "p_hazardous_waste": False})
    eol = result.score("urban_fit.end_of_life")
    assert eol["confidence"] == 1
    unknown = {u["question"] for u in result.unknowns}
    assert not {"p_repairability", "p_take_back", "p_hazardous_waste_channel"} & unknown


def test_undecided_condition_counts_as_unknown(framework):
    result = _product(framework, {"p_durable": DONT_KNOW, "p_repairability": ["modular"], "p_end_route": "reuse"})
    eol = _own(result, "urban_fit.end_of_life")
    assert {e["question"] for e in eol["explanation"]} == {"p_end_route"}
    assert eol["confidence"] == pytest.approx(25 / 100)


def test_recommendations_are_ordered_and_linked_to_scores(framework, example):
    plan = evaluate(framework, example("metal-press-workshop")).recommendations
    impacts = [r["expected_impact"] for r in plan]
    assert impacts == sorted(impacts, reverse=True)
    first = plan[0]
    assert first["impact"] == 5 and first["support"] in framework.support_types
    noise = next(r for r in plan if r["id"] == "r_noise_vibration")
    assert "urban_fit.facilities" in noise["triggered_by"] and "rf_noise_vibration" in noise["triggered_by"]


def test_evaluate_is_deterministic_and_reports_versions(framework, example):
    answers = example("kids-clothes-subscription")
    one, two = evaluate(framework, answers), evaluate(framework, answers)
    assert one.model_dump(mode="json") == two.model_dump(mode="json")
    assert one.framework_version == "2026.3" and one.answers_framework_version == "2026.3"


def test_evaluate_accepts_raw_mappings_and_validates_them(framework):
    with pytest.raises(CitymadeError):
        evaluate(framework, {"company": {"c_turnover": "lots"}})


def test_what_if_reports_what_moved(framework, example):
    base = example("metal-press-workshop")
    comparison = what_if(framework, base, {"p_noise_boundary": 48, "p_vibration": "none"})
    moved = {c.id: c for c in comparison.moved()}
    assert moved["urban_fit.facilities"].delta > 0
    assert "rf_noise_vibration" in comparison.red_flags_removed
    assert comparison.cohabitation_category.before == "5.2"
    assert comparison.cohabitation_category.after != "5.2"
    assert comparison.scores[0].delta == max(abs(c.delta or 0) for c in comparison.scores)


def test_compare_same_assessment_moves_nothing(framework, example):
    result = evaluate(framework, example("bicycle-repair-workshop"))
    comparison = compare(result, result)
    assert comparison.moved() == [] and comparison.stage.delta == 0
    assert comparison.model_dump(mode="json")["framework_after"] == "2026.3"


def test_changes_can_target_one_product_or_refuse_unknown_ids(framework, example):
    base = example("reclaimed-wood-furniture")
    changed = apply_changes(framework, base, {"products": {1: {"p_unit_mass": 20}}, "company": {"c_repair_offer": False}})
    assert changed.products[1]["p_unit_mass"] == 20 and changed.products[0]["p_unit_mass"] == 60
    assert changed.company["c_repair_offer"] is False
    with pytest.raises(CitymadeError):
        apply_changes(framework, base, {"c_nope": 1})
    with pytest.raises(CitymadeError):
        apply_changes(framework, base, {"products": {5: {"p_unit_mass": 1}}})


def test_markdown_report_in_each_language(framework, example):
    from citymade.i18n import compile_catalogs

    compile_catalogs()
    result = evaluate(framework, example("mushroom-farm-coffee-grounds"))
    french = render_markdown(result, "fr")
    assert french.startswith("# Rapport de diagnostic")
    assert "Fresh oyster mushrooms" in french and "Adéquation urbaine du produit" in french
    dutch = render_markdown(result, "nl")
    assert "## Actieplan" in dutch and "Stedelijke geschiktheid van het product" in dutch
    # the explanation shows answers as in the questionnaire: option labels and units
    assert "Hoe wordt één eenheid bij de klant geleverd? = Met de hand, per fiets of bakfiets (+30)" in dutch
    assert "Massa van één eenheid van het product = 0,5\u00a0kg" in dutch  # Dutch decimal comma
    assert "## Action plan" in render_markdown(result, "en")


def test_parse_then_evaluate_equals_evaluate_raw(framework):
    raw = {"company": {"c_human_hours_share": 80}, "products": [{"p_unit_mass": 3}]}
    assert evaluate(framework, raw).model_dump() == evaluate(framework, parse_answers(framework, raw)).model_dump()


def test_a_stored_snapshot_comes_back_as_an_assessment(framework, example):
    import json

    from citymade.scoring import Assessment

    first = evaluate(framework, example("textile-upcycler"))
    stored = json.loads(json.dumps(first.model_dump(mode="json")))
    restored = Assessment.model_validate(stored)
    assert restored.model_dump(mode="json") == stored
    later = evaluate(framework, apply_changes(framework, example("textile-upcycler"), {"c_recurring_sales": True}))
    comparison = compare(restored, later)
    assert comparison.stage.before == 1 and comparison.stage.after == 2


def test_products_with_no_share_of_turnover(framework):
    a = {"name": "A", "p_unit_mass": 0, "p_revenue_share": 100}
    b = {"name": "B", "p_unit_mass": 2000, "p_revenue_share": 0}
    assert evaluate(framework, {"products": [a, b]}).score("urban_fit.geometry")["value"] == 100
    a["p_unit_mass"] = DONT_KNOW  # only the 0 % product is known: it still counts
    assert evaluate(framework, {"products": [a, b]}).score("urban_fit.geometry")["value"] == 0
