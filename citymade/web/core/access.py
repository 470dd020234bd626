"""The one permission layer: every view and every API operation declares who may use it.

A page view is wrapped with :func:`allow`; an API operation with :func:`api_allow`. Both record an
:class:`Access` rule on the function and enforce it with :func:`is_allowed`. The
:class:`AccessMiddleware` refuses (403) any page view that carries no rule, so a view someone forgets
to declare is closed, not open. Object-level scoping (a company user sees only its own company) is
done by querysets such as ``Company.objects.visible_to(user)``, so a guessed id answers 404.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from citymade.web.accounts.roles import ALL_ROLES, Role

__all__ = ["Access", "AccessMiddleware", "allow", "api_allow", "is_allowed"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Access:
    roles: frozenset[str]
    anonymous: bool = False

    def permits(self, user: Any) -> bool:
        if self.anonymous:
            return True
        return bool(user.is_authenticated and user.is_active and user.role in self.roles)


def _rule(roles: Iterable[str], anonymous: bool) -> Access:
    roles = frozenset(str(r) for r in roles)
    unknown = roles - {str(r) for r in Role}
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    return Access(roles=roles, anonymous=anonymous)


def is_allowed(request: HttpRequest, rule: Access) -> bool:
    return rule.permits(request.user)


def allow(*roles: str, anonymous: bool = False) -> Callable[[Callable[..., HttpResponse]], Any]:
    """Declare and enforce who may open a page view.

    ``allow()`` with ``anonymous=True`` opens it to everyone; ``allow(*ALL_ROLES)`` to any
    logged-in user. Anonymous visitors of a closed page are sent to the login page; logged-in users
    without the role get 403.
    """
    rule = _rule(roles, anonymous)

    def decorate(view: Callable[..., HttpResponse]) -> Any:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not rule.permits(request.user):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.access = rule  # type: ignore[attr-defined]
        return wrapper

    return decorate


def api_allow(*roles: str) -> Callable[[Callable[..., Any]], Any]:
    """Declare and enforce who may call an API operation (401 anonymous, 403 wrong role)."""
    from ninja.errors import AuthenticationError, HttpError

    rule = _rule(roles, anonymous=False)

    def decorate(operation: Callable[..., Any]) -> Any:
        @wraps(operation)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            user = getattr(request, "auth", None) or request.user
            request.user = user
            if not getattr(user, "is_authenticated", False):
                raise AuthenticationError
            if not rule.permits(user):
                raise HttpError(403, gettext("Your role may not use this operation."))
            token = getattr(request, "api_token", None)
            if token is not None and token.scope != "write" and request.method not in SAFE_METHODS:
                raise HttpError(403, gettext("This token may only read; create a token with the write scope."))
            return operation(request, *args, **kwargs)

        wrapper.access = rule  # type: ignore[attr-defined]
        return wrapper

    return decorate


LOGGED_IN = tuple(ALL_ROLES)


class AccessMiddleware:
    """Refuse every page view that did not declare an access rule (deny by default)."""

    #: URL prefixes whose views enforce access themselves, per operation (checked by a test).
    SELF_ENFORCING_PREFIXES = ("/api/",)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if getattr(view_func, "access", None) is not None:
            return None
        if request.path_info.startswith(self.SELF_ENFORCING_PREFIXES):
            return None
        if settings.CITYMADE_DEVELOPMENT and request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        raise PermissionDenied
