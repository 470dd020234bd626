"""``round_to`` gives exactly the float the built-in ``round`` gives (the engine relies on it)."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from citymade.scoring.rounding import round_to

DIGITS = st.integers(min_value=0, max_value=4)


def _same(x: float, digits: int) -> None:
    expected = round(x, digits)
    found = round_to(x, digits)
    if math.isnan(expected):
        assert math.isnan(found)
        return
    assert found == expected and math.copysign(1.0, found) == math.copysign(1.0, expected), (x, digits, found, expected)


@settings(max_examples=3000, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True), DIGITS)
@example(0.125, 2)
@example(2.675, 2)
@example(-0.004, 2)
@example(-0.0, 2)
@example(1e9, 4)
def test_any_float(x: float, digits: int) -> None:
    _same(x, digits)


@settings(max_examples=3000, deadline=None)
@given(st.floats(min_value=-200, max_value=200), DIGITS)
def test_scores_and_shares(x: float, digits: int) -> None:
    _same(x, digits)


@settings(max_examples=3000, deadline=None)
@given(st.integers(min_value=-2_000_000, max_value=2_000_000), DIGITS, st.integers(min_value=-40, max_value=40))
def test_near_ties(k: int, digits: int, ulps: int) -> None:
    """Values a few ulps around a decimal half-way point, where the float product can mislead."""
    x = (k + 0.5) / 10.0**digits
    for _ in range(abs(ulps)):
        x = math.nextafter(x, math.inf if ulps > 0 else -math.inf)
    _same(x, digits)


@pytest.mark.parametrize("digits", range(5))
def test_grid(digits: int) -> None:
    """Every thousandth of a point from -5 to 105, as scores take them."""
    for i in range(-5000, 105001):
        _same(i / 1000, digits)
