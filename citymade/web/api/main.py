"""The API object: authentication, the role check before anything is read, errors and language.

Routers of each area are added in their own modules (:mod:`.routes` imports them).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth

from citymade import __version__, i18n
from citymade.text import control_characters
from citymade.web.api import errors, limits, openapi
from citymade.web.api.caching import conditional
from citymade.web.core.access import SAFE_METHODS, Access

DESCRIPTION = """\
Companies, products, sites, diagnostics, support actions, the annual review and the register
figures of citymade. Every operation checks the caller's role (the same rules as the pages): a
company user reaches only its own company (another company's objects answer 404), observers read
aggregates only.

**Authentication.** Scripts send a personal token created at `/accounts/tokens/`:
`Authorization: Bearer cm_…`. A *read* token may only use GET; a *write* token may also create,
change and delete. In the browser, the session is used (writes need the CSRF token).

**Errors.** Every error has the same JSON shape:

```json
{"error": {"code": "validation", "message": "Some values are not valid: see the details.",
           "details": [{"loc": ["body", "name"], "message": "This field is required."}]}}
```

`code` is stable: `bad_request` (400, unreadable body), `invalid_answers` (400, an answers document
the framework refuses), `not_authenticated` (401), `forbidden` (403, role or read-only token),
`not_found` (404, missing or not visible to you), `conflict` (409, e.g. a submitted diagnostic is
immutable, or someone else saved since you loaded), `method_not_allowed` (405), `payload_too_large`
(413, a body over 1 MB), `unsupported_media_type` (415, a body that is not JSON), `validation` (422,
also an answers document of more than 50 products), `too_many_requests` (429), `server_error`
(500). An unknown path under `/api/` (a trailing slash included) answers `not_found` the same way.
`message` is in the caller's language: French by default, the language cookie, or for token
clients the first of `fr`, `nl`, `en` in `Accept-Language`.

**Caching and limits.** Successful reads carry an `ETag` (and `Last-Modified` where the object has
a change time): send it back as `If-None-Match` (or `If-Modified-Since`) to get `304 Not Modified`.
Requests are counted per token and per address; over the limit (and after repeated unknown tokens)
the answer is `429 too_many_requests` with `Retry-After` in seconds.

**Bulk export.** `GET /api/results` answers every visible company's latest finished result in one
call (`?all=true`: every finished diagnostic), as JSON `{"items": [...], "count": N}` or as CSV
(`?format=csv` or `Accept: text/csv`). Observers read the anonymised counts at
`GET /api/portfolio/figures` instead.

**Pagination.** Every list takes `limit` (1–200, default 50) and `offset` (default 0) or `cursor`,
and answers `{"items": [...], "count": N, "next": "/api/…?cursor=…"}` where `count` is the number of
items in the whole list. Lists have a stable order ending with the id; following `next` (a keyset
cursor) no row is seen twice or missed while others are added. Diagnostics filter by `status`,
`company`, `updated_since`, `date_from`/`date_to` and sort by `ordering` (`-date`, `date`,
`updated_at`, `-updated_at`); companies by `q`, `membership` and `updated_since`.
"""


class _Session(SessionAuth):
    """The browser session (CSRF-checked for writes)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


def _use_accept_language(request: HttpRequest) -> None:
    """A script (token client) may ask for its language with ``Accept-Language``; browsers keep
    the site's rule (the language cookie, else French)."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return
    header = request.headers.get("Accept-Language", "")
    from django.utils.translation.trans_real import parse_accept_lang_header

    for code, _quality in parse_accept_lang_header(header[:200]):
        lang = code.split("-")[0].lower()
        if lang in i18n.LANGUAGES:
            translation.activate(lang)
            i18n.set_language(lang)
            request.LANGUAGE_CODE = lang
            return


class _PersonalToken(HttpBearer):
    """``Authorization: Bearer cm_…`` — a personal token; its scope is checked with the role."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from citymade.web.accounts.tokens import authenticate_key

        found = authenticate_key(token)
        if found is None:
            limits.bad_token(request)  # repeated bad tokens from one address are slowed down (429)
            return None
        request.api_token = found  # type: ignore[attr-defined]
        _use_accept_language(request)
        return found.user


class _RoleChecked:
    """An authentication callback that also applies the operation's ``api_allow`` rule, and refuses
    query parameters the operation does not know.

    So a role that may not use an operation is refused (403) before its parameters or body are
    read: an observer gets 403 for any body, not a list of validation errors. ``api_allow`` still
    runs inside the operation (it is the declared rule; this only applies it earlier). A misspelt
    parameter (``?limt=5``) is refused (422) rather than silently ignored.
    """

    def __init__(self, inner: Callable[[HttpRequest], Any], rule: Access, query_names: frozenset[str]) -> None:
        self.inner = inner
        self.rule = rule
        self.query_names = query_names

    def __getattr__(self, name: str) -> Any:  # OpenAPI security schemes are read from the inner one
        if name in ("inner", "rule", "query_names") or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.inner, name)

    def __call__(self, request: HttpRequest) -> Any:
        user = self.inner(request)
        if not user:
            return user
        if not self.rule.permits(user):
            raise HttpError(403, _("Your role may not use this operation."))
        token = getattr(request, "api_token", None)
        if token is not None and token.scope != "write" and request.method not in SAFE_METHODS:
            raise HttpError(403, _("This token may only read; create a token with the write scope."))
        unknown = sorted(set(request.GET) - self.query_names)
        if unknown:
            raise errors.ApiError(
                422,
                errors.refused_text(422),
                details=[{"loc": ["query", name[:100]], "message": _("This parameter is not expected here.")} for name in unknown],
            )
        return user


_CHECKED: dict[str, type[_RoleChecked]] = {}


def _named(inner: Any) -> type[_RoleChecked]:
    """A :class:`_RoleChecked` named after the scheme it wraps: OpenAPI names a security scheme by
    its class, so ``PersonalToken`` (Bearer) and ``Session`` (cookie) both appear."""
    name = type(inner).__name__.lstrip("_")
    if name not in _CHECKED:
        _CHECKED[name] = type(name, (_RoleChecked,), {})
    return _CHECKED[name]


def _query_names(operation: Any) -> frozenset[str]:
    from ninja.params.models import QueryModel

    return frozenset(
        name for model in operation.models if issubclass(model, QueryModel) for name in model.__ninja_flatten_map__
    )


def _check_before_reading(run: Callable[..., Any]) -> Callable[..., Any]:
    operation = getattr(run, "__self__", None)
    rule = getattr(getattr(operation, "view_func", None), "access", None)
    if operation is not None and rule is not None:
        names = _query_names(operation)
        operation.auth_callbacks = [_named(cb)(cb, rule, names) for cb in operation.auth_callbacks]
    return run


#: The largest JSON body the API reads (an answers document of 50 products is well under 200 KB).
MAX_BODY_BYTES = 1024 * 1024


#: Bodies the API reads; a form or a file upload answers 415.
_JSON_TYPES = frozenset({"application/json", ""})


class _NulCharacter(ValueError):
    pass


class _ControlCharacter(ValueError):
    pass


def _refuse_nul(value: Any) -> Any:
    """Text with a NUL character cannot be stored (PostgreSQL refuses it), and another control
    character would break the documents it reaches (XML, PDF): refuse both at the door."""
    if isinstance(value, str):
        if "\x00" in value:
            raise _NulCharacter
        if control_characters(value):
            raise _ControlCharacter(", ".join(control_characters(value)))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _refuse_nul(key)
            _refuse_nul(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_nul(item)
    return value


def _control_message(exc: _ControlCharacter) -> str:
    return _("Text may not contain control characters (found: %(codes)s).") % {"codes": str(exc)}


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    """A JSON number as a float; ``1e400`` would be infinity, which no field accepts."""
    number = float(text)
    if not math.isfinite(number):
        raise errors.ApiError(400, _("The number %(value)s is too large.") % {"value": text[:40]}, code="bad_request")
    return number


class _Parser(Parser):
    """JSON bodies and query strings, without NaN/Infinity and without NUL characters."""

    def parse_body(self, request: HttpRequest) -> Any:
        # ninja wraps these refusals in its 400; the error handler answers with ours.
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        if size > MAX_BODY_BYTES or len(request.body) > MAX_BODY_BYTES:
            raise errors.ApiError(
                413,
                _("The request is too large: at most %(limit)d KB.") % {"limit": MAX_BODY_BYTES // 1024},
                code="payload_too_large",
            )
        kind = request.content_type or ""
        if request.body and kind not in _JSON_TYPES and not kind.endswith("+json"):
            raise errors.ApiError(415, errors.refused_text(415), code="unsupported_media_type")
        data = json.loads(request.body, parse_constant=_no_constant, parse_float=_finite)
        try:
            return _refuse_nul(data)
        except _NulCharacter:
            raise errors.ApiError(400, _("Text may not contain the NUL character."), code="bad_request") from None
        except _ControlCharacter as exc:
            raise errors.ApiError(400, _control_message(exc), code="bad_request") from None

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> Any:
        result = super().parse_querydict(data, list_fields, request)
        for name, value in result.items():
            try:
                _refuse_nul(value)
            except _NulCharacter:
                raise errors.ApiError(
                    422,
                    errors.refused_text(422),
                    details=[{"loc": ["query", name], "message": _("Text may not contain the NUL character.")}],
                ) from None
            except _ControlCharacter as exc:
                raise errors.ApiError(
                    422, errors.refused_text(422), details=[{"loc": ["query", name], "message": _control_message(exc)}]
                ) from None
        return result


class CitymadeApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return openapi.complete(super().get_openapi_schema(*args, **kwargs))

    def create_response(self, request: HttpRequest, data: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().create_response(request, data, *args, **kwargs)
        keep = getattr(request, "api_keep_body", None)
        if keep is not None and response.status_code == 200:
            keep(response.content)  # an operation keeping its rendered answer (see ``answer``)
        return self.finish(request, response)

    def answer(self, request: HttpRequest, body: bytes) -> HttpResponse:
        """A 200 answer from a body an operation rendered earlier, with every header a rendered one has."""
        return self.finish(request, HttpResponse(body, content_type=self.get_content_type()))

    def finish(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response.headers["Content-Language"] = translation.get_language() or settings.LANGUAGE_CODE
        patch_vary_headers(response, ("Cookie", "Accept-Language", "Authorization"))
        return conditional(request, response)  # type: ignore[return-value]


api = CitymadeApi(
    title="citymade API",
    version=__version__,
    description=DESCRIPTION,
    auth=[_PersonalToken(), _Session()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    docs_decorator=openapi.docs_access,
    parser=_Parser(),
)
api.add_decorator(_check_before_reading, mode="view")
errors.install(api)
