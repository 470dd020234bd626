"""Company material flows in the spirit of WBCSD's Circular Transition Indicators (v4).

% circular inflow = (reused + recycled + sustainably renewable inflow mass) / total inflow mass;
% circular outflow = Σ(mass × recovery potential × actual recovery) / total outflow mass.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["circular_inflow", "circular_outflow"]


def circular_inflow(*, total: float, reused: float = 0, recycled: float = 0, renewable: float = 0) -> float:
    """Share (0–1) of the inflow mass that is reused, recycled or sustainably renewable."""
    if total <= 0:
        raise ValueError(f"the total inflow must be greater than 0, got {total!r}")
    if min(reused, recycled, renewable) < 0:
        raise ValueError("inflow masses cannot be negative")
    circular = reused + recycled + renewable
    if circular > total * (1 + 1e-9):
        raise ValueError(f"circular inflow ({circular}) exceeds the total inflow ({total})")
    return float(circular / total)


def circular_outflow(flows: Sequence[tuple[float, float, float]]) -> float:
    """Share (0–1) of outflow mass recovered: flows are (mass, recovery potential, actual recovery)."""
    total = sum(mass for mass, _potential, _actual in flows)
    if total <= 0:
        raise ValueError("the total outflow must be greater than 0")
    for mass, potential, actual in flows:
        if mass < 0 or not 0 <= potential <= 1 or not 0 <= actual <= 1:
            raise ValueError("each flow needs a mass ≥ 0 and fractions between 0 and 1")
    return float(sum(m * p * a for m, p, a in flows) / total)
