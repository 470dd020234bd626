"""Company pages: list and search, create, the company page, and the edit pages of its parts.

Views validate a form, call a service from :mod:`.services`, then render or redirect. A company
user reaches only its own company: every lookup goes through ``Company.objects.visible_to`` and
then through that company's own products, sites and contacts, so a guessed id answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citymade.web.accounts.roles import STAFF, STAFF_ROLES, Role
from citymade.web.companies import reads, services
from citymade.web.companies.forms import (
    CompanyForm,
    CompanySearchForm,
    ContactForm,
    ProductForm,
    SiteForm,
)
from citymade.web.companies.list_rows import rows_html
from citymade.web.companies.listing import company_page, parse_sort
from citymade.web.companies.models import Company, ContactPerson, Product, Site
from citymade.web.companies.panels import panels_for
from citymade.web.companies.privacy import erase_contact, export_personal_data
from citymade.web.core.access import allow

STAFF_AND_COMPANY = (Role.ADMIN, Role.ADVISOR, Role.COMPANY)
#: the list's columns: sort key and header, in order
COLUMNS = (
    # the enterprise number is shown under the name (a column of its own made the table too wide)
    ("name", gettext_lazy("Name")),
    ("municipality", gettext_lazy("Municipality")),
    ("membership", gettext_lazy("Membership")),
    ("stage", gettext_lazy("Stage")),
    ("diagnostic", gettext_lazy("Latest diagnostic")),
    ("advisor", gettext_lazy("Advisor")),
    ("contact", gettext_lazy("Last contact")),
    ("products", gettext_lazy("Products")),
)
#: what the cluster's staff follow; a company user's list leaves them out
STAFF_COLUMNS = frozenset({"stage", "diagnostic", "advisor", "contact"})
HISTORY_SIZE = reads.AUDIT_ENTRIES // 4  # 20 lines, from 80 entries


def _history(company: Company, language: str) -> list[Any]:
    """The company's latest events as sentences, consecutive saves of a diagnostic folded."""
    from citymade.web.core.events import lines_for

    # every entry is the company's: it is attached as it is rather than joined and built 80 times
    entries = reads.audit_entries(company)
    return lines_for(entries, language)[:HISTORY_SIZE]


def _visible_company(request: HttpRequest, slug: str) -> Company:
    return get_object_or_404(Company.objects.visible_to(request.user), slug=slug)


@allow(*STAFF_AND_COMPANY)
def company_list(request: HttpRequest) -> HttpResponse:
    form = CompanySearchForm(request.GET)
    companies = Company.objects.visible_to(request.user)
    filtered = False
    if form.is_valid():
        if form.cleaned_data["q"]:
            companies = companies.search(form.cleaned_data["q"])
            filtered = True
        if form.cleaned_data["membership"]:
            companies = companies.filter(membership=form.cleaned_data["membership"])
            filtered = True
    is_staff = request.user.role in STAFF_ROLES
    sort, descending = parse_sort(request.GET.get("sort"))
    if not is_staff and sort in STAFF_COLUMNS:
        sort, descending = "name", False
    page, rows = company_page(
        companies, sort=sort, descending=descending, page_number=request.GET.get("page"), language=get_language() or "fr"
    )
    kept = {k: v for k, v in ((k, form.cleaned_data.get(k) if form.is_valid() else "") for k in ("q", "membership")) if v}
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "rows_html": rows_html(rows, is_staff=is_staff),
        "companies": [row.company for row in rows],
        "filtered": filtered,
        "columns": [c for c in sort_columns(kept, sort, descending) if is_staff or c["key"] not in STAFF_COLUMNS],
        "sort": ("-" if descending else "") + sort,
        "query": urlencode({**kept, "sort": ("-" if descending else "") + sort}),
        "is_staff": is_staff,
    }
    template = "companies/_results.html" if getattr(request, "htmx", False) else "companies/list.html"
    return render(request, template, context)


def sort_columns(kept: dict[str, str], sort: str, descending: bool) -> list[dict[str, Any]]:
    """Each column's header, its sort link (the search kept, back to page 1) and its ``aria-sort``:
    a first click sorts ascending, a click on the sorted column turns the order around."""
    columns = []
    for key, title in COLUMNS:
        active = key == sort
        target = f"-{key}" if active and not descending else key
        columns.append(
            {
                "key": key,
                "title": title,
                "href": "?" + urlencode({**kept, "sort": target}),
                "aria_sort": ("descending" if descending else "ascending") if active else None,
                "numeric": key == "products",
            }
        )
    return columns


@allow(*STAFF)
def company_create(request: HttpRequest) -> HttpResponse:
    form = CompanyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        company = services.create_company(actor=request.user, data=form.changes())
        messages.success(request, _("%(name)s was created.") % {"name": company.name})
        return redirect("companies:detail", slug=company.slug)
    return render(request, "companies/company_form.html", {"form": form, "company": None})


@allow(*STAFF_AND_COMPANY)
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    company = reads.visible_by_slug_or_404(request.user, slug)
    is_staff = request.user.role in STAFF_ROLES
    history = _history(company, get_language() or "fr") if is_staff else []
    return render(
        request,
        "companies/detail.html",
        {
            "company": company,
            **reads.parts(company),
            "panels": panels_for(request, company),
            "history": history,
            "is_staff": is_staff,
        },
    )


@allow(*STAFF_AND_COMPANY)
def company_edit(request: HttpRequest, slug: str) -> HttpResponse:
    company = _visible_company(request, slug)
    form = CompanyForm(request.POST or None, instance=company, user=request.user)
    if request.method == "POST" and form.is_valid():
        company = services.update_company(company, actor=request.user, data=form.changes())
        messages.success(request, _("The changes were saved."))
        return redirect("companies:detail", slug=company.slug)
    return render(request, "companies/company_form.html", {"form": form, "company": company})


# The parts of a company (products, sites, contacts) share one shape of add / edit / delete pages.


@dataclass(frozen=True)
class Part:
    key: str
    model: type[models.Model]
    form: type[ModelForm]
    add: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    related: str
    title_add: Any
    title_edit: Any
    title_delete: Any


PARTS = {
    "product": Part(
        "product", Product, ProductForm, services.add_product, services.update_product,
        services.delete_product, "products",
        gettext_lazy("New product"), gettext_lazy("Edit product"), gettext_lazy("Delete product"),
    ),
    "site": Part(
        "site", Site, SiteForm, services.add_site, services.update_site,
        services.delete_site, "sites",
        gettext_lazy("New site"), gettext_lazy("Edit site"), gettext_lazy("Delete site"),
    ),
    "contact": Part(
        "contact", ContactPerson, ContactForm, services.add_contact, services.update_contact,
        services.delete_contact, "contacts",
        gettext_lazy("New contact person"), gettext_lazy("Edit contact person"),
        gettext_lazy("Delete contact person"),
    ),
}


def _back(company: Company, part: Part) -> str:
    return reverse("companies:detail", kwargs={"slug": company.slug}) + f"#{part.related}"


def _part_of(company: Company, part: Part, pk: int) -> Any:
    return get_object_or_404(getattr(company, part.related).all(), pk=pk)


def _add_view(part: Part) -> Callable[..., HttpResponse]:
    @allow(*STAFF_AND_COMPANY)
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        company = _visible_company(request, slug)
        form = part.form(request.POST or None)
        if request.method == "POST" and form.is_valid():
            obj = part.add(company, actor=request.user, data=form.changes())
            messages.success(request, _("“%(name)s” was added.") % {"name": obj})
            return redirect(_back(company, part))
        context = {"form": form, "company": company, "title": part.title_add, "back": _back(company, part)}
        return render(request, "companies/part_form.html", context)

    view.__name__ = view.__qualname__ = f"{part.key}_add"
    return view


def _edit_view(part: Part) -> Callable[..., HttpResponse]:
    @allow(*STAFF_AND_COMPANY)
    def view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        company = _visible_company(request, slug)
        obj = _part_of(company, part, pk)
        form = part.form(request.POST or None, instance=obj)
        if request.method == "POST" and form.is_valid():
            part.update(obj, actor=request.user, data=form.changes())
            messages.success(request, _("The changes were saved."))
            return redirect(_back(company, part))
        context = {
            "form": form,
            "company": company,
            "title": part.title_edit,
            "back": _back(company, part),
            "delete_url": reverse(f"companies:{part.key}_delete", kwargs={"slug": slug, "pk": pk}),
        }
        return render(request, "companies/part_form.html", context)

    view.__name__ = view.__qualname__ = f"{part.key}_edit"
    return view


def _delete_view(part: Part) -> Callable[..., HttpResponse]:
    @allow(*STAFF_AND_COMPANY)
    def view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        company = _visible_company(request, slug)
        obj = _part_of(company, part, pk)
        if request.method == "POST":
            name = str(obj)
            part.delete(obj, actor=request.user)
            messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
            return redirect(_back(company, part))
        context = {"object": obj, "company": company, "title": part.title_delete, "back": _back(company, part)}
        return render(request, "companies/part_delete.html", context)

    view.__name__ = view.__qualname__ = f"{part.key}_delete"
    return view


product_add, product_edit, product_delete = (f(PARTS["product"]) for f in (_add_view, _edit_view, _delete_view))
site_add, site_edit, site_delete = (f(PARTS["site"]) for f in (_add_view, _edit_view, _delete_view))
contact_add, contact_edit, contact_delete = (f(PARTS["contact"]) for f in (_add_view, _edit_view, _delete_view))


@allow(*STAFF)
def contact_personal_data(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Download everything held about one contact person (a data-subject access request)."""
    company = _visible_company(request, slug)
    contact = get_object_or_404(ContactPerson, company=company, pk=pk)
    response = JsonResponse(export_personal_data(contact), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="personal-data-contact-{contact.pk}.json"'
    return response


@require_POST
@allow(*STAFF)
def contact_erase(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Erase a contact person on request; the company's figures stay."""
    company = _visible_company(request, slug)
    contact = get_object_or_404(ContactPerson, company=company, pk=pk)
    erase_contact(contact, actor=request.user)
    messages.success(request, _("The contact person's personal data has been erased."))
    return redirect("companies:detail", slug=company.slug)
