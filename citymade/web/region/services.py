"""What people do with the register from the web: add a prospect to the cluster's portfolio."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from citymade.errors import CitymadeError
from citymade.register.enterprise_number import parse_enterprise_number
from citymade.register.prospects import enterprise_record
from citymade.register.store import default_store_path, open_store
from citymade.web.companies.models import Company
from citymade.web.companies.services import create_company

__all__ = ["add_prospect", "store_path"]


def store_path() -> Path:
    """The register store the web reads (``CITYMADE_REGISTER_STORE`` setting, else the default)."""
    configured = getattr(settings, "CITYMADE_REGISTER_STORE", None)
    return Path(configured) if configured else default_store_path()


def add_prospect(enterprise_number: str, *, user: Any, store: Path | None = None) -> tuple[Company, bool]:
    """Create a prospect company from the register; an existing enterprise number is returned as is.

    Returns ``(company, created)``.
    """
    number = parse_enterprise_number(enterprise_number, field="enterprise_number")
    existing = Company.objects.filter(enterprise_number=number).first()
    if existing is not None:
        return existing, False
    with open_store(store or store_path()) as s:
        record = enterprise_record(s, number)
    if record is None:
        raise CitymadeError(
            _("The enterprise %(number)s is not in the register store.") % {"number": number}
        )
    company = create_company(
        actor=user,
        data={
            "name": record["name"] or number,
            "enterprise_number": number,
            "street": record["street"][:200],
            "postal_code": record["postal_code"][:8],
            "municipality": record["municipality"][:100],
            "nace_codes": record["nace_codes"],
            "membership": Company.Membership.PROSPECT,
        },
    )
    return company, True
