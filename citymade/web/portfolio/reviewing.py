"""The annual review for the web and the CLI: figures, the records behind each, PDF and XLSX."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from citymade.portfolio import vocabulary
from citymade.portfolio.board import render_board_pdf, render_board_xlsx
from citymade.portfolio.review import Review
from citymade.web.portfolio.data import ReviewData, finished_diagnostics, review_for
from citymade.web.portfolio.models import (
    Event,
    JobsFigure,
    Milestone,
    Participation,
    Partner,
    StatusChange,
    SupportAction,
)

__all__ = ["FORMATS", "SourceRow", "render", "review_for", "source_rows", "years_with_data"]

FORMATS = ("json", "pdf", "xlsx")


@dataclass(frozen=True, kw_only=True)
class SourceRow:
    kind: str
    id: int
    date: Any
    company: str
    description: str
    company_slug: str = ""
    #: what the record is, in words (filled by :func:`source_rows`)
    kind_label: str = ""


def _other_type(company: Any) -> str:
    """A member's organisation type when it is not a company (the share of companies leaves it out)."""
    if company.organisation_type == company.OrganisationType.COMPANY:
        return ""
    return f" · {company.get_organisation_type_display()}"


def _rows_for(kind: str, ids: list[int]) -> list[SourceRow]:
    if kind == "status":
        return [
            SourceRow(kind=kind, id=s.pk, date=s.date, company=s.company.name, company_slug=s.company.slug,
                      description=f"{s.get_from_status_display() or '—'} → {s.get_to_status_display()}" + _other_type(s.company))
            for s in StatusChange.objects.filter(pk__in=ids).select_related("company")
        ]
    if kind == "partner":
        return [
            SourceRow(kind=kind, id=p.pk, date=p.joined_on, company=p.name, description=p.get_organisation_type_display())
            for p in Partner.objects.filter(pk__in=ids)
        ]
    if kind == "event":
        return [
            SourceRow(kind=kind, id=e.pk, date=e.date, company=e.working_group.name if e.working_group else "",
                      description=f"{e.title} · {e.get_kind_display()}")
            for e in Event.objects.filter(pk__in=ids).select_related("working_group")
        ]
    if kind == "attendance":
        came, absent = _("attended"), _("did not attend")
        return [
            SourceRow(kind=kind, id=p.pk, date=p.event.date, company=str(p.company or p.partner),
                      company_slug=p.company.slug if p.company else "",
                      description=f"{p.event.title} · {came if p.attended else absent}")
            for p in Participation.objects.filter(pk__in=ids).select_related("event", "company", "partner")
        ]
    if kind == "support_action":
        return [
            SourceRow(kind=kind, id=a.pk, date=a.date, company=a.company.name, company_slug=a.company.slug,
                      description=vocabulary.label("support", a.type))
            for a in SupportAction.objects.filter(pk__in=ids).select_related("company")
        ]
    if kind == "diagnostic":
        qs = finished_diagnostics()
        if qs is None:
            return []
        return [
            SourceRow(kind=kind, id=d.pk, date=d.assessed_on, company=d.company.name, company_slug=d.company.slug,
                      description=_("diagnostic version %(version)d") % {"version": d.version})
            for d in qs.filter(pk__in=ids).select_related("company")
        ]
    if kind == "milestone":
        return [
            SourceRow(kind=kind, id=m.pk, date=m.date, company=m.company.name, company_slug=m.company.slug,
                      description=m.get_kind_display())
            for m in Milestone.objects.filter(pk__in=ids).select_related("company")
        ]
    if kind == "jobs":
        return [
            SourceRow(kind=kind, id=j.pk, date=j.date, company=j.company.name, company_slug=j.company.slug,
                      description=_("%(fte)s FTE") % {"fte": j.fte})
            for j in JobsFigure.objects.filter(pk__in=ids).select_related("company")
        ]
    return []


def source_rows(review: Review, key: str) -> list[SourceRow]:
    """The records behind one figure, oldest first."""
    by_kind: dict[str, list[int]] = {}
    for kind, pk in review.sources.get(key, []):
        by_kind.setdefault(kind, []).append(pk)
    from dataclasses import replace

    from django.utils.translation import get_language

    from citymade.i18n import use_language
    from citymade.portfolio.board import record_kinds

    with use_language(get_language() or "fr"):
        kinds = record_kinds()
    rows = [replace(row, kind_label=kinds.get(kind, kind)) for kind, ids in by_kind.items() for row in _rows_for(kind, ids)]
    return sorted(rows, key=lambda r: (str(r.date), r.company, r.id))


def render(review: Review, fmt: str, *, language: str, previous: Review | None = None) -> tuple[str, str, bytes]:
    """``(file name, MIME type, content)`` of the review in ``fmt`` (json, pdf or xlsx): the PDF
    and the workbook put each figure beside ``previous`` (the year before) and the year's targets,
    with the breakdowns of the members and the cluster's narrative (:mod:`.board`)."""
    import json

    from citymade.web.portfolio.board import board_for

    name = f"citymade-review-{review.year}"
    if fmt == "json":
        return f"{name}.json", "application/json", json.dumps(review.as_json(), indent=2, ensure_ascii=False).encode()
    board = board_for(review, previous, language=language)
    if fmt == "pdf":
        return f"{name}.pdf", "application/pdf", render_board_pdf(board, language=language)
    if fmt == "xlsx":
        records = [
            (key, row.kind, str(row.id), f"{row.date} · {row.company} · {row.description}")
            for key in review.sources
            for row in source_rows(review, key)
        ]
        return (
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            render_board_xlsx(board, language=language, records=records),
        )
    raise ValueError(fmt)


def years_with_data(data: ReviewData | None = None) -> list[int]:
    """The years the review has something to say about, newest first: from the first dated record
    (a status, a partner, a support action, an event, a diagnostic, a milestone, a jobs figure) to
    this year — never the empty years before. ``data`` (:func:`review_data`, already read): found
    in its records rather than asked of the database again."""
    from django.db.models import Min

    if data is not None:
        r = data.records
        dates = [
            *(x.date for x in r["statuses"]), *(x.joined_on for x in r["partners"]), *(x.date for x in r["support_actions"]),
            *(x.date for x in r["events"]), *(x.date for x in r["milestones"]), *(x.date for x in r["jobs"]),
            *(x.date for x in r["diagnostics"]),
        ]
        return _years_from([d for d in dates if d is not None])
    firsts = [
        StatusChange.objects.aggregate(first=Min("date"))["first"],
        Partner.objects.aggregate(first=Min("joined_on"))["first"],
        SupportAction.objects.aggregate(first=Min("date"))["first"],
        Event.objects.aggregate(first=Min("date"))["first"],
        Milestone.objects.aggregate(first=Min("date"))["first"],
        JobsFigure.objects.aggregate(first=Min("date"))["first"],
    ]
    diagnostics = finished_diagnostics()
    if diagnostics is not None:
        firsts.append(diagnostics.aggregate(first=Min("assessed_on"))["first"])
    return _years_from([d for d in firsts if d is not None])


def _years_from(known: list[Any]) -> list[int]:
    if not known:
        return []
    this_year = timezone.localdate().year
    return list(range(this_year, min(min(known).year, this_year) - 1, -1))

