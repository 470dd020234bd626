"""LM3, affordability, value-chain integration, material flows and nuisance categories."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citymade.indicators.affordability import assess_affordability, occupancy_share
from citymade.indicators.lm3 import local_multiplier_3
from citymade.indicators.material_flows import circular_inflow, circular_outflow
from citymade.indicators.nuisance import (
    CATEGORY_DISTANCES,
    category_distance,
    category_rank,
    largest_category,
    nuisance_category,
)
from citymade.indicators.registry import INDICATORS
from citymade.indicators.value_chain import integration_ratio, regional_ratio

NOISE = [(0, "1"), (45, "2"), (50, "3.1"), (55, "3.2"), (60, "4.1"), (65, "4.2"), (70, "5.1"), (75, "5.2"), (80, "5.3"), (85, "6")]


def test_lm3_by_hand():
    assert local_multiplier_3(1000, 400, 100) == pytest.approx(1.5)
    assert local_multiplier_3(1000, 0, 0) == 1


@pytest.mark.parametrize("rounds", [(0, 0, 0), (100, 150, 10), (100, 50, 60), (100, -1, 0)])
def test_lm3_refuses_impossible_rounds(rounds):
    with pytest.raises(ValueError):
        local_multiplier_3(*rounds)


def test_affordability_by_hand():
    result = assess_affordability(value_added=100_000, floor_area=200, cost_per_m2=100)
    assert result.value_added_per_m2 == 500
    assert result.occupancy_share == pytest.approx(0.2)
    assert result.affordable
    assert not assess_affordability(value_added=100_000, floor_area=200, cost_per_m2=150).affordable


def test_no_value_added_is_never_affordable():
    assert occupancy_share(value_added=-5, floor_area=100, cost_per_m2=50) is None
    assert not assess_affordability(value_added=0, floor_area=100, cost_per_m2=50).affordable
    with pytest.raises(ValueError):
        occupancy_share(value_added=10, floor_area=0, cost_per_m2=1)


def test_integration_ratio_counts_applicable_steps_only():
    steps = ["in_house", "regional_partner", "not_applicable", "absent"]
    assert integration_ratio(steps) == pytest.approx(1 / 3)
    assert regional_ratio(steps) == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        integration_ratio(["not_applicable"])
    with pytest.raises(ValueError):
        integration_ratio(["outsourced"])


def test_circular_flows_by_hand():
    assert circular_inflow(total=100, reused=20, recycled=30, renewable=10) == pytest.approx(0.6)
    assert circular_outflow([(10, 1, 0.5), (10, 0.5, 1)]) == pytest.approx(0.5)
    with pytest.raises(ValueError):
        circular_inflow(total=10, reused=8, recycled=5)


def test_nuisance_category_and_distance():
    assert nuisance_category(44, NOISE) == "1"
    assert nuisance_category(45, NOISE) == "2"
    assert nuisance_category(62, NOISE) == "4.1"
    assert nuisance_category(120, NOISE) == "6"
    assert largest_category(["2", "4.1", "3.1"]) == "4.1"
    assert category_distance("3.2") == 100
    assert CATEGORY_DISTANCES["6"] == 1500
    with pytest.raises(ValueError):
        category_distance("7")


@given(st.floats(0, 140), st.floats(0, 140))
def test_a_louder_process_never_gets_a_quieter_category(a, b):
    quiet, loud = sorted((a, b))
    assert category_rank(nuisance_category(loud, NOISE)) >= category_rank(nuisance_category(quiet, NOISE))


def test_registry_declares_each_indicator_with_its_inputs():
    assert set(INDICATORS["mci"].params) >= {"recycled_input", "lifetime_ratio"}
    assert INDICATORS["lm3"].required == ("round1", "round2", "round3")
    assert INDICATORS["ratio"].compute(part=1, total=4) == 0.25


def test_flow_circularity_weights_inflow_and_outflow_by_mass():
    assert INDICATORS["circular_outflow"].compute(total=50, recovered=0.4) == pytest.approx(0.4)
    # 80 t in at 97.5 % circular, 85 t out at 95 % recovered
    value = INDICATORS["weighted_mean"].compute(a=0.975, weight_a=80, b=0.95, weight_b=85)
    assert value == pytest.approx((78 + 80.75) / 165)
    with pytest.raises(ValueError):
        INDICATORS["weighted_mean"].compute(a=1, weight_a=0, b=1, weight_b=0)
