"""The main menu, declared once: each entry names the URL and the roles that see it.

Entries are only shown to roles whose access rule lets them in; the access rule itself stays on
the view (a hidden menu entry is a convenience, not a protection).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from citymade.web.accounts.roles import Role

#: (url name, label, roles that see the entry)
MENU: list[tuple[str, Any, frozenset[str]]] = [
    ("core:home", _("Home"), frozenset(Role)),
    ("companies:list", _("Companies"), frozenset({Role.ADMIN, Role.ADVISOR})),
    ("core:audit", _("Audit trail"), frozenset({Role.ADMIN})),
]


def register(url_name: str, label: Any, roles: frozenset[str]) -> None:
    """Add a menu entry (apps call this from their ``AppConfig.ready``)."""
    if url_name not in {m[0] for m in MENU}:
        MENU.append((url_name, label, roles))


def items_for(user: Any) -> list[tuple[str, Any]]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [(name, label) for name, label, roles in MENU if user.role in roles]
