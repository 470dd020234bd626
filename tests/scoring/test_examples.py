"""Every example profile assesses, and between them they cover models, stages and red flags."""

import json

import pytest

from citymade.scoring import evaluate
from tests.scoring.conftest import EXAMPLES

EXPECTED = {
    # name: (stage, models at least emerging, red flags)
    "ceramics-idea-stage": (0, set(), set()),
    "textile-upcycler": (1, {"close_the_loop"}, {"rf_site_cost"}),
    "kids-clothes-subscription": (2, {"use_over_ownership"}, set()),
    "mushroom-farm-coffee-grounds": (3, {"close_the_loop", "less_is_more"}, set()),
    "metal-press-workshop": (4, {"less_is_more"}, {"rf_oversize", "rf_seveso", "rf_noise_vibration", "rf_hazardous_waste"}),
    "reclaimed-wood-furniture": (5, {"less_is_more", "close_the_loop"}, set()),
    "bicycle-repair-workshop": (6, {"make_it_last"}, set()),
}
KEYS = {"framework_version", "dimensions", "products", "circular_models", "maturity", "cohabitation", "recommendations", "unknowns"}


def test_there_are_at_least_six_examples_and_all_are_listed_here():
    names = {p.stem for p in EXAMPLES.glob("*.yaml")}
    assert len(names) >= 6
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_assesses_as_expected(framework, example, name):
    stage, models, flags = EXPECTED[name]
    result = evaluate(framework, example(name))
    data = result.model_dump(mode="json")
    assert KEYS <= set(data)
    json.dumps(data)
    assert data["maturity"]["stage"] == stage
    strong = {m["id"] for m in data["circular_models"] if m["strength"] != "none"}
    assert models <= strong
    assert {f["id"] for f in data["red_flags"]} == flags


def test_examples_cover_all_models_stages_and_flag_families(framework, example):
    stages, models, families = set(), set(), set()
    for name in EXPECTED:
        result = evaluate(framework, example(name))
        stages.add(result.maturity["stage"])
        models |= {m["id"] for m in result.circular_models if m["strength"] != "none"}
        families |= {f["family"] for f in result.red_flags}
    assert stages == set(range(7))
    assert models == {m.id for m in framework.circular_models}
    assert families == set(framework.red_flag_families)


def test_long_standing_startup_and_high_growth(framework, example):
    textile = evaluate(framework, example("textile-upcycler"))
    assert textile.maturity["long_standing_startup"] is True
    assert textile.recommendations[0]["id"] in {"r_long_standing_startup", "r_site_cost"}
    furniture = evaluate(framework, example("reclaimed-wood-furniture"))
    assert furniture.maturity["high_growth"]["oecd"] is True
    assert furniture.maturity["high_growth"]["employees_growth"] == pytest.approx(0.2806, abs=1e-4)
    assert furniture.maturity["long_standing_startup"] is False


def test_metal_workshop_does_not_fit_beside_housing(framework, example):
    result = evaluate(framework, example("metal-press-workshop"))
    cohab = result.cohabitation
    assert cohab["category"] == "5.2" and cohab["distance_m"] == 700
    assert cohab["limiting_nuisance"] == "noise"
    zones = {z["id"]: z["status"] for z in cohab["zones"]}
    assert zones["housing"] == zones["mixed"] == "incompatible"
    assert zones["zapt"] == "compatible"
    assert cohab["site_zone_status"] == "incompatible"
    assert cohab["distance_sufficient"] is False
    assert {"m_acoustic", "m_foundations"} <= {m["id"] for m in cohab["mitigations"]}
    assert cohab["permit_class_estimate"] == "1A" and cohab["indicative"] is True
    fit = result.products[0]["urban_fit"]
    assert fit["characteristics"]["facilities"] == 15  # capped by the noise/vibration flag
    assert result.maturity["could_be_higher"] == [6]  # consecutive profitable years unknown


def test_idea_stage_lists_the_data_to_collect(framework, example):
    result = evaluate(framework, example("ceramics-idea-stage"))
    unknown = {u["question"] for u in result.unknowns}
    assert {"p_hazard_classes", "c_turnover", "s_zone"} <= unknown
    assert result.confidence < 0.3
    assert result.products[0]["mci"] is None  # inputs missing: unknown, never a silent zero


def test_company_material_flows_of_the_mushroom_farm(framework, example):
    indicators = evaluate(framework, example("mushroom-farm-coffee-grounds")).indicators
    assert indicators["circular_inflow"] == pytest.approx((60 + 18) / 80)
    assert indicators["circular_outflow"] == pytest.approx(0.95)
    assert indicators["circularity"] == pytest.approx((80 * 0.975 + 85 * 0.95) / 165, abs=1e-4)
    assert indicators["waste_input_share"] == pytest.approx(0.75)
