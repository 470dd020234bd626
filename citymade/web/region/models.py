"""What advisors decide about the register's prospects: an enterprise dismissed, and why.

Keyed by the enterprise number, not by a row of the register store: a register import replaces the
store, and a dismissal stays.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from citymade.web.companies.models import validate_enterprise_number
from citymade.web.core.validation import refuse_control_characters

REASON_LENGTH = 300


class DismissedProspect(models.Model):
    """An enterprise an advisor took off the prospect list (shown again by undoing it)."""

    enterprise_number = models.CharField(
        _("enterprise number"), max_length=12, unique=True, validators=[validate_enterprise_number]
    )
    #: the enterprise's name when it was dismissed, so the list of dismissed ones reads without the store
    name = models.CharField(_("name"), max_length=200, blank=True)
    reason = models.CharField(
        _("reason"),
        max_length=REASON_LENGTH,
        help_text=_("Why this enterprise is not a prospect (e.g. “closed”, “not a workshop”)."),
    )
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dismissed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(_("dismissed on"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed prospect")
        verbose_name_plural = _("dismissed prospects")
        ordering = ["-dismissed_at", "-pk"]

    def __str__(self) -> str:
        return self.name or self.enterprise_number

    def clean(self) -> None:
        refuse_control_characters(self)
