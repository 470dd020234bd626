from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.i18n import set_language as django_set_language

from citymade.web.accounts.roles import ALL_ROLES, Role
from citymade.web.core import languages
from citymade.web.core.access import allow
from citymade.web.core.forms import AuditSearchForm
from citymade.web.core.models import AuditEntry


@allow(*ALL_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    """What the logged-in user has to do next, by role (see :mod:`citymade.web.core.home`): a
    company user's open diagnostic first (an advisor may have opened it for them to fill in alone)."""
    from citymade.web.core.home import blocks_for

    context: dict[str, object] = {"role": request.user.role, **blocks_for(request.user, request.LANGUAGE_CODE)}
    return render(request, "core/home.html", context)


@allow(anonymous=True)
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language (POST form, works without JavaScript): in this browser (cookie) and, for a
    logged-in user, on their account, so every page, PDF and e-mail follows it everywhere."""
    response = django_set_language(request)
    chosen = request.POST.get("language", "") if request.method == "POST" else ""
    user = request.user
    if chosen in languages.CODES and user.is_authenticated and user.language != chosen:
        user.language = chosen
        user.save(update_fields=["language"])
    return response


@allow(anonymous=True)
def healthz(request: HttpRequest) -> HttpResponse:
    """Health probe for the reverse proxy: "ok" only when the database accepts a write."""
    from citymade.web.operations.health import database_accepts_writes

    if not database_accepts_writes():
        return HttpResponse("not ok: the database does not accept writes", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@allow(Role.ADMIN)
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit trail, searchable by the administrator (who, what, when, which company)."""
    form = AuditSearchForm(request.GET or None)
    entries = AuditEntry.objects.select_related("actor", "company")
    if form.is_valid():
        entries = form.filter(entries)
    from citymade.web.core.events import lines_for

    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    lines = lines_for(page.object_list, request.LANGUAGE_CODE)
    return render(request, "core/audit.html", {"form": form, "page": page, "lines": lines, "query": query.urlencode()})
