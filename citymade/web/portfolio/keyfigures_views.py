"""The key figures page for observers (and staff) and its downloads (CSV, XLSX): aggregates only."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from citymade.portfolio.tabular import write_csv, write_xlsx
from citymade.web.accounts.roles import Role
from citymade.web.core.access import allow
from citymade.web.portfolio.keyfigures import KeyFigures, Row, key_figures

__all__ = ["figures", "figures_download"]

_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}


def _text(row: Row, language: str, minimum: int) -> str:
    if row.value is None:
        if row.reason == "small":
            return _("fewer than %(minimum)d") % {"minimum": minimum}
        return _("not shown")
    fmt = "#,##0.0" if row.decimals else "#,##0"
    text = format_decimal(row.value, format=fmt, locale=_LOCALES.get(language[:2], "fr_BE"))
    return text


def shown(row: Row, language: str, minimum: int) -> dict[str, Any]:
    return {"label": row.label, "text": _text(row, language, minimum), "hidden": row.value is None, "reason": row.reason}


def _context(request: HttpRequest) -> tuple[KeyFigures, dict[str, Any]]:
    language = get_language()
    kf = key_figures(language, model=request.GET.get("model", "")[:64], stage=request.GET.get("stage", "")[:8])
    from citymade.web.region.page import long_date

    def show(row: Row) -> dict[str, Any]:
        return shown(row, language, kf.minimum)

    return kf, {
        "kf": kf,
        "minimum": kf.minimum,
        "reference": long_date(kf.reference, language),
        "total": show(kf.total),
        "sections": [(key, title, [show(r) for r in rows]) for key, title, rows in kf.sections],
        "jobs": show(kf.jobs),
        "jobs_reported": show(kf.jobs_reported),
        "review": [(label, [show(r) | {"percent": r.percent} for r in rows]) for label, rows in kf.review],
        "support": [(label, [show(r) for r in rows]) for label, rows in kf.support],
        "query": request.GET.urlencode(),
        "filtered": bool(kf.model or kf.stage),
    }


@allow(Role.ADMIN, Role.ADVISOR, Role.OBSERVER)
def figures(request: HttpRequest) -> HttpResponse:
    _kf, context = _context(request)
    return render(request, "portfolio/figures.html", context)


def _table(context: dict[str, Any]) -> tuple[list[str], list[list[Any]], list[str], list[list[Any]]]:
    kf: KeyFigures = context["kf"]
    today_header = [_("Figure"), _("Group"), _("Value")]
    today_rows: list[list[Any]] = [[_("Members and candidate members"), "", _cell(kf.total, context)]]
    for _key, title, rows in kf.sections:
        today_rows += [[title, r.label, _cell(r, context)] for r in rows]
    today_rows.append([_("Jobs (FTE)"), kf.jobs.label, _cell(kf.jobs, context)])
    today_rows.append([_("Jobs (FTE)"), kf.jobs_reported.label, _cell(kf.jobs_reported, context)])
    years_header = [_("Figure"), *(str(y) for y in kf.years)]
    years_rows = [[label, *(_cell(r, context) for r in rows)] for label, rows in kf.review]
    years_rows += [[_("Support actions") + " — " + label, *(_cell(r, context) for r in rows)] for label, rows in kf.support]
    return today_header, today_rows, years_header, years_rows


def _cell(row: Row, context: dict[str, Any]) -> Any:
    if row.value is None:
        return _text(row, get_language(), context["minimum"])
    return round(row.value, 1) if row.decimals else int(row.value)


@allow(Role.ADMIN, Role.ADVISOR, Role.OBSERVER)
def figures_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    kf, context = _context(request)
    today_header, today_rows, years_header, years_rows = _table(context)
    stem = f"citymade-key-figures-{kf.reference.isoformat()}"
    note = [[_("Reference date"), kf.reference.isoformat(), ""],
            [_("Filter"), _filter_text(kf), ""],
            [_("Groups of fewer than %(minimum)d companies are not shown.") % {"minimum": kf.minimum}, "", ""]]
    if fmt == "csv":
        body = write_csv(today_header, [*note, *today_rows, [], years_header, *years_rows])
        mime = "text/csv; charset=utf-8"
    else:
        body = write_xlsx([
            (_("Portfolio today"), today_header, [*note, *today_rows]),
            (_("Last three years"), years_header, years_rows),
        ])
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _filter_text(kf: KeyFigures) -> str:
    parts = [label for key, label in kf.models if key == kf.model] + [label for key, label in kf.stages if key == kf.stage]
    return " · ".join(parts) or _("whole portfolio")
