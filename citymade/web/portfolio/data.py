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
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db.models import Max, QuerySet

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


def diagnostic_records(companies: Iterable[int] | None = None) -> list[DiagnosticRecord]:
    qs = finished_diagnostics()
    if qs is None:
        return []
    if companies is not None:
        qs = qs.filter(company_id__in=list(companies))
    rows = list(qs.values_list("pk", "company_id", "assessed_on", "submitted_at"))
    summaries = diagnostic_summaries((pk, submitted_at) for pk, _company, _date, submitted_at in rows)
    return [
        DiagnosticRecord(id=pk, company_id=company_id, date=date, stage=summaries.get(pk, _NOTHING)["stage"])
        for pk, company_id, date, _submitted in rows
    ]


def status_records() -> list[StatusRecord]:
    return [
        StatusRecord(id=pk, company_id=company_id, status=status, date=date)
        for pk, company_id, status, date in StatusChange.objects.values_list("pk", "company_id", "to_status", "date")
    ]


def partner_records() -> list[PartnerRecord]:
    rows = Partner.objects.values_list("pk", "name", "joined_on", "left_on", "organisation_type")
    return [
        PartnerRecord(id=pk, name=name, joined_on=joined_on, left_on=left_on, organisation_type=kind)
        for pk, name, joined_on, left_on, kind in rows
    ]


def event_records() -> list[EventRecord]:
    return [
        EventRecord(id=pk, date=date, kind=kind, working_group_id=group)
        for pk, date, kind, group in Event.objects.values_list("pk", "date", "kind", "working_group_id")
    ]


def organisation_types() -> dict[int, str]:
    """Each company's organisation type (company, association, research, public, support) by id."""
    return dict(Company.objects.values_list("pk", "organisation_type"))


def in_cluster_on(day: dt.date) -> list[int]:
    """The companies that were members or candidates on ``day`` (from their status history)."""
    return [cid for cid, r in status_on(status_records(), day).items() if r.status in ("member", "candidate")]


def _person(first_name: str | None, last_name: str | None, username: str | None) -> str:
    """A user's name as ``User.get_full_name() or username`` says it; empty for nobody."""
    if username is None:
        return ""
    return f"{first_name or ''} {last_name or ''}".strip() or username


def support_records(qs: QuerySet[SupportAction] | None = None) -> list[SupportRecord]:
    qs = SupportAction.objects.all() if qs is None else qs
    rows = qs.values_list(
        "pk", "company_id", "date", "type", "advisor__first_name", "advisor__last_name", "advisor__username", "minutes"
    )
    return [
        SupportRecord(
            id=pk, company_id=company_id, date=date, type=kind, advisor=_person(first, last, username), minutes=minutes
        )
        for pk, company_id, date, kind, first, last, username, minutes in rows
    ]


def attendance_records() -> list[AttendanceRecord]:
    rows = Participation.objects.values_list("pk", "event_id", "event__date", "attended", "company_id", "partner_id")
    return [
        AttendanceRecord(
            id=pk, event_id=event_id, date=date, attended=attended, company_id=company_id, partner_id=partner_id
        )
        for pk, event_id, date, attended, company_id, partner_id in rows
    ]


def milestone_records() -> list[MilestoneRecord]:
    return [
        MilestoneRecord(id=pk, company_id=company_id, kind=kind, date=date)
        for pk, company_id, kind, date in Milestone.objects.values_list("pk", "company_id", "kind", "date")
    ]


def jobs_records() -> list[JobsRecord]:
    return [
        JobsRecord(id=pk, company_id=company_id, date=date, fte=float(fte))
        for pk, company_id, date, fte in JobsFigure.objects.values_list("pk", "company_id", "date", "fte")
    ]


def review_for(year: int) -> Review:
    """The annual review of ``year`` from everything in the database."""
    return reviews_for(year)[0]


def reviews_for(*years: int) -> list[Review]:
    """The annual reviews of ``years`` (a year and the one before, say), the records read once."""
    records = review_records()
    return [compute_review(year, **records) for year in years]


def review_records() -> dict[str, Any]:
    """Every record the annual review is computed from, as :func:`compute_review` takes them."""
    return {
        "statuses": status_records(),
        "partners": partner_records(),
        "support_actions": support_records(),
        "attendances": attendance_records(),
        "diagnostics": diagnostic_records(),
        "milestones": milestone_records(),
        "jobs": jobs_records(),
        "events": event_records(),
        "organisation_types": organisation_types(),
        "support_types": list(support_types()),
        "support_families": family_types(),
    }


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


def diagnostic_summaries(finished: Iterable[tuple[int, dt.datetime | None]]) -> dict[int, dict[str, Any]]:
    """What the portfolio reads from finished diagnostics, given as ``(id, submitted_at)``: stage,
    circular models, red flags, scores and sector, by id.

    A finished diagnostic's answers and result never change (a change makes a new version), so each
    summary is computed once and cached under the id and submission time. One without a submission
    time (not finished through the workflow) is not cached: its id alone could name other data later.
    """
    finished = list(finished)
    keys = {pk: _summary_key(pk, submitted_at) for pk, submitted_at in finished if submitted_at is not None}
    cached = cache.get_many(list(keys.values())) if keys else {}
    summaries = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk, _submitted in finished if pk not in summaries]
    qs = finished_diagnostics()
    if missing and qs is not None:
        fresh = {
            pk: _summary(result, answers)
            for pk, result, answers in qs.filter(pk__in=missing).values_list("pk", "result", "answers")
        }
        cache.set_many({keys[pk]: summary for pk, summary in fresh.items() if pk in keys}, timeout=None)
        summaries.update(fresh)
    return summaries


def latest_summaries(company_ids: Iterable[int] | None = None) -> dict[int, tuple[dt.date, dict[str, Any]]]:
    """Each company's latest finished diagnostic: its date and :func:`diagnostic_summaries` summary,
    by company id (companies without one are left out)."""
    qs = finished_diagnostics()
    if qs is None:
        return {}
    if company_ids is not None:
        qs = qs.filter(company_id__in=list(company_ids))
    # The newest per company (by date, then version, then id, as ``history()`` orders them), picked
    # here from one plain read of five small columns: a correlated subquery per row cost the
    # database ~1.5 ms per page under load (pg_stat_statements), where this costs a fraction of it.
    newest: dict[int, tuple[dt.date, int, int, Any]] = {}
    for pk, company_id, assessed_on, version, submitted_at in qs.order_by().values_list(
        "pk", "company_id", "assessed_on", "version", "submitted_at"
    ):
        held = newest.get(company_id)
        if held is None or (assessed_on, version, pk) > held[:3]:
            newest[company_id] = (assessed_on, version, pk, submitted_at)
    ordered = sorted(newest.items(), key=lambda item: item[1][:3], reverse=True)  # newest first, as before
    diagnostics = [(pk, company_id, on, submitted) for company_id, (on, _v, pk, submitted) in ordered]
    summaries = diagnostic_summaries((pk, submitted_at) for pk, _company, _date, submitted_at in diagnostics)
    # (.get: a diagnostic deleted between the two queries counts as having no figures)
    return {
        company_id: (assessed_on, summaries.get(pk, _NOTHING)) for pk, company_id, assessed_on, _submitted in diagnostics
    }


def last_contacts(ids: list[int]) -> tuple[dict[int, dt.date], dict[int, str]]:
    """Each company's last contact and who made it: a support action, a diagnostic (opened or
    assessed, any state), an event it attended or a recorded contact all count."""
    from citymade.web.portfolio.models import Contact, Participation

    found: dict[int, tuple[dt.date, str]] = {}

    def seen(company_id: int, date: Any, person: Any) -> None:
        if isinstance(date, dt.datetime):
            date = date.date()
        if date is not None and (company_id not in found or date > found[company_id][0]):
            found[company_id] = (date, person or "")

    def name(first: str | None, last: str | None, username: str | None) -> str:
        return f"{first or ''} {last or ''}".strip() or (username or "")

    # Only each company's latest support actions are read (the day, then who): a cluster records
    # hundreds of them, and reading them all cost each list page a few milliseconds.
    actions = SupportAction.objects.filter(company_id__in=ids)
    latest = dict(actions.values("company_id").annotate(last=Max("date")).values_list("company_id", "last"))
    rows = actions.filter(date__in=set(latest.values())).order_by("date", "pk").values_list(
        "company_id", "date", "advisor__first_name", "advisor__last_name", "advisor__username"
    )
    for company_id, date, first, last, username in rows:
        if date == latest.get(company_id):
            seen(company_id, date, name(first, last, username))
    for company_id, date, first, last, username in Contact.objects.filter(company_id__in=ids).values_list(
        "company_id", "date", "by__first_name", "by__last_name", "by__username"
    ):
        seen(company_id, date, name(first, last, username))
    for company_id, date in (
        Participation.objects.filter(company_id__in=ids, attended=True)
        .values("company_id")
        .annotate(last=Max("event__date"))
        .values_list("company_id", "last")
    ):
        seen(company_id, date, "")
    if apps.is_installed("citymade.web.diagnostics"):
        model = apps.get_model("diagnostics", "Diagnostic")
        for company_id, assessed, created, first, last, username in model.objects.filter(company_id__in=ids).values_list(
            "company_id", "assessed_on", "created_at", "assessor__first_name", "assessor__last_name", "assessor__username"
        ):
            seen(company_id, max(assessed, created.date()), name(first, last, username))
    return {k: v[0] for k, v in found.items()}, {k: v[1] for k, v in found.items()}


def company_facts(companies: QuerySet[Company] | None = None) -> list[CompanyFacts]:
    """One :class:`CompanyFacts` per company: its latest finished diagnostic, last contact, latest jobs."""
    companies = Company.objects.all() if companies is None else companies
    rows = list(
        companies.order_by("name", "pk").values_list("pk", "name", "slug", "membership", "municipality", "founded_on")
    )
    ids = [row[0] for row in rows]
    latest = latest_summaries(ids)
    contacts, contacted_by = last_contacts(ids)
    jobs: dict[int, float] = {}
    for company_id, fte in JobsFigure.objects.filter(company_id__in=ids).order_by("date", "pk").values_list("company_id", "fte"):
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
