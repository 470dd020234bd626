"""The cluster's follow-up: status changes, partners, support actions, working groups, events,
pivots, milestones and jobs.

Every row belongs to a company (or a partner) and is written by :mod:`.services`, which logs it.
Querysets scope what a user sees: staff everything, a company user its own company's support
actions, observers nothing one by one (they see aggregates only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from citymade.web.accounts.roles import STAFF_ROLES, Role
from citymade.web.companies.models import Company, OrganisationType

if TYPE_CHECKING:
    from citymade.web.accounts.models import User

Membership = Company.Membership


class ScopedQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def visible_to(self, user: User) -> ScopedQuerySet:
        """Rows ``user`` may see one by one: staff all, a company user its own company's, else none."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role in STAFF_ROLES:
            return self.all()
        if user.role == Role.COMPANY and user.company_id:
            return self.filter(company_id=user.company_id)
        return self.none()


class Partner(models.Model):
    """An organisation working with the cluster that is not a member: a support organisation, a
    public body, a research centre, an association — or a company."""

    OrganisationType = OrganisationType

    name = models.CharField(_("name"), max_length=200)
    organisation_type = models.CharField(
        _("organisation type"), max_length=16, choices=OrganisationType.choices, default=OrganisationType.SUPPORT
    )
    joined_on = models.DateField(_("partner since"))
    left_on = models.DateField(_("partner until"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class StatusChange(models.Model):
    """A company's membership moved from one status to another on a date (written by ``change_status``)."""

    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=16, choices=Membership.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Membership.choices)
    date = models.DateField(_("date"), default=timezone.localdate)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.company} {self.from_status or '∅'} → {self.to_status} ({self.date})"


class SupportAction(models.Model):
    """One piece of individual support an advisor gave a company."""

    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="support_actions")
    date = models.DateField(_("date"), default=timezone.localdate)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("advisor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="support_actions"
    )
    #: A support type id of the framework (``advice``, ``rd_subsidy`` …).
    type = models.CharField(_("type"), max_length=40)
    minutes = models.PositiveIntegerField(_("time spent (minutes)"), default=0)
    outcome = models.TextField(_("outcome"), blank=True)
    #: The diagnostic and recommendation this action answers. An id, not a foreign key: the action
    #: stays when a diagnostic is revised, and the portfolio does not depend on the diagnostics app.
    diagnostic_id = models.PositiveIntegerField(_("diagnostic"), null=True, blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("support action")
        verbose_name_plural = _("support actions")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date"]), models.Index(fields=["company", "date"])]

    def __str__(self) -> str:
        return f"{self.company} · {self.type} · {self.date}"


class WorkingGroup(models.Model):
    """A sector group ("filière") such as textile, reused wood or bicycles."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    sector = models.CharField(_("sector"), max_length=60, blank=True)
    members = models.ManyToManyField(Company, verbose_name=_("participants"), blank=True, related_name="working_groups")
    partners = models.ManyToManyField(
        "Partner", verbose_name=_("participating partners"), blank=True, related_name="working_groups"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", _("Company visit")
        OPEN_DAY = "open_day", _("Open day")
        MEETING = "meeting", _("Working-group meeting")
        ASSEMBLY = "assembly", _("General assembly")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    working_group = models.ForeignKey(
        WorkingGroup, verbose_name=_("working group"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class Participation(models.Model):
    """An organisation (company or partner) invited to an event, and whether it attended."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations")
    company = models.ForeignKey(Company, verbose_name=_("company"), null=True, blank=True, on_delete=models.CASCADE, related_name="participations")
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), null=True, blank=True, on_delete=models.CASCADE, related_name="participations")
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(company__isnull=False, partner__isnull=True) | models.Q(company__isnull=True, partner__isnull=False),
                name="participation_one_organisation",
            ),
            models.UniqueConstraint(fields=["event", "company"], name="participation_once_per_company"),
            models.UniqueConstraint(fields=["event", "partner"], name="participation_once_per_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.company or self.partner}"


class Pivot(models.Model):
    class Aspect(models.TextChoices):
        PRODUCT = "product", _("Product")
        MARKET = "market", _("Market")
        MODEL = "model", _("Business model")
        PROCESS = "process", _("Process")

    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="pivots")
    date = models.DateField(_("date"))
    aspect = models.CharField(_("what changed"), max_length=16, choices=Aspect.choices)
    description = models.TextField(_("description"))
    reason = models.TextField(_("why"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pivot")
        verbose_name_plural = _("pivots")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.company} · {self.aspect} · {self.date}"


class Milestone(models.Model):
    class Kind(models.TextChoices):
        INDUSTRIALISED = "industrialised", _("First industrialised production")
        BREAK_EVEN = "break_even", _("Break-even reached")

    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("milestone"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["company", "kind"], name="milestone_once_per_company")]

    def __str__(self) -> str:
        return f"{self.company} · {self.kind} · {self.date}"


class JobsFigure(models.Model):
    """A company's jobs in full-time equivalents on a date (from a diagnostic, an import or the advisor)."""

    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="jobs_figures")
    date = models.DateField(_("date"))
    fte = models.DecimalField(_("jobs (FTE)"), max_digits=8, decimal_places=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("jobs figure")
        verbose_name_plural = _("jobs figures")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.company} · {self.fte} FTE · {self.date}"


class Contact(models.Model):
    """A contact with a company that is not a support action (a call, a visit, an e-mail exchange):
    it counts as contact on the dashboard, never in the support figures."""

    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="contact_records")
    date = models.DateField(_("date"), default=timezone.localdate)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["company", "date"])]

    def __str__(self) -> str:
        return f"{self.company} · {self.date}"


class PlanItem(models.Model):
    """The follow-up of one recommendation of a diagnostic's action plan: who, by when, how far.

    Made on first change; a recommendation without one is open. A support action that answers the
    recommendation marks it done (it can be set back)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="plan_items")
    #: An id, not a foreign key, as for support actions: the portfolio does not depend on the diagnostics app.
    diagnostic_id = models.PositiveIntegerField(_("diagnostic"))
    recommendation = models.CharField(_("recommendation"), max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [models.UniqueConstraint(fields=["diagnostic_id", "recommendation"], name="one_plan_item_per_recommendation")]

    def __str__(self) -> str:
        return f"{self.company} · {self.recommendation} · {self.status}"


class ReviewTarget(models.Model):
    """The cluster's target for one figure of one year's annual review, in the figure's unit (a
    ratio's as a fraction 0–1), set by an advisor or the administrator (audited)."""

    year = models.PositiveSmallIntegerField(_("year"))
    key = models.CharField(_("figure"), max_length=60)
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=4)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review target")
        verbose_name_plural = _("review targets")
        ordering = ["year", "key"]
        constraints = [models.UniqueConstraint(fields=["year", "key"], name="one_target_per_figure_and_year")]

    def __str__(self) -> str:
        return f"{self.year} · {self.key} · {self.value}"


#: The longest narrative of a year's review (about a page of the board document).
NARRATIVE_MAX = 3000


class ReviewNarrative(models.Model):
    """What the cluster says of its year, printed in the annual review (plain text, audited)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    text = models.TextField(_("narrative"), max_length=NARRATIVE_MAX, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review narrative")
        verbose_name_plural = _("review narratives")

    def __str__(self) -> str:
        return f"{self.year}"
