"""Error pages in the visitor's language, inside the normal layout."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    from citymade.web.operations.health import (
        current_exception_is_unavailable,
        unavailable_response,
    )

    if current_exception_is_unavailable():  # e.g. the session could not be saved: say so plainly
        return unavailable_response(request)
    return render(request, "500.html", status=500)
