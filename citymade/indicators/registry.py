"""Indicators by name, for the framework's ``derived`` values.

Each entry says which inputs it takes and of which kind: ``fraction`` (a question in % is divided
by 100), ``number``, or ``list`` (several questions whose answers form a list). The engine calls
``compute`` with plain values; a ``ValueError`` from the formula makes the value unknown and is
reported, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from citymade.indicators.affordability import occupancy_share
from citymade.indicators.growth import annualised_growth, series_growth
from citymade.indicators.lm3 import local_multiplier_3
from citymade.indicators.material_flows import circular_inflow, circular_outflow
from citymade.indicators.mci import material_circularity_indicator
from citymade.indicators.value_chain import integration_ratio

__all__ = ["INDICATORS", "IndicatorSpec"]


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    name: str
    compute: Callable[..., float | None]
    params: Mapping[str, str]
    required: tuple[str, ...]


def _ratio(*, part: float, total: float) -> float:
    if total <= 0:
        raise ValueError("the total must be greater than 0")
    return part / total


def _per_area(*, amount: float, area: float) -> float:
    if area <= 0:
        raise ValueError("the area must be greater than 0")
    return amount / area


def _growth(*, series: list[Any]) -> float:
    return series_growth([float(v) for v in series])


def _outflow(*, total: float, recovered: float) -> float:
    # one aggregated flow: recovery potential × actual recovery = the share actually recovered
    return circular_outflow([(total, 1.0, recovered)])


def _weighted_mean(*, a: float, weight_a: float, b: float, weight_b: float) -> float:
    if weight_a < 0 or weight_b < 0 or weight_a + weight_b <= 0:
        raise ValueError("weights must be positive")
    return (a * weight_a + b * weight_b) / (weight_a + weight_b)


def _share_sum(**shares: float) -> float:
    total = sum(shares.values())
    if total > 1 + 1e-9:
        raise ValueError("shares add up to more than 100 %")
    return total


_MCI_PARAMS = {
    "recycled_input": "fraction",
    "reused_input": "fraction",
    "sustained_bio_input": "fraction",
    "recycled_end": "fraction",
    "reused_end": "fraction",
    "composted_end": "fraction",
    "energy_recovery_end": "fraction",
    "recycling_efficiency": "fraction",
    "feedstock_recycling_efficiency": "fraction",
    "lifetime_ratio": "number",
    "use_ratio": "number",
}

INDICATORS: dict[str, IndicatorSpec] = {
    spec.name: spec
    for spec in (
        IndicatorSpec("mci", material_circularity_indicator, _MCI_PARAMS, ()),
        IndicatorSpec(
            "circular_inflow",
            circular_inflow,
            {"total": "number", "reused": "number", "recycled": "number", "renewable": "number"},
            ("total",),
        ),
        IndicatorSpec("circular_outflow", _outflow, {"total": "number", "recovered": "fraction"}, ("total", "recovered")),
        IndicatorSpec(
            "weighted_mean",
            _weighted_mean,
            {"a": "number", "weight_a": "number", "b": "number", "weight_b": "number"},
            ("a", "weight_a", "b", "weight_b"),
        ),
        IndicatorSpec(
            "share_sum",
            _share_sum,
            {"a": "fraction", "b": "fraction", "c": "fraction", "d": "fraction"},
            ("a",),
        ),
        IndicatorSpec("lm3", local_multiplier_3, {"round1": "number", "round2": "number", "round3": "number"}, ("round1", "round2", "round3")),
        IndicatorSpec("integration", lambda *, steps: integration_ratio(steps), {"steps": "list"}, ("steps",)),
        IndicatorSpec("growth", _growth, {"series": "list"}, ("series",)),
        IndicatorSpec(
            "annualised_growth",
            annualised_growth,
            {"start": "number", "end": "number", "years": "number"},
            ("start", "end", "years"),
        ),
        IndicatorSpec("ratio", _ratio, {"part": "number", "total": "number"}, ("part", "total")),
        IndicatorSpec("per_area", _per_area, {"amount": "number", "area": "number"}, ("amount", "area")),
        IndicatorSpec(
            "occupancy_share",
            occupancy_share,
            {"value_added": "number", "floor_area": "number", "cost_per_m2": "number"},
            ("value_added", "floor_area", "cost_per_m2"),
        ),
    )
}
