"""API operations; every one is declared with :func:`~citymade.web.core.access.api_allow`."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from citymade.web.accounts.roles import Role
from citymade.web.api.main import api
from citymade.web.companies.models import Company
from citymade.web.core.access import api_allow

companies = Router(tags=["companies"])


class CompanyOut(Schema):
    id: int
    slug: str
    name: str
    enterprise_number: str
    municipality: str


@companies.get("", response=list[CompanyOut], summary="Companies you may see")
@api_allow(Role.ADMIN, Role.ADVISOR, Role.COMPANY)
def list_companies(request: HttpRequest) -> list[Company]:
    return list(Company.objects.visible_to(request.user))


api.add_router("/companies", companies)
