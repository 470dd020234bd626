"""From database rows to the plain records of :mod:`citymade.portfolio` (the one place that reads
the tables the review, the dashboards and the exports are computed from).

Diagnostics are read through the app registry so the portfolio keeps working where the
diagnostics app is not installed; their figures come from the stored result snapshot. A result is a
large JSON document and a finished diagnostic never changes, so the few figures read from it are
kept in the cache under the diagnostic's id and submission time (:func:`diagnostic_summaries`),
not read and decoded again on every page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db.models import QuerySet

from citymade.portfolio.records import (
    AttendanceRecord,
    CompanyFacts,
    DiagnosticRecord,
    EventRecord,
    JobsRecord,
    MilestoneRecord,
    PartnerRecord,
    StatusRecord,
    SupportRecord,
)
from citymade.portfolio.review import Review, compute_review, status_on
from citymade.portfolio.vocabulary import family_types, support_types
from citymade.web.companies.models import Company
from citymade.web.core.memo import Memo
from citymade.web.core.shaped import every_row
from citymade.web.portfolio.contacts import contacts_and_staff
from citymade.web.portfolio.models import (
    Event,
    JobsFigure,
    Milestone,
    Participation,
    Partner,
    StatusChange,
    SupportAction,
)

__all__ = [
    "company_facts",
    "diagnostic_records",
    "diagnostic_summaries",
    "latest_summaries",
    "finished_diagnostics",
    "in_cluster_on",
    "review_for",
    "review_data",
    "review_records",
    "scores_of",
]


def finished_diagnostics() -> QuerySet[Any] | None:
    """The diagnostics that count in the cluster's figures: validated ones, and submitted ones an
    advisor made; a company's self-diagnostic counts once an advisor validated it. ``None`` when
    the diagnostics app is not installed."""
    if not apps.is_installed("citymade.web.diagnostics"):
        return None
    from citymade.web.accounts.roles import Role

    model = apps.get_model("diagnostics", "Diagnostic")
    return model.objects.finished().exclude(state="submitted", assessor__role=Role.COMPANY)


def stage_of(result: dict[str, Any] | None) -> int | None:
    maturity = (result or {}).get("maturity") or {}
    stage = maturity.get("stage")
    return stage if isinstance(stage, int) else None


def stage_possible_of(result: dict[str, Any] | None) -> int | None:
    """The highest stage still possible (results scored before 2026.2: the stage itself)."""
    maturity = (result or {}).get("maturity") or {}
    possible = maturity.get("stage_possible", maturity.get("stage"))
    return possible if isinstance(possible, int) else None


def models_of(result: dict[str, Any] | None) -> tuple[str, ...]:
    """The circular models a result finds (strength other than none)."""
    return tuple(m["id"] for m in (result or {}).get("circular_models") or [] if m.get("strength") not in (None, "", "none"))


def red_flags_of(result: dict[str, Any] | None) -> tuple[str, ...]:
    result = result or {}
    flags = [f.get("id", "") for f in result.get("red_flags") or []]
    for product in result.get("products") or []:
        flags += [f.get("id", "") for f in product.get("red_flags") or []]
    return tuple(sorted(set(flags)))


def scores_of(result: dict[str, Any] | None) -> dict[str, float]:
    """Company-level dimension scores of a result ``{dimension id: 0–100}`` (unknown ones left out)."""
    return {d["id"]: float(d["value"]) for d in (result or {}).get("dimensions") or [] if d.get("value") is not None}


#: ``(id, company id, assessed on, version, submitted at)`` of a finished diagnostic.
FinishedRow = tuple[int, int, dt.date, int, dt.datetime | None]


def finished_rows(companies: Iterable[int] | None = None) -> list[FinishedRow]:
    """The finished diagnostics (of ``companies``; ``None``: all) as plain rows, read once."""
    qs = finished_diagnostics()
    if qs is None:
        return []
    if companies is None:
        return every_row(
            lambda: finished_diagnostics()  # type: ignore[union-attr]
            .order_by()
            .values_list("pk", "company_id", "assessed_on", "version", "submitted_at")
        )
    qs = qs.filter(company_id__in=list(companies))
    return list(qs.order_by().values_list("pk", "company_id", "assessed_on", "version", "submitted_at"))


def _records(rows: list[FinishedRow], summaries: dict[int, dict[str, Any]]) -> list[DiagnosticRecord]:
    return [
        DiagnosticRecord(id=pk, company_id=company_id, date=date, stage=summaries.get(pk, _NOTHING)["stage"])
        for pk, company_id, date, _version, _submitted in rows
    ]


def diagnostic_records(companies: Iterable[int] | None = None) -> list[DiagnosticRecord]:
    rows = finished_rows(companies)
    return _records(rows, diagnostic_summaries((pk, submitted) for pk, _c, _d, _v, submitted in rows))


def status_records() -> list[StatusRecord]:
    return [
        StatusRecord(id=pk, company_id=company_id, status=status, date=date)
        for pk, company_id, status, date in every_row(
            lambda: StatusChange.objects.values_list("pk", "company_id", "to_status", "date")
        )
    ]


def partner_records() -> list[PartnerRecord]:
    rows = every_row(lambda: Partner.objects.values_list("pk", "name", "joined_on", "left_on", "organisation_type"))
    return [
        PartnerRecord(id=pk, name=name, joined_on=joined_on, left_on=left_on, organisation_type=kind)
        for pk, name, joined_on, left_on, kind in rows
    ]


def event_records() -> list[EventRecord]:
    return [
        EventRecord(id=pk, date=date, kind=kind, working_group_id=group)
        for pk, date, kind, group in every_row(lambda: Event.objects.values_list("pk", "date", "kind", "working_group_id"))
    ]


def organisation_types() -> dict[int, str]:
    """Each company's organisation type (company, association, research, public, support) by id."""
    return dict(every_row(lambda: Company.objects.values_list("pk", "organisation_type")))


def in_cluster_on(day: dt.date) -> list[int]:
    """The companies that were members or candidates on ``day`` (from their status history)."""
    return [cid for cid, r in status_on(status_records(), day).items() if r.status in ("member", "candidate")]


def _person(first_name: str | None, last_name: str | None, username: str | None) -> str:
    """A user's name as ``User.get_full_name() or username`` says it; empty for nobody."""
    if username is None:
        return ""
    return f"{first_name or ''} {last_name or ''}".strip() or username


def support_records(qs: QuerySet[SupportAction] | None = None) -> list[SupportRecord]:
    """The support actions (``qs``, else all) as records; each advisor's name is read once, not
    joined to every action."""
    from django.contrib.auth import get_user_model

    if qs is None:
        rows = every_row(lambda: SupportAction.objects.values_list("pk", "company_id", "date", "type", "advisor_id", "minutes"))
    else:
        rows = list(qs.values_list("pk", "company_id", "date", "type", "advisor_id", "minutes"))
    wanted = {advisor for *_rest, advisor, _minutes in rows if advisor is not None}
    names = {
        pk: _person(first, last, username)
        for pk, first, last, username in get_user_model()
        .objects.filter(pk__in=wanted)
        .values_list("pk", "first_name", "last_name", "username")
    } if wanted else {}
    return [
        SupportRecord(id=pk, company_id=company_id, date=date, type=kind, advisor=names.get(advisor, ""), minutes=minutes)
        for pk, company_id, date, kind, advisor, minutes in rows
    ]


def attendance_records(event_dates: dict[int, dt.date] | None = None) -> list[AttendanceRecord]:
    """Every invitation to an event as a record (``event_dates``: each event's date by id, when the
    caller has read the events, so they are not joined to every row)."""
    rows: Iterable[tuple[Any, ...]] = []
    if event_dates is not None:
        plain = every_row(lambda: Participation.objects.values_list("pk", "event_id", "attended", "company_id", "partner_id"))
        if all(row[1] in event_dates for row in plain):  # (else an event was added since: read them joined)
            rows = [(pk, event, event_dates[event], came, company, partner) for pk, event, came, company, partner in plain]
        else:
            event_dates = None
    if event_dates is None:
        rows = every_row(
            lambda: Participation.objects.values_list("pk", "event_id", "event__date", "attended", "company_id", "partner_id")
        )
    return [
        AttendanceRecord(
            id=pk, event_id=event_id, date=date, attended=attended, company_id=company_id, partner_id=partner_id
        )
        for pk, event_id, date, attended, company_id, partner_id in rows
    ]


def milestone_records() -> list[MilestoneRecord]:
    return [
        MilestoneRecord(id=pk, company_id=company_id, kind=kind, date=date)
        for pk, company_id, kind, date in every_row(lambda: Milestone.objects.values_list("pk", "company_id", "kind", "date"))
    ]


def jobs_records() -> list[JobsRecord]:
    return [
        JobsRecord(id=pk, company_id=company_id, date=date, fte=float(fte))
        for pk, company_id, date, fte in every_row(lambda: JobsFigure.objects.values_list("pk", "company_id", "date", "fte"))
    ]


def review_for(year: int) -> Review:
    """The annual review of ``year`` from everything in the database."""
    return reviews_for(year)[0]


def reviews_for(*years: int, data: ReviewData | None = None) -> list[Review]:
    """The annual reviews of ``years`` (a year and the one before, say), the records read once
    (``data``: :func:`review_data`, when the caller has read it)."""
    records = (review_data() if data is None else data).records
    return [compute_review(year, **records) for year in years]


@dataclass(frozen=True)
class ReviewData:
    """What the annual review page reads from the database, once: the records :func:`compute_review`
    takes, the summary of every finished diagnostic by id and each company's municipality."""

    records: dict[str, Any]
    summaries: dict[int, dict[str, Any]]
    municipalities: dict[int, str]


def review_data() -> ReviewData:
    rows = finished_rows()
    summaries = diagnostic_summaries((pk, submitted) for pk, _c, _d, _v, submitted in rows)
    companies = list(Company.objects.values_list("pk", "organisation_type", "municipality"))
    events = event_records()
    records = {
        "statuses": status_records(),
        "partners": partner_records(),
        "support_actions": support_records(),
        "attendances": attendance_records({e.id: e.date for e in events}),
        "diagnostics": _records(rows, summaries),
        "milestones": milestone_records(),
        "jobs": jobs_records(),
        "events": events,
        "organisation_types": {pk: kind for pk, kind, _municipality in companies},
        "support_types": list(support_types()),
        "support_families": family_types(),
    }
    return ReviewData(records=records, summaries=summaries, municipalities={pk: m for pk, _kind, m in companies})


def review_records() -> dict[str, Any]:
    """Every record the annual review is computed from, as :func:`compute_review` takes them."""
    return review_data().records


def sector_of(answers: dict[str, Any] | None) -> str:
    value = ((answers or {}).get("company") or {}).get("c_sector")
    return value if isinstance(value, str) and value != "?" else ""


#: Bump when :func:`_summary` changes shape, so entries cached by an older version are not read.
SUMMARY_VERSION = 2


def _summary_key(pk: int, submitted_at: dt.datetime) -> str:
    return f"portfolio.diagnostic-summary.v{SUMMARY_VERSION}.{pk}.{submitted_at.isoformat()}"


def _summary(result: dict[str, Any] | None, answers: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "stage": stage_of(result),
        "stage_possible": stage_possible_of(result),
        "models": models_of(result),
        "red_flags": red_flags_of(result),
        "scores": scores_of(result),
        "sector": sector_of(answers),
    }


_NOTHING = _summary(None, None)
#: the summaries this process has read, as they are (never changed: see :mod:`citymade.web.core.memo`)
_SUMMARIES = Memo(limit=50_000)


def diagnostic_summaries(finished: Iterable[tuple[int, dt.datetime | None]]) -> dict[int, dict[str, Any]]:
    """What the portfolio reads from finished diagnostics, given as ``(id, submitted_at)``: stage,
    circular models, red flags, scores and sector, by id.

    A finished diagnostic's answers and result never change (a change makes a new version), so each
    summary is computed once and cached under the id and submission time. One without a submission
    time (not finished through the workflow) is not cached: its id alone could name other data later.
    The summaries are shared by every caller of the process: read them, never change them.
    """
    finished = list(finished)
    keys = {pk: _summary_key(pk, submitted_at) for pk, submitted_at in finished if submitted_at is not None}
    known = _SUMMARIES.get_many(list(keys.values())) if keys else {}
    wanted = [key for key in keys.values() if key not in known]
    cached = cache.get_many(wanted) if wanted else {}
    if cached:  # the process's own copies from now on (the cache's are unpickled on every read)
        _SUMMARIES.set_many(cached)
        known.update(cached)
    summaries = {pk: known[key] for pk, key in keys.items() if key in known}
    missing = [pk for pk, _submitted in finished if pk not in summaries]
    qs = finished_diagnostics()
    if missing and qs is not None:
        fresh = {
            pk: _summary(result, answers)
            for pk, result, answers in qs.filter(pk__in=missing).values_list("pk", "result", "answers")
        }
        made = {keys[pk]: summary for pk, summary in fresh.items() if pk in keys}
        cache.set_many(made, timeout=None)
        _SUMMARIES.set_many(made)
        summaries.update(fresh)
    return summaries


def _newest(rows: list[FinishedRow]) -> dict[int, FinishedRow]:
    """Each company's latest of ``rows``: newest by date, then version, then id (``history()``'s order)."""
    newest: dict[int, FinishedRow] = {}
    for row in rows:
        known = newest.get(row[1])
        if known is None or (row[2], row[3], row[0]) > (known[2], known[3], known[0]):
            newest[row[1]] = row
    return newest


def latest_summaries(
    company_ids: Iterable[int] | None = None, *, rows: list[FinishedRow] | None = None,
    summaries: dict[int, dict[str, Any]] | None = None,
) -> dict[int, tuple[dt.date, dict[str, Any]]]:
    """Each company's latest finished diagnostic: its date and :func:`diagnostic_summaries` summary,
    by company id (companies without one are left out).

    The latest is picked here from one plain read of the finished diagnostics (a correlated subquery
    per row costs more); a caller that already read them (``rows``, and their ``summaries``) passes them."""
    newest = _newest(finished_rows(company_ids) if rows is None else rows)
    if summaries is None:
        summaries = diagnostic_summaries((pk, submitted) for pk, _c, _d, _v, submitted in newest.values())
    # (.get: a diagnostic deleted between the two queries counts as having no figures)
    return {company_id: (row[2], summaries.get(row[0], _NOTHING)) for company_id, row in newest.items()}


def last_contacts(ids: list[int] | None) -> tuple[dict[int, dt.date], dict[int, str]]:
    """Each company's last contact and who made it: a support action, a diagnostic (opened or
    assessed, any state), an event it attended or a recorded contact all count. ``ids`` ``None``:
    every company."""
    contacts, by, _staff = contacts_and_staff(ids, ())
    return contacts, by


def facts_and_diagnostics() -> tuple[list[CompanyFacts], list[DiagnosticRecord]]:
    """:func:`company_facts` of every company and :func:`diagnostic_records` of all, from one read
    of the finished diagnostics."""
    rows = finished_rows()
    summaries = diagnostic_summaries((pk, submitted) for pk, _c, _d, _v, submitted in rows)
    return company_facts(latest=latest_summaries(rows=rows, summaries=summaries)), _records(rows, summaries)


def company_facts(
    companies: QuerySet[Company] | None = None, *, latest: dict[int, tuple[dt.date, dict[str, Any]]] | None = None
) -> list[CompanyFacts]:
    """One :class:`CompanyFacts` per company: its latest finished diagnostic, last contact, latest jobs
    (``latest``: :func:`latest_summaries` of every company, when the caller has it)."""
    every = companies is None
    if companies is None:
        rows = every_row(
            lambda: Company.objects.order_by("name", "pk").values_list(
                "pk", "name", "slug", "membership", "municipality", "founded_on"
            )
        )
    else:
        rows = list(
            companies.order_by("name", "pk").values_list("pk", "name", "slug", "membership", "municipality", "founded_on")
        )
    # every company: no list of ids to send (and compile) with each query
    ids = None if every else [row[0] for row in rows]
    latest = latest_summaries(ids) if latest is None or ids is not None else latest
    contacts, contacted_by = last_contacts(ids)
    jobs: dict[int, float] = {}
    figures = (
        every_row(lambda: JobsFigure.objects.order_by("date", "pk").values_list("company_id", "fte"))
        if ids is None
        else JobsFigure.objects.filter(company_id__in=ids).order_by("date", "pk").values_list("company_id", "fte")
    )
    for company_id, fte in figures:
        jobs[company_id] = float(fte)
    facts = []
    for pk, name, slug, membership, municipality, founded_on in rows:
        last_diagnostic, summary = latest.get(pk, (None, _NOTHING))
        facts.append(
            CompanyFacts(
                id=pk,
                name=name,
                slug=slug,
                status=membership,
                municipality=municipality,
                sector=summary["sector"],
                founded_on=founded_on,
                stage=summary["stage"],
                stage_possible=summary["stage_possible"],
                models=tuple(summary["models"]),
                red_flags=tuple(summary["red_flags"]),
                last_diagnostic=last_diagnostic,
                last_contact=contacts.get(pk),
                contacted_by=contacted_by.get(pk, ""),
                fte=jobs.get(pk),
                scores=dict(summary["scores"]),
            )
        )
    return facts


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
