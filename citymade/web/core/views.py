from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.i18n import set_language as django_set_language

from citymade.web.accounts.roles import ALL_ROLES
from citymade.web.core.access import allow


@allow(*ALL_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    """What the logged-in user can do with citymade, by role."""
    return render(request, "core/home.html", {"role": request.user.role})


@allow(anonymous=True)
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language (POST form, works without JavaScript)."""
    return django_set_language(request)


@allow(anonymous=True)
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe for the reverse proxy."""
    return HttpResponse("ok", content_type="text/plain")
