"""The data to collect: visible questions answered "don't know" or not at all, in "ask next" order.

Each unit (a product, or the company with its site) contributes the questions of its level that
are neither known nor hidden; the list is ordered by the question's place in "ask next" first,
then the heavier questions first, then in the framework's order (products first, then company and
site). Unknown questions are found by set difference (C speed) instead of testing every question
of the framework one by one, and each row's dict is built once, in its final place.
"""

from __future__ import annotations

from collections.abc import Sequence

from citymade.scoring.compiled import CompiledFramework
from citymade.scoring.results import Unknown
from citymade.scoring.units import UnitContext

__all__ = ["unknown_answers"]

Key = tuple[str, int | None]
Text = dict[str, str]


def _unknown_rows(cf: CompiledFramework, ctx: UnitContext, level: str) -> list[tuple[str, Text, float]]:
    """(id, label, weight) of ``level``'s questions that are unknown and visible for ``ctx``, in order."""
    rows = cf.to_collect[level]
    positions = cf.collect_positions[level]
    if len(positions) != len(rows):  # a question listed twice: test each row
        values, hidden = ctx.values, ctx.hidden
        return [row for row in rows if row[0] not in values and row[0] not in hidden]
    missing = cf.collect_ids[level].difference(ctx.values)
    if ctx.hidden:
        missing = missing.difference(ctx.hidden)
    return [rows[i] for i in sorted([positions[qid] for qid in missing])]


def unknown_answers(cf: CompiledFramework, units: Sequence[tuple[UnitContext, str, int | None]], rank: dict[Key, int]) -> list[Unknown]:
    """The unknown answers of ``units`` (context, level, product index), sorted as the module says;
    ``rank`` is each (question, product)'s position in "ask next"."""
    last = len(rank)
    keyed: list[tuple[int, float, int, str, str, int | None, Text, float]] = []
    for ctx, level, product in units:
        for qid, label, weight in _unknown_rows(cf, ctx, level):
            keyed.append((rank.get((qid, product), last), -weight, len(keyed), qid, level, product, label, weight))
    keyed.sort()  # the position (third) is unique: the items after it are never compared
    return [{"question": qid, "level": level, "product": product, "label": label, "weight": weight} for _r, _w, _i, qid, level, product, label, weight in keyed]
