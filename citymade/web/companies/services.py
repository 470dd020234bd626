"""What people do with companies, as plain functions: views, CLI, API and tests call these.

Each function validates the model, writes it and its audit entry in one transaction, and returns
the saved object. ``data`` is a mapping of field names to values (a form's ``cleaned_data`` fits).
Who may call them is decided by the callers' access rules and visible querysets; the one rule kept
here is which company fields a company user may change (:func:`company_fields_editable_by`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from citymade.web.accounts.roles import STAFF_ROLES
from citymade.web.companies.models import Company, ContactPerson, Product, Site, unique_slug
from citymade.web.core.audit import log_action, snapshot

__all__ = [
    "COMPANY_FIELDS",
    "add_contact",
    "add_product",
    "add_site",
    "company_fields_editable_by",
    "create_company",
    "delete_contact",
    "delete_product",
    "delete_site",
    "update_company",
    "update_contact",
    "update_product",
    "update_site",
]

COMPANY_FIELDS = (
    "name",
    "slug",
    "enterprise_number",
    "legal_form",
    "nace_codes",
    "street",
    "postal_code",
    "municipality",
    "founded_on",
    "membership",
    "organisation_type",
    "advisor",
)
#: The cluster decides membership, organisation type (it counts in the review), identity and who
#: follows the company; a company user keeps its facts up to date.
STAFF_ONLY_COMPANY_FIELDS = frozenset({"membership", "organisation_type", "enterprise_number", "slug", "advisor"})

PRODUCT_FIELDS = ("name", "description", "category", "unit_mass_kg", "units_per_month")
SITE_FIELDS = (
    "name",
    "street",
    "postal_code",
    "municipality",
    "zone_type",
    "floor_area_m2",
    "yearly_cost_eur",
    "dwellings_adjacent",
    "neighbours",
)
CONTACT_FIELDS = ("name", "function", "email", "phone")

M = TypeVar("M", bound=models.Model)


def company_fields_editable_by(actor: Any) -> tuple[str, ...]:
    """The company fields ``actor`` may change: staff all, a company user all but membership and identity."""
    if getattr(actor, "role", None) in STAFF_ROLES:
        return COMPANY_FIELDS
    return tuple(f for f in COMPANY_FIELDS if f not in STAFF_ONLY_COMPANY_FIELDS)


def _assign(obj: M, data: Mapping[str, Any], allowed: Iterable[str]) -> M:
    allowed = tuple(allowed)
    unknown = set(data) - set(allowed)
    if unknown:
        raise PermissionDenied(f"fields not editable here: {sorted(unknown)}")
    for name, value in data.items():
        setattr(obj, name, value)
    return obj


def _save_new(obj: M, action: str, actor: Any) -> M:
    obj.full_clean()
    obj.save()
    log_action(action, actor=actor, obj=obj, after=snapshot(obj))
    return obj


def _save_changes(obj: M, data: Mapping[str, Any], allowed: Iterable[str], action: str, actor: Any) -> M:
    # "before" comes from the database: a bound ModelForm has already changed ``obj`` in memory.
    before = snapshot(type(obj)._default_manager.get(pk=obj.pk))
    _assign(obj, data, allowed)
    obj.full_clean()
    after = snapshot(obj)
    if after == before:
        return obj
    obj.save()
    log_action(action, actor=actor, obj=obj, before=before, after=snapshot(obj))
    return obj


def _delete(obj: models.Model, action: str, actor: Any) -> None:
    before = snapshot(obj)
    company = getattr(obj, "company", None)
    log_action(action, actor=actor, obj=obj, company=company, before=before)
    obj.delete()


# Companies ---------------------------------------------------------------------------------------


@transaction.atomic
def create_company(*, actor: Any, data: Mapping[str, Any]) -> Company:
    """Create a company (staff only); its short name is made from its name when not given."""
    if getattr(actor, "role", None) not in STAFF_ROLES:
        raise PermissionDenied("only cluster staff create companies")
    company = _assign(Company(), data, COMPANY_FIELDS)
    if not company.slug:
        company.slug = unique_slug(company.name)
    return _save_new(company, "company.created", actor)


@transaction.atomic
def update_company(company: Company, *, actor: Any, data: Mapping[str, Any]) -> Company:
    """Change a company's facts; a company user may not touch membership, number or short name."""
    return _save_changes(company, data, company_fields_editable_by(actor), "company.changed", actor)


# Products ----------------------------------------------------------------------------------------


@transaction.atomic
def add_product(company: Company, *, actor: Any, data: Mapping[str, Any]) -> Product:
    return _save_new(_assign(Product(company=company), data, PRODUCT_FIELDS), "product.created", actor)


@transaction.atomic
def update_product(product: Product, *, actor: Any, data: Mapping[str, Any]) -> Product:
    return _save_changes(product, data, PRODUCT_FIELDS, "product.changed", actor)


@transaction.atomic
def delete_product(product: Product, *, actor: Any) -> None:
    _delete(product, "product.deleted", actor)


# Sites -------------------------------------------------------------------------------------------


@transaction.atomic
def add_site(company: Company, *, actor: Any, data: Mapping[str, Any]) -> Site:
    return _save_new(_assign(Site(company=company), data, SITE_FIELDS), "site.created", actor)


@transaction.atomic
def update_site(site: Site, *, actor: Any, data: Mapping[str, Any]) -> Site:
    return _save_changes(site, data, SITE_FIELDS, "site.changed", actor)


@transaction.atomic
def delete_site(site: Site, *, actor: Any) -> None:
    _delete(site, "site.deleted", actor)


# Contact persons ---------------------------------------------------------------------------------


@transaction.atomic
def add_contact(company: Company, *, actor: Any, data: Mapping[str, Any]) -> ContactPerson:
    contact = _assign(ContactPerson(company=company), data, CONTACT_FIELDS)
    return _save_new(contact, "contact.created", actor)


@transaction.atomic
def update_contact(contact: ContactPerson, *, actor: Any, data: Mapping[str, Any]) -> ContactPerson:
    return _save_changes(contact, data, CONTACT_FIELDS, "contact.changed", actor)


@transaction.atomic
def delete_contact(contact: ContactPerson, *, actor: Any) -> None:
    _delete(contact, "contact.deleted", actor)
