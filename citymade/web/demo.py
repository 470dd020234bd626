"""The demo cluster: deterministic users and companies to explore citymade (``citymade demo``).

The companies come from ``demo_cluster.yaml`` next to this module (see its header for the keys).
:func:`load_demo` creates or brings back, idempotently:

* every company of the file with its site, products and contact person;
* the users ``admin``, ``advisor``, ``observer`` and one company user per company whose username is
  the company's slug, all with the password :data:`DEMO_PASSWORD`;
* then whatever other apps add: every installed app whose ``AppConfig`` has a method
  ``load_demo(companies, *, now)`` is called with the demo companies (``Company`` instances in file
  order, each carrying its YAML record as ``company.demo_record``) and the moment the demo is
  loaded. The hook must be idempotent too; it may return a short text that ``citymade demo``
  prints. Example (diagnostics)::

      class DiagnosticsConfig(AppConfig):
          def load_demo(self, companies, *, now):
              for company in companies:
                  stage = company.demo_record["stage"]  # also "models", "employees", "products"
                  ...
              return "96 diagnostics"

Everything runs in one transaction: a failing hook leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citymade.errors import CitymadeError
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company, ContactPerson, Product, Site

__all__ = ["CLUSTER_FILE", "DEMO_PASSWORD", "DemoResult", "load_demo", "read_cluster"]

DEMO_PASSWORD = "citymade-demo"
CLUSTER_FILE = Path(__file__).with_name("demo_cluster.yaml")

COMPANY_KEYS = (
    "name",
    "enterprise_number",
    "legal_form",
    "nace_codes",
    "street",
    "postal_code",
    "municipality",
    "founded_on",
    "membership",
)
STAFF_USERS = (("admin", Role.ADMIN), ("advisor", Role.ADVISOR), ("observer", Role.OBSERVER))
#: The staff's names (a report names its advisor by name, not by login).
STAFF_NAMES = {"admin": ("Claire", "Dubois"), "advisor": ("Sophie", "Lambert"), "observer": ("Marc", "Peeters")}


@dataclass(frozen=True)
class DemoResult:
    users: list[tuple[str, str]]
    companies: int
    #: What each app's ``load_demo`` hook returned, by app label (only hooks that returned something).
    extras: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=4)
def _read(path: Path, mtime: float) -> tuple[dict[str, Any], ...]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return tuple(data["companies"])


def read_cluster(path: Path = CLUSTER_FILE) -> list[dict[str, Any]]:
    """The demo companies as records (plain dicts), in file order."""
    return [dict(r) for r in _read(path, path.stat().st_mtime)]


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _load_company(record: dict[str, Any]) -> Company:
    defaults = {key: record.get(key) for key in COMPANY_KEYS}
    defaults["founded_on"] = _date(defaults["founded_on"])
    defaults["nace_codes"] = list(defaults["nace_codes"] or [])
    company, _created = Company.objects.update_or_create(slug=record["slug"], defaults=defaults)
    site = record.get("site")
    if site:
        Site.objects.update_or_create(
            company=company, name=site["name"], defaults={k: v for k, v in site.items() if k != "name"}
        )
    for product in record.get("products", []):
        Product.objects.update_or_create(
            company=company,
            name=product["name"],
            defaults={k: v for k, v in product.items() if k != "name"},
        )
    contact = record.get("contact")
    if contact:
        ContactPerson.objects.update_or_create(
            company=company,
            name=contact["name"],
            defaults={k: v for k, v in contact.items() if k != "name"},
        )
    company.demo_record = record  # type: ignore[attr-defined]
    return company


def _contact_name(company: Company | None) -> tuple[str, str]:
    """A company user of the demo is its company's contact person (pages name people, not logins)."""
    record = getattr(company, "demo_record", None) or {}
    first, _sep, last = str((record.get("contact") or {}).get("name") or "").partition(" ")
    return first, last


def _load_users(companies: list[Company]) -> list[tuple[str, str]]:
    # One hash for all: hashing is deliberately slow, and these passwords are public anyway.
    password = make_password(DEMO_PASSWORD)
    people: list[tuple[str, str, Company | None]] = [(u, r, None) for u, r in STAFF_USERS]
    people += [(c.slug, Role.COMPANY, c) for c in companies]
    for username, role, company in people:
        User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "company": company,
                "is_superuser": role == Role.ADMIN,
                "is_active": True,
                "password": password,
                **dict(zip(("first_name", "last_name"), STAFF_NAMES.get(username) or _contact_name(company), strict=True)),
            },
        )
    return [(u, str(r)) for u, r, _c in people]


def _assign_advisor(companies: list[Company]) -> None:
    """The demo advisor follows the members and candidates; prospects have nobody assigned yet (the
    list then names who was last in touch)."""
    advisor = User.objects.get(username="advisor")
    for company in companies:
        if company.membership != Company.Membership.PROSPECT and company.advisor_id is None:
            company.advisor = advisor
            company.save(update_fields=["advisor"])


def load_demo(
    *,
    force: bool = False,
    now: dt.datetime | None = None,
    hooks: bool | Collection[str] = True,
) -> DemoResult:
    """Create (or bring back) the demo cluster; running it twice changes nothing.

    ``hooks`` chooses which apps' ``load_demo`` run: all (``True``), none (``False``) or those
    whose app labels are given (tests use this to stay fast and focused).
    """
    if not settings.CITYMADE_DEVELOPMENT and not force:
        raise CitymadeError(
            _("The demo data is for development: debug is off, so add --force if you really want it here.")
        )
    now = now or timezone.now()
    records = read_cluster()
    extras: dict[str, Any] = {}
    with transaction.atomic():
        companies = [_load_company(record) for record in records]
        users = _load_users(companies)
        _assign_advisor(companies)
        for config in apps.get_app_configs():
            hook = getattr(config, "load_demo", None)
            wanted = hooks is True or (hooks is not False and config.label in hooks)
            if callable(hook) and wanted:
                outcome = hook(companies, now=now)
                if outcome is not None:
                    extras[config.label] = outcome
    return DemoResult(users=users, companies=len(companies), extras=extras)
