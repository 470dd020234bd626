"""Anonymised peer benchmarks and aggregates: shown only for groups of at least five companies.

The same threshold protects company users (their scores against peers) and observers (aggregates
of the portfolio): below it a group is hidden, so no figure can be traced back to one company.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["MIN_GROUP", "PeerRow", "peer_benchmark", "suppress_small"]

MIN_GROUP = 5


@dataclass(frozen=True, kw_only=True)
class PeerRow:
    """One dimension: the company's score, the peers' median and quartiles, and how many peers."""

    dimension: str
    own: float | None
    median: float
    low: float
    high: float
    peers: int


def _quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=4, method="inclusive")
    return (round(q[0], 1), round(statistics.median(ordered), 1), round(q[2], 1))


def peer_benchmark(
    own: Mapping[str, float | None], peers: Sequence[Mapping[str, float | None]], *, minimum: int = MIN_GROUP
) -> list[PeerRow] | None:
    """Compare ``own`` scores with the peers' (other companies only); ``None`` when fewer than ``minimum``.

    A dimension is shown only when at least ``minimum`` peers have a score for it.
    """
    if len(peers) < minimum:
        return None
    rows = []
    for dimension, value in own.items():
        values = [float(p[dimension]) for p in peers if p.get(dimension) is not None]  # type: ignore[arg-type]
        if len(values) < minimum:
            continue
        low, median, high = _quartiles(values)
        rows.append(PeerRow(dimension=dimension, own=value, median=median, low=low, high=high, peers=len(values)))
    return rows


def suppress_small(counts: Mapping[Any, int], *, minimum: int = MIN_GROUP) -> dict[Any, int | None]:
    """Counts with every group under ``minimum`` (but above zero) replaced by ``None`` ("fewer than 5").

    When exactly one group would be hidden, the next smallest is hidden too, so that a hidden count
    cannot be worked out by subtracting the shown ones from a total.
    """
    out: dict[Any, int | None] = {k: (v if v == 0 or v >= minimum else None) for k, v in counts.items()}
    hidden = [k for k, v in out.items() if v is None]
    if len(hidden) == 1:
        shown = sorted((v, str(k), k) for k, v in out.items() if v)
        if shown:
            out[shown[0][2]] = None
    return out
