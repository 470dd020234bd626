"""Sound verdicts from what an advisor knows (the sound-verdicts issue, finding by finding)."""

from __future__ import annotations

import pytest

from citymade.errors import CitymadeError
from citymade.framework import load_framework, parse_answers
from citymade.framework.answers import check_answers, load_answers
from citymade.i18n import use_language
from citymade.scoring import evaluate
from citymade.scoring.markdown import render_markdown

FRAMEWORK = load_framework()


def _assess(company=None, products=None, site=None):
    return evaluate(FRAMEWORK, parse_answers(FRAMEWORK, {"company": company or {}, "products": products or [], "site": site or {}}))


def _model(result, model_id):
    return next(m for m in result.circular_models if m["id"] == model_id)


def _zone(result, zone_id):
    return next(z for z in result.cohabitation["zones"] if z["id"] == zone_id)


# 1. models from qualitative evidence -----------------------------------------------------------


def test_products_made_of_reused_parts_close_the_loop_without_tonnages():
    result = _assess(products=[{"name": "Bag", "p_reused_input": 100}])
    ctl = _model(result, "close_the_loop")
    assert ctl["strength"] == "leading", ctl


def test_a_waste_stream_named_by_the_advisor_closes_the_loop():
    result = _assess(company={"c_waste_inputs_band": "most"})
    assert _model(result, "close_the_loop")["strength"] == "established"
    assert _model(_assess(company={"c_waste_inputs_band": "none"}), "close_the_loop")["possible"] != "leading"


def test_water_savings_and_renewable_energy_count_for_less_is_more():
    result = _assess(company={"c_savings": ["water"], "c_renewable_share": 100, "c_renewable_inputs": True})
    assert _model(result, "less_is_more")["strength"] == "established"


def test_a_rental_offer_alone_is_emerging_use_over_ownership():
    assert _model(_assess(products=[{"name": "Bike", "p_service": True}]), "use_over_ownership")["strength"] == "emerging"
    assert _model(_assess(company={"c_use_offer": "some"}), "use_over_ownership")["strength"] == "emerging"
    assert _model(_assess(company={"c_use_offer": "main"}), "use_over_ownership")["strength"] == "established"


def test_a_known_no_rules_out_the_measured_route():
    result = _assess(company={"c_use_offer": "none"}, products=[{"name": "Table", "p_service": False}])
    uoo = _model(result, "use_over_ownership")
    assert (uoo["strength"], uoo["possible"], uoo["decided"]) == ("none", "none", True)


# 2. undecided is not none ----------------------------------------------------------------------


def test_an_unknown_model_is_undecided_not_none():
    result = _assess()
    for model in result.circular_models:
        assert model["strength"] == "none" and model["possible"] != "none" and not model["decided"]
    with use_language("en"):
        text = render_markdown(result, "en", FRAMEWORK)
    assert "not shown yet, could be leading" in text


def test_an_established_firm_with_unknown_costs_reads_as_a_range():
    result = _assess(company={"c_recurring_sales": True, "c_years_active": 25, "c_employees": 40})
    m = result.maturity
    assert (m["stage"], m["stage_possible"], m["decided"]) == (2, 6, False)
    with use_language("fr"):
        text = render_markdown(result, "fr", FRAMEWORK)
    assert "au moins 2" in text and "jusqu'à 6" in text


# 3. no advice from ignorance --------------------------------------------------------------------


def test_unknown_break_even_raises_no_long_standing_flag_nor_advice():
    result = _assess(company={"c_recurring_sales": True, "c_years_active": 25})
    assert result.maturity["long_standing_startup"] is None
    assert "r_long_standing_startup" not in {r["id"] for r in result.recommendations}
    assert any("stage" in a["decides"] for a in result.ask_next if a["question"] == "c_break_even")


def test_a_decided_low_stage_still_raises_it():
    result = _assess(company={"c_recurring_sales": True, "c_break_even": False, "c_legal_form": "commercial", "c_growth_funding": "none", "c_years_active": 12})
    assert result.maturity["decided"] and result.maturity["long_standing_startup"] is True
    assert "r_long_standing_startup" in {r["id"] for r in result.recommendations}


# 4. ask next is ranked by what it decides --------------------------------------------------------


def test_ask_next_puts_deciding_answers_before_rental_share():
    result = _assess(company={"c_recurring_sales": True})
    order = [a["question"] for a in result.ask_next]
    assert "c_break_even" in order and "c_waste_inputs_band" in order
    if "c_service_revenue_share" in order:
        assert order.index("c_break_even") < order.index("c_service_revenue_share")
    assert [u["question"] for u in result.unknowns][: len(order)] == order


# 5. stages for every legal form ----------------------------------------------------------------


def test_a_non_profit_covering_its_costs_with_subsidies_is_established():
    company = {
        "c_legal_form": "nonprofit",
        "c_recurring_sales": True,
        "c_break_even": False,
        "c_covers_costs_with_subsidies": True,
        "c_years_profitable": 20,
        "c_employees": 70,
    }
    assert _assess(company=company).maturity["stage"] == 6
    commercial = {**company, "c_legal_form": "commercial"}
    assert _assess(company=commercial).maturity["stage"] == 2


def test_secured_growth_funding_before_break_even_makes_ready_to_scale_up():
    company = {"c_recurring_sales": True, "c_break_even": False, "c_legal_form": "commercial", "c_documented_processes": True, "c_capacity_headroom": True, "c_growth_funding": "secured"}
    assert _assess(company=company).maturity["stage"] == 4


def test_years_of_activity_alone_move_no_stage():
    young, old = ({"c_recurring_sales": True, "c_years_active": years} for years in (1, 40))
    assert _assess(company=young).maturity == {**_assess(company=old).maturity, "years_active": 1.0, "long_standing_startup": _assess(company=young).maturity["long_standing_startup"]}


# 6. cohabitation reads the nuisance ------------------------------------------------------------


def test_a_partial_answer_leaves_zones_undecided():
    result = _assess(products=[{"name": "Sorting", "p_working_hours": "day"}], site={"s_zone": "housing"})
    assert _zone(result, "housing")["status"] == "undecided"
    assert result.cohabitation["site_zone_status"] == "undecided"
    assert result.cohabitation["confidence"] < 1


def test_qualitative_noise_and_traffic_decide_a_category():
    product = {"name": "Press", "p_noise_level": "loud_neighbours", "p_vibration": "none", "p_odour": "none", "p_dust": "none", "p_hazard_classes": ["none"], "p_working_hours": "day"}
    result = _assess(products=[product], site={"s_goods_traffic": "constant_heavy", "s_zone": "housing"})
    assert result.cohabitation["decided"] and result.cohabitation["category"] == "4.2"
    assert _zone(result, "housing")["status"] == "incompatible"


def test_barge_or_rail_deliveries_can_be_entered():
    result = _assess(site={"s_incoming_mode": ["barge", "rail"]})
    traffic = next(c for c in result.cohabitation["components"] if c["id"] == "traffic")
    assert traffic["category"] == "1" and not traffic["decided"]


def test_a_category_whose_distance_is_not_met_cannot_grade_a_or_b():
    product = {"name": "Workshop", "p_noise_boundary": 52, "p_vibration": "none", "p_odour": "none", "p_dust": "none", "p_hazard_classes": ["none"], "p_working_hours": "day"}
    site = {"s_zone": "mixed", "s_distance_dwellings": 0, "s_truck_movements": 0, "s_delivery_windows": True, "s_cargo_bike": True, "s_enclosed_storage": True}
    result = _assess(products=[product], site=site)
    assert result.cohabitation["category"] == "3.1" and result.cohabitation["distance_sufficient"] is False
    assert result.dimension("neighbourhood")["grade"] not in ("A", "B")


def test_the_pras_floor_area_ceiling_holds():
    quiet = {"name": "Sewing", "p_noise_level": "not_heard", "p_vibration": "none", "p_odour": "none", "p_dust": "none", "p_hazard_classes": ["none"], "p_working_hours": "day"}
    calm_site = {"s_goods_traffic": "none"}
    small = _assess(products=[quiet], site={**calm_site, "s_floor_area": 200})
    large = _assess(products=[quiet], site={**calm_site, "s_floor_area": 900})
    assert _zone(small, "housing")["status"] == "compatible"
    assert _zone(large, "housing")["status"] == "incompatible"
    assert _zone(large, "mixed")["status"] == "conditional"
    assert _zone(large, "mixed")["floor_area"]["status"] == "special_measures"
    assert "PRAS" in _zone(large, "housing")["floor_area"]["prescription"]["fr"]


# 7. impossible answers are refused ---------------------------------------------------------------


def test_shares_above_one_whole_are_refused_with_file_line_and_both_paths(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("products:\n  - name: Chair\n    p_recycled_input: 40\n    p_reused_input: 90\n", encoding="utf-8")
    with use_language("en"), pytest.raises(CitymadeError) as caught:
        load_answers(path, FRAMEWORK)
    problem = caught.value.problems[0]
    assert "answers.yaml:3 [products[0].p_recycled_input]" in problem and "answers.yaml:4 [products[0].p_reused_input]" in problem
    assert "130" in problem


def test_a_questionnaire_step_names_both_fields_in_the_users_language():
    with use_language("nl"):
        problems = check_answers(FRAMEWORK, "company", {"c_inflow_total_t": 10, "c_inflow_reused_t": 8, "c_inflow_recycled_t": 5})
    assert "c_inflow_reused_t" in problems and "c_inflow_recycled_t" in problems
    assert "niet meer zijn dan de totale instroom" in problems["c_inflow_reused_t"]


def test_an_indicator_that_cannot_be_computed_says_why():
    result = _assess(products=[{"name": "Chair", "p_recycled_input": 40}])
    gap = result.indicator_gaps["mci"]
    assert "p_reused_input" in gap["missing"] and not gap["conflict"]


def test_the_offer_score_never_contradicts_the_models_it_stands_for():
    """Make it Last or Use over Ownership proven at a strength: the service-life and use offer is at
    least that strength's grade, and says which model raised it; only proven strength counts."""
    import glob

    import yaml

    framework = load_framework()
    floors = framework.settings.offer_floors
    checked = 0
    for path in sorted(glob.glob("examples/answers/*.yaml")) + sorted(glob.glob("tests/reality/cases/*.yaml")):
        data = yaml.safe_load(open(path, encoding="utf-8"))
        result = evaluate(framework, parse_answers(framework, data.get("answers", data))).model_dump(mode="json")
        offer = next(d for d in result["dimensions"] if d["id"] == framework.settings.offer_dimension)
        proven = [m for m in result["circular_models"] if m["id"] in framework.settings.offer_models and m["strength"] != "none"]
        for model in proven:
            assert offer["value"] >= floors[model["strength"]], (path, model["id"], model["strength"], offer["value"])
            checked += 1
        raised = [e for e in offer["explanation"] if str(e["rule"]).startswith("model.")]
        assert all(e["rule"][len("model."):] in {m["id"] for m in proven} for e in raised), path
    assert checked >= 10
