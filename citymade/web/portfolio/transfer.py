"""Import companies and support actions from CSV/XLSX (all or nothing), export tables as CSV/XLSX.

An import first checks the whole file: format problems (:mod:`citymade.portfolio.importing`) and
what only the database knows (an unknown company or advisor, an enterprise number already there).
It writes nothing while a single problem remains, and a dry run never writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from citymade.errors import CitymadeError
from citymade.portfolio import vocabulary
from citymade.portfolio.importing import CheckedRow, Problem, check_rows
from citymade.portfolio.tabular import read_table, write_csv, write_xlsx
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import STAFF_ROLES
from citymade.web.companies.models import Company
from citymade.web.companies.services import create_company
from citymade.web.portfolio import services
from citymade.web.portfolio.data import finished_diagnostics, scores_of, stage_of
from citymade.web.portfolio.models import SupportAction

__all__ = ["EXPORTS", "ImportOutcome", "export", "import_file"]


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


def _find_company(text: str) -> list[Company]:
    """Companies the text names: by short name or enterprise number (one), else by name (maybe several)."""
    exact = list(Company.objects.filter(Q(slug=text) | Q(enterprise_number=text))[:1])
    return exact or list(Company.objects.filter(name__iexact=text)[:2])


def _check_companies(rows: list[CheckedRow]) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for row in rows:
        number = row.values.get("enterprise_number")
        if not number:
            continue
        if number in seen:
            problems.append(Problem(line=row.line, column="enterprise_number", message=_("same enterprise number as line %(line)d") % {"line": seen[number]}))
        elif Company.objects.filter(enterprise_number=number).exists():
            problems.append(Problem(line=row.line, column="enterprise_number", message=_("a company with this enterprise number already exists")))
        seen.setdefault(number, row.line)
    return problems


def _check_support(rows: list[CheckedRow]) -> list[Problem]:
    problems = []
    for row in rows:
        if "company" in row.values:
            found = _find_company(row.values["company"])
            if not found:
                problems.append(Problem(line=row.line, column="company", message=_("no company with this short name, enterprise number or name")))
            elif len(found) > 1:
                problems.append(Problem(line=row.line, column="company", message=_("several companies have this name; use the short name or the enterprise number")))
            row.values["_company"] = found[0] if found else None
        if row.values.get("advisor"):
            advisor = User.objects.filter(username=row.values["advisor"], role__in=STAFF_ROLES, is_active=True).first()
            if advisor is None:
                problems.append(Problem(line=row.line, column="advisor", message=_("no active advisor with this user name")))
            row.values["_advisor"] = advisor
    return problems


def import_file(kind: str, name: str, data: bytes, *, actor: Any, dry_run: bool = True, today: dt.date | None = None) -> ImportOutcome:
    """Check (and unless ``dry_run``, import) a file of ``kind`` (``companies`` or ``support_actions``)."""
    outcome = ImportOutcome(kind=kind, dry_run=dry_run)
    try:
        table = read_table(name, data)
    except CitymadeError as exc:
        where = exc.location
        line = where.line if where and where.line is not None else 0
        outcome.problems.append(Problem(line=line, column=(where.field if where else None) or "", message=exc.message))
        return outcome
    context = {"today": today or timezone.localdate(), "support_types": vocabulary.support_types()}
    rows, problems = check_rows(kind, table, context=context)
    outcome.rows = len(rows)
    problems += _check_companies(rows) if kind == "companies" else _check_support(rows)
    outcome.problems = sorted(problems, key=lambda p: (p.line, p.column))
    if outcome.problems or dry_run:
        return outcome
    with transaction.atomic():
        for row in rows:
            _write_row(kind, row, actor)
            outcome.created += 1
    return outcome


def _write_row(kind: str, row: CheckedRow, actor: Any) -> None:
    values = row.values
    if kind == "companies":
        data = {k: values[k] for k in ("name", "enterprise_number", "legal_form", "street", "postal_code", "municipality", "founded_on", "nace_codes") if k in values}
        data["membership"] = values.get("membership", Company.Membership.PROSPECT)
        company = create_company(actor=actor, data=data)
        if "fte" in values:
            services.record_jobs(company, actor=actor, date=timezone.localdate(), fte=values["fte"])
        return
    services.record_support_action(
        values["_company"],
        actor=actor,
        type=values["type"],
        date=values["date"],
        advisor=values.get("_advisor"),
        minutes=values.get("minutes", 0),
        outcome=values.get("outcome", ""),
    )


# Exports -----------------------------------------------------------------------------------------


def _companies() -> tuple[list[str], list[list[Any]]]:
    from citymade.web.portfolio.data import company_facts

    facts = {f.id: f for f in company_facts()}
    columns = ["id", "name", "slug", "enterprise_number", "legal_form", "street", "postal_code", "municipality", "founded_on", "membership", "nace_codes", "stage", "circular_models", "fte"]
    rows = []
    for c in Company.objects.order_by("name", "pk"):
        f = facts.get(c.pk)
        rows.append([
            c.pk, c.name, c.slug, c.enterprise_number, c.legal_form, c.street, c.postal_code, c.municipality,
            c.founded_on, c.membership, " ".join(c.nace_codes or []),
            f.stage if f else None, " ".join(f.models) if f else "", f.fte if f else None,
        ])
    return columns, rows


def _diagnostics() -> tuple[list[str], list[list[Any]]]:
    qs = finished_diagnostics()
    diagnostics = list(qs.select_related("company").order_by("company__name", "assessed_on", "version")) if qs is not None else []
    scores = [scores_of(d.result) for d in diagnostics]
    dimensions = sorted({k for s in scores for k in s})
    columns = ["id", "company", "company_slug", "date", "version", "state", "framework_version", "stage", *dimensions]
    rows = [
        [d.pk, d.company.name, d.company.slug, d.assessed_on, d.version, d.state, d.framework_version, stage_of(d.result),
         *[s.get(k) for k in dimensions]]
        for d, s in zip(diagnostics, scores, strict=True)
    ]
    return columns, rows


def _support_actions() -> tuple[list[str], list[list[Any]]]:
    columns = ["id", "date", "company", "company_slug", "type", "advisor", "minutes", "outcome", "diagnostic_id", "recommendation"]
    rows = [
        [a.pk, a.date, a.company.name, a.company.slug, a.type, a.advisor.username if a.advisor else "", a.minutes,
         a.outcome, a.diagnostic_id, a.recommendation]
        for a in SupportAction.objects.select_related("company", "advisor").order_by("date", "pk")
    ]
    return columns, rows


EXPORTS = {"companies": _companies, "diagnostics": _diagnostics, "support_actions": _support_actions}


def export(kind: str, fmt: str) -> tuple[str, str, bytes]:
    """``(file name, MIME type, bytes)`` of the ``kind`` table as ``csv`` or ``xlsx``."""
    columns, rows = EXPORTS[kind]()
    name = f"citymade-{kind.replace('_', '-')}"
    if fmt == "csv":
        return f"{name}.csv", "text/csv; charset=utf-8", write_csv(columns, rows)
    if fmt == "xlsx":
        return f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write_xlsx([(kind, columns, rows)])
    raise ValueError(fmt)
