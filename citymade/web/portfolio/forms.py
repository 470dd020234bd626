from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from citymade.portfolio import vocabulary
from citymade.portfolio.importing import KIND_LABELS, KINDS
from citymade.portfolio.tabular import MAX_UPLOAD_BYTES
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import STAFF_ROLES
from citymade.web.companies.models import Company
from citymade.web.portfolio.data import in_cluster_on
from citymade.web.portfolio.models import (
    NARRATIVE_MAX,
    Event,
    Milestone,
    Partner,
    Pivot,
    WorkingGroup,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

#: Statuses of companies no longer in the cluster (former members, candidates who stopped).
GONE = (Company.Membership.ALUMNI, Company.Membership.STOPPED)


def _not_future(value: Any) -> Any:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date is in the future."))
    return value


class SupportActionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate, validators=[_not_future])
    type = forms.ChoiceField(label=_("Type"))
    advisor = forms.ModelChoiceField(label=_("Advisor"), queryset=User.objects.none(), required=False)
    minutes = forms.IntegerField(label=_("Time spent (minutes)"), min_value=0, max_value=100000, initial=60)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    recommendation = forms.ChoiceField(label=_("Answers the recommendation"), required=False)

    def __init__(self, *args: Any, recommendations: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language()
        self.fields["type"].choices = [(k, vocabulary.label("support", k, language)) for k in vocabulary.support_types()]
        self.fields["advisor"].queryset = User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by("username")
        self.fields["advisor"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]
        self.fields["recommendation"].choices = [("", "—"), *(recommendations or [])]

    @staticmethod
    def linked(action: Any) -> str:
        """The recommendation choice (``"<diagnostic id>:<recommendation id>"``) an action answers."""
        return f"{action.diagnostic_id}:{action.recommendation}" if action.diagnostic_id and action.recommendation else ""

    @classmethod
    def initial_for(cls, action: Any) -> dict[str, Any]:
        return {
            "type": action.type, "date": action.date, "advisor": action.advisor, "minutes": action.minutes,
            "outcome": action.outcome, "recommendation": cls.linked(action),
        }

    def values(self, *, advisor: Any) -> dict[str, Any]:
        """The cleaned form as the support-action services take it (``advisor``: when left empty)."""
        data = self.cleaned_data
        diagnostic_id, _sep, recommendation = (data.get("recommendation") or "").partition(":")
        return {
            "type": data["type"],
            "date": data["date"],
            "advisor": data["advisor"] or advisor,
            "minutes": data["minutes"],
            "outcome": data["outcome"],
            "diagnostic_id": int(diagnostic_id) if diagnostic_id.isdigit() else None,
            "recommendation": recommendation,
        }


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=Company.Membership.choices)
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate, validators=[_not_future])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PivotForm(forms.ModelForm):
    class Meta:
        model = Pivot
        fields = ["date", "aspect", "description", "reason"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 3}), "reason": forms.Textarea(attrs={"rows": 3})}


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label=_("Milestone"), choices=Milestone.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE, validators=[_not_future])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class JobsForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate, validators=[_not_future])
    fte = forms.DecimalField(label=_("Jobs (FTE)"), min_value=0, max_digits=8, decimal_places=1)


class PartnerForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Partner
        fields = ["name", "organisation_type", "joined_on", "left_on", "website"]
        widgets = {"joined_on": DATE, "left_on": DATE}


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "kind", "date", "working_group"]
        widgets = {"date": DATE}


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "slug", "sector", "members", "partners"]
        widgets = {"members": forms.CheckboxSelectMultiple, "partners": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        listed = Company.objects.exclude(membership__in=GONE)
        partners = Partner.objects.filter(left_on__isnull=True)
        if self.instance.pk:  # a former member or partner stays listed (and ticked) while it is in the group
            listed = listed | Company.objects.filter(working_groups=self.instance)
            partners = partners | Partner.objects.filter(working_groups=self.instance)
        self.fields["members"].queryset = listed.distinct().order_by("name")
        self.fields["partners"].queryset = partners.distinct().order_by("name")


class AttendanceForm(forms.Form):
    """One checkbox pair per organisation (companies, then partners): invited, attended.

    ``fill`` pre-ticks boxes, saved only when the user saves: ``group`` invites every participant
    of the event's working group, ``attended`` marks everyone invited as having attended."""

    FILLS = ("group", "attended")

    def __init__(self, *args: Any, event: Event, fill: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invitations = {p.company_id: p for p in event.participations.filter(company__isnull=False)}
        partner_invitations = {p.partner_id: p for p in event.participations.filter(partner__isnull=False)}
        group = set(event.working_group.members.values_list("pk", flat=True)) if event.working_group_id else set()
        group_partners = set(event.working_group.partners.values_list("pk", flat=True)) if event.working_group_id else set()
        self.rows: list[tuple[Any, ...]] = []
        self.partner_rows: list[tuple[Any, ...]] = []
        # Organisations that were in the cluster on the event's day stay on its list (a former
        # member's past attendance can be entered), and so does anyone invited.
        listed = (
            Company.objects.exclude(membership__in=GONE)
            | Company.objects.filter(pk__in=list(invitations))
            | Company.objects.filter(pk__in=in_cluster_on(event.date))
        )
        for company in listed.distinct().order_by("name"):
            self.rows.append(self._row("", company, invitations.get(company.pk), fill, company.pk in group))
        partners = (
            Partner.objects.filter(models.Q(left_on__isnull=True) | models.Q(left_on__gt=event.date), joined_on__lte=event.date)
            | Partner.objects.filter(left_on__isnull=True)
            | Partner.objects.filter(pk__in=list(partner_invitations))
        )
        for partner in partners.distinct().order_by("name"):
            self.partner_rows.append(
                self._row("partner_", partner, partner_invitations.get(partner.pk), fill, partner.pk in group_partners)
            )

    def _row(self, prefix: str, organisation: Any, invitation: Any, fill: str, in_group: bool) -> tuple[Any, ...]:
        is_invited = invitation is not None or (fill == "group" and in_group)
        has_attended = (invitation is not None and invitation.attended) or (fill == "attended" and invitation is not None)
        invited, attended = f"{prefix}invited_{organisation.pk}", f"{prefix}attended_{organisation.pk}"
        self.fields[invited] = forms.BooleanField(
            label=_("invited"), required=False, initial=is_invited,
            widget=forms.CheckboxInput(attrs={"aria-label": _("%(name)s: invited") % {"name": organisation.name}}),
        )
        self.fields[attended] = forms.BooleanField(
            label=_("attended"), required=False, initial=has_attended,
            widget=forms.CheckboxInput(attrs={"aria-label": _("%(name)s: attended") % {"name": organisation.name}}),
        )
        return (organisation, self[invited], self[attended], invitation, in_group)

    def _pairs(self, prefix: str, rows: list[tuple[Any, ...]]) -> list[tuple[Any, bool]]:
        data = self.cleaned_data
        return [
            (org, bool(data[f"{prefix}attended_{org.pk}"]))
            for org, *_rest in rows
            if data[f"{prefix}invited_{org.pk}"] or data[f"{prefix}attended_{org.pk}"]
        ]

    def pairs(self) -> list[tuple[Company, bool]]:
        return self._pairs("", self.rows)

    def partner_pairs(self) -> list[tuple[Partner, bool]]:
        return self._pairs("partner_", self.partner_rows)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=[(k, k) for k in KINDS])
    file = forms.FileField(label=_("CSV or XLSX file (at most 5 MB)"))
    dry_run = forms.BooleanField(label=_("Only check the file (dry run)"), required=False, initial=True)
    date_on_import_day = forms.BooleanField(
        label=_("Date statuses and jobs figures that have no date on the import day"),
        help_text=_("Companies only. Without it, a status needs its “status since” date and a jobs figure its date, so that the past years' reviews count them."),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from citymade.i18n import gettext as core_gettext

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, core_gettext(KIND_LABELS[kind])) for kind in KINDS]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Only CSV and XLSX files can be imported."))
        return upload


class PlanItemForm(forms.Form):
    """Who follows a recommendation of the action plan, by when, and how far it is."""

    status = forms.ChoiceField(label=_("Status"))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from citymade.web.accounts.models import User
        from citymade.web.accounts.roles import STAFF_ROLES
        from citymade.web.portfolio.models import PlanItem

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = PlanItem.Status.choices
        owner = self.fields["owner"]
        owner.queryset = User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by("first_name", "last_name", "username")  # type: ignore[attr-defined]
        owner.label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]

    def clean_due_on(self) -> Any:
        import datetime as dt

        due = self.cleaned_data.get("due_on")
        if due is not None and not dt.date(2000, 1, 1) <= due <= dt.date(2100, 12, 31):
            raise forms.ValidationError(_("Enter a due date between 2000 and 2100."))
        return due


def _plain(value: float) -> Any:
    """A number as a person types it: 20, not 20.0."""
    shown = round(value, 1)
    return int(shown) if float(shown).is_integer() else shown


class ReviewBoardForm(forms.Form):
    """The cluster's targets for a year's figures (a ratio's as a percentage) and its narrative."""

    narrative = forms.CharField(
        label=_("The year in a few words"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Printed at the top of the review and its PDF for the board; plain text, at most 3,000 characters."),
    )

    def __init__(self, *args: Any, figures: list[tuple[str, str]], targets: dict[str, float], **kwargs: Any) -> None:
        from citymade.portfolio.targets import RATIOS, TARGET_MAX

        super().__init__(*args, **kwargs)
        self.ratios = set(RATIOS)
        self.keys = []
        for key, label in figures:
            ratio = key in RATIOS
            current = targets.get(key)
            self.fields[f"target_{key}"] = forms.DecimalField(
                label=label,
                required=False,
                min_value=0,
                max_value=100 if ratio else TARGET_MAX,
                decimal_places=1,
                max_digits=9,
                initial=None if current is None else _plain(current * 100 if ratio else current),
                localize=True,  # "60,5" in French and Dutch, "60.5" in English
                help_text=_("Target in %, from 0 to 100; leave empty for no target.") if ratio else _("Leave empty for no target."),
            )
            self.fields[f"target_{key}"].widget.attrs["inputmode"] = "decimal"
            self.keys.append(key)

    def targets(self) -> dict[str, Any]:
        """``{figure key: target or None}`` in the figures' units (a ratio's 0–1)."""
        from decimal import Decimal

        out: dict[str, Any] = {}
        for key in self.keys:
            value = self.cleaned_data.get(f"target_{key}")
            out[key] = None if value is None else (value / Decimal(100) if key in self.ratios else value)
        return out


class SupportFilterForm(forms.Form):
    """Filters of the support actions list, all in the URL: company, advisor, type and period."""

    company = forms.ChoiceField(label=_("Company"), required=False)
    advisor = forms.ChoiceField(label=_("Advisor"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language()
        everyone = [("", _("all"))]
        self.fields["company"].choices = everyone + list(
            Company.objects.filter(support_actions__isnull=False).distinct().order_by("name").values_list("slug", "name")
        )
        staff = User.objects.filter(role__in=STAFF_ROLES).order_by("first_name", "last_name", "username")
        self.fields["advisor"].choices = everyone + [(u.username, u.get_full_name() or u.username) for u in staff]
        self.fields["type"].choices = everyone + [(k, vocabulary.label("support", k, language)) for k in vocabulary.support_types()]

    def clean(self) -> dict[str, Any]:
        import datetime as dt

        data = super().clean()
        for name in ("start", "end"):
            day = data.get(name)
            if day is not None and not dt.date(1990, 1, 1) <= day <= dt.date(2100, 12, 31):
                self.add_error(name, _("Enter a date between 1990 and 2100."))
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end of the period comes before its start."))
        return data

    def apply(self, actions: Any) -> Any:
        """``actions`` narrowed to the valid filters (an invalid form filters nothing)."""
        if not self.is_valid():
            return actions
        data = self.cleaned_data
        if data.get("company"):
            actions = actions.filter(company__slug=data["company"])
        if data.get("advisor"):
            actions = actions.filter(advisor__username=data["advisor"])
        if data.get("type"):
            actions = actions.filter(type=data["type"])
        if data.get("start"):
            actions = actions.filter(date__gte=data["start"])
        if data.get("end"):
            actions = actions.filter(date__lte=data["end"])
        return actions
