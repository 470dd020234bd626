"""The review's figures that count the way the cluster counts: organisations by type, candidates,
participation, working groups and the two families of support.

Each function takes plain records and returns ``(value, sources)``, the sources naming the
records (kind and id) the value counts; :func:`citymade.portfolio.review.compute_review` puts them
together. The definitions are in ``docs/portfolio.md``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from citymade.portfolio.records import (
    CANDIDATE,
    COMPANY,
    MEMBER,
    STOPPED,
    AttendanceRecord,
    EventRecord,
    PartnerRecord,
    StatusRecord,
    SupportRecord,
)

__all__ = [
    "History",
    "active_working_groups",
    "candidate_figures",
    "family_total",
    "participation",
    "share_of_companies",
]

Ref = tuple[str, int]

#: The statuses whose organisations the participation rate counts.
TAKING_PART = (MEMBER, CANDIDATE)


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


class History:
    """Each company's status changes in date order (ties: the record made first), to ask what a
    company's status was on a day and what it was just before a change."""

    def __init__(self, statuses: Iterable[StatusRecord]) -> None:
        self.by_company: dict[int, list[StatusRecord]] = {}
        for record in sorted(statuses, key=lambda r: (r.date, r.id)):
            self.by_company.setdefault(record.company_id, []).append(record)
        self._dates = {cid: [r.date for r in rows] for cid, rows in self.by_company.items()}

    def on(self, company_id: int, day: dt.date) -> StatusRecord | None:
        """The status record in force on ``day`` (the latest dated on or before it)."""
        rows = self.by_company.get(company_id, [])
        index = bisect.bisect_right(self._dates.get(company_id, []), day)
        return rows[index - 1] if index else None

    def changes(self) -> Iterable[tuple[StatusRecord | None, StatusRecord]]:
        """Every change with the record before it (``None`` for a company's first record)."""
        for rows in self.by_company.values():
            previous: StatusRecord | None = None
            for record in rows:
                yield previous, record
                previous = record


def share_of_companies(
    members: Mapping[int, StatusRecord], partners: Sequence[PartnerRecord], organisation_types: Mapping[int, str]
) -> tuple[float | None, list[Ref]]:
    """Organisations of type *company* among the members and partners given (those of the end of
    the year); a member without a recorded type is a company. The sources are every member and
    partner (the whole the share is taken of)."""
    companies = sum(1 for cid in members if organisation_types.get(cid, COMPANY) == COMPANY)
    companies += sum(1 for p in partners if p.organisation_type == COMPANY)
    sources = [("status", r.id) for r in members.values()] + [("partner", p.id) for p in partners]
    return ratio(companies, len(members) + len(partners)), sources


def candidate_figures(history: History, year: int) -> dict[str, tuple[int, list[Ref]]]:
    """Companies that became candidates during ``year`` (from another status), candidates that
    became members during it, and candidates that stopped during it — each company counted once,
    with its first such change of the year as the source."""
    found: dict[str, dict[int, StatusRecord]] = {"candidates_new": {}, "candidates_became_members": {}, "candidates_stopped": {}}
    for before, record in history.changes():
        if record.date.year != year:
            continue
        was = before.status if before is not None else None
        if record.status == CANDIDATE and was != CANDIDATE:
            found["candidates_new"].setdefault(record.company_id, record)
        elif record.status == MEMBER and was == CANDIDATE:
            found["candidates_became_members"].setdefault(record.company_id, record)
        elif record.status == STOPPED and was != STOPPED:
            found["candidates_stopped"].setdefault(record.company_id, record)
    return {key: (len(hits), [("status", r.id) for r in sorted(hits.values(), key=lambda r: r.id)]) for key, hits in found.items()}


def participation(
    history: History, attendances: Sequence[AttendanceRecord], year: int, end: dt.date
) -> tuple[float | None, list[Ref]]:
    """Share of the organisations taking part in the cluster — companies that are members or
    candidates at the end of the year — that attended at least one event of the year while a member
    or a candidate (a prospect's open day does not count). Each organisation counts once however
    many events it attended. The sources are the status record of every organisation counted in the
    whole and the first attendance of each that took part."""
    whole: dict[int, StatusRecord] = {}
    for cid in history.by_company:
        record = history.on(cid, end)
        if record is not None and record.status in TAKING_PART:
            whole[cid] = record
    took_part: dict[int, AttendanceRecord] = {}
    for a in sorted(attendances, key=lambda a: (a.date, a.id)):
        if not a.attended or a.date.year != year or a.company_id is None or a.company_id not in whole:
            continue
        then = history.on(a.company_id, a.date)
        if then is not None and then.status in TAKING_PART:
            took_part.setdefault(a.company_id, a)
    sources = [("status", r.id) for r in whole.values()] + [("attendance", a.id) for a in took_part.values()]
    return ratio(len(took_part), len(whole)), sources


def active_working_groups(events: Sequence[EventRecord], year: int) -> tuple[int, list[Ref]]:
    """Working groups that met during the year (an event of the group dated in it), each once,
    with its first event of the year as the source."""
    first: dict[int, EventRecord] = {}
    for event in sorted(events, key=lambda e: (e.date, e.id)):
        if event.working_group_id is not None and event.date.year == year:
            first.setdefault(event.working_group_id, event)
    return len(first), [("event", e.id) for e in first.values()]


def family_total(actions: Sequence[SupportRecord], types: Iterable[str]) -> tuple[int, list[Ref]]:
    """Support actions (already those of the year) whose type is one of ``types``."""
    wanted = set(types)
    hits = [s for s in actions if s.type in wanted]
    return len(hits), [("support_action", s.id) for s in hits]
