"""Local Multiplier 3 (New Economics Foundation, *The Money Trail*, 2002).

Round 1 is the income studied (e.g. the company's turnover), round 2 the part of it spent locally
(suppliers and staff in the Region), round 3 the part of round 2 that its recipients re-spend
locally. LM3 = (round 1 + round 2 + round 3) / round 1, between 1 and 3.
"""

from __future__ import annotations

__all__ = ["local_multiplier_3"]


def local_multiplier_3(round1: float, round2: float, round3: float) -> float:
    """LM3 from three spending rounds (same currency, same period)."""
    if round1 <= 0:
        raise ValueError(f"round 1 must be greater than 0, got {round1!r}")
    if round2 < 0 or round3 < 0:
        raise ValueError("spending rounds cannot be negative")
    if round2 > round1 or round3 > round2:
        raise ValueError("each round is spent out of the previous one: round3 ≤ round2 ≤ round1")
    return float((round1 + round2 + round3) / round1)
