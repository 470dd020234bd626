"""What only the database can check in an import file: the companies, partners, events, groups and
advisors its rows name, and records already there. Each ``check_<kind>`` adds its problems to the
checked file and puts the objects found in the row's values (keys starting with ``_``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from citymade.portfolio.importing import CheckedFile
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import STAFF_ROLES
from citymade.web.companies.models import Company
from citymade.web.portfolio.models import Event, JobsFigure, Partner, StatusChange, WorkingGroup

__all__ = ["CHECKS", "find_company", "find_group"]


def find_company(text: str) -> list[Company]:
    """Companies the text names: by short name or enterprise number (one), else by name (maybe several)."""
    exact = list(Company.objects.filter(Q(slug=text) | Q(enterprise_number=text))[:1])
    return exact or list(Company.objects.filter(name__iexact=text)[:2])


def find_group(text: str) -> WorkingGroup | None:
    return WorkingGroup.objects.filter(Q(slug=text) | Q(name__iexact=text)).order_by("pk").first()


def _company(checked: CheckedFile, line: int, values: dict[str, Any], column: str = "company") -> Company | None:
    if column not in values:
        return None
    found = find_company(values[column])
    if not found:
        checked.add(line, column, _("no company with this short name, enterprise number or name"))
    elif len(found) > 1:
        checked.add(line, column, _("several companies have this name; use the short name or the enterprise number"))
    values[f"_{column}"] = found[0] if len(found) == 1 else None
    return values[f"_{column}"]


def _advisor(checked: CheckedFile, line: int, values: dict[str, Any]) -> None:
    """The active member of staff the ``advisor`` column names, in ``values["_advisor"]``."""
    if values.get("advisor"):
        advisor = User.objects.filter(username=values["advisor"], role__in=STAFF_ROLES, is_active=True).first()
        if advisor is None:
            checked.add(line, "advisor", _("no active advisor with this user name"))
        values["_advisor"] = advisor


def check_companies(checked: CheckedFile) -> None:
    seen: dict[str, int] = {}
    for row in checked.rows:
        _advisor(checked, row.line, row.values)
        number = row.values.get("enterprise_number")
        if not number:
            continue
        if number in seen:
            checked.add(row.line, "enterprise_number", _("same enterprise number as line %(line)d") % {"line": seen[number]})
        elif Company.objects.filter(enterprise_number=number).exists():
            checked.add(row.line, "enterprise_number", _("a company with this enterprise number already exists"))
        seen.setdefault(number, row.line)


def check_support_actions(checked: CheckedFile) -> None:
    for row in checked.rows:
        _company(checked, row.line, row.values)
        _advisor(checked, row.line, row.values)


def check_status_changes(checked: CheckedFile) -> None:
    seen: dict[tuple[int, str, dt.date], int] = {}
    for row in checked.rows:
        company = _company(checked, row.line, row.values)
        if company is None or "status" not in row.values or "date" not in row.values:
            continue
        key = (company.pk, row.values["status"], row.values["date"])
        if key in seen:
            checked.add(row.line, "date", _("the same status change as line %(line)d") % {"line": seen[key]})
        elif StatusChange.objects.filter(company=company, to_status=key[1], date=key[2]).exclude(from_status="").exists():
            checked.add(row.line, "date", _("this status change is already recorded"))
        seen.setdefault(key, row.line)


def check_jobs(checked: CheckedFile) -> None:
    seen: dict[tuple[int, dt.date], int] = {}
    for row in checked.rows:
        company = _company(checked, row.line, row.values)
        day = row.values.get("date") or (dt.date(row.values["year"], 12, 31) if "year" in row.values else None)
        row.values["_date"] = day
        if company is None or day is None:
            continue
        column = "date" if "date" in row.values else "year"
        if (company.pk, day) in seen:
            checked.add(row.line, column, _("the same company and date as line %(line)d") % {"line": seen[(company.pk, day)]})
        elif JobsFigure.objects.filter(company=company, date=day).exists():
            checked.add(row.line, column, _("a jobs figure of this company on this date is already recorded"))
        seen.setdefault((company.pk, day), row.line)


def check_partners(checked: CheckedFile) -> None:
    seen: dict[str, int] = {}
    for row in checked.rows:
        name = row.values.get("name")
        if not name:
            continue
        if name.lower() in seen:
            checked.add(row.line, "name", _("the same partner as line %(line)d") % {"line": seen[name.lower()]})
        elif Partner.objects.filter(name__iexact=name).exists():
            checked.add(row.line, "name", _("a partner with this name already exists; change it on its page"))
        seen.setdefault(name.lower(), row.line)


def check_working_groups(checked: CheckedFile) -> None:
    for row in checked.rows:
        if "group" in row.values:
            row.values["_group"] = find_group(row.values["group"])
        _company(checked, row.line, row.values)


def check_events(checked: CheckedFile) -> None:
    seen: dict[tuple[str, dt.date], int] = {}
    for row in checked.rows:
        if "working_group" in row.values:
            group = find_group(row.values["working_group"])
            if group is None:
                checked.add(row.line, "working_group", _("no working group with this name or short name"))
            row.values["_group"] = group
        if "title" not in row.values or "date" not in row.values:
            continue
        key = (row.values["title"].lower(), row.values["date"])
        if key in seen:
            checked.add(row.line, "title", _("the same event as line %(line)d") % {"line": seen[key]})
        elif Event.objects.filter(title__iexact=key[0], date=key[1]).exists():
            checked.add(row.line, "title", _("an event with this title on this date is already recorded"))
        seen.setdefault(key, row.line)


def _organisation(checked: CheckedFile, line: int, values: dict[str, Any]) -> Company | Partner | None:
    name, kind = values["organisation"], values.get("organisation_kind")
    companies = find_company(name) if kind != "partner" else []
    partners = list(Partner.objects.filter(name__iexact=name)[:2]) if kind != "company" else []
    found: list[Company | Partner] = [*companies, *partners]
    if not found:
        checked.add(line, "organisation", _("no company or partner with this name (or short name, or enterprise number)"))
    elif companies and partners:
        checked.add(line, "organisation", _("a company and a partner have this name; say which in the column “%(column)s”")
                    % {"column": checked.column_name("organisation_kind")})
    elif len(found) > 1:
        checked.add(line, "organisation", _("several organisations have this name; use the short name or the enterprise number"))
    return found[0] if len(found) == 1 else None


def check_attendance(checked: CheckedFile) -> None:
    seen: dict[tuple[int, str, int], int] = {}
    for row in checked.rows:
        event = None
        if "event" in row.values and "date" in row.values:
            events = list(Event.objects.filter(title__iexact=row.values["event"], date=row.values["date"])[:2])
            if not events:
                checked.add(row.line, "event", _("no event with this title on this date"))
            elif len(events) > 1:
                checked.add(row.line, "event", _("several events have this title on this date"))
            event = events[0] if len(events) == 1 else None
        organisation = _organisation(checked, row.line, row.values) if "organisation" in row.values else None
        row.values["_event"], row.values["_organisation"] = event, organisation
        if event is None or organisation is None:
            continue
        key = (event.pk, type(organisation).__name__, organisation.pk)
        if key in seen:
            checked.add(row.line, "organisation", _("the same invitation as line %(line)d") % {"line": seen[key]})
        seen.setdefault(key, row.line)


CHECKS: dict[str, Callable[[CheckedFile], None]] = {
    "companies": check_companies,
    "support_actions": check_support_actions,
    "status_changes": check_status_changes,
    "jobs": check_jobs,
    "partners": check_partners,
    "working_groups": check_working_groups,
    "events": check_events,
    "attendance": check_attendance,
}
