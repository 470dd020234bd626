"""Growth measured the OECD way: average annualised growth over a period.

OECD–Eurostat *Manual on Business Demography Statistics* (2007): a high-growth enterprise has an
average annualised growth in employees (or turnover) greater than 20 % a year over a three-year
period and at least 10 employees at the start. Eurostat also publishes a 10 % variant.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["annualised_growth", "is_high_growth", "series_growth"]


def annualised_growth(start: float, end: float, years: float) -> float:
    """Average yearly growth rate from ``start`` to ``end`` over ``years`` (0.2 = 20 % a year)."""
    if start <= 0:
        raise ValueError(f"the starting value must be greater than 0, got {start!r}")
    if end < 0:
        raise ValueError(f"the end value cannot be negative, got {end!r}")
    if years <= 0:
        raise ValueError(f"the number of years must be greater than 0, got {years!r}")
    return float((end / start) ** (1 / years) - 1)


def series_growth(series: Sequence[float]) -> float:
    """Annualised growth of yearly values (first to last) over ``len(series) - 1`` years."""
    if len(series) < 2:
        raise ValueError("a growth series needs at least two yearly values")
    return annualised_growth(series[0], series[-1], len(series) - 1)


def is_high_growth(series: Sequence[float], *, threshold: float = 0.20, min_start: float = 10) -> bool:
    """Whether yearly values (first to last) show OECD high growth.

    True when the first value is at least ``min_start`` and the average annualised growth over
    ``len(series) - 1`` years is greater than ``threshold``.
    """
    if len(series) < 2:
        raise ValueError("a growth series needs at least two yearly values")
    if series[0] < min_start:
        return False
    return series_growth(series) > threshold
