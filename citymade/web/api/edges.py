"""The API's edges: answers made outside an operation still have the JSON error shape.

Django answers an unknown ``/api/…`` path or a trailing slash (404) and a server error raised
outside an operation (500) with HTML pages, and ninja a method an operation does not take with a
plain-text 405. Under ``/api/`` this middleware replaces every such answer (an error status, not
JSON) with :func:`citymade.web.api.errors.error_body` in the caller's language, decided as for
pages (:mod:`citymade.web.core.languages`): a logged-in user's choice, the language cookie, the
first of fr, nl, en in ``Accept-Language``, else French. Headers that matter (``Allow`` of a
405, ``Retry-After``) are kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from citymade import i18n

__all__ = ["ApiEdgeMiddleware", "is_api", "language_of"]

PREFIX = "/api/"
_KEPT = ("Allow", "Retry-After")


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(PREFIX) or request.path_info == PREFIX.rstrip("/")


def language_of(request: HttpRequest) -> str:
    """The language an API answer is in: the pages' rule (see the module's description)."""
    from citymade.web.core import languages

    return languages.of_request(request)


class ApiEdgeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_api(request) or response.status_code < 400 or getattr(response, "streaming", False):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        return self._json_error(request, response)

    @staticmethod
    def _json_error(request: HttpRequest, original: HttpResponse) -> HttpResponse:
        from citymade.web.api.errors import error_body

        lang = language_of(request)
        with translation.override(lang), i18n.use_language(lang):
            body = error_body(original.status_code)
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False), status=original.status_code, content_type="application/json; charset=utf-8"
        )
        for header in _KEPT:
            if header in original:
                response[header] = original[header]
        response["Content-Language"] = lang
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response
