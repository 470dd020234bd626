"""Each company's last contact and the member of staff last in touch, from one read of each table
that records a contact: support actions, recorded contacts, attended events and diagnostics.

The reads of every company are statements compiled once (:func:`citymade.web.core.shaped.every_row`);
those of a page of companies (``ids``) go through the ORM.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db.models import Max, OuterRef, QuerySet, Subquery

from citymade.web.companies.models import Company
from citymade.web.core.shaped import every_row
from citymade.web.portfolio.models import Contact, Participation, SupportAction

__all__ = ["contacts_and_staff"]

# The rows contacts_and_staff() reads: of every company (each statement compiled once), or of ``ids``.
_PEOPLE = ("role", "first_name", "last_name", "username")
_ACTION_COLUMNS = ("company_id", "date", "pk", *(f"advisor__{c}" for c in _PEOPLE))
_CONTACT_COLUMNS = ("company_id", "date", "pk", *(f"by__{c}" for c in _PEOPLE))
_DIAGNOSTIC_COLUMNS = ("company_id", "assessed_on", "created_at", "pk", *(f"assessor__{c}" for c in _PEOPLE))


def _latest_actions() -> QuerySet[Any]:
    """Each company's latest support action (the earliest recorded on the last day)."""
    newest = SupportAction.objects.filter(company_id=OuterRef("pk")).order_by("-date", "pk").values("pk")[:1]
    return SupportAction.objects.filter(pk__in=Company.objects.annotate(action=Subquery(newest)).values("action"))


def _action_rows(ids: list[int] | None, every_action: bool) -> list[Any]:
    if ids is None:
        if every_action:
            return every_row(lambda: SupportAction.objects.order_by("date", "pk").values_list(*_ACTION_COLUMNS))
        return every_row(lambda: _latest_actions().order_by("date", "pk").values_list(*_ACTION_COLUMNS))
    if every_action:
        actions = SupportAction.objects.filter(company_id__in=ids)
    else:
        newest = SupportAction.objects.filter(company_id=OuterRef("pk")).order_by("-date", "pk").values("pk")[:1]
        latest = Company.objects.annotate(action=Subquery(newest)).values("action").filter(pk__in=ids)
        actions = SupportAction.objects.filter(pk__in=latest)
    return list(actions.order_by("date", "pk").values_list(*_ACTION_COLUMNS))


def _contact_rows(ids: list[int] | None) -> list[Any]:
    if ids is None:
        return every_row(lambda: Contact.objects.values_list(*_CONTACT_COLUMNS))
    return list(Contact.objects.filter(company_id__in=ids).values_list(*_CONTACT_COLUMNS))


def _attended(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(company_id__isnull=False, attended=True).values("company_id").annotate(
        last=Max("event__date")
    ).values_list("company_id", "last")


def _attended_rows(ids: list[int] | None) -> list[Any]:
    if ids is None:
        return every_row(lambda: _attended(Participation.objects.all()))
    return list(_attended(Participation.objects.filter(company_id__in=ids)))


def _diagnostic_rows(ids: list[int] | None) -> list[Any]:
    if ids is None:
        return every_row(lambda: apps.get_model("diagnostics", "Diagnostic").objects.values_list(*_DIAGNOSTIC_COLUMNS))
    model = apps.get_model("diagnostics", "Diagnostic")
    return list(model.objects.filter(company_id__in=ids).values_list(*_DIAGNOSTIC_COLUMNS))


def contacts_and_staff(
    ids: list[int] | None, staff_roles: Iterable[Any]
) -> tuple[dict[int, dt.date], dict[int, str], dict[int, str]]:
    """:func:`last_contacts` (dates, who) and, from the same rows, each company's member of staff
    last in touch: the full name of the author with a role in ``staff_roles`` of the latest support
    action, recorded contact or diagnostic (latest by date, then id), by company id. One read of
    each table serves both (the company list shows both). ``ids`` ``None``: every company.

    Without ``staff_roles``, only each company's latest support action (the earliest recorded on the
    last day) is read, one row per company rather than every action."""
    staff = frozenset(staff_roles)
    found: dict[int, tuple[dt.date, str]] = {}
    touched: dict[int, tuple[dt.date, int, str]] = {}

    def seen(company_id: int, date: Any, pk: int, role: str | None, person: str) -> None:
        if isinstance(date, dt.datetime):
            date = date.date()
        if date is None:
            return
        if company_id not in found or date > found[company_id][0]:
            found[company_id] = (date, person)
        if role in staff and person and (company_id not in touched or (date, pk) > touched[company_id][:2]):
            touched[company_id] = (date, pk, person)

    def name(first: str | None, last: str | None, username: str | None) -> str:
        return f"{first or ''} {last or ''}".strip() or (username or "")

    for company_id, date, pk, role, first, last, username in _action_rows(ids, bool(staff)):
        seen(company_id, date, pk, role, name(first, last, username))
    for company_id, date, pk, role, first, last, username in _contact_rows(ids):
        seen(company_id, date, pk, role, name(first, last, username))
    for company_id, date in _attended_rows(ids):
        seen(company_id, date, 0, None, "")
    if apps.is_installed("citymade.web.diagnostics"):
        for company_id, assessed, created, pk, role, first, last, username in _diagnostic_rows(ids):
            seen(company_id, max(assessed, created.date()), pk, role, name(first, last, username))
    return (
        {k: v[0] for k, v in found.items()},
        {k: v[1] for k, v in found.items()},
        {k: v[2] for k, v in touched.items()},
    )
