"""What every API module shares: id parameters, visible objects (404 otherwise), input text rules."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path

from citymade.web.api.errors import ApiError
from citymade.web.companies.models import Company

__all__ = ["MAX_ID", "MAX_INT", "Id", "visible", "visible_company"]

#: Database ids are 64-bit; small database integers (minutes, units …) are 32-bit.
MAX_ID = 2**63 - 1
MAX_INT = 2**31 - 1

Id = Annotated[int, Path(ge=1, le=MAX_ID)]

M = TypeVar("M", bound=Model)


def visible(queryset: QuerySet[M], pk: int, message: str | None = None) -> M:
    """The object ``pk`` of ``queryset`` (already scoped to the caller), else 404."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ApiError(404, message or _("Not found, or not visible to you."))
    return found


def visible_company(request: HttpRequest, company_id: int) -> Company:
    return visible(
        Company.objects.visible_to(request.user),
        company_id,
        _("There is no company with this id, or you may not see it."),
    )


def part_of(company: Company, related: str, pk: int, message: str) -> Any:
    """A product, site … of ``company`` by id: another company's id answers 404 too."""
    return visible(getattr(company, related).all(), pk, message)
