"""What every API module shares: id parameters, visible objects (404 otherwise), input text rules."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from citymade.web.api.errors import ApiError
from citymade.web.companies.models import Company

__all__ = ["MAX_ID", "MAX_INT", "Date", "Id", "InputSchema", "Moment", "Number", "part_of", "text", "visible", "visible_company"]

#: Database ids are 64-bit; small database integers (minutes, units …) are 32-bit.
MAX_ID = 2**63 - 1
MAX_INT = 2**31 - 1

Id = Annotated[int, Path(ge=1, le=MAX_ID)]

M = TypeVar("M", bound=Model)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class InputSchema(Schema):
    """A JSON body: values must have the type the schema says (``"12"`` is not a number, ``0`` not
    a date, ``1`` not true) and unknown fields are refused (a typo is not silently ignored)."""

    model_config = ConfigDict(extra="forbid", strict=True)


def text(max_length: int, *, min_length: int = 0) -> Any:
    """Text of at most ``max_length`` characters as sent, then trimmed (as the pages' forms do)."""
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length), AfterValidator(str.strip)]


def _date_text(value: Any) -> Any:
    # Only YYYY-MM-DD: pydantic would also read "0" or 0 as a Unix time (1970-01-01).
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_type", "Input should be a date as YYYY-MM-DD")
    return value


def _number_or_text(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise PydanticCustomError("decimal_type", "Input should be a number")
    return value


def _utc(value: dt.datetime) -> dt.datetime:
    """A moment in UTC (without a zone: read as UTC); beyond the calendar's ends: its first or last moment."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        edge = dt.datetime.min if value.year < 2 else dt.datetime.max
        return edge.replace(tzinfo=dt.UTC)


_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}([T ].*)?")


def _moment_text(value: Any) -> Any:
    # Only ISO 8601 text: pydantic would also read "0.5" as a Unix time.
    if not isinstance(value, str) or not _ISO_MOMENT.fullmatch(value):
        raise PydanticCustomError("datetime_type", "Input should be a date and time as YYYY-MM-DDTHH:MM:SSZ")
    return value


#: A moment in a query (``updated_since``): ISO 8601, read as UTC without a zone.
Moment = Annotated[dt.datetime, BeforeValidator(_moment_text), AfterValidator(_utc)]

#: A date in a JSON body: ``"2024-05-02"`` (JSON has no date type, so it is read from text).
Date = Annotated[dt.date, Field(strict=False), BeforeValidator(_date_text)]
#: A decimal number in a JSON body: ``2.5`` or ``"2.500"``.
Number = Annotated[Decimal, Field(strict=False), BeforeValidator(_number_or_text)]


def visible(queryset: QuerySet[M], pk: int, message: str | None = None) -> M:
    """The object ``pk`` of ``queryset`` (already scoped to the caller), else 404."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ApiError(404, message or _("Not found, or not visible to you."))
    return found


def visible_company(request: HttpRequest, company_id: int) -> Company:
    from citymade.web.companies.reads import visible_by_pk

    found = visible_by_pk(request.user, company_id)
    if found is None:
        raise ApiError(404, _("There is no company with this id, or you may not see it."))
    return found


def part_of(company: Company, related: str, pk: int, message: str) -> Any:
    """A product, site … of ``company`` by id: another company's id answers 404 too."""
    return visible(getattr(company, related).all(), pk, message)
