"""Import the cluster's records from CSV/XLSX, all or nothing: companies, support actions, dated
status changes, jobs figures, partners, working groups and their participants, events, attendance.

An import first checks the whole file: format problems (:mod:`citymade.portfolio.importing`) and
what only the database knows (:mod:`.lookups`). It writes nothing while a single problem remains,
a dry run never writes, and every row is written through the service the pages use (validated and
audited). History is never dated on the import day unless the caller says so
(``date_on_import_day``). One function per kind (``import_status_changes`` …) is what the page, the
CLI and the tests call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from citymade.errors import CitymadeError
from citymade.i18n import LANGUAGES
from citymade.portfolio import vocabulary
from citymade.portfolio.importing import (
    KIND_LABELS,
    KINDS,
    CheckedRow,
    Problem,
    check_file,
    template,
)
from citymade.portfolio.tabular import read_table, write_csv, write_xlsx
from citymade.web.companies.models import Company, OrganisationType
from citymade.web.companies.services import create_company
from citymade.web.portfolio import services
from citymade.web.portfolio.lookups import CHECKS
from citymade.web.portfolio.models import Event, Partner, WorkingGroup

__all__ = ["IMPORTS", "ImportOutcome", "import_file", "template_file"]

COMPANY_FIELDS = (
    "name", "enterprise_number", "legal_form", "street", "postal_code", "municipality", "founded_on", "nace_codes",
    "organisation_type",
)


@dataclass
class ImportOutcome:
    kind: str
    rows: int = 0
    created: int = 0
    dry_run: bool = True
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _labels(choices: Any) -> dict[str, dict[str, str]]:
    """``{id: {fr, nl, en}}`` of a model's choices."""
    labels: dict[str, dict[str, str]] = {value: {} for value, _label in choices.choices}
    for language in LANGUAGES:
        with translation.override(language):
            for value, label in choices.choices:
                labels[value][language] = str(label)
    return labels


def _both(msgid: str) -> dict[str, str]:
    out = {}
    for language in LANGUAGES:
        with translation.override(language):
            out[language] = _(msgid)
    return out


def context(*, today: dt.date | None = None, date_on_import_day: bool = False) -> dict[str, Any]:
    return {
        "today": today or timezone.localdate(),
        "date_on_import_day": date_on_import_day,
        "support_types": vocabulary.support_types(),
        "memberships": _labels(Company.Membership),
        "event_kinds": _labels(Event.Kind),
        "organisation_types": _labels(OrganisationType),
        "organisation_kinds": {"company": _both("Company"), "partner": _both("Partner")},
    }


def import_file(
    kind: str, name: str, data: bytes, *, actor: Any, dry_run: bool = True, today: dt.date | None = None,
    date_on_import_day: bool = False,
) -> ImportOutcome:
    """Check (and unless ``dry_run``, import) a file of ``kind`` (one of :data:`KINDS`)."""
    if kind not in KINDS:
        raise ValueError(kind)
    outcome = ImportOutcome(kind=kind, dry_run=dry_run)
    try:
        table = read_table(name, data)
    except CitymadeError as exc:
        where = exc.location
        line = where.line if where and where.line is not None else 0
        outcome.problems.append(Problem(line=line, column=(where.field if where else None) or "", message=exc.message))
        return outcome
    today = today or timezone.localdate()
    checked = check_file(kind, table, context=context(today=today, date_on_import_day=date_on_import_day))
    outcome.rows = len(checked.rows)
    if not any(p.line == 1 for p in checked.problems):  # the rows are read by the right columns
        CHECKS[kind](checked)
    outcome.problems = sorted(checked.problems, key=lambda p: (p.line, p.column))
    if outcome.problems or dry_run:
        return outcome
    with transaction.atomic():
        outcome.created = WRITERS[kind](checked.rows, actor, today)
    return outcome


# Writers: each writes every row of a checked file and returns how many records it made. ------------


def _companies(rows: list[CheckedRow], actor: Any, today: dt.date) -> int:
    for row in rows:
        values = row.values
        data = {k: values[k] for k in COMPANY_FIELDS if k in values}
        if values.get("_advisor") is not None:
            data["advisor"] = values["_advisor"]
        data["membership"] = values.get("membership", Company.Membership.PROSPECT)
        company = create_company(actor=actor, data=data)
        if "membership_since" in values:
            services.date_first_status(company, actor=actor, date=values["membership_since"])
        if "fte" in values:
            services.record_jobs(company, actor=actor, date=values.get("fte_date", today), fte=values["fte"])
    return len(rows)


def _support_actions(rows: list[CheckedRow], actor: Any, today: dt.date) -> int:
    for row in rows:
        values = row.values
        services.record_support_action(
            values["_company"], actor=actor, type=values["type"], date=values["date"], advisor=values.get("_advisor"),
            minutes=values.get("minutes", 0), outcome=values.get("outcome", ""),
        )
    return len(rows)


def _status_changes(rows: list[CheckedRow], actor: Any, today: dt.date) -> int:
    # In date order, so each change knows the status it comes from.
    for row in sorted(rows, key=lambda r: (r.values["date"], r.line)):
        values = row.values
        values["_company"].refresh_from_db(fields=["membership"])  # an earlier row may have changed it
        services.change_status(values["_company"], to=values["status"], actor=actor, date=values["date"], note=values.get("note", ""))
    return len(rows)


def _jobs(rows: list[CheckedRow], actor: Any, today: dt.date) -> int:
    for row in rows:
        services.record_jobs(row.values["_company"], actor=actor, date=row.values["_date"], fte=row.values["fte"])
    return len(rows)


def _partners(rows: list[CheckedRow], actor: Any, today: dt.date) -> int:
    for row in rows:
        values = {k: v for k, v in row.values.items() if not k.startswith("_")}  # column ids are the keywords
        values.setdefault("organisation_type", OrganisationType.SUPPORT)
        services.add_partner(actor=actor, **values)
    return len(rows)


def _working_groups(rows: list[CheckedRow], actor: Any, today: dt.date) -> int:
    groups: dict[str, tuple[WorkingGroup, list[Company]]] = {}
    for row in rows:
        key = row.values["group"].lower()
        if key not in groups:
            group = row.values["_group"] or WorkingGroup(name=row.values["group"], slug=group_slug(row.values["group"]))
            groups[key] = (group, list(group.members.all()) if group.pk else [])
        group, members = groups[key]
        if row.values.get("sector") and not group.sector:
            group.sector = row.values["sector"]
        company = row.values.get("_company")
        if company is not None and company not in members:
            members.append(company)
    for group, members in groups.values():
        services.save_working_group(group, actor=actor, members=members)
    return len(groups)


def group_slug(name: str) -> str:
    base = slugify(name)[:52].strip("-") or "group"
    slug, n = base, 2
    while WorkingGroup.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _events(rows: list[CheckedRow], actor: Any, today: dt.date) -> int:
    for row in rows:
        values = row.values
        services.create_event(actor=actor, title=values["title"], kind=values["kind"], date=values["date"], working_group=values.get("_group"))
    return len(rows)


def _attendance(rows: list[CheckedRow], actor: Any, today: dt.date) -> int:
    by_event: dict[int, tuple[Event, list[tuple[Company, bool]], list[tuple[Partner, bool]]]] = {}
    for row in rows:
        event, organisation = row.values["_event"], row.values["_organisation"]
        _event, companies, partners = by_event.setdefault(event.pk, (event, [], []))
        target: list[Any] = partners if isinstance(organisation, Partner) else companies
        target.append((organisation, row.values.get("attended", False)))
    for event, companies, partners in by_event.values():
        services.set_attendance(event, actor=actor, companies=companies, partners=partners)
    return len(rows)


WRITERS: dict[str, Callable[[list[CheckedRow], Any, dt.date], int]] = {
    "companies": _companies,
    "support_actions": _support_actions,
    "status_changes": _status_changes,
    "jobs": _jobs,
    "partners": _partners,
    "working_groups": _working_groups,
    "events": _events,
    "attendance": _attendance,
}

#: The use case of each import: ``IMPORTS["jobs"](name, data, actor=…, dry_run=…)``.
IMPORTS: dict[str, Callable[..., ImportOutcome]] = {kind: partial(import_file, kind) for kind in KINDS}


def template_file(kind: str, fmt: str) -> tuple[str, str, bytes]:
    """``(file name, MIME type, bytes)`` of an empty ``kind`` file with the headers in the active
    language; the XLSX adds a sheet saying what each column takes."""
    headers, help_rows = template(kind)
    title = _(KIND_LABELS[kind])
    name = f"citymade-{slugify(title)}"
    if fmt == "csv":
        return f"{name}.csv", "text/csv; charset=utf-8", write_csv(headers, [])
    if fmt == "xlsx":
        sheets = [(title, headers, []), (_("Columns"), [_("Column"), _("Required"), _("What to write")], help_rows)]
        return f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write_xlsx(sheets)
    raise ValueError(fmt)


