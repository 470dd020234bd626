"""The four roles of citymade and what each may do."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Who a user is for the cluster; every access rule is written in these terms."""

    ADMIN = "admin", _("Administrator")
    ADVISOR = "advisor", _("Cluster advisor")
    COMPANY = "company", _("Company user")
    OBSERVER = "observer", _("Observer")


#: Staff roles see every company of the cluster.
STAFF_ROLES = frozenset({Role.ADMIN, Role.ADVISOR})
#: The same, for access rules: ``@allow(*STAFF)``.
STAFF = (Role.ADMIN, Role.ADVISOR)
#: Roles that see company records (staff, and a company user its own); observers see aggregates only.
PEOPLE = (Role.ADMIN, Role.ADVISOR, Role.COMPANY)
ALL_ROLES = frozenset(Role)
