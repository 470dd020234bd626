"""Vertical integration along the value chain.

Each step (design, sourcing, transformation, assembly, distribution, repair, take-back) is done
in-house, by a partner in the Region, by a partner elsewhere, is absent, or does not apply.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["STEP_STATES", "integration_ratio", "regional_ratio"]

STEP_STATES = ("in_house", "regional_partner", "partner_elsewhere", "absent", "not_applicable")


def _applicable(steps: Sequence[str]) -> list[str]:
    unknown = [s for s in steps if s not in STEP_STATES]
    if unknown:
        raise ValueError(f"unknown value-chain state(s) {unknown}; allowed: {', '.join(STEP_STATES)}")
    applicable = [s for s in steps if s != "not_applicable"]
    if not applicable:
        raise ValueError("no value-chain step applies")
    return applicable


def integration_ratio(steps: Sequence[str]) -> float:
    """Share of applicable steps done in-house (0–1)."""
    applicable = _applicable(steps)
    return sum(s == "in_house" for s in applicable) / len(applicable)


def regional_ratio(steps: Sequence[str]) -> float:
    """Share of applicable steps done in-house or by a partner in the Region (0–1)."""
    applicable = _applicable(steps)
    return sum(s in ("in_house", "regional_partner") for s in applicable) / len(applicable)
