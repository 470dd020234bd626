"""``log_action``: record who changed what, before and after (pretix's ``log_action`` habit).

Services call it inside their transaction, so a change and its audit entry land together or not at
all. Action names are dotted: ``company.created``, ``diagnostic.submitted``, ``user.role_changed``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.forms.models import model_to_dict

from citymade.web.core.models import AuditEntry


def snapshot(obj: models.Model, *, exclude: tuple[str, ...] = ("password",)) -> dict[str, Any]:
    """A JSON-safe dict of a model instance's fields, for the before/after of an entry."""
    data = model_to_dict(obj)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in exclude:
            continue
        if isinstance(value, (str, int, float, bool, type(None), list, dict)):
            out[key] = value
        elif isinstance(value, models.Model):
            out[key] = value.pk
        else:
            out[key] = str(value)
    return out


def log_action(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    company: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    named: dict[str, Any] = {"company": company}
    if company is None and obj is not None:
        if getattr(obj, "company_id", None) is not None:
            # the id the object holds: reading the company it names would cost a query
            named = {"company_id": obj.company_id}
        elif obj.__class__.__name__ == "Company":
            named = {"company": obj}
        else:
            named = {"company": getattr(obj, "company", None)}
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        **named,
        before=before,
        after=after,
    )
