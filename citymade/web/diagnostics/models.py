"""A diagnostic of one company: its answers, its state and the scored result, kept as versions.

A diagnostic moves draft → submitted → validated (see :mod:`.workflow`). Only a draft takes new
answers; a submitted or validated diagnostic is never edited in place: revising it makes a new draft
whose ``previous`` is the diagnostic it came from. The scored result is stored as a snapshot when the
diagnostic is submitted, so the results page renders without re-scoring and old diagnostics keep the
framework version they were scored with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from citymade.web.accounts.roles import STAFF_ROLES, Role

if TYPE_CHECKING:
    from citymade.web.accounts.models import User


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", _("Validated")


FINISHED = (State.SUBMITTED, State.VALIDATED)


class Kind(models.TextChoices):
    """What the diagnostic asks: a quick scan (about 20 qualitative questions, to open the
    conversation) or the full diagnostic (adaptive; a quick scan grows into it)."""

    QUICK = "quick", _("Quick scan")
    FULL = "full", _("Full diagnostic")


class DiagnosticQuerySet(models.QuerySet["Diagnostic"]):
    def visible_to(self, user: User) -> DiagnosticQuerySet:
        """Diagnostics ``user`` may open: staff all, a company user its own company's, else none."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role in STAFF_ROLES:
            return self.all()
        if user.role == Role.COMPANY and user.company_id:
            return self.filter(company_id=user.company_id)
        return self.none()

    def finished(self) -> DiagnosticQuerySet:
        """Submitted or validated: those with a scored result."""
        return self.filter(state__in=FINISHED)

    def before(self, assessed_on: Any, version: int) -> DiagnosticQuerySet:
        """Those that come before a diagnostic of ``assessed_on`` and ``version``: an earlier date,
        or the same date and a lower version."""
        return self.filter(
            models.Q(assessed_on__lt=assessed_on) | models.Q(assessed_on=assessed_on, version__lt=version)
        )

    def history(self) -> DiagnosticQuerySet:
        """Newest first, by the date the diagnostic speaks for."""
        return self.order_by("-assessed_on", "-version", "-pk")


def empty_answers() -> dict[str, Any]:
    return {"company": {}, "products": [], "site": {}}


class Diagnostic(models.Model):
    company = models.ForeignKey(
        "companies.Company", verbose_name=_("company"), on_delete=models.CASCADE, related_name="diagnostics"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
    )
    framework_version = models.CharField(_("framework version"), max_length=40)
    answers = models.JSONField(_("answers"), default=empty_answers)
    #: One entry per product in ``answers["products"]``: ``{"id": <Product pk or None>, "name": …}``.
    products = models.JSONField(_("products"), default=list, blank=True)
    #: Step keys the user has saved at least once (drives the progress bar and "resume").
    steps_done = models.JSONField(default=list, blank=True)
    #: Per step key (``"*"`` for a whole answers document): its latest saves as
    #: ``[saved_at ISO, user id, editor]``, newest last — what the stale-save check compares with.
    step_saves = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.FULL)
    #: The next meeting with the company, set by the advisor at validation (printed on the PDF).
    next_meeting_on = models.DateField(_("next meeting"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="diagnostics",
    )
    assessed_on = models.DateField(_("date"), default=timezone.localdate)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated"), null=True, blank=True)

    objects = DiagnosticQuerySet.as_manager()

    class Meta:
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")
        ordering = ["-assessed_on", "-version", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["company", "version"], name="one_version_number_per_company"),
        ]

    def __str__(self) -> str:
        return f"{self.company} · {self.assessed_on:%Y-%m-%d} · v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.state == State.DRAFT

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED

    def earlier(self, *, defer: tuple[str, ...] = ()) -> Diagnostic | None:
        """The company's latest finished diagnostic before this one: the base of "what moved"
        (:func:`citymade.web.diagnostics.reads.earlier`; ``defer`` names fields not to read now)."""
        from citymade.web.diagnostics.reads import earlier

        return earlier(self, defer=defer)


class TransitionLog(models.Model):
    """One fired transition: from which state to which, by whom, when, with an optional note."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="transitions")
    transition = models.CharField(_("transition"), max_length=32)
    from_state = models.CharField(_("from"), max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_state} → {self.to_state}"
