"""Conditional reads: every successful GET of the API carries an ``ETag`` (a digest of the body, or
for the streamed export a digest of what the rows are made from) and, where the object has a
change time, ``Last-Modified``; a request whose ``If-None-Match`` (or, without it,
``If-Modified-Since``) still matches gets ``304 Not Modified`` with no body.

The body depends on the caller (scope, language), so answers also ``Vary`` on ``Cookie``,
``Accept-Language`` and ``Authorization``: a shared cache never hands one caller's copy to another.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date, quote_etag

__all__ = ["conditional", "fingerprint", "last_modified"]

_READS = ("GET", "HEAD")


def last_modified(request: HttpRequest, when: dt.datetime | None) -> None:
    """Declare the change time of what an operation answers (the latest one wins)."""
    if when is None:
        return
    known = getattr(request, "api_last_modified", None)
    if known is None or when > known:
        request.api_last_modified = when  # type: ignore[attr-defined]


def fingerprint(*parts: Any) -> str:
    """A strong ETag from the values a streamed answer is computed from."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:32]
    return quote_etag(digest)


def conditional(request: HttpRequest, response: HttpResponseBase, etag: str | None = None) -> HttpResponseBase:
    """Add ``ETag``/``Last-Modified`` to a successful read, and answer 304 when the caller's copy is current."""
    if request.method not in _READS or response.status_code != 200:
        return response
    response["Cache-Control"] = "private, no-cache"
    if etag is not None:
        response["ETag"] = etag
    elif not response.streaming and not response.has_header("ETag"):
        set_response_etag(response)
    modified = getattr(request, "api_last_modified", None)
    timestamp = None
    if modified is not None:
        timestamp = int(modified.timestamp())
        response["Last-Modified"] = http_date(timestamp)
    answer = get_conditional_response(request, etag=response.get("ETag"), last_modified=timestamp, response=response)
    if answer is not response:  # 304: keep what caches need to match it
        for header in ("Vary", "Content-Language", "Cache-Control"):
            if header in response and header not in answer:
                answer[header] = response[header]
    return answer
