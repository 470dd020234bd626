"""What the OpenAPI document says beyond what ninja derives: the answers every operation may give
at the edges (413/415 for a body, 429, 500), and the spec and docs pages opened with a token too."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from citymade.web.accounts.roles import ALL_ROLES
from citymade.web.core.access import allow

__all__ = ["complete", "docs_access"]

_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
_EVERY = {
    429: "Too many requests (see `Retry-After`).",
    500: "The server failed; the error was recorded.",
}
_WITH_BODY = {
    413: "The body is over 1 MB.",
    415: "The body is not JSON.",
}
_HEADERS = {
    "ETag": {"description": "Send it back as `If-None-Match` to get 304 while unchanged.", "schema": {"type": "string"}},
}


#: Operations answering a stored document as it was stored (not validated again on the way out):
#: their 200 schema is the model the document was made with.
_STORED = {("/api/diagnostics/{diagnostic_id}/result", "get"): "Assessment"}


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the edge answers to every operation of ``schema`` (in place) and return it."""
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            model = _STORED.get((path, method))
            if model and model in schema.get("components", {}).get("schemas", {}):
                responses[200]["content"]["application/json"]["schema"] = {"$ref": f"#/components/schemas/{model}"}
            extra = dict(_EVERY)
            if "requestBody" in operation:
                extra.update(_WITH_BODY)
            if method == "get":
                extra[304] = "Not modified: the copy named by `If-None-Match` / `If-Modified-Since` is current."
                ok = responses.get(200)
                if ok is not None:
                    ok.setdefault("headers", {}).update(_HEADERS)
            for status, text in extra.items():
                if status not in responses:
                    responses[status] = {"description": text} if status == 304 else {"description": text, **_ERROR}
    return schema


def docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``/api/docs`` and ``/api/openapi.json`` for any logged-in role, by session or by token."""
    page = allow(*ALL_ROLES)(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        kind, _sep, key = header.partition(" ")
        if kind.lower() == "bearer":
            from citymade.web.accounts.tokens import authenticate_key
            from citymade.web.api import limits
            from citymade.web.api.errors import error_body

            found = authenticate_key(key.strip())
            if found is None:
                limits.bad_token(request)
                return JsonResponse(error_body(401, _("Log in, or send a personal token: Authorization: Bearer cm_…")), status=401)
            request.user = found.user
        return page(request, *args, **kwargs)

    wrapper.access = page.access  # type: ignore[attr-defined]
    return wrapper
