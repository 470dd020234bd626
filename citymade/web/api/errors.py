"""One JSON shape for every error the API answers, in the caller's language.

Every refusal — ours, ninja's (validation, authentication, unreadable body), Django's (404,
permission, model validation) and a server error — comes back as::

    {"error": {"code": "not_found", "message": "…", "details": [{"loc": ["body", "name"], "message": "…"}]}}

``code`` is one of :data:`CODES` and never changes meaning; ``message`` is for people and is
translated (French by default, the language cookie, or ``Accept-Language`` for token clients);
``details`` lists what is wrong where (``loc`` is the path into the request: ``["body", "name"]``,
``["query", "limit"]``, ``["body", "answers", "c_renewable_share"]``) and is often empty.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from django.core import signals
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from citymade.errors import CitymadeError
from citymade.framework import AnswersTooLarge
from citymade.web.diagnostics.workflow import TransitionRefused

__all__ = ["CODES", "ApiError", "ErrorOut", "error_body", "errors", "install", "refused_text"]

logger = logging.getLogger("citymade.api")

#: The stable error codes, by the HTTP status that carries them.
CODES: dict[str, int] = {
    "bad_request": 400,
    "invalid_answers": 400,
    "not_authenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "conflict": 409,
    "payload_too_large": 413,
    "unsupported_media_type": 415,
    "validation": 422,
    "too_many_requests": 429,
    "server_error": 500,
}
Code = Literal[
    "bad_request",
    "invalid_answers",
    "not_authenticated",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "conflict",
    "payload_too_large",
    "unsupported_media_type",
    "validation",
    "too_many_requests",
    "server_error",
]
_CODE_OF_STATUS = {400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found",
                   405: "method_not_allowed", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 422: "validation",
                   429: "too_many_requests"}


class ErrorDetail(Schema):
    loc: list[str | int] = []
    message: str


class ErrorBody(Schema):
    code: Code
    message: str
    details: list[ErrorDetail] = []


class ErrorOut(Schema):
    """Every error of the API."""

    error: ErrorBody


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The documented error answers of an operation: ``response={200: X, **errors(401, 403, 404)}``."""
    return dict.fromkeys(statuses, ErrorOut)


class ApiError(Exception):
    """A refusal with its status, code, translated message and details."""

    def __init__(self, status: int, message: str, *, code: str | None = None, details: Iterable[Mapping[str, Any]] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _CODE_OF_STATUS.get(status, "bad_request")
        self.message = message
        self.details = [dict(d) for d in details]


def refused_text(status: int) -> str:
    """The general message of a status, when nothing more precise is known."""
    texts = {
        400: _("The request could not be read: send a JSON body."),
        401: _("Log in, or send a personal token: Authorization: Bearer cm_…"),
        403: _("You may not do this."),
        404: _("Not found, or not visible to you."),
        405: _("This method is not allowed here."),
        409: _("This conflicts with the current state of the object."),
        413: _("The request is too large."),
        415: _("Send the body as JSON (Content-Type: application/json)."),
        422: _("Some values are not valid: see the details."),
        429: _("Too many requests: try again later."),
    }
    return texts.get(status, _("The server failed to answer. The error was recorded; please try again later."))


def error_body(status: int, message: str | None = None, code: str | None = None) -> dict[str, Any]:
    """The error document of ``status`` (for answers made outside an operation)."""
    code = code or _CODE_OF_STATUS.get(status, "server_error" if status >= 500 else "bad_request")
    return {"error": {"code": code, "message": message or refused_text(status), "details": []}}


def _response(api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, details: Iterable[Mapping[str, Any]] = ()) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "details": [dict(d) for d in details]}}
    return api.create_response(request, body, status=status)


# Pydantic's messages are English; the common ones are said again in the caller's language.
def _pydantic_message(error: Mapping[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    known = {
        "missing": lambda: _("This field is required."),
        "extra_forbidden": lambda: _("This field is not expected here."),
        "int_parsing": lambda: _("Enter a whole number."),
        "int_type": lambda: _("Enter a whole number."),
        "int_from_float": lambda: _("Enter a whole number."),
        "float_parsing": lambda: _("Enter a number."),
        "float_type": lambda: _("Enter a number."),
        "decimal_parsing": lambda: _("Enter a number."),
        "decimal_type": lambda: _("Enter a number."),
        "bool_parsing": lambda: _("Enter true or false."),
        "bool_type": lambda: _("Enter true or false."),
        "string_type": lambda: _("Enter a text."),
        "list_type": lambda: _("Enter a list."),
        "dict_type": lambda: _("Enter an object."),
        "model_attributes_type": lambda: _("Enter an object."),
        "model_type": lambda: _("Enter an object."),
        "date_parsing": lambda: _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": lambda: _("Enter a date as YYYY-MM-DD."),
        "date_type": lambda: _("Enter a date as YYYY-MM-DD."),
        "datetime_type": lambda: _("Enter a date and time as YYYY-MM-DDTHH:MM:SSZ."),
        "datetime_parsing": lambda: _("Enter a date and time as YYYY-MM-DDTHH:MM:SSZ."),
        "greater_than_equal": lambda: _("Enter a value of at least %(limit)s.") % {"limit": ctx.get("ge")},
        "greater_than": lambda: _("Enter a value above %(limit)s.") % {"limit": ctx.get("gt")},
        "less_than_equal": lambda: _("Enter a value of at most %(limit)s.") % {"limit": ctx.get("le")},
        "less_than": lambda: _("Enter a value below %(limit)s.") % {"limit": ctx.get("lt")},
        "string_too_long": lambda: _("Enter at most %(limit)s characters.") % {"limit": ctx.get("max_length")},
        "string_too_short": lambda: _("Enter at least %(limit)s characters.") % {"limit": ctx.get("min_length")},
        "too_long": lambda: _("Enter at most %(limit)s items.") % {"limit": ctx.get("max_length")},
        "literal_error": lambda: _("Choose one of %(choices)s.") % {"choices": ctx.get("expected", "")},
        "enum": lambda: _("Choose one of %(choices)s.") % {"choices": ctx.get("expected", "")},
    }
    make = known.get(kind)
    return make() if make else str(error.get("msg", kind))


def _loc(parts: Iterable[Any]) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in parts]


def _django_details(exc: DjangoValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {"loc": ["body"] if field == "__all__" else ["body", field], "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"loc": ["body"], "message": message} for message in exc.messages]


def install(api: NinjaAPI) -> None:
    """Make every error of ``api`` answer with :class:`ErrorOut`."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return _response(api, request, exc.status, exc.code, exc.message, exc.details)

    @api.exception_handler(NinjaValidationError)
    def validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        details = [{"loc": _loc(e.get("loc", ())), "message": _pydantic_message(e)} for e in exc.errors]
        return _response(api, request, 422, "validation", refused_text(422), details)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        if isinstance(exc, AuthenticationError) or status == 401:
            return _response(api, request, 401, "not_authenticated", refused_text(401))
        if status == 400:
            # ninja's "Cannot parse request body" (English): say it in the caller's language.
            cause = exc.__cause__
            if isinstance(cause, ApiError):  # our parser's refusal (NUL, control character, size)
                return _response(api, request, cause.status, cause.code, cause.message, cause.details)
            return _response(api, request, 400, "bad_request", refused_text(400))
        if exc.message == "CSRF check Failed":  # ninja's session check, in English
            return _response(api, request, 403, "forbidden", _("The CSRF check failed: reload the page, or use a personal token."))
        # Other HttpErrors come from our permission layer, already translated.
        return _response(api, request, status, _CODE_OF_STATUS.get(status, "bad_request"), exc.message or refused_text(status))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _response(api, request, 404, "not_found", refused_text(404))

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _response(api, request, 403, "forbidden", refused_text(403))

    @api.exception_handler(DjangoValidationError)
    def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return _response(api, request, 422, "validation", refused_text(422), _django_details(exc))

    @api.exception_handler(TransitionRefused)
    def transition_refused(request: HttpRequest, exc: TransitionRefused) -> HttpResponse:
        code = "invalid_answers" if exc.status == 400 else _CODE_OF_STATUS.get(exc.status, "forbidden")
        return _response(api, request, exc.status, code, exc.message)

    @api.exception_handler(AnswersTooLarge)
    def answers_too_large(request: HttpRequest, exc: AnswersTooLarge) -> HttpResponse:
        details = [{"loc": ["body", exc.location.field if exc.location and exc.location.field else "products"], "message": exc.message}]
        return _response(api, request, 422, "validation", exc.message, details)

    @api.exception_handler(CitymadeError)
    def citymade_error(request: HttpRequest, exc: CitymadeError) -> HttpResponse:
        details = [{"loc": ["body"], "message": problem} for problem in exc.problems]
        return _response(api, request, 400, "invalid_answers", exc.message, details)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
        # Tell Django's machinery (error reports; the test client re-raises it).
        signals.got_request_exception.send(sender=None, request=request)
        return _response(api, request, 500, "server_error", refused_text(500))
