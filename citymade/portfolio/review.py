"""The cluster's annual review: each figure from plain records, with the records behind it.

``compute_review(year, ...)`` returns a :class:`Review` whose :attr:`~Review.figures` are the JSON the
CLI prints and whose :attr:`~Review.sources` name, for every figure, the records (kind and id) it
counts, so a page or a workbook can show where each number comes from. The definitions are in
``docs/portfolio.md``; "at the end of the year" means on 31 December of that year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from citymade.portfolio import counting
from citymade.portfolio.records import (
    ADVICE_FAMILY,
    BREAK_EVEN,
    INDIVIDUAL_FAMILY,
    INDUSTRIALISED,
    MEMBER,
    AttendanceRecord,
    DiagnosticRecord,
    EventRecord,
    JobsRecord,
    MilestoneRecord,
    PartnerRecord,
    StatusRecord,
    SupportRecord,
)

__all__ = ["REVIEW_KEYS", "Review", "compute_review", "latest_by_company", "status_on"]

#: The figures of the review, in the order they are printed.
REVIEW_KEYS: tuple[str, ...] = (
    "year",
    "members_total",
    "members_new",
    "partners_total",
    "partners_new",
    "members_and_partners",
    "joiners",
    "share_companies",
    "candidates_new",
    "candidates_became_members",
    "candidates_stopped",
    "participation_rate",
    "working_groups",
    "support_actions_by_type",
    "individual_support",
    "simple_advice",
    "diagnostics_done",
    "stage_progressions",
    "industrialised_projects",
    "break_even_reached",
    "jobs_fte",
)

#: Record kinds a source may name.
Ref = tuple[str, int]


@dataclass(frozen=True)
class Review:
    year: int
    figures: dict[str, Any]
    sources: dict[str, list[Ref]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {key: self.figures[key] for key in REVIEW_KEYS}


def _end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def status_on(statuses: Iterable[StatusRecord], day: dt.date) -> dict[int, StatusRecord]:
    """Each company's status record in force on ``day`` (the latest dated on or before it)."""
    found: dict[int, StatusRecord] = {}
    for record in sorted(statuses, key=lambda r: (r.date, r.id)):
        if record.date <= day:
            found[record.company_id] = record
    return found


def latest_by_company(records: Iterable[Any], day: dt.date, *, when: str = "date") -> dict[int, Any]:
    """Per company, the record with the latest ``when`` on or before ``day`` (ties: highest id)."""
    found: dict[int, Any] = {}
    for record in sorted(records, key=lambda r: (getattr(r, when), r.id)):
        if getattr(record, when) <= day:
            found[record.company_id] = record
    return found


def _in_year(day: dt.date, year: int) -> bool:
    return day.year == year


def compute_review(
    year: int,
    *,
    statuses: Sequence[StatusRecord] = (),
    partners: Sequence[PartnerRecord] = (),
    support_actions: Sequence[SupportRecord] = (),
    attendances: Sequence[AttendanceRecord] = (),
    diagnostics: Sequence[DiagnosticRecord] = (),
    milestones: Sequence[MilestoneRecord] = (),
    jobs: Sequence[JobsRecord] = (),
    events: Sequence[EventRecord] = (),
    organisation_types: Mapping[int, str] | None = None,
    support_types: Sequence[str] = (),
    support_families: Mapping[str, Sequence[str]] | None = None,
) -> Review:
    """The review of ``year`` from the records; ``support_types`` lists the types always shown.

    ``organisation_types`` gives each company's organisation type (a company without one is a
    company); ``support_families`` the support types of each family (``individual`` and
    ``advice``), the framework's when not given."""
    if support_families is None:
        from citymade.portfolio.vocabulary import family_types

        support_families = family_types()
    history = counting.History(statuses)
    end, before = _end(year), _end(year - 1)
    figures: dict[str, Any] = {"year": year}
    sources: dict[str, list[Ref]] = {key: [] for key in REVIEW_KEYS}

    now = {cid: r for cid, r in status_on(statuses, end).items() if r.status == MEMBER}
    then = {cid for cid, r in status_on(statuses, before).items() if r.status == MEMBER}
    figures["members_total"] = len(now)
    sources["members_total"] = [("status", r.id) for r in now.values()]
    new_members = [r for cid, r in now.items() if cid not in then]
    figures["members_new"] = len(new_members)
    sources["members_new"] = [("status", r.id) for r in new_members]

    active = [p for p in partners if p.active_on(end)]
    joined = [p for p in partners if _in_year(p.joined_on, year)]
    figures["partners_total"] = len(active)
    figures["partners_new"] = len(joined)
    sources["partners_total"] = [("partner", p.id) for p in active]
    sources["partners_new"] = [("partner", p.id) for p in joined]

    figures["members_and_partners"] = len(now) + len(active)
    sources["members_and_partners"] = sources["members_total"] + sources["partners_total"]
    figures["joiners"] = len(new_members) + len(joined)
    sources["joiners"] = sources["members_new"] + sources["partners_new"]

    figures["share_companies"], sources["share_companies"] = counting.share_of_companies(now, active, organisation_types or {})
    for key, (value, refs) in counting.candidate_figures(history, year).items():
        figures[key], sources[key] = value, refs

    figures["participation_rate"], sources["participation_rate"] = counting.participation(history, attendances, year, end)
    figures["working_groups"], sources["working_groups"] = counting.active_working_groups(events, year)

    actions = [s for s in support_actions if _in_year(s.date, year)]
    by_type: dict[str, int] = {t: 0 for t in support_types}
    for action in sorted(actions, key=lambda s: s.type):
        by_type[action.type] = by_type.get(action.type, 0) + 1
    figures["support_actions_by_type"] = by_type
    sources["support_actions_by_type"] = [("support_action", s.id) for s in actions]
    for key, family in (("individual_support", INDIVIDUAL_FAMILY), ("simple_advice", ADVICE_FAMILY)):
        figures[key], sources[key] = counting.family_total(actions, support_families.get(family, ()))

    # companies, not versions: a company diagnosed twice in the year counts once (its latest)
    done = list(latest_by_company([d for d in diagnostics if _in_year(d.date, year)], end).values())
    figures["diagnostics_done"] = len(done)
    sources["diagnostics_done"] = [("diagnostic", d.id) for d in sorted(done, key=lambda d: d.id)]

    staged = [d for d in diagnostics if d.stage is not None]
    stage_now = latest_by_company(staged, end)
    stage_then = latest_by_company(staged, before)
    moved = [
        d
        for cid, d in stage_now.items()
        if _in_year(d.date, year) and cid in stage_then and d.stage > stage_then[cid].stage
    ]
    figures["stage_progressions"] = len(moved)
    sources["stage_progressions"] = [("diagnostic", d.id) for d in moved]

    for key, kind in (("industrialised_projects", INDUSTRIALISED), ("break_even_reached", BREAK_EVEN)):
        hits = [m for m in milestones if m.kind == kind and _in_year(m.date, year)]
        figures[key] = len(hits)
        sources[key] = [("milestone", m.id) for m in hits]

    latest_jobs = {cid: j for cid, j in latest_by_company(jobs, end).items() if cid in now}
    figures["jobs_fte"] = round(sum(j.fte for j in latest_jobs.values()), 1)
    sources["jobs_fte"] = [("jobs", j.id) for j in latest_jobs.values()]

    sources["year"] = []
    return Review(year=year, figures=figures, sources=sources)
