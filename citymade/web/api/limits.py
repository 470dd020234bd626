"""Rate limits of the API: per personal token, per client address, and bad tokens slowed down.

Fixed windows of ``API_RATE_WINDOW_SECONDS`` counted in Django's cache (shared by every worker
when the cache is): a token may make ``API_TOKEN_RATE_LIMIT`` requests per window, an address
(:func:`citymade.web.accounts.throttle.client_address`, behind trusted proxies the forwarded one)
``API_ADDRESS_RATE_LIMIT``, and an address that sent ``API_BAD_TOKEN_LIMIT`` unknown or revoked
tokens is refused until the window ends — guessing keys gets slow. A refusal is
``429 too_many_requests`` with ``Retry-After`` (seconds); 0 turns a limit off. The settings come
from ``CITYMADE_API_TOKEN_LIMIT``, ``CITYMADE_API_ADDRESS_LIMIT``, ``CITYMADE_API_BAD_TOKEN_LIMIT``
and ``CITYMADE_API_RATE_WINDOW``.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from citymade.web.accounts.throttle import client_address
from citymade.web.api.edges import is_api

__all__ = ["RateLimitMiddleware", "bad_token"]

_PREFIX = "api.rate"


def _window() -> tuple[int, int]:
    """The current window's number and the seconds left in it."""
    size = max(1, int(settings.API_RATE_WINDOW_SECONDS))
    now = time.time()
    return int(now // size), max(1, math.ceil(size - now % size))


def _count(kind: str, who: str, window: int) -> int:
    key = f"{_PREFIX}.{kind}.{who}.{window}"
    cache.add(key, 0, timeout=int(settings.API_RATE_WINDOW_SECONDS) + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=int(settings.API_RATE_WINDOW_SECONDS) + 5)
        return 1


def _token_id(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    kind, _sep, key = header.partition(" ")
    if kind.lower() != "bearer" or not key.strip():
        return None
    return hashlib.sha256(key.strip().encode("utf-8", "replace")).hexdigest()[:32]


def bad_token(request: HttpRequest) -> None:
    """Count an unknown or revoked token sent from the request's address."""
    if settings.API_BAD_TOKEN_LIMIT:
        window, _left = _window()
        _count("bad", client_address(request), window)


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api(request):
            return self.get_response(request)
        window, left = _window()
        address = client_address(request)
        if settings.API_BAD_TOKEN_LIMIT:
            bad = cache.get(f"{_PREFIX}.bad.{address}.{window}", 0)
            if bad >= settings.API_BAD_TOKEN_LIMIT:
                return _refused(left)
        if settings.API_ADDRESS_RATE_LIMIT and _count("address", address, window) > settings.API_ADDRESS_RATE_LIMIT:
            return _refused(left)
        token = _token_id(request)
        if token and settings.API_TOKEN_RATE_LIMIT and _count("token", token, window) > settings.API_TOKEN_RATE_LIMIT:
            return _refused(left)
        return self.get_response(request)


def _refused(retry_after: int) -> HttpResponse:
    # The API's edge middleware (outside this one) turns it into the JSON error document.
    response = HttpResponse(status=429)
    response["Retry-After"] = str(retry_after)
    return response
