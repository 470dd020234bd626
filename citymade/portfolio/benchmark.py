"""Anonymised peer benchmarks and aggregates: shown only for groups of at least five companies.

The same threshold protects company users (their scores against peers) and observers (aggregates
of the portfolio): below it a group is hidden, so no figure can be traced back to one company.
Arithmetic cannot undo it either: a quartile never shows one peer's own score (see
:func:`peer_benchmark`), and a hidden count is never the difference of shown ones (see
:func:`suppress_small`).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["MIN_GROUP", "PeerRow", "peer_benchmark", "suppress_small"]

MIN_GROUP = 5


@dataclass(frozen=True, kw_only=True)
class PeerRow:
    """One dimension: the company's score, the peers' median and quartiles (``None``: not shown,
    it would be one peer's score), and how many peers."""

    dimension: str
    own: float | None
    median: float | None
    low: float | None
    high: float | None
    peers: int


def _shown(value: float) -> int:
    """A score as the pages print it: whole points, halves rounded up."""
    return math.floor(value + 0.5)


def _pair(ordered: Sequence[float], q: float) -> float:
    """The mean of the two neighbouring peers around the ``q`` quantile: the lower quartile leans
    down, the upper up, the median towards the mean of all."""
    n = len(ordered)
    position = q * (n - 1)
    k = math.floor(position)
    if position == k:
        towards_up = q > 0.5 or (q == 0.5 and statistics.fmean(ordered) > ordered[k])
        k = k if towards_up else k - 1
    k = min(max(k, 0), n - 2)
    return (ordered[k] + ordered[k + 1]) / 2


def _quartiles(values: Sequence[float]) -> tuple[float | None, float | None, float | None]:
    """Lower quartile, median, upper quartile; none of them is a score only one peer has.

    When a figure would be one peer's own score (as printed), it is the mean of that peer and its
    neighbour instead; if even that prints as one peer's score, the figure is not shown.
    """
    ordered = sorted(values)
    scores = Counter(_shown(v) for v in ordered)
    q = statistics.quantiles(ordered, n=4, method="inclusive")
    out: list[float | None] = []
    for share, value in ((0.25, q[0]), (0.5, statistics.median(ordered)), (0.75, q[2])):
        if scores[_shown(value)] == 1:
            value = _pair(ordered, share)
        out.append(None if scores[_shown(value)] == 1 else round(value, 1))
    return out[0], out[1], out[2]


def peer_benchmark(
    own: Mapping[str, float | None], peers: Sequence[Mapping[str, float | None]], *, minimum: int = MIN_GROUP
) -> list[PeerRow] | None:
    """Compare ``own`` scores with the peers' (other companies only: the company itself is never one
    of ``peers``); ``None`` when fewer than ``minimum``.

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


def suppress_small(
    counts: Mapping[Any, int], *, minimum: int = MIN_GROUP, totals: Sequence[Collection[Any]] = ()
) -> dict[Any, int | None]:
    """Counts with every group under ``minimum`` (but above zero) replaced by ``None`` ("fewer than 5").

    A hidden count must not be a shown total minus shown counts. The groups of ``counts`` together,
    and each set of keys in ``totals`` (groups whose sum is shown elsewhere, e.g. members and
    candidates under "in the portfolio"), never have exactly one hidden group: the smallest shown
    one of the set is hidden with it, until no set has a lone hidden group.
    """
    out: dict[Any, int | None] = {k: (v if v == 0 or v >= minimum else None) for k, v in counts.items()}
    sets = [list(counts), *([k for k in keys if k in out] for keys in totals)]
    changed = True
    while changed:
        changed = False
        for keys in sets:
            if sum(1 for k in keys if out[k] is None) != 1:
                continue
            shown = sorted((v, str(k), k) for k in keys if (v := out[k]))
            if shown:
                out[shown[0][2]] = None
                changed = True
    return out
