"""Annualised growth and the OECD high-growth rule."""

import pytest

from citymade.indicators.growth import annualised_growth, is_high_growth, series_growth


def test_annualised_growth_by_hand():
    assert annualised_growth(100, 172.8, 3) == pytest.approx(0.2)  # 1.2³ = 1.728
    assert annualised_growth(50, 50, 2) == 0
    assert annualised_growth(200, 50, 2) == pytest.approx(-0.5)


def test_series_growth_uses_len_minus_one_years():
    assert series_growth([10, 11, 12, 17.28]) == pytest.approx(0.2)


def test_high_growth_is_strictly_above_twenty_percent():
    assert not is_high_growth([10, 12, 14.4, 17.28])  # exactly 20 % a year
    assert is_high_growth([10, 13, 16, 18])  # 1.8^(1/3) − 1 ≈ 21.6 %


def test_high_growth_needs_ten_employees_at_the_start():
    assert not is_high_growth([9, 20, 30, 40])
    assert is_high_growth([9, 20, 30, 40], min_start=5)


def test_eurostat_ten_percent_variant():
    series = [20, 22, 25, 28]  # 1.4^(1/3) − 1 ≈ 11.9 %
    assert not is_high_growth(series)
    assert is_high_growth(series, threshold=0.10)


@pytest.mark.parametrize("args", [(0, 10, 3), (-5, 10, 3), (10, -1, 3), (10, 20, 0)])
def test_impossible_growth_inputs(args):
    with pytest.raises(ValueError):
        annualised_growth(*args)


def test_a_series_needs_two_values():
    with pytest.raises(ValueError):
        is_high_growth([12])
