"""Portfolio pages: dashboard, annual review, key figures, follow-up forms, groups, import/export.

Views validate a form, call a service, render or redirect. Everything is for cluster staff except
the key figures page, which shows observers (and staff) aggregates of at least five companies.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from citymade.i18n import gettext as core_gettext
from citymade.portfolio import vocabulary
from citymade.portfolio.dashboard import participation_by_organisation
from citymade.portfolio.document import figure_rows, support_family_rows
from citymade.portfolio.importing import KIND_LABELS, KINDS, template
from citymade.portfolio.review import REVIEW_KEYS
from citymade.web.accounts.roles import STAFF
from citymade.web.companies.models import Company
from citymade.web.core.access import allow
from citymade.web.core.links import links
from citymade.web.portfolio import services
from citymade.web.portfolio.dashboards import chart_html, filters_from
from citymade.web.portfolio.dashboards import dashboard as dashboard_data
from citymade.web.portfolio.data import (
    attendance_records,
    finished_diagnostics,
    review_data,
    reviews_for,
)
from citymade.web.portfolio.forms import (
    AttendanceForm,
    EventForm,
    ImportForm,
    JobsForm,
    MilestoneForm,
    PartnerForm,
    PivotForm,
    StatusForm,
    SupportActionForm,
    WorkingGroupForm,
)
from citymade.web.portfolio.loading import IMPORTS, template_file
from citymade.web.portfolio.models import Event, Partner, SupportAction, WorkingGroup
from citymade.web.portfolio.reviewing import FORMATS, review_for, source_rows, years_with_data
from citymade.web.portfolio.reviewing import render as render_review
from citymade.web.portfolio.transfer import EXPORTS, export

PAGE_SIZE = 50


def _company(request: HttpRequest, slug: str) -> Company:
    return get_object_or_404(Company.objects.visible_to(request.user), slug=slug)


def _download(name: str, mime: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@allow(*STAFF)
def dashboard(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request.GET)
    context = dashboard_data(filters, get_language())
    context["filters"] = filters
    return render(request, "portfolio/dashboard.html", context)


def _year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year - 1
    if not 1990 <= year <= timezone.localdate().year:
        raise Http404
    return year


def _figure_rows(rows: list[Any], year: int) -> list[tuple[Any, str, SafeString]]:
    """Each key figure's row with its records' address and its "n records" (worded once per row,
    not by template nodes)."""
    url = links("portfolio:review_figure", "key", year=year)
    return [
        (row, url(row.key), mark_safe(  # noqa: S308 - the count is escaped, the words are ours
            ngettext("%(count)s record", "%(count)s records", row.records) % {"count": escape(localize(row.records))}
        ))
        for row in rows
    ]


@allow(*STAFF)
def review(request: HttpRequest, year: int | None = None) -> HttpResponse:
    from citymade.portfolio.board import board_charts, breakdown_tables
    from citymade.web.portfolio.board import board_for

    year = _year(year if year is not None else request.GET.get("year"))
    data = review_data()
    result, previous = reviews_for(year, year - 1, data=data)
    board = board_for(result, previous, language=get_language(), data=data)
    rows = board.rows()
    return render(
        request,
        "portfolio/review.html",
        {
            "year": year,
            "years": years_with_data(data) or [year],
            "rows": rows,
            "figure_rows": _figure_rows(rows, year),
            "has_targets": any(r.target is not None for r in rows),
            "narrative": board.narrative,
            "breakdowns": breakdown_tables(board),
            "charts": [chart_html(chart) for chart in board_charts(board)],
            "support_families": support_family_rows(result),
            "formats": FORMATS,
        },
    )


@allow(*STAFF)
def review_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    this, previous = reviews_for(_year(year), _year(year) - 1)
    return _download(*render_review(this, fmt, language=get_language(), previous=previous))


@allow(*STAFF)
def review_figure(request: HttpRequest, year: int, key: str) -> HttpResponse:
    if key not in REVIEW_KEYS or key == "year":
        raise Http404
    result = review_for(_year(year))
    row = next(r for r in figure_rows(result) if r.key == key)
    return render(request, "portfolio/review_figure.html", {"year": result.year, "row": row, "records": source_rows(result, key)})


@allow(*STAFF)
def support_list(request: HttpRequest) -> HttpResponse:
    """All support actions, filtered by company, advisor, type and period (kept in the URL)."""
    from citymade.web.portfolio.forms import SupportFilterForm

    params = request.GET.copy()
    params.pop("page", None)
    form = SupportFilterForm(params or None)
    actions = form.apply(SupportAction.objects.select_related("company", "advisor"))
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    for action in page.object_list:
        action.type_label = vocabulary.label("support", action.type, language)
    return render(request, "portfolio/support_list.html", {"page": page, "form": form, "query": params.urlencode()})


def _recommendations(company: Company, language: str) -> list[tuple[str, str]]:
    """``("<diagnostic id>:<recommendation id>", title)`` of the company's latest finished diagnostic."""
    from citymade.i18n import resolve

    qs = finished_diagnostics()
    latest = qs.filter(company=company).order_by("-assessed_on", "-version").first() if qs is not None else None
    if latest is None:
        return []
    return [
        (f"{latest.pk}:{r['id']}", resolve(r.get("title"), language))
        for r in (latest.result or {}).get("recommendations") or []
    ]


def _form_page(request: HttpRequest, company: Company, form: Any, title: str) -> HttpResponse:
    return render(request, "portfolio/company_form.html", {"company": company, "form": form, "title": title})


@allow(*STAFF)
def support_create(request: HttpRequest, slug: str) -> HttpResponse:
    company = _company(request, slug)
    form = SupportActionForm(
        request.POST or None, recommendations=_recommendations(company, get_language()), initial={"advisor": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        services.record_support_action(company, actor=request.user, **form.values(advisor=request.user))
        messages.success(request, _("The support action was recorded."))
        return redirect("companies:detail", slug=company.slug)
    return _form_page(request, company, form, _("Record a support action"))


@allow(*STAFF)
def plan_item_edit(request: HttpRequest, slug: str, diagnostic_id: int, recommendation: str) -> HttpResponse:
    """Give a recommendation of the company's action plan an owner, a due date and a status."""
    from citymade.web.portfolio.forms import PlanItemForm
    from citymade.web.portfolio.plan import plan_of

    company = _company(request, slug)
    entry = next((e for e in plan_of(company, get_language()) if e["diagnostic_id"] == diagnostic_id and e["id"] == recommendation), None)
    if entry is None:
        raise Http404(_("This recommendation is not in the company's action plan."))
    item = entry["item"]
    form = PlanItemForm(request.POST or None, initial={"status": entry["status"], "owner": item.owner_id, "due_on": item.due_on})
    if request.method == "POST" and form.is_valid():
        services.update_plan_item(item, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The action plan was updated."))
        return redirect("companies:detail", slug=company.slug)
    return _form_page(request, company, form, entry["title"])


@allow(*STAFF)
def contact_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a contact from the dashboard's attention list, in one click (POST)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    company = _company(request, slug)
    services.record_contact(company, actor=request.user, note=request.POST.get("note", ""))
    messages.success(request, _("A contact with %(name)s was recorded today.") % {"name": company.name})
    # back to the advisor's home page when recorded from there, else to the dashboard
    return redirect("core:home" if request.POST.get("next") == reverse("core:home") else "portfolio:dashboard")


@allow(*STAFF)
def support_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(SupportAction.objects.visible_to(request.user).select_related("company"), pk=pk)
    company = action.company
    linked = SupportActionForm.linked(action)
    recommendations = _recommendations(company, get_language())
    if linked and linked not in dict(recommendations):
        recommendations.append((linked, action.recommendation))  # answered an older diagnostic
    form = SupportActionForm(request.POST or None, initial=SupportActionForm.initial_for(action), recommendations=recommendations)
    if request.method == "POST" and form.is_valid():
        services.update_support_action(action, actor=request.user, **form.values(advisor=action.advisor))
        messages.success(request, _("The support action was changed."))
        return redirect("companies:detail", slug=company.slug)
    return _form_page(request, company, form, _("Change a support action"))


@allow(*STAFF)
def status_change(request: HttpRequest, slug: str) -> HttpResponse:
    company = _company(request, slug)
    form = StatusForm(request.POST or None, initial={"to": company.membership})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.change_status(company, to=data["to"], date=data["date"], note=data["note"], actor=request.user)
        messages.success(request, _("The membership status was changed."))
        return redirect("companies:detail", slug=company.slug)
    return _form_page(request, company, form, _("Change the membership status"))


@allow(*STAFF)
def pivot_create(request: HttpRequest, slug: str) -> HttpResponse:
    company = _company(request, slug)
    form = PivotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_pivot(company, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The pivot was recorded."))
        return redirect("companies:detail", slug=company.slug)
    return _form_page(request, company, form, _("Record a pivot"))


@allow(*STAFF)
def milestone_create(request: HttpRequest, slug: str) -> HttpResponse:
    company = _company(request, slug)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_milestone(company, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The milestone was recorded."))
        return redirect("companies:detail", slug=company.slug)
    return _form_page(request, company, form, _("Record a milestone"))


@allow(*STAFF)
def jobs_create(request: HttpRequest, slug: str) -> HttpResponse:
    company = _company(request, slug)
    form = JobsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_jobs(company, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The jobs figure was recorded."))
        return redirect("companies:detail", slug=company.slug)
    return _form_page(request, company, form, _("Record jobs"))


@allow(*STAFF)
def partners(request: HttpRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.add_partner(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": partner.name})
            return redirect("portfolio:partners")
    return render(request, "portfolio/partners.html", {"partners": Partner.objects.all(), "form": form})


@allow(*STAFF)
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a partner: its dates (an end of partnership set later), kind, name, website."""
    partner = get_object_or_404(Partner, pk=pk)
    form = PartnerForm(request.POST or None, instance=partner) if request.method == "POST" else PartnerForm(instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_partner(Partner.objects.get(pk=pk), actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s was changed.") % {"name": form.cleaned_data["name"]})
            return redirect("portfolio:partners")
    return render(request, "portfolio/partner_form.html", {"partner": partner, "form": form})


@allow(*STAFF)
def groups(request: HttpRequest) -> HttpResponse:
    """Working groups and events, with participation rates per organisation and overall."""
    posted = request.POST.get("form")
    form = EventForm(request.POST if posted == "event" else None)
    group_form = WorkingGroupForm(request.POST if posted == "group" else None, prefix="group")
    if posted == "event" and form.is_valid():
        event = services.create_event(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The event was created; now mark who was invited and who came."))
        return redirect("portfolio:attendance", event_id=event.pk)
    if posted == "group" and group_form.is_valid():
        group = group_form.save(commit=False)
        services.save_working_group(
            group, actor=request.user, members=group_form.cleaned_data["members"], partners=group_form.cleaned_data["partners"]
        )
        messages.success(request, _("The working group %(name)s was saved.") % {"name": group.name})
        return redirect("portfolio:groups")
    records = attendance_records()
    rates = participation_by_organisation(records)
    names = dict(Company.objects.values_list("pk", "name"))
    partner_names = dict(Partner.objects.values_list("pk", "name"))
    organisations = sorted(
        (
            {"name": (names if kind == "company" else partner_names).get(pk, "?"), "attended": a, "invited": i, "rate": a / i if i else None}
            for (kind, pk), (a, i) in rates.items()
        ),
        key=lambda r: r["name"],
    )
    invited = sum(r["invited"] for r in organisations)
    attended = sum(r["attended"] for r in organisations)
    return render(
        request,
        "portfolio/groups.html",
        {
            "groups": WorkingGroup.objects.prefetch_related("members", "partners"),
            "events": Event.objects.select_related("working_group")[:30],
            "organisations": organisations,
            "overall": attended / invited if invited else None,
            "form": form,
            "group_form": group_form,
        },
    )


@allow(*STAFF)
def attendance(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("working_group"), pk=event_id)
    fill = request.GET.get("fill", "")
    form = AttendanceForm(request.POST or None, event=event, fill=fill if fill in AttendanceForm.FILLS else "")
    if request.method == "POST" and form.is_valid():
        services.set_attendance(event, actor=request.user, companies=form.pairs(), partners=form.partner_pairs())
        messages.success(request, _("The attendance was saved."))
        return redirect("portfolio:groups")
    return render(request, "portfolio/attendance.html", {"event": event, "form": form})


@allow(*STAFF)
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = IMPORTS[form.cleaned_data["kind"]](
            upload.name, upload.read(), actor=request.user, dry_run=form.cleaned_data["dry_run"],
            date_on_import_day=form.cleaned_data["date_on_import_day"],
        )
        if outcome.ok and not outcome.dry_run:
            messages.success(request, _("%(count)d rows were imported.") % {"count": outcome.created})
            return redirect("portfolio:import")
    kinds = [(kind, core_gettext(KIND_LABELS[kind]), template(kind)[1]) for kind in KINDS]
    return render(request, "portfolio/import.html", {"form": form, "outcome": outcome, "kinds": kinds})


@allow(*STAFF)
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """An empty file of ``kind`` with its headers in the user's language (CSV, or XLSX with a help sheet)."""
    if kind not in KINDS or fmt not in ("csv", "xlsx"):
        raise Http404
    return _download(*template_file(kind, fmt))


@allow(*STAFF)
def export_page(request: HttpRequest) -> HttpResponse:
    return render(request, "portfolio/export.html", {"kinds": list(EXPORTS)})


@allow(*STAFF)
def export_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in EXPORTS or fmt not in ("csv", "xlsx"):
        raise Http404
    return _download(*export(kind, fmt))
