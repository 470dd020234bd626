"""Honest health: does the database accept a write, and a plain page when it does not.

:func:`database_accepts_writes` makes a real write (an update of one row of Django's migration
table, to the value it already has) inside a transaction that is rolled back: it fails exactly when
a save would (read-only file or server, full disk, lock held past the busy timeout, no server).
``/healthz`` answers 503 then, so a proxy or a monitor sees what users would.

:class:`UnavailableMiddleware` turns such a failure during a page (a login writes the session and
the last-login time; a save writes answers) into a 503 page in the visitor's language saying the
service cannot save right now, instead of a bare server error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.db import DatabaseError, InternalError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

#: PostgreSQL's "cannot execute … in a read-only transaction" (a standby, or read-only by setting).
READ_ONLY_SQLSTATE = "25006"


def database_accepts_writes() -> bool:
    """Whether the database takes a write now (the write is rolled back)."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE django_migrations SET app = app WHERE id = (SELECT MIN(id) FROM django_migrations)"
                )
            transaction.set_rollback(True)
    except DatabaseError:
        return False
    return True


def cannot_save(exc: BaseException | None) -> bool:
    """Whether ``exc`` means the database cannot take writes now (not a bug in a query)."""
    if isinstance(exc, OperationalError):
        return True
    cause = getattr(exc, "__cause__", None)
    return isinstance(exc, InternalError) and getattr(cause, "sqlstate", None) == READ_ONLY_SQLSTATE


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The plain 503 page, in the visitor's language (rendered without touching the database)."""
    from citymade.web.core import languages

    lang = getattr(request, "LANGUAGE_CODE", None) or languages.of_request(request, with_user=False)
    with translation.override(lang):
        body = render_to_string("operations/unavailable.html", {"lang": lang})
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "60"
    response["Content-Language"] = lang
    return response


def current_exception_is_unavailable() -> bool:
    """For the 500 handler: whether the error being handled is the database refusing writes."""
    return cannot_save(sys.exc_info()[1])


class UnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return unavailable_response(request) if cannot_save(exception) else None
