"""Pagination of every list: ``limit`` and ``offset`` or ``cursor`` in, ``{"items", "count", "next"}`` out.

Every list has a stable order ending with the id, so a page can be continued from its last row
(keyset): ``next`` is the path of the following page, with ``cursor`` naming the last row's sort
values. Following ``next`` links, a row is never seen twice nor missed while others are inserted
or deleted — unlike ``offset``, which shifts when a row is inserted before it. ``count`` is the
size of the whole list (without the cursor), ``next`` is ``null`` on the last page.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from decimal import Decimal
from functools import reduce
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from citymade.web.api.errors import ApiError

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "Page"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
#: Far beyond any list citymade holds, and small enough for every database's OFFSET.
MAX_OFFSET = 2**31 - 1


def _ordering(queryset: QuerySet[Any]) -> list[str]:
    """The queryset's order, made total by ending with the id."""
    fields = [str(f) for f in (queryset.query.order_by or queryset.model._meta.ordering or [])]
    names = {f.lstrip("-") for f in fields}
    if not names & {"pk", "id"}:
        fields.append("-pk" if fields and fields[-1].startswith("-") else "pk")
    return fields


def _value(obj: Any, field: str) -> Any:
    for part in field.lstrip("-").split("__"):
        obj = getattr(obj, part)
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return str(obj)
    return obj


def _encode(fields: list[str], values: list[Any]) -> str:
    raw = json.dumps({"o": fields, "v": values}, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _bad_cursor() -> ApiError:
    return ApiError(
        422,
        _("Some values are not valid: see the details."),
        details=[{"loc": ["query", "cursor"], "message": _("This cursor is not one of this list: follow the next link.")}],
    )


def _decode(cursor: str, fields: list[str]) -> list[Any]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        values = data["v"]
        if data["o"] != fields or not isinstance(values, list) or len(values) != len(fields):
            raise ValueError
        if not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in values):
            raise ValueError
    except (ValueError, TypeError, KeyError):
        raise _bad_cursor() from None
    return values


def _after(fields: list[str], values: list[Any]) -> Q:
    """Rows after ``values`` in the order ``fields`` (each ascending or, with ``-``, descending)."""
    conditions = []
    for i, field in enumerate(fields):
        name = field.lstrip("-")
        step = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": values[i]})
        equal = [Q(**{f.lstrip("-"): v}) for f, v in zip(fields[:i], values[:i], strict=True)]
        conditions.append(reduce(lambda a, b: a & b, [*equal, step]))
    return reduce(lambda a, b: a | b, conditions)


def _next_link(request: HttpRequest, cursor: str) -> str:
    query = request.GET.copy()
    query.pop("offset", None)
    query["cursor"] = cursor
    return f"{request.path}?{query.urlencode()}"


class Page(PaginationBase):
    """``limit`` items (1–200, default 50) from ``offset`` or after ``cursor``; ``count`` is the whole list's size."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items at most (1–200).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip (prefer `cursor`).")
        cursor: str | None = Field(
            None, max_length=2000, description="Continue after this row: the `cursor` of the `next` link."
        )

    class Output(Schema):
        items: list[Any]
        count: int
        next: str | None = Field(None, description="The next page (keyset: stable while rows are added); null at the end.")

    def paginate_queryset(self, queryset: QuerySet[Any] | list[Any], pagination: Input, request: HttpRequest, **params: Any) -> Any:
        count = self._items_count(queryset)
        if not isinstance(queryset, QuerySet):
            start = pagination.offset
            return {"items": list(queryset[start : start + pagination.limit]), "count": count, "next": None}
        fields = _ordering(queryset)
        rows = queryset.order_by(*fields)
        if pagination.cursor:
            if pagination.offset:
                raise _bad_cursor()
            try:
                rows = rows.filter(_after(fields, _decode(pagination.cursor, fields)))
            except (ValueError, TypeError, DjangoValidationError):  # values of the wrong type for their field
                raise _bad_cursor() from None
        else:
            rows = rows[pagination.offset :]
        items = list(rows[: pagination.limit + 1])
        more = len(items) > pagination.limit
        items = items[: pagination.limit]
        link = _next_link(request, _encode(fields, [_value(items[-1], f) for f in fields])) if more and items else None
        return {"items": items, "count": count, "next": link}
