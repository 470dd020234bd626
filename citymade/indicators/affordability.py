"""Urban affordability: does the value a company creates pay for a city-centre site?

Value added (or gross margin) per m² per year is set against the site's yearly cost per m²; when
occupancy costs eat more than ``max_share`` of value added, the site is flagged as unaffordable.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Affordability", "assess_affordability", "occupancy_share"]


@dataclass(frozen=True, slots=True)
class Affordability:
    value_added_per_m2: float
    cost_per_m2: float
    occupancy_share: float | None
    affordable: bool


def occupancy_share(*, value_added: float, floor_area: float, cost_per_m2: float) -> float | None:
    """Yearly occupancy cost ÷ value added; ``None`` when no value is added (always unaffordable)."""
    if floor_area <= 0:
        raise ValueError(f"the floor area must be greater than 0, got {floor_area!r}")
    if cost_per_m2 < 0:
        raise ValueError("the cost per m² cannot be negative")
    if value_added <= 0:
        return None
    return float(cost_per_m2 * floor_area / value_added)


def assess_affordability(
    *, value_added: float, floor_area: float, cost_per_m2: float, max_share: float = 0.25
) -> Affordability:
    """Value added per m², occupancy share and whether it stays within ``max_share``."""
    share = occupancy_share(value_added=value_added, floor_area=floor_area, cost_per_m2=cost_per_m2)
    return Affordability(
        value_added_per_m2=float(value_added / floor_area),
        cost_per_m2=float(cost_per_m2),
        occupancy_share=share,
        affordable=share is not None and share <= max_share,
    )
