"""citymade's own error pages (400, 403, 404, 500 and a refused form token), in the visitor's
language, inside the normal layout — under ``make run`` as on a production server (Django's
technical pages only with ``CITYMADE_DEBUG_PAGES=1``, see the settings)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation

from citymade.web.core import languages


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a missing or stale security token (an old tab, cookies blocked)."""
    return render(request, "403.html", {"csrf": True}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    from citymade.web.operations.health import (
        current_exception_is_unavailable,
        unavailable_response,
    )

    if current_exception_is_unavailable():  # e.g. the session could not be saved: say so plainly
        return unavailable_response(request)
    # Rendered without the request's context (no user, no navigation): whatever broke the page
    # must not break this one. The language was decided before the error, or is read again
    # without touching the database.
    lang = getattr(request, "LANGUAGE_CODE", None) or languages.of_request(request, with_user=False)
    with translation.override(lang):
        body = render_to_string("500.html", {"lang": lang})
    response = HttpResponse(body, status=500, content_type="text/html; charset=utf-8")
    response["Content-Language"] = lang
    return response
