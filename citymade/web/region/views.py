"""The Region pages: key figures of production from the register, and prospects for the cluster.

Views stay thin: they open the register store read-only for the request and call the core
(:func:`citymade.register.figures.compute_figures`, :func:`citymade.register.prospects.find_prospects`).
"""

from __future__ import annotations

import dataclasses
import io
import re
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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
from citymade.web.region.forms import ProspectFilterForm
from citymade.web.region.models import REASON_LENGTH, DismissedProspect
from citymade.web.region.page import measure_from, region_page
from citymade.web.region.services import add_prospect as add_prospect_service
from citymade.web.region.services import dismiss_prospect as dismiss_prospect_service
from citymade.web.region.services import restore_prospect as restore_prospect_service
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


def _bounded(request: HttpRequest, name: str, pattern: str) -> str:
    value = request.GET.get(name, "")[:40]
    return value if re.fullmatch(pattern, value) else ("" if not value else "?")


@allow(*STAFF)
def prospects(request: HttpRequest) -> HttpResponse:
    if request.GET.get("show") == "dismissed":
        return _dismissed(request)
    path = store_path()
    found = None
    dismissed = set(DismissedProspect.objects.values_list("enterprise_number", flat=True))
    filters = {
        "model": _bounded(request, "model", r"[a-z_]{1,40}"),
        "municipality": _bounded(request, "municipality", r"\d{4}"),
        "division": _bounded(request, "division", r"\d{2}"),
    }
    if path.exists():
        with open_store(path) as store:
            found = find_prospects(
                store, language=get_language(), limit=PROSPECT_LIMIT, exclude=dismissed,
                **{k: v or None for k, v in filters.items()},
            )
        if request.GET.get("format") == "csv":
            response = HttpResponse(prospects_to_csv(found.prospects), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="prospects.csv"'
            return response
    form = ProspectFilterForm(request.GET or None, found=found)
    if request.GET and not form.is_valid():
        found = found and dataclasses.replace(found, prospects=[], total=0)
    from citymade.web.companies.models import Company

    known = dict(Company.objects.exclude(enterprise_number="").values_list("enterprise_number", "slug"))
    query = urlencode({k: v for k, v in filters.items() if v and v != "?"})
    return render(
        request,
        "region/prospects.html",
        {
            "found": found,
            "prospects": found.prospects if found else None,
            "rows": [(p, known.get(p.enterprise_number)) for p in found.prospects] if found else [],
            "form": form,
            "limit": PROSPECT_LIMIT,
            "store_path": path,
            "query": query,
            "dismissed_count": len(dismissed),
            "reason_length": REASON_LENGTH,
        },
    )


def _dismissed(request: HttpRequest) -> HttpResponse:
    dismissals = DismissedProspect.objects.select_related("dismissed_by")[:PROSPECT_LIMIT]
    return render(
        request, "region/prospects_dismissed.html",
        {"dismissals": dismissals, "count": DismissedProspect.objects.count(), "limit": PROSPECT_LIMIT},
    )


def _back(request: HttpRequest) -> str:
    """Back to the list the form was sent from (its filters kept), never to another site."""
    back = request.POST.get("next", "")
    prefix = reverse("region:prospects")
    return back if back.startswith(prefix) and len(back) <= 300 else prefix


@allow(*STAFF)
@require_POST
def add_prospect(request: HttpRequest) -> HttpResponse:
    try:
        company, created = add_prospect_service(request.POST.get("enterprise_number", "")[:40], user=request.user)
    except CitymadeError as exc:
        messages.error(request, exc.message)
        return redirect(_back(request))
    if created:
        messages.success(request, _("%(name)s was added to the portfolio as a prospect.") % {"name": company.name})
    else:
        messages.info(request, _("%(name)s is already in the portfolio.") % {"name": company.name})
    return redirect("companies:detail", slug=company.slug)


@allow(*STAFF)
@require_POST
def dismiss_prospect(request: HttpRequest) -> HttpResponse:
    try:
        dismissal, created = dismiss_prospect_service(
            request.POST.get("enterprise_number", "")[:40], reason=request.POST.get("reason", "")[:2000], user=request.user
        )
    except CitymadeError as exc:
        messages.error(request, exc.message)
        return redirect(_back(request))
    if created:
        messages.success(
            request,
            _("%(name)s is no longer listed as a prospect. You can undo this from the dismissed prospects.")
            % {"name": str(dismissal)},
        )
    else:
        messages.info(request, _("%(name)s was already dismissed.") % {"name": str(dismissal)})
    return redirect(_back(request))


@allow(*STAFF)
@require_POST
def restore_prospect(request: HttpRequest) -> HttpResponse:
    try:
        dismissal = restore_prospect_service(request.POST.get("enterprise_number", "")[:40], user=request.user)
    except CitymadeError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("region:prospects") + "?show=dismissed")
    if dismissal is None:
        messages.info(request, _("This enterprise was not dismissed."))
    else:
        messages.success(request, _("%(name)s is listed as a prospect again.") % {"name": str(dismissal)})
    return redirect(reverse("region:prospects") + "?show=dismissed")
