"""Export tables as CSV/XLSX; imports are in :mod:`.loading` (re-exported here)."""

from __future__ import annotations

from typing import Any

from citymade.portfolio.tabular import write_csv, write_xlsx
from citymade.web.companies.models import Company
from citymade.web.portfolio.data import finished_diagnostics, scores_of, stage_of
from citymade.web.portfolio.loading import ImportOutcome, import_file
from citymade.web.portfolio.models import SupportAction

__all__ = ["EXPORTS", "ImportOutcome", "export", "import_file"]


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
