"""The company reads of the company page, each a query whose SQL is written once (:mod:`citymade.web.core.shaped`).

Who may see which company stays :meth:`CompanyQuerySet.visible_to`'s alone: the shape is built from
it, for one role, with the user's company as an argument.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import Http404

from citymade.web.companies.models import Company, ContactPerson, Product, Site
from citymade.web.core.models import AuditEntry
from citymade.web.core.shaped import Shaped, Viewer

__all__ = ["audit_entries", "names_and_slugs", "parts", "users_of", "visible_by_pk", "visible_by_slug_or_404"]


@cache
def _visible(role: str, by: str, advisor: bool) -> Shaped:
    def build(key: Any, company_id: int) -> Any:
        companies = Company.objects.visible_to(Viewer(role, company_id))  # type: ignore[arg-type]
        return (companies.select_related("advisor") if advisor else companies).filter(**{by: key})

    return Shaped(build, str if by == "slug" else int, int, name=f"company by {by} visible to {role}")


def visible_by_slug_or_404(user: Any, slug: str, *, advisor: bool = True) -> Company:
    """``get_object_or_404(Company.objects.visible_to(user), slug=slug)``, with its advisor read
    with it (``select_related``) unless ``advisor`` is false."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No Company matches the given query.")
    found: Company | None = _visible(str(user.role), "slug", advisor).first(slug, user.company_id)
    if found is None:
        raise Http404("No Company matches the given query.")
    return found


def visible_by_pk(user: Any, pk: int) -> Company | None:
    """``Company.objects.visible_to(user).filter(pk=pk).first()``."""
    if not getattr(user, "is_authenticated", False):
        return None
    found: Company | None = _visible(str(user.role), "pk", False).first(pk, user.company_id)
    return found


@cache
def _names(role: str) -> Shaped:
    return Shaped(
        lambda company_id: Company.objects.visible_to(Viewer(role, company_id)).values_list("name", "slug"),  # type: ignore[arg-type]
        int,
        name=f"company names visible to {role}",
    )


def names_and_slugs(user: Any) -> list[tuple[str, str]]:
    """``Company.objects.visible_to(user).values_list("name", "slug")``, in the companies' order."""
    if not getattr(user, "is_authenticated", False):
        return []
    found: list[tuple[str, str]] = _names(str(user.role))(user.company_id)
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
    lambda company_id: _user_model().objects.filter(company_id=company_id).order_by("last_name", "first_name", "username"),
    int,
    name="users of a company",
)


def _user_model() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model()


def users_of(company: Company) -> list[Any]:
    """``company.users.order_by("last_name", "first_name", "username")``."""
    return list(_USERS(company.pk))
