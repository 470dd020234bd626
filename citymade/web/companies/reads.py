"""The company reads of the company page, each a query whose SQL is written once (:mod:`citymade.web.core.shaped`).

Who may see which company stays :meth:`CompanyQuerySet.visible_to`'s alone: the reads scoped to the
user are :class:`~citymade.web.core.shaped.ByRole`, built from it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import Http404

from citymade.web.accounts.models import User
from citymade.web.companies.models import Company, ContactPerson, Product, Site
from citymade.web.core.models import AuditEntry
from citymade.web.core.shaped import ByRole, Shaped

__all__ = ["audit_entries", "names_and_slugs", "parts", "users_of", "visible_by_pk", "visible_by_slug_or_404"]


@cache
def _visible(by: str, advisor: bool) -> ByRole:
    def build(viewer: Any, key: Any) -> Any:
        companies = Company.objects.visible_to(viewer)
        return (companies.select_related("advisor") if advisor else companies).filter(**{by: key})

    return ByRole(build, str if by == "slug" else int, name=f"company by {by}")


def visible_by_slug_or_404(user: Any, slug: str, *, advisor: bool = True) -> Company:
    """``get_object_or_404(Company.objects.visible_to(user), slug=slug)``, with its advisor read
    with it (``select_related``) unless ``advisor`` is false."""
    found: Company | None = _visible("slug", advisor).first(user, slug)
    if found is None:
        raise Http404("No Company matches the given query.")
    return found


def visible_by_pk(user: Any, pk: int) -> Company | None:
    """``Company.objects.visible_to(user).filter(pk=pk).first()``."""
    found: Company | None = _visible("pk", False).first(user, pk)
    return found


_NAMES = ByRole(lambda viewer: Company.objects.visible_to(viewer).values_list("name", "slug"), name="company names")


def names_and_slugs(user: Any) -> list[tuple[str, str]]:
    """``Company.objects.visible_to(user).values_list("name", "slug")``, in the companies' order."""
    found: list[tuple[str, str]] = _NAMES(user)
    return found


_PARTS = {
    name: Shaped(lambda company_id, model=model: model.objects.filter(company_id=company_id), int, name=f"company {name}")
    for name, model in (("products", Product), ("sites", Site), ("contacts", ContactPerson))
}


def parts(company: Company) -> dict[str, list[Any]]:
    """The company's products, sites and contact persons, each in its model's order (what
    ``company.products.all()`` and the others give), each with the company attached."""
    found = {name: shape(company.pk) for name, shape in _PARTS.items()}
    for rows in found.values():
        for row in rows:
            row.company = company
    return found


#: the audit entries the company page reads to write its history (consecutive saves are folded)
AUDIT_ENTRIES = 80

_AUDIT = Shaped(
    lambda company_id: AuditEntry.objects.filter(company_id=company_id).select_related("actor")[:AUDIT_ENTRIES],
    int,
    name="company audit entries",
)


def audit_entries(company: Company) -> list[AuditEntry]:
    """The company's latest :data:`AUDIT_ENTRIES` audit entries, newest first, each with its actor and the company."""
    entries: list[AuditEntry] = _AUDIT(company.pk)
    for entry in entries:
        entry.company = company
    return entries


_USERS = Shaped(
    lambda company_id: User.objects.filter(company_id=company_id).order_by("last_name", "first_name", "username"),
    int,
    name="users of a company",
)


def users_of(company: Company) -> list[User]:
    """``company.users.order_by("last_name", "first_name", "username")``."""
    found: list[User] = _USERS(company.pk)
    return found
