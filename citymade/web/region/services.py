"""What people do with the register from the web: add a prospect to the cluster's portfolio, or
dismiss it (with a reason, remembered across register imports) and undo that."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from citymade.errors import CitymadeError
from citymade.register.enterprise_number import parse_enterprise_number
from citymade.register.prospects import enterprise_record
from citymade.register.store import default_store_path, open_store
from citymade.web.companies.models import Company
from citymade.web.companies.services import create_company
from citymade.web.core.audit import log_action, snapshot
from citymade.web.region.models import REASON_LENGTH, DismissedProspect

__all__ = ["add_prospect", "dismiss_prospect", "restore_prospect", "store_path"]


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
            "name": (record["name"] or number)[:200],
            "enterprise_number": number,
            "street": record["street"][:200],
            "postal_code": record["postal_code"][:8],
            "municipality": record["municipality"][:100],
            "nace_codes": record["nace_codes"],
            "membership": Company.Membership.PROSPECT,
        },
    )
    return company, True


def _message(exc: ValidationError) -> str:
    """Each refused field by its name: "Reason: remove the control characters …"."""
    names = {f.name: str(f.verbose_name) for f in DismissedProspect._meta.get_fields() if hasattr(f, "verbose_name")}
    return " ".join(
        f"{names.get(field, field).capitalize()}: {message}" for field, messages in exc.message_dict.items() for message in messages
    )


@transaction.atomic
def dismiss_prospect(
    enterprise_number: str, *, reason: str, user: Any, store: Path | None = None
) -> tuple[DismissedProspect, bool]:
    """Take an enterprise off the prospect list, saying why; returns ``(dismissal, created)``.

    An enterprise already dismissed keeps its first dismissal. Refused with a message: a wrong
    number, an empty reason or one over :data:`~citymade.web.region.models.REASON_LENGTH` characters.
    """
    number = parse_enterprise_number(enterprise_number, field="enterprise_number")
    reason = (reason or "").strip()
    if not reason:
        raise CitymadeError(_("Say why this enterprise is not a prospect."))
    if len(reason) > REASON_LENGTH:
        raise CitymadeError(
            _("The reason is too long: at most %(max)d characters (it has %(count)d).")
            % {"max": REASON_LENGTH, "count": len(reason)}
        )
    existing = DismissedProspect.objects.filter(enterprise_number=number).first()
    if existing is not None:
        return existing, False
    name = ""
    path = store or store_path()
    if path.exists():
        with open_store(path) as s:
            record = enterprise_record(s, number)
        name = (record or {}).get("name") or ""
    dismissal = DismissedProspect(enterprise_number=number, name=name[:200], reason=reason, dismissed_by=user)
    try:
        dismissal.full_clean()
    except ValidationError as exc:
        raise CitymadeError(_message(exc)) from exc
    dismissal.save()
    log_action("prospect.dismissed", actor=user, obj=dismissal, after=snapshot(dismissal))
    return dismissal, True


@transaction.atomic
def restore_prospect(enterprise_number: str, *, user: Any) -> DismissedProspect | None:
    """Undo a dismissal: the enterprise is a prospect again. ``None`` when it was not dismissed."""
    number = parse_enterprise_number(enterprise_number, field="enterprise_number")
    dismissal = DismissedProspect.objects.filter(enterprise_number=number).first()
    if dismissal is None:
        return None
    log_action("prospect.restored", actor=user, obj=dismissal, before=snapshot(dismissal))
    dismissal.delete()
    return dismissal
