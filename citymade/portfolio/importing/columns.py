"""What each kind of import file holds: one table of columns per kind.

A :class:`Column` has an id (the code id, accepted as a header), a label (an English msgid,
translated into French and Dutch in the catalogs: a header in any of the three languages is
accepted, and the template is written in the user's language), whether it is required, and the
converter of its cells. Adding a column to an import is one line in its table; the web layer
hands the row's values to the service by column id, so a column whose id is a keyword of the
service (``add_partner(organisation_type=…)``) needs nothing else.

:data:`ROW_RULES` hold the checks that span several cells of a row (a partner leaving before it
joined, a jobs figure without a date).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from citymade.i18n import _
from citymade.portfolio.importing import cells
from citymade.portfolio.importing.cells import Converter

__all__ = ["COLUMNS", "KINDS", "KIND_LABELS", "ROW_RULES", "Column", "RowRule"]


def N_(message: str) -> str:
    """Mark a msgid for translation, translated when shown (the header of a template, a kind's name)."""
    return message


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    convert: Converter
    required: bool = False
    #: What to write in the cell (a msgid), shown in the template's help sheet and the import page.
    hint: str = ""


def _c(id: str, label: str, convert: Converter, *, required: bool = False, hint: str = "") -> Column:
    return Column(id=id, label=label, convert=convert, required=required, hint=hint)


DATE_HINT = N_("a date: 2024-03-31 or 31/03/2024")
COMPANY_HINT = N_("short name, enterprise number or name of the company")
YES_NO = N_("yes or no")

#: Per kind, its columns; the first one identifies the row for people.
COLUMNS: dict[str, tuple[Column, ...]] = {
    "companies": (
        _c("name", N_("Name"), cells.text(200), required=True),
        _c("enterprise_number", N_("Enterprise number"), cells.enterprise_number, hint=N_("checked; must be new")),
        _c("legal_form", N_("Legal form"), cells.text(80)),
        _c("street", N_("Street"), cells.text(200)),
        _c("postal_code", N_("Postal code"), cells.text(8)),
        _c("municipality", N_("Municipality"), cells.text(100)),
        _c("founded_on", N_("Founded on"), cells.date, hint=DATE_HINT),
        _c("organisation_type", N_("Organisation type"), cells.choice("organisation_types", N_("an organisation type")), hint=N_("default: company")),
        _c("membership", N_("Membership status"), cells.membership, hint=N_("prospect, candidate, member, alumni or candidate who stopped (default prospect)")),
        _c("membership_since", N_("Status since"), cells.date, hint=N_("the date the company got this status")),
        _c("nace_codes", N_("NACE codes"), cells.nace, hint=N_("separated by spaces or ;")),
        _c("fte", N_("Jobs (FTE)"), cells.number(100_000), hint=N_("full-time equivalents")),
        _c("fte_date", N_("Jobs date"), cells.date, hint=N_("the date of the jobs figure")),
        _c("advisor", N_("Advisor"), cells.text(150), hint=N_("user name of an active advisor")),
    ),
    "support_actions": (
        _c("company", N_("Company"), cells.text(200), required=True, hint=COMPANY_HINT),
        _c("date", N_("Date"), cells.date, required=True, hint=DATE_HINT),
        _c("type", N_("Support type"), cells.support_type, required=True, hint=N_("id or name of the support type")),
        _c("advisor", N_("Advisor"), cells.text(150), hint=N_("user name of an active advisor")),
        _c("minutes", N_("Minutes"), cells.whole(100_000)),
        _c("outcome", N_("Outcome"), cells.text(2000)),
    ),
    "status_changes": (
        _c("company", N_("Company"), cells.text(200), required=True, hint=COMPANY_HINT),
        _c("status", N_("Membership status"), cells.membership, required=True, hint=N_("prospect, candidate, member, alumni or candidate who stopped")),
        _c("date", N_("Date"), cells.date, required=True, hint=DATE_HINT),
        _c("note", N_("Note"), cells.text(300)),
    ),
    "jobs": (
        _c("company", N_("Company"), cells.text(200), required=True, hint=COMPANY_HINT),
        _c("date", N_("Date"), cells.date, hint=N_("the date of the figure (or give the year)")),
        _c("year", N_("Year"), cells.year, hint=N_("a year that is over: the figure is dated 31 December")),
        _c("fte", N_("Jobs (FTE)"), cells.number(100_000), required=True, hint=N_("full-time equivalents")),
    ),
    "partners": (
        _c("name", N_("Name"), cells.text(200), required=True),
        _c("organisation_type", N_("Organisation type"), cells.choice("organisation_types", N_("an organisation type")), hint=N_("default: support organisation")),
        _c("joined_on", N_("Partner since"), cells.date, required=True, hint=DATE_HINT),
        _c("left_on", N_("Partner until"), cells.date, hint=N_("empty while the partnership lasts")),
        _c("website", N_("Website"), cells.text(200)),
    ),
    "working_groups": (
        _c("group", N_("Working group"), cells.text(120), required=True, hint=N_("name of the group; a new name creates it")),
        _c("sector", N_("Sector"), cells.text(60)),
        _c("company", N_("Company"), cells.text(200), hint=N_("a participant (one per line; empty for a group alone)")),
    ),
    "events": (
        _c("title", N_("Title"), cells.text(200), required=True),
        _c("kind", N_("Kind of event"), cells.choice("event_kinds", N_("a kind of event")), required=True),
        _c("date", N_("Date"), cells.date, required=True, hint=DATE_HINT),
        _c("working_group", N_("Working group"), cells.text(120), hint=N_("name or short name of an existing group")),
    ),
    "attendance": (
        _c("event", N_("Event"), cells.text(200), required=True, hint=N_("title of a recorded event")),
        _c("date", N_("Event date"), cells.date, required=True, hint=DATE_HINT),
        _c("organisation", N_("Organisation"), cells.text(200), required=True, hint=N_("a company (any status, former members too) or a partner")),
        _c("organisation_kind", N_("Company or partner"), cells.choice("organisation_kinds", N_("company or partner")),
           hint=N_("needed only when a company and a partner have the same name")),
        _c("attended", N_("Attended"), cells.boolean, hint=YES_NO),
    ),
}
KINDS = tuple(COLUMNS)

#: The name of each kind of file, for people (msgids).
KIND_LABELS: dict[str, str] = {
    "companies": N_("Companies"),
    "support_actions": N_("Support actions"),
    "status_changes": N_("Status changes"),
    "jobs": N_("Jobs (FTE)"),
    "partners": N_("Partners"),
    "working_groups": N_("Working groups and their participants"),
    "events": N_("Events"),
    "attendance": N_("Attendance"),
}

#: ``rule(values, context) -> [(column id, message)]``: checks across the cells of one row.
RowRule = Callable[[Mapping[str, Any], Mapping[str, Any]], list[tuple[str, str]]]


def _companies(values: Mapping[str, Any], context: Mapping[str, Any]) -> list[tuple[str, str]]:
    """History is dated: a status or a jobs figure without its date only with ``date_on_import_day``."""
    if context.get("date_on_import_day"):
        return []
    found = []
    if "membership" in values and "membership_since" not in values:
        found.append(("membership_since", _("give the date since when the company has this status, or choose to date undated history on the import day")))
    if "fte" in values and "fte_date" not in values:
        found.append(("fte_date", _("give the date of the jobs figure, or choose to date undated history on the import day")))
    return found


def _jobs(values: Mapping[str, Any], context: Mapping[str, Any]) -> list[tuple[str, str]]:
    if "date" in values and "year" in values:
        return [("year", _("give a date or a year, not both"))]
    if "date" not in values and "year" not in values:
        return [("date", _("give the date of the figure or its year"))]
    return []


def _partners(values: Mapping[str, Any], context: Mapping[str, Any]) -> list[tuple[str, str]]:
    if "left_on" in values and "joined_on" in values and values["left_on"] < values["joined_on"]:
        return [("left_on", _("the end of the partnership comes before its start"))]
    return []


ROW_RULES: dict[str, RowRule] = {"companies": _companies, "jobs": _jobs, "partners": _partners}
