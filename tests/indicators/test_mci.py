"""Material Circularity Indicator against values computed by hand from the EMF formula."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citymade.indicators.mci import material_circularity_indicator as mci


def test_fully_linear_product_scores_point_one():
    # V = 1, W = 1, LFI = 2 / 2 = 1, F(X) = 0.9 → MCI = 0.1
    assert mci() == pytest.approx(0.1)


def test_fully_circular_product_scores_one():
    assert mci(recycled_input=1, recycled_end=1) == pytest.approx(1.0)


def test_half_recycled_in_and_out_with_perfect_efficiencies():
    # V = 0.5, W0 = 0.5, WC = WF = 0 → LFI = 1 / 2 = 0.5 → MCI = 1 − 0.45
    assert mci(recycled_input=0.5, recycled_end=0.5) == pytest.approx(0.55)


def test_recycling_losses_count_as_waste():
    # V = 0.5; W0 = 0.5; WC = 0.2·0.5 = 0.1; WF = 0.2·0.5/0.8 = 0.125; W = 0.5 + 0.225/2 = 0.6125
    # LFI = 1.1125 / (2 + 0.025/2) = 0.552795…; MCI = 1 − 0.9·LFI
    value = mci(recycled_input=0.5, recycled_end=0.5, recycling_efficiency=0.8, feedstock_recycling_efficiency=0.8)
    assert value == pytest.approx(1 - 0.9 * 1.1125 / 2.0125)


def test_longer_lifetime_raises_utility():
    # linear product lasting twice the average: F(X) = 0.45 → MCI = 0.55
    assert mci(lifetime_ratio=2) == pytest.approx(0.55)


def test_short_lived_linear_product_is_floored_at_zero():
    assert mci(lifetime_ratio=0.5) == 0.0


def test_reuse_and_biological_input_reduce_virgin_feedstock():
    # V = 1 − 0.3 − 0.2 = 0.5, W = 1 → LFI = 1.5 / 2 = 0.75 → MCI = 0.325
    assert mci(reused_input=0.3, sustained_bio_input=0.2) == pytest.approx(0.325)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"recycled_input": 0.6, "reused_input": 0.5},
        {"recycled_end": 0.7, "composted_end": 0.4},
        {"recycled_input": 1.2},
        {"reused_end": -0.1},
        {"lifetime_ratio": 0},
        {"recycled_input": 0.5, "feedstock_recycling_efficiency": 0},
    ],
)
def test_impossible_inputs_are_refused(kwargs):
    with pytest.raises(ValueError):
        mci(**kwargs)


fraction = st.floats(min_value=0, max_value=1, allow_nan=False)


@given(low=fraction, high=fraction, reused=fraction, end=fraction, recycling=st.floats(0.01, 1), lifetime=st.floats(0.1, 10))
def test_more_recycled_input_never_lowers_the_mci(low, high, reused, end, recycling, lifetime):
    low, high = sorted((low, high))
    reused = min(reused, 1 - high)
    kwargs = {"reused_input": reused, "recycled_end": end, "recycling_efficiency": recycling, "lifetime_ratio": lifetime}
    before = mci(recycled_input=low, **kwargs)
    after = mci(recycled_input=high, **kwargs)
    assert after >= before - 1e-12
    assert 0 <= before <= 1 and 0 <= after <= 1
