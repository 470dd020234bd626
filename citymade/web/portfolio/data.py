"""From database rows to the plain records of :mod:`citymade.portfolio` (the one place that reads
the tables the review, the dashboards and the exports are computed from).

Diagnostics are read through the app registry so the portfolio keeps working where the
diagnostics app is not installed; their figures come from the stored result snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db.models import Max, OuterRef, QuerySet, Subquery

from citymade.portfolio.records import (
    AttendanceRecord,
    CompanyFacts,
    DiagnosticRecord,
    JobsRecord,
    MilestoneRecord,
    PartnerRecord,
    StatusRecord,
    SupportRecord,
)
from citymade.portfolio.review import Review, compute_review
from citymade.portfolio.vocabulary import support_types
from citymade.web.companies.models import Company
from citymade.web.portfolio.models import (
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
    "finished_diagnostics",
    "review_for",
    "scores_of",
]


def finished_diagnostics() -> QuerySet[Any] | None:
    """Submitted and validated diagnostics, or ``None`` when the diagnostics app is not installed."""
    if not apps.is_installed("citymade.web.diagnostics"):
        return None
    model = apps.get_model("diagnostics", "Diagnostic")
    return model.objects.finished()


def stage_of(result: dict[str, Any] | None) -> int | None:
    maturity = (result or {}).get("maturity") or {}
    stage = maturity.get("stage")
    return stage if isinstance(stage, int) else None


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
    return [
        DiagnosticRecord(id=d.pk, company_id=d.company_id, date=d.assessed_on, stage=stage_of(d.result))
        for d in qs.only("pk", "company_id", "assessed_on", "result")
    ]


def status_records() -> list[StatusRecord]:
    return [
        StatusRecord(id=s.pk, company_id=s.company_id, status=s.to_status, date=s.date)
        for s in StatusChange.objects.only("pk", "company_id", "to_status", "date")
    ]


def partner_records() -> list[PartnerRecord]:
    return [PartnerRecord(id=p.pk, name=p.name, joined_on=p.joined_on, left_on=p.left_on) for p in Partner.objects.all()]


def support_records(qs: QuerySet[SupportAction] | None = None) -> list[SupportRecord]:
    qs = SupportAction.objects.all() if qs is None else qs
    return [
        SupportRecord(
            id=s.pk,
            company_id=s.company_id,
            date=s.date,
            type=s.type,
            advisor=(s.advisor.get_full_name() or s.advisor.username) if s.advisor else "",
            minutes=s.minutes,
        )
        for s in qs.select_related("advisor")
    ]


def attendance_records() -> list[AttendanceRecord]:
    return [
        AttendanceRecord(
            id=p.pk, event_id=p.event_id, date=p.event.date, attended=p.attended, company_id=p.company_id, partner_id=p.partner_id
        )
        for p in Participation.objects.select_related("event")
    ]


def milestone_records() -> list[MilestoneRecord]:
    return [MilestoneRecord(id=m.pk, company_id=m.company_id, kind=m.kind, date=m.date) for m in Milestone.objects.all()]


def jobs_records() -> list[JobsRecord]:
    return [JobsRecord(id=j.pk, company_id=j.company_id, date=j.date, fte=float(j.fte)) for j in JobsFigure.objects.all()]


def review_for(year: int) -> Review:
    """The annual review of ``year`` from everything in the database."""
    return compute_review(
        year,
        statuses=status_records(),
        partners=partner_records(),
        support_actions=support_records(),
        attendances=attendance_records(),
        diagnostics=diagnostic_records(),
        milestones=milestone_records(),
        jobs=jobs_records(),
        support_types=list(support_types()),
    )


def sector_of(answers: dict[str, Any] | None) -> str:
    value = ((answers or {}).get("company") or {}).get("c_sector")
    return value if isinstance(value, str) and value != "?" else ""


def company_facts(companies: QuerySet[Company] | None = None) -> list[CompanyFacts]:
    """One :class:`CompanyFacts` per company: its latest finished diagnostic, last contact, latest jobs."""
    companies = Company.objects.all() if companies is None else companies
    ids = list(companies.values_list("pk", flat=True))
    latest: dict[int, Any] = {}
    qs = finished_diagnostics()
    if qs is not None:
        # Only each company's latest finished diagnostic is read (results are large JSON documents).
        newest = qs.filter(company_id=OuterRef("pk")).order_by("-assessed_on", "-version", "-pk").values("pk")[:1]
        latest_ids = Company.objects.filter(pk__in=ids).annotate(latest=Subquery(newest)).values_list("latest", flat=True)
        for d in qs.filter(pk__in=[pk for pk in latest_ids if pk is not None]):
            latest[d.company_id] = d
    contacts = dict(
        SupportAction.objects.filter(company_id__in=ids).values("company_id").annotate(last=Max("date")).values_list("company_id", "last")
    )
    jobs: dict[int, float] = {}
    for figure in JobsFigure.objects.filter(company_id__in=ids).order_by("date", "pk"):
        jobs[figure.company_id] = float(figure.fte)
    facts = []
    for c in companies.order_by("name", "pk"):
        d = latest.get(c.pk)
        result = d.result if d is not None else None
        facts.append(
            CompanyFacts(
                id=c.pk,
                name=c.name,
                slug=c.slug,
                status=c.membership,
                municipality=c.municipality,
                sector=sector_of(d.answers if d is not None else None),
                founded_on=c.founded_on,
                stage=stage_of(result),
                models=models_of(result),
                red_flags=red_flags_of(result),
                last_diagnostic=d.assessed_on if d is not None else None,
                last_contact=contacts.get(c.pk),
                fte=jobs.get(c.pk),
                scores=scores_of(result),
            )
        )
    return facts


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
