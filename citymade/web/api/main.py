"""The API object and its authentication; routers of each area are added in :mod:`.routes`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from citymade import __version__
from citymade.web.accounts.roles import ALL_ROLES
from citymade.web.core.access import allow


class _Session(SessionAuth):
    """The browser session (CSRF-checked for writes)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


class _PersonalToken(HttpBearer):
    """``Authorization: Bearer cm_…`` — a personal token; its scope is checked by ``api_allow``."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from citymade.web.accounts.tokens import authenticate_key

        found = authenticate_key(token)
        if found is None:
            return None
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


api = NinjaAPI(
    title="citymade API",
    version=__version__,
    description="Companies, diagnostics and figures of citymade. Every operation checks the caller's role.",
    auth=[_PersonalToken(), _Session()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    docs_decorator=allow(*ALL_ROLES),
)
