"""The data to collect: visible questions answered "don't know" or not at all, in "ask next" order.

Each unit (a product, or the company with its site) contributes the questions of its level that
are neither known nor hidden. The list is ordered by the question's place in "ask next" first, then
the heavier questions first, then in the framework's order (products first, then company and site),
as one sort on ``(place, -weight, position)`` would order it; but no sort of tuples is needed: places
in "ask next" are distinct, so those answers go straight into their slot, and the others are sorted
by weight alone (a stable sort keeps the framework's order among equal weights).
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from citymade.scoring.compiled import CompiledFramework
from citymade.scoring.results import Unknown
from citymade.scoring.units import UnitContext

__all__ = ["unknown_answers"]

Text = dict[str, str]
_Row = tuple[str, Text, float, str, int | None]
_BY_WEIGHT = itemgetter(2)


def unknown_answers(cf: CompiledFramework, units: Sequence[tuple[UnitContext, str, int | None]], rank: dict[int | None, dict[str, int]]) -> list[Unknown]:
    """The unknown answers of ``units`` (context, level, product index), ordered as the module
    says; ``rank[product][question]`` is the answer's place in "ask next"."""
    places = sum(len(found) for found in rank.values())
    if not cf.collect_unique:  # a question listed twice (an unchecked framework): the plain sort
        return _sorted(cf, units, rank, places)
    slots: list[_Row | None] = [None] * places
    rest: list[_Row] = []
    for ctx, level, product in units:
        values, hidden = ctx.values, ctx.hidden
        ranks = rank.get(product, {})
        for qid, label, weight in cf.to_collect[level]:
            if qid in values or qid in hidden:
                continue
            place = ranks.get(qid)
            if place is None:
                rest.append((qid, label, weight, level, product))
            else:
                slots[place] = (qid, label, weight, level, product)
    rest.sort(key=_BY_WEIGHT, reverse=True)  # stable: equal weights keep their order
    found: list[Unknown] = []
    for row in (*slots, *rest):
        if row is not None:
            qid, label, weight, level, product = row
            found.append({"question": qid, "level": level, "product": product, "label": label, "weight": weight})
    return found


def _sorted(cf: CompiledFramework, units: Sequence[tuple[UnitContext, str, int | None]], rank: dict[int | None, dict[str, int]], last: int) -> list[Unknown]:
    """The same order by one sort of ``(place, -weight, position)`` (any framework)."""
    keyed: list[tuple[int, float, int, Unknown]] = []
    for ctx, level, product in units:
        values, hidden = ctx.values, ctx.hidden
        ranks = rank.get(product, {})
        for qid, label, weight in cf.to_collect[level]:
            if qid not in values and qid not in hidden:
                keyed.append((ranks.get(qid, last), -weight, len(keyed), {"question": qid, "level": level, "product": product, "label": label, "weight": weight}))
    keyed.sort(key=itemgetter(0, 1, 2))
    return [item for _r, _w, _i, item in keyed]
