"""The annual review's breakdowns: the members at the end of a year by maturity stage, circular
model and municipality, beside the year before.

A member's stage and circular models are those of its latest counted diagnostic dated on or before
31 December (none: "not diagnosed yet"); its municipality is the one the company record holds today
(the register keeps no history of addresses). A company with several circular models counts once
under each. Plain records in, plain counts out: the web app reads the rows
(:mod:`citymade.web.portfolio.data`), this module counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from citymade.portfolio.records import MEMBER, DiagnosticRecord, StatusRecord
from citymade.portfolio.review import latest_by_company, status_on

__all__ = ["BREAKDOWNS", "Breakdown", "BreakdownRow", "breakdowns", "members_at_end"]

#: The breakdowns of the review, in the order they are printed.
BREAKDOWNS: tuple[str, ...] = ("stage", "model", "municipality")

#: The group of members without a diagnostic (stage, models) or without a municipality.
UNKNOWN = ""


@dataclass(frozen=True, kw_only=True)
class BreakdownRow:
    """One group of a breakdown: its key (a stage number, a model id, a municipality, or
    :data:`UNKNOWN`) and the members it counts in the year and the year before."""

    key: str
    count: int
    previous: int

    @property
    def change(self) -> int:
        return self.count - self.previous


@dataclass(frozen=True, kw_only=True)
class Breakdown:
    kind: str
    rows: tuple[BreakdownRow, ...]
    members: int
    previous_members: int


def members_at_end(statuses: Sequence[StatusRecord], year: int) -> set[int]:
    """The companies whose status on 31 December of ``year`` is *member*."""
    return {cid for cid, r in status_on(statuses, dt.date(year, 12, 31)).items() if r.status == MEMBER}


def _groups(
    kind: str,
    members: set[int],
    latest: Mapping[int, DiagnosticRecord],
    models: Mapping[int, Sequence[str]],
    municipalities: Mapping[int, str],
) -> Counter[str]:
    counts: Counter[str] = Counter()
    for cid in members:
        diagnostic = latest.get(cid)
        if kind == "stage":
            counts[str(diagnostic.stage) if diagnostic is not None and diagnostic.stage is not None else UNKNOWN] += 1
        elif kind == "model":
            found = list(models.get(diagnostic.id, ())) if diagnostic is not None else []
            for model in found or [UNKNOWN]:
                counts[model] += 1
        else:
            counts[(municipalities.get(cid) or "").strip() or UNKNOWN] += 1
    return counts


def _order(kind: str, keys: set[str], known: Sequence[str]) -> list[str]:
    """Known keys in their given order (stages 0–6, the framework's models), then the others by
    name, the unknown group last; municipalities by size is left to the caller's ``known``."""
    listed = [k for k in known if k in keys or kind != "municipality"]
    others = sorted(k for k in keys if k not in listed and k != UNKNOWN)
    return [*listed, *others, *([UNKNOWN] if UNKNOWN in keys else [])]


def breakdowns(
    year: int,
    *,
    statuses: Sequence[StatusRecord],
    diagnostics: Sequence[DiagnosticRecord],
    models: Mapping[int, Sequence[str]] | None = None,
    municipalities: Mapping[int, str] | None = None,
    stages: Sequence[int] = (),
    model_ids: Sequence[str] = (),
) -> dict[str, Breakdown]:
    """The members at the end of ``year`` and of the year before, by stage, circular model and
    municipality: ``{kind: Breakdown}`` for each of :data:`BREAKDOWNS`.

    ``models`` gives a diagnostic's circular models by diagnostic id; ``municipalities`` a company's
    municipality by company id; ``stages`` and ``model_ids`` the groups always listed (0 included).
    """
    models = models or {}
    municipalities = municipalities or {}
    now, then = members_at_end(statuses, year), members_at_end(statuses, year - 1)
    latest_now = latest_by_company(diagnostics, dt.date(year, 12, 31))
    latest_then = latest_by_company(diagnostics, dt.date(year - 1, 12, 31))
    known = {"stage": [str(s) for s in stages], "model": list(model_ids), "municipality": []}
    out: dict[str, Breakdown] = {}
    for kind in BREAKDOWNS:
        a = _groups(kind, now, latest_now, models, municipalities)
        b = _groups(kind, then, latest_then, models, municipalities)
        keys = _order(kind, set(a) | set(b), known[kind])
        if kind == "municipality":  # the biggest first, as a reader looks for them
            keys = sorted((k for k in keys if k != UNKNOWN), key=lambda k: (-a.get(k, 0), -b.get(k, 0), k)) + (
                [UNKNOWN] if UNKNOWN in keys else []
            )
        rows = tuple(BreakdownRow(key=k, count=a.get(k, 0), previous=b.get(k, 0)) for k in keys)
        out[kind] = Breakdown(kind=kind, rows=rows, members=len(now), previous_members=len(then))
    return out
