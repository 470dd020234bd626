"""The Region pages: key figures of production from the register, and prospects for the cluster.

Views stay thin: they open the register store read-only for the request and call the core
(:func:`citymade.register.figures.compute_figures`, :func:`citymade.register.prospects.find_prospects`).
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citymade.errors import CitymadeError
from citymade.register.figures import (
    BREAKDOWNS,
    breakdown_rows,
    compute_figures,
    figures_to_csv,
    figures_to_json,
)
from citymade.register.prospects import find_prospects, prospects_to_csv
from citymade.register.store import open_store
from citymade.text import neutralise
from citymade.web.accounts.roles import Role
from citymade.web.core.access import allow
from citymade.web.region.page import measure_from, region_page
from citymade.web.region.services import add_prospect as add_prospect_service
from citymade.web.region.services import store_path

EVERYONE = (Role.ADMIN, Role.ADVISOR, Role.OBSERVER, Role.COMPANY)
STAFF = (Role.ADMIN, Role.ADVISOR)
PROSPECT_LIMIT = 500


def _figures(request: HttpRequest) -> dict[str, Any] | None:
    path = store_path()
    if not path.exists():
        return None
    with open_store(path) as store:
        return compute_figures(store, language=get_language())


@allow(*EVERYONE)
def figures(request: HttpRequest) -> HttpResponse:
    context = region_page(get_language(), measure_from(request.GET.get("measure")))
    context["staff"] = request.user.role in STAFF
    if context["staff"]:
        context["store_path"] = store_path()
    return render(request, "region/figures.html", context)


@allow(*EVERYONE)
def download(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    data = _figures(request)
    if data is None or fmt not in ("csv", "json", "xlsx") or table not in ("figures", *BREAKDOWNS):
        raise Http404
    stem = f"production-{data['region']['key']}-{data['snapshot_date']}-{table}"
    if table == "figures" and fmt == "json":
        body, mime = figures_to_json(data).encode(), "application/json"
    elif table == "figures" and fmt == "csv":
        body, mime = figures_to_csv(data).encode(), "text/csv; charset=utf-8"
    elif table == "figures":
        raise Http404
    else:
        header, rows = breakdown_rows(data, table)
        if fmt == "xlsx":
            body, mime = _xlsx(header, rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        elif fmt == "csv":
            import csv

            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow([neutralise(h) for h in header])
            writer.writerows([neutralise(v) for v in row] for row in rows)
            body, mime = out.getvalue().encode(), "text/csv; charset=utf-8"
        else:
            import json

            body = json.dumps(data[table], ensure_ascii=False, indent=2).encode()
            mime = "application/json"
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _xlsx(header: list[str], rows: list[list[Any]]) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [neutralise(h) for h in header])
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, [neutralise(v) for v in row])
    book.close()
    return out.getvalue()


@allow(*STAFF)
def prospects(request: HttpRequest) -> HttpResponse:
    path = store_path()
    found = None
    if path.exists():
        with open_store(path) as store:
            found = find_prospects(store, language=get_language(), limit=PROSPECT_LIMIT)
        if request.GET.get("format") == "csv":
            response = HttpResponse(prospects_to_csv(found), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="prospects.csv"'
            return response
    from citymade.web.companies.models import Company

    known = set(Company.objects.exclude(enterprise_number="").values_list("enterprise_number", flat=True))
    return render(
        request,
        "region/prospects.html",
        {"prospects": found, "known": known, "limit": PROSPECT_LIMIT, "store_path": path},
    )


@allow(*STAFF)
@require_POST
def add_prospect(request: HttpRequest) -> HttpResponse:
    try:
        company, created = add_prospect_service(request.POST.get("enterprise_number", ""), user=request.user)
    except CitymadeError as exc:
        messages.error(request, exc.message)
        return redirect("region:prospects")
    if created:
        messages.success(request, _("%(name)s was added to the portfolio as a prospect.") % {"name": company.name})
    else:
        messages.info(request, _("%(name)s is already in the portfolio.") % {"name": company.name})
    return redirect("companies:detail", slug=company.slug)
