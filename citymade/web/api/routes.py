"""API operations; every one is declared with :func:`~citymade.web.core.access.api_allow`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from citymade.web.accounts.roles import Role
from citymade.web.api.main import api
from citymade.web.companies.models import Company, Product
from citymade.web.core.access import api_allow

companies = Router(tags=["companies"])

COMPANY_READERS = (Role.ADMIN, Role.ADVISOR, Role.COMPANY)


class CompanyOut(Schema):
    id: int
    slug: str
    name: str
    enterprise_number: str
    municipality: str


class CompanyDetailOut(CompanyOut):
    legal_form: str
    nace_codes: list[str]
    street: str
    postal_code: str
    founded_on: dt.date | None
    membership: str


class ProductOut(Schema):
    id: int
    name: str
    description: str
    category: str
    unit_mass_kg: Decimal | None
    units_per_month: int | None


def _visible_company(request: HttpRequest, company_id: int) -> Company:
    return get_object_or_404(Company.objects.visible_to(request.user), pk=company_id)


@companies.get("", response=list[CompanyOut], summary="Companies you may see")
@api_allow(*COMPANY_READERS)
def list_companies(request: HttpRequest) -> list[Company]:
    """A plain list (a cluster follows hundreds of companies, not millions), ordered by name."""
    return list(Company.objects.visible_to(request.user).order_by("name", "pk"))


@companies.get("/{company_id}", response=CompanyDetailOut, summary="One company")
@api_allow(*COMPANY_READERS)
def get_company(request: HttpRequest, company_id: int) -> Company:
    return _visible_company(request, company_id)


@companies.get("/{company_id}/products", response=list[ProductOut], summary="A company's products")
@api_allow(*COMPANY_READERS)
def list_products(request: HttpRequest, company_id: int) -> list[Product]:
    return list(_visible_company(request, company_id).products.all())


api.add_router("/companies", companies)

from citymade.web.api import assess as _assess  # noqa: E402,F401  (registers POST /api/assess)
