"""Companies, their products and sites: read, create, change, delete.

Same rules as the pages: staff (admin, advisor) reach every company and alone create companies; a
company user reaches and edits only its own company (not its membership, number or short name),
its products and sites; observers are refused. Every write goes through
:mod:`citymade.web.companies.services`, which validates the model and records the audit entry.
"""


import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from citymade.errors import CitymadeError
from citymade.register.enterprise_number import parse_enterprise_number
from citymade.web.accounts.roles import PEOPLE, STAFF
from citymade.web.api.errors import ApiError, errors
from citymade.web.api.main import api
from citymade.web.api.pagination import Page
from citymade.web.api.scoping import (
    MAX_INT,
    Date,
    Id,
    InputSchema,
    Moment,
    Number,
    part_of,
    text,
    visible_company,
)
from citymade.web.companies import services
from citymade.web.companies.models import Company, Product, Site
from citymade.web.core.access import api_allow

router = Router(tags=["companies"])


READ = errors(401, 403, 404, 422)
WRITE = errors(400, 401, 403, 404, 422)


def _stored(obj: Any) -> Any:
    """The object as the database holds it (``2.5`` is read back as ``2.500``, like every GET)."""
    obj.refresh_from_db()
    return obj


# Companies ---------------------------------------------------------------------------------------


class CompanyOut(Schema):
    id: int
    slug: str
    name: str
    enterprise_number: str
    municipality: str
    membership: str
    updated_at: dt.datetime


class CompanyDetailOut(CompanyOut):
    legal_form: str
    nace_codes: list[str]
    street: str
    postal_code: str
    founded_on: dt.date | None


Membership = Literal["prospect", "candidate", "member", "alumni", "stopped"]


class CompanyChanges(InputSchema):
    """The company fields to change (only those sent are changed)."""

    name: text(200) = ""  # type: ignore[valid-type]
    slug: text(80) = ""  # type: ignore[valid-type]
    enterprise_number: text(20) = ""  # type: ignore[valid-type]
    legal_form: text(80) = ""  # type: ignore[valid-type]
    nace_codes: list[text(10)] = Field(default_factory=list, max_length=50)  # type: ignore[valid-type]
    street: text(200) = ""  # type: ignore[valid-type]
    postal_code: text(8) = ""  # type: ignore[valid-type]
    municipality: text(100) = ""  # type: ignore[valid-type]
    founded_on: Date | None = None
    membership: Membership = "member"


class CompanyIn(CompanyChanges):
    """A new company; its short name is made from its name when not given."""

    name: text(200, min_length=1)  # type: ignore[valid-type]


class CompanyQuery(Schema):
    q: str = Field("", max_length=100, description="Name, enterprise number, municipality or postal code.")
    membership: Membership | None = None
    updated_since: Moment | None = Field(
        None, description="Only companies changed at or after this time (ISO 8601, e.g. 2026-01-31T00:00:00Z; without a zone: UTC)."
    )


def _company_data(data: dict[str, Any]) -> dict[str, Any]:
    number = data.get("enterprise_number")
    if number:
        try:
            data["enterprise_number"] = parse_enterprise_number(number)
        except CitymadeError as exc:
            raise ApiError(422, _("Some values are not valid: see the details."),
                           details=[{"loc": ["body", "enterprise_number"], "message": exc.message}]) from None
    return data


@router.get("", response={200: list[CompanyOut], **READ}, summary="Companies you may see, by name")
@paginate(Page)
@api_allow(*PEOPLE)
def list_companies(request: HttpRequest, filters: Query[CompanyQuery]) -> Any:
    companies = Company.objects.visible_to(request.user).order_by("name", "pk")
    if filters.q:
        companies = companies.search(filters.q)
    if filters.membership:
        companies = companies.filter(membership=filters.membership)
    if filters.updated_since:
        companies = companies.filter(updated_at__gte=filters.updated_since)
    return companies


@router.post("", response={201: CompanyDetailOut, **WRITE}, summary="Create a company (cluster staff)")
@api_allow(*STAFF)
def create_company(request: HttpRequest, payload: CompanyIn) -> Any:
    data = _company_data(payload.dict())
    return Status(201, _stored(services.create_company(actor=request.user, data=data)))


@router.get("/{company_id}", response={200: CompanyDetailOut, **READ}, summary="One company")
@api_allow(*PEOPLE)
def get_company(request: HttpRequest, company_id: Id) -> Company:
    return visible_company(request, company_id)


@router.patch(
    "/{company_id}",
    response={200: CompanyDetailOut, **WRITE},
    summary="Change a company (a company user: not its membership, number or short name)",
)
@api_allow(*PEOPLE)
def update_company(request: HttpRequest, company_id: Id, payload: CompanyChanges) -> Company:
    company = visible_company(request, company_id)
    data = _company_data(payload.dict(exclude_unset=True))
    refused = sorted(set(data) - set(services.company_fields_editable_by(request.user)))
    if refused:
        raise ApiError(
            403,
            _("Only cluster staff change a company's membership, enterprise number or short name."),
            details=[{"loc": ["body", name], "message": _("You may not change this field.")} for name in refused],
        )
    return _stored(services.update_company(company, actor=request.user, data=data))


# Products ----------------------------------------------------------------------------------------


Category = Literal[tuple(Product.Category.values)]  # type: ignore[valid-type]
ZoneType = Literal[tuple(Site.ZoneType.values)]  # type: ignore[valid-type]


class ProductOut(Schema):
    id: int
    name: str
    description: str
    category: str
    unit_mass_kg: Decimal | None
    units_per_month: int | None


class ProductChanges(InputSchema):
    name: text(200) = ""  # type: ignore[valid-type]
    description: text(5000) = ""  # type: ignore[valid-type]
    category: Category = "other"
    unit_mass_kg: Number | None = Field(None, ge=0, max_digits=10, decimal_places=3)
    units_per_month: int | None = Field(None, ge=0, le=MAX_INT)


class ProductIn(ProductChanges):
    name: text(200, min_length=1)  # type: ignore[valid-type]


def _product(request: HttpRequest, company_id: int, product_id: int) -> Product:
    company = visible_company(request, company_id)
    return part_of(company, "products", product_id, _("This company has no product with this id."))  # type: ignore[no-any-return]


@router.get("/{company_id}/products", response={200: list[ProductOut], **READ}, summary="A company's products")
@paginate(Page)
@api_allow(*PEOPLE)
def list_products(request: HttpRequest, company_id: Id) -> Any:
    return visible_company(request, company_id).products.order_by("name", "pk")


@router.post("/{company_id}/products", response={201: ProductOut, **WRITE}, summary="Add a product")
@api_allow(*PEOPLE)
def create_product(request: HttpRequest, company_id: Id, payload: ProductIn) -> Any:
    company = visible_company(request, company_id)
    return Status(201, _stored(services.add_product(company, actor=request.user, data=payload.dict())))


@router.get("/{company_id}/products/{product_id}", response={200: ProductOut, **READ}, summary="One product")
@api_allow(*PEOPLE)
def get_product(request: HttpRequest, company_id: Id, product_id: Id) -> Product:
    return _product(request, company_id, product_id)


@router.patch("/{company_id}/products/{product_id}", response={200: ProductOut, **WRITE}, summary="Change a product")
@api_allow(*PEOPLE)
def update_product(request: HttpRequest, company_id: Id, product_id: Id, payload: ProductChanges) -> Product:
    product = _product(request, company_id, product_id)
    return _stored(services.update_product(product, actor=request.user, data=payload.dict(exclude_unset=True)))


@router.delete("/{company_id}/products/{product_id}", response={204: None, **READ}, summary="Delete a product")
@api_allow(*PEOPLE)
def delete_product(request: HttpRequest, company_id: Id, product_id: Id) -> Any:
    services.delete_product(_product(request, company_id, product_id), actor=request.user)
    return Status(204, None)


# Sites -------------------------------------------------------------------------------------------


class SiteOut(Schema):
    id: int
    name: str
    street: str
    postal_code: str
    municipality: str
    zone_type: str
    floor_area_m2: int | None
    yearly_cost_eur: int | None
    dwellings_adjacent: bool
    neighbours: str


class SiteChanges(InputSchema):
    name: text(200) = ""  # type: ignore[valid-type]
    street: text(200) = ""  # type: ignore[valid-type]
    postal_code: text(8) = ""  # type: ignore[valid-type]
    municipality: text(100) = ""  # type: ignore[valid-type]
    zone_type: ZoneType = "other"
    floor_area_m2: int | None = Field(None, ge=0, le=MAX_INT)
    yearly_cost_eur: int | None = Field(None, ge=0, le=MAX_INT)
    dwellings_adjacent: bool = False
    neighbours: text(5000) = ""  # type: ignore[valid-type]


class SiteIn(SiteChanges):
    name: text(200, min_length=1)  # type: ignore[valid-type]


def _site(request: HttpRequest, company_id: int, site_id: int) -> Site:
    company = visible_company(request, company_id)
    return part_of(company, "sites", site_id, _("This company has no site with this id."))  # type: ignore[no-any-return]


@router.get("/{company_id}/sites", response={200: list[SiteOut], **READ}, summary="A company's sites, oldest first")
@paginate(Page)
@api_allow(*PEOPLE)
def list_sites(request: HttpRequest, company_id: Id) -> Any:
    return visible_company(request, company_id).sites.order_by("created_at", "pk")


@router.post("/{company_id}/sites", response={201: SiteOut, **WRITE}, summary="Add a site")
@api_allow(*PEOPLE)
def create_site(request: HttpRequest, company_id: Id, payload: SiteIn) -> Any:
    company = visible_company(request, company_id)
    return Status(201, _stored(services.add_site(company, actor=request.user, data=payload.dict())))


@router.get("/{company_id}/sites/{site_id}", response={200: SiteOut, **READ}, summary="One site")
@api_allow(*PEOPLE)
def get_site(request: HttpRequest, company_id: Id, site_id: Id) -> Site:
    return _site(request, company_id, site_id)


@router.patch("/{company_id}/sites/{site_id}", response={200: SiteOut, **WRITE}, summary="Change a site")
@api_allow(*PEOPLE)
def update_site(request: HttpRequest, company_id: Id, site_id: Id, payload: SiteChanges) -> Site:
    site = _site(request, company_id, site_id)
    return _stored(services.update_site(site, actor=request.user, data=payload.dict(exclude_unset=True)))


@router.delete("/{company_id}/sites/{site_id}", response={204: None, **READ}, summary="Delete a site")
@api_allow(*PEOPLE)
def delete_site(request: HttpRequest, company_id: Id, site_id: Id) -> Any:
    services.delete_site(_site(request, company_id, site_id), actor=request.user)
    return Status(204, None)


api.add_router("/companies", router)
