"""The demo cluster: deterministic users and companies to explore citymade (``citymade demo``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from citymade.errors import CitymadeError
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company

DEMO_PASSWORD = "citymade-demo"

#: (slug, name, enterprise number, postal code, municipality)
DEMO_COMPANIES: list[tuple[str, str, str, str, str]] = [
    ("champignons-du-canal", "Champignons du Canal", "0403.170.701", "1080", "Molenbeek-Saint-Jean"),
    ("velo-atelier-midi", "Vélo Atelier Midi", "0202.239.951", "1060", "Saint-Gilles"),
    ("bois-de-reemploi", "Bois de Réemploi", "0417.497.106", "1070", "Anderlecht"),
]


@dataclass(frozen=True)
class DemoResult:
    users: list[tuple[str, str]]
    companies: int


def load_demo(*, force: bool = False) -> DemoResult:
    """Create (or bring back) the demo users and companies; running it twice changes nothing."""
    if not settings.DEBUG and not force:
        raise CitymadeError(
            _("The demo data is for development: debug is off, so add --force if you really want it here.")
        )
    with transaction.atomic():
        companies = []
        for slug, name, number, postal_code, municipality in DEMO_COMPANIES:
            company, _created = Company.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "enterprise_number": number,
                    "postal_code": postal_code,
                    "municipality": municipality,
                },
            )
            companies.append(company)
        people: list[tuple[str, str, Company | None]] = [
            ("admin", Role.ADMIN, None),
            ("advisor", Role.ADVISOR, None),
            ("observer", Role.OBSERVER, None),
        ] + [(c.slug, Role.COMPANY, c) for c in companies]
        for username, role, company in people:
            user = User.objects.filter(username=username).first() or User(username=username)
            user.role = role
            user.company = company
            user.is_superuser = role == Role.ADMIN
            user.set_password(DEMO_PASSWORD)
            user.save()
    return DemoResult(users=[(u, r) for u, r, _c in people], companies=len(companies))
