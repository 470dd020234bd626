"""The company list as advisors read it: stage, latest diagnostic, advisor and last contact, sortable.

The figures come from where the portfolio reads them, never computed a second way: the stage and
its range from the latest finished diagnostic (:func:`citymade.web.portfolio.data.latest_summaries`,
worded by :func:`citymade.scoring.wording.stage_verdict` as on the results page), the last contact
from :func:`citymade.web.portfolio.data.last_contacts` (the dashboard's notion, read by
:func:`~citymade.web.portfolio.data.contacts_and_staff` together with the staff last in touch). The advisor is the
member of staff last in touch with the company: the latest support action, recorded contact or
diagnostic made by an advisor or administrator.

One page costs the same few queries whatever its length and whatever the sort: a sort by name,
number, municipality, membership or products is done by the database; a sort by stage, diagnostic,
advisor or contact reads those figures for every listed company at once (a fixed number of queries)
and orders in Python. Companies without the figure come last in either direction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from citymade.web.accounts.roles import STAFF_ROLES
from citymade.web.companies.models import CompanyQuerySet

__all__ = ["SORTS", "CompanyRow", "advisor_text", "company_page", "parse_sort", "shown_advisors"]

#: sort key → the database ordering (``None``: ordered in Python from the portfolio's figures)
SORTS: dict[str, tuple[str, ...] | None] = {
    # the folded name first: « Écoles » sorts among the e, the same on every database
    "name": ("search_text", "name", "pk"),
    "municipality": ("municipality", "postal_code", "name", "pk"),
    "membership": ("membership", "name", "pk"),
    "products": ("product_count", "name", "pk"),
    "stage": None,
    "diagnostic": None,
    "advisor": None,
    "contact": None,
}
DEFAULT_SORT = "name"
PAGE_SIZE = 50
#: at most this many characters of a sort parameter are read
SORT_LENGTH = 20


class _Paginator(Paginator):  # type: ignore[misc]  # (Django has no type stubs here)
    """Counts the companies without the listing's annotations (a join and a grouping fewer)."""

    def __init__(self, object_list: Any, per_page: int, counted: CompanyQuerySet) -> None:
        super().__init__(object_list, per_page)
        self._counted = counted

    @cached_property  # type: ignore[untyped-decorator]
    def count(self) -> int:
        return int(self._counted.count())


@dataclass
class CompanyRow:
    company: Any
    stage: int | None = None
    stage_possible: int | None = None
    stage_text: str = ""
    last_diagnostic: dt.date | None = None
    grades: list[dict[str, str]] = field(default_factory=list)
    #: the full name of the assigned advisor, else of the member of staff last in touch ("": neither)
    advisor: str = ""
    advisor_assigned: bool = False
    last_contact: dt.date | None = None
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def advisor_text(self) -> str:
        return advisor_text(self.advisor, assigned=self.advisor_assigned)


def parse_sort(value: str | None) -> tuple[str, bool]:
    """``"-contact"`` → ``("contact", True)``; anything unknown is the default, ascending."""
    value = (value or "")[:SORT_LENGTH]
    descending = value.startswith("-")
    key = value.lstrip("-")
    if key not in SORTS:
        return DEFAULT_SORT, False
    return key, descending


def _person(first: str | None, last: str | None, username: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or (username or "")


def advisors_of(ids: list[int]) -> dict[int, str]:
    """Each company's advisor: the full name of the member of staff last in touch with it (support
    action, recorded contact, diagnostic assessed or opened), by company id."""
    from citymade.web.portfolio.models import Contact, SupportAction

    found: dict[int, tuple[dt.date, int, str]] = {}

    def seen(company_id: int, date: Any, order: int, person: str) -> None:
        if isinstance(date, dt.datetime):
            date = date.date()
        if date is None or not person:
            return
        key = (date, order, person)
        if company_id not in found or key[:2] > found[company_id][:2]:
            found[company_id] = key

    staff = tuple(STAFF_ROLES)
    for company_id, date, pk, first, last, username in SupportAction.objects.filter(
        company_id__in=ids, advisor__role__in=staff
    ).values_list("company_id", "date", "pk", "advisor__first_name", "advisor__last_name", "advisor__username"):
        seen(company_id, date, pk, _person(first, last, username))
    for company_id, date, pk, first, last, username in Contact.objects.filter(
        company_id__in=ids, by__role__in=staff
    ).values_list("company_id", "date", "pk", "by__first_name", "by__last_name", "by__username"):
        seen(company_id, date, pk, _person(first, last, username))
    if apps.is_installed("citymade.web.diagnostics"):
        model = apps.get_model("diagnostics", "Diagnostic")
        for company_id, assessed, created, pk, first, last, username in model.objects.filter(
            company_id__in=ids, assessor__role__in=staff
        ).values_list(
            "company_id", "assessed_on", "created_at", "pk", "assessor__first_name", "assessor__last_name", "assessor__username"
        ):
            seen(company_id, max(assessed, created.date()), pk, _person(first, last, username))
    return {k: v[2] for k, v in found.items()}


def shown_advisors(ids: list[int], last_in_touch: dict[int, str] | None = None) -> dict[int, tuple[str, bool]]:
    """Each company's advisor as the pages show it, by company id: ``(full name, assigned)`` — the
    assigned advisor, else the member of staff last in touch (``assigned`` false). Two queries and
    :func:`advisors_of`, whatever the number of companies; one query when ``last_in_touch`` (what
    :func:`advisors_of` gives for ``ids``) is already known."""
    from citymade.web.companies.models import Company

    out: dict[int, tuple[str, bool]] = {}
    for pk, first, last, username in Company.objects.filter(pk__in=ids, advisor__isnull=False).values_list(
        "pk", "advisor__first_name", "advisor__last_name", "advisor__username"
    ):
        out[pk] = (_person(first, last, username), True)
    rest = [pk for pk in ids if pk not in out]
    if last_in_touch is None:
        last_in_touch = advisors_of(rest)
    for pk in rest:
        if pk in last_in_touch:
            out[pk] = (last_in_touch[pk], False)
    return out


def advisor_text(name: str, *, assigned: bool) -> str:
    """What a page shows for a company's advisor: the name, or the fallback said as such."""
    from django.utils.translation import gettext

    if assigned:
        return name
    if name:
        return gettext("none assigned (last in touch: %(name)s)") % {"name": name}
    return gettext("none assigned")


def _grading() -> tuple[list[tuple[float, str]], list[tuple[str, dict[str, str]]]]:
    """The framework's grade table (minimum, letter; highest first) and its dimensions in order."""
    from citymade.framework.loader import load_framework

    framework = load_framework()
    grades = sorted(((g.min, g.grade) for g in framework.grades), reverse=True)
    return grades, [(d.id, dict(d.label)) for d in framework.dimensions]


def _grades(scores: dict[str, float], language: str) -> list[dict[str, str]]:
    from django.utils.translation import gettext

    from citymade.i18n import resolve

    table, dimensions = _grading()
    spoken = gettext("%(label)s: %(grade)s")  # what a screen reader says of a badge
    out = []
    for dim_id, label in dimensions:
        value = scores.get(dim_id)
        if value is None:
            continue
        letter = next((g for minimum, g in table if value >= minimum), table[-1][1])
        name = resolve(label, language)
        out.append({"grade": letter, "label": name, "spoken": spoken % {"label": name, "grade": letter}})
    return out


def _stage_text(stage: int | None, possible: int | None, language: str) -> str:
    """The stage as the results page words it: "3 · Covers its costs" or "at least 2 · …, could be up to 4 · …"."""
    if stage is None:
        return ""
    from citymade.portfolio import vocabulary
    from citymade.scoring.wording import stage_verdict

    labels = vocabulary.stages()
    maturity = {
        "stage": stage,
        "label": labels.get(stage, {}),
        "stage_possible": possible if possible is not None else stage,
        "possible_label": labels.get(possible, {}) if possible is not None else {},
    }
    return stage_verdict(maturity, language)


def _rows(companies: list[Any], ids: list[int], language: str) -> dict[int, CompanyRow]:
    """The figures of ``ids`` (a fixed number of queries), rows for ``companies`` among them."""
    from citymade.web.portfolio.data import contacts_and_staff, latest_summaries

    latest = latest_summaries(ids)
    # the last contacts and the staff last in touch from one read of the same rows
    contacts, _by, in_touch = contacts_and_staff(ids, STAFF_ROLES)
    advisors = shown_advisors(ids, in_touch)
    by_id = {c.pk: c for c in companies}
    rows = {}
    for pk in ids:
        assessed, summary = latest.get(pk, (None, {}))
        stage, possible = summary.get("stage"), summary.get("stage_possible")
        rows[pk] = CompanyRow(
            company=by_id.get(pk),
            stage=stage,
            stage_possible=possible,
            last_diagnostic=assessed,
            advisor=advisors.get(pk, ("", False))[0],
            advisor_assigned=advisors.get(pk, ("", False))[1],
            last_contact=contacts.get(pk),
            scores=dict(summary.get("scores") or {}),
        )
    return rows


def _finish(row: CompanyRow, language: str) -> CompanyRow:
    row.stage_text = _stage_text(row.stage, row.stage_possible, language)
    row.grades = _grades(row.scores, language) if row.last_diagnostic else []
    return row


def _python_key(row: CompanyRow, sort: str) -> Any:
    if sort == "stage":
        return None if row.stage is None else (row.stage, row.stage_possible if row.stage_possible is not None else row.stage)
    if sort == "diagnostic":
        return row.last_diagnostic
    if sort == "advisor":
        from citymade.folding import fold

        return fold(row.advisor) or None  # the name shown, assigned or last in touch
    return row.last_contact


def company_page(
    companies: CompanyQuerySet, *, sort: str, descending: bool, page_number: Any, language: str
) -> tuple[Page[Any], list[CompanyRow]]:
    """One page of ``companies`` in the asked order, with the figures each row shows.

    ``page_number`` beyond the last page gives the last page, and anything not a number the first.
    """
    ordering = SORTS.get(sort)
    listed = companies.for_listing()
    if ordering is not None:
        fields = [f"-{f}" if descending and f != "pk" else f for f in ordering]
        page = _Paginator(listed.order_by(*fields), PAGE_SIZE, companies).get_page(page_number)
        on_page = list(page.object_list)
        ids = [c.pk for c in on_page]
        rows = _rows(on_page, ids, language)
        return page, [_finish(rows[pk], language) for pk in ids]
    ids = list(companies.order_by("search_text", "name", "pk").values_list("pk", flat=True))
    rows = _rows([], ids, language)
    known = [pk for pk in ids if _python_key(rows[pk], sort) is not None]
    unknown = [pk for pk in ids if _python_key(rows[pk], sort) is None]
    # ``ids`` are in name order and sorts are stable: ties stay by name in either direction
    if descending:
        known.sort(key=lambda pk: _negate(_python_key(rows[pk], sort)))
    else:
        known.sort(key=lambda pk: _python_key(rows[pk], sort))
    ordered = known + unknown
    page = Paginator(ordered, PAGE_SIZE).get_page(page_number)
    page_ids = list(page.object_list)
    by_id = {c.pk: c for c in listed.filter(pk__in=page_ids)}
    out = []
    for pk in page_ids:
        if pk not in by_id:  # deleted between the two queries
            continue
        row = rows[pk]
        row.company = by_id[pk]
        out.append(_finish(row, language))
    return page, out


def _negate(key: Any) -> Any:
    """A key that sorts ascending in the reverse order of ``key`` (dates, numbers, tuples, text)."""
    if isinstance(key, dt.date):
        return -key.toordinal()
    if isinstance(key, tuple):
        return tuple(-k for k in key)
    if isinstance(key, str):
        return tuple(-ord(c) for c in key) + (1,)
    return -key
