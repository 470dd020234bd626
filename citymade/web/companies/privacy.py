"""Personal data of contact persons: export on request, and erasure that keeps the company's figures.

Contact persons are the only personal data citymade holds about people outside the cluster's users.
Their details also appear in the audit trail (before/after of each change), so erasure scrubs those
entries too; the company, its diagnostics and its follow-up stay as they are.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from citymade.web.companies.models import ContactPerson
from citymade.web.core.audit import log_action
from citymade.web.core.models import AuditEntry

PERSONAL_FIELDS = ("name", "function", "email", "phone")
ERASED = "[erased]"


def _entries(contact: ContactPerson) -> Any:
    return AuditEntry.objects.filter(object_type=contact._meta.label_lower, object_id=str(contact.pk))


def export_personal_data(contact: ContactPerson) -> dict[str, Any]:
    """Everything citymade holds about one contact person, as a JSON-ready document."""
    return {
        "contact_person": {field: getattr(contact, field) for field in PERSONAL_FIELDS},
        "company": contact.company.name,
        "history": [
            {"at": e.at.isoformat(), "action": e.action, "before": e.before, "after": e.after}
            for e in _entries(contact).order_by("at", "id")
        ],
    }


def _scrub(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: (ERASED if k in PERSONAL_FIELDS and v else v) for k, v in values.items()}


@transaction.atomic
def erase_contact(contact: ContactPerson, *, actor: Any) -> None:
    """Delete a contact person and scrub their details from the audit trail."""
    for entry in _entries(contact).select_for_update():
        entry.before, entry.after = _scrub(entry.before), _scrub(entry.after)
        entry.save(update_fields=["before", "after"])
    company = contact.company
    log_action("contact.erased", actor=actor, obj=contact, company=company)
    contact.delete()
