"""Figures of the advisors' dashboard, computed from :class:`~citymade.portfolio.records.CompanyFacts`.

The web app builds one ``CompanyFacts`` per company; these functions filter, count and flag them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from citymade.portfolio.records import (
    MEMBER,
    AttendanceRecord,
    CompanyFacts,
    DiagnosticRecord,
    JobsRecord,
    StatusRecord,
    SupportRecord,
)
from citymade.portfolio.review import latest_by_company, status_on

__all__ = [
    "Attention",
    "Filters",
    "apply_filters",
    "by_model",
    "by_municipality",
    "needs_attention",
    "jobs_by_year",
    "participation_by_organisation",
    "stage_funnel",
    "stage_transitions",
    "support_by_type_and_advisor",
]

#: Defaults of the "needs attention" rules; the dashboard states them next to the list.
LONG_STANDING_YEARS = 5
LONG_STANDING_MAX_STAGE = 2
DIAGNOSTIC_MAX_DAYS = 365
CONTACT_MAX_DAYS = 180


@dataclass(frozen=True, kw_only=True)
class Filters:
    status: str = ""
    model: str = ""
    stage: int | None = None
    municipality: str = ""
    sector: str = ""


def apply_filters(companies: Iterable[CompanyFacts], filters: Filters) -> list[CompanyFacts]:
    out = []
    for c in companies:
        if filters.status and c.status != filters.status:
            continue
        if filters.model and filters.model not in c.models:
            continue
        if filters.stage is not None and c.stage != filters.stage:
            continue
        if filters.municipality and c.municipality != filters.municipality:
            continue
        if filters.sector and c.sector != filters.sector:
            continue
        out.append(c)
    return out


def stage_funnel(companies: Iterable[CompanyFacts], stages: Sequence[int]) -> dict[int | None, int]:
    """How many companies are at each stage (``None``: no finished diagnostic yet)."""
    counts: dict[int | None, int] = {s: 0 for s in stages}
    counts[None] = 0
    for c in companies:
        counts[c.stage] = counts.get(c.stage, 0) + 1
    return counts


def by_model(companies: Iterable[CompanyFacts], models: Sequence[str]) -> dict[str, int]:
    """Companies per circular model (a company with two models counts in both)."""
    counts = {m: 0 for m in models}
    for c in companies:
        for m in c.models:
            counts[m] = counts.get(m, 0) + 1
    return counts


def by_municipality(companies: Iterable[CompanyFacts]) -> dict[str, int]:
    counts = Counter(c.municipality or "" for c in companies)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def stage_transitions(diagnostics: Iterable[DiagnosticRecord]) -> dict[int, dict[str, int]]:
    """Per year, how many diagnostics found a higher, equal or lower stage than the company's previous one."""
    out: dict[int, dict[str, int]] = {}
    previous: dict[int, int] = {}
    for d in sorted(diagnostics, key=lambda d: (d.date, d.id)):
        if d.stage is None:
            continue
        if d.company_id in previous:
            row = out.setdefault(d.date.year, {"up": 0, "same": 0, "down": 0})
            before = previous[d.company_id]
            row["up" if d.stage > before else "down" if d.stage < before else "same"] += 1
        previous[d.company_id] = d.stage
    return dict(sorted(out.items()))


def support_by_type_and_advisor(actions: Iterable[SupportRecord]) -> dict[str, dict[str, int]]:
    """``{advisor: {type: count}}``, advisors by name."""
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for a in actions:
        row = table[a.advisor or ""]
        row[a.type] = row.get(a.type, 0) + 1
    return dict(sorted(table.items()))


def participation_by_organisation(attendances: Iterable[AttendanceRecord]) -> dict[tuple[str, int], tuple[int, int]]:
    """``{(kind, id): (events attended, events invited to)}``."""
    table: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for a in attendances:
        row = table[a.organisation]
        row[1] += 1
        row[0] += int(a.attended)
    return {k: (v[0], v[1]) for k, v in table.items()}


@dataclass(frozen=True, kw_only=True)
class Attention:
    """A company that needs attention and the reasons (codes: long_standing, red_flags, no_diagnostic, no_contact)."""

    company: CompanyFacts
    reasons: tuple[str, ...]


def needs_attention(companies: Iterable[CompanyFacts], *, today: dt.date) -> list[Attention]:
    """Companies an advisor should look at, with why; alumni, candidates who stopped and prospects are left out."""
    found = []
    for c in companies:
        if c.status in ("alumni", "stopped", "prospect"):
            continue
        reasons = []
        if (
            c.founded_on is not None
            and c.stage is not None
            # only on a stage decided to be low: an unknown answer is no reason to worry
            and max(c.stage, c.stage_possible if c.stage_possible is not None else c.stage) <= LONG_STANDING_MAX_STAGE
            and (today - c.founded_on).days >= LONG_STANDING_YEARS * 365
        ):
            reasons.append("long_standing")
        if c.red_flags:
            reasons.append("red_flags")
        if c.last_diagnostic is None or (today - c.last_diagnostic).days > DIAGNOSTIC_MAX_DAYS:
            reasons.append("no_diagnostic")
        if c.last_contact is None or (today - c.last_contact).days > CONTACT_MAX_DAYS:
            reasons.append("no_contact")
        if reasons:
            found.append(Attention(company=c, reasons=tuple(reasons)))
    return sorted(found, key=lambda a: (-len(a.reasons), a.company.name))


def jobs_by_year(statuses: Sequence[StatusRecord], jobs: Sequence[JobsRecord], years: Iterable[int]) -> dict[int, float]:
    """Jobs (FTE) of the members at the end of each year: the review's ``jobs_fte`` per year."""
    out = {}
    for year in years:
        end = dt.date(year, 12, 31)
        members = {cid for cid, r in status_on(statuses, end).items() if r.status == MEMBER}
        latest = latest_by_company(jobs, end)
        out[year] = round(sum(j.fte for cid, j in latest.items() if cid in members), 1)
    return out
