"""Pagination of every list: ``limit``/``offset`` in, ``{"items": [...], "count": N}`` out."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "Page"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
#: Far beyond any list citymade holds, and small enough for every database's OFFSET.
MAX_OFFSET = 2**31 - 1


class Page(PaginationBase):
    """``limit`` items (1–200, default 50) from ``offset`` (default 0); ``count`` is the whole list's size."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items at most (1–200).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")

    class Output(Schema):
        items: list[Any]
        count: int

    def paginate_queryset(self, queryset: QuerySet[Any] | list[Any], pagination: Input, request: HttpRequest, **params: Any) -> Any:
        start = pagination.offset
        return {"items": list(queryset[start : start + pagination.limit]), "count": self._items_count(queryset)}
