from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from citymade.portfolio import vocabulary
from citymade.portfolio.importing import KINDS
from citymade.portfolio.tabular import MAX_UPLOAD_BYTES
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import STAFF_ROLES
from citymade.web.companies.models import Company
from citymade.web.portfolio.models import Event, Milestone, Partner, Pivot, WorkingGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
        fields = ["name", "kind", "joined_on", "left_on", "website"]
        widgets = {"joined_on": DATE, "left_on": DATE}


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "kind", "date", "working_group"]
        widgets = {"date": DATE}


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "slug", "sector", "members"]
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Company.objects.exclude(membership=Company.Membership.ALUMNI).order_by("name")


class AttendanceForm(forms.Form):
    """One checkbox pair per company: invited, attended."""

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {p.company_id: p.attended for p in event.participations.filter(company__isnull=False)}
        self.rows = []
        # former members stay on the list for the events they were invited to (their past attendance)
        listed = Company.objects.exclude(membership=Company.Membership.ALUMNI) | Company.objects.filter(pk__in=list(current))
        for company in listed.distinct().order_by("name"):
            invited, attended = f"invited_{company.pk}", f"attended_{company.pk}"
            self.fields[invited] = forms.BooleanField(
                label=_("invited"), required=False, initial=company.pk in current,
                widget=forms.CheckboxInput(attrs={"aria-label": _("%(name)s: invited") % {"name": company.name}}),
            )
            self.fields[attended] = forms.BooleanField(
                label=_("attended"), required=False, initial=current.get(company.pk, False),
                widget=forms.CheckboxInput(attrs={"aria-label": _("%(name)s: attended") % {"name": company.name}}),
            )
            self.rows.append((company, self[invited], self[attended]))

    def pairs(self) -> list[tuple[Company, bool]]:
        return [
            (company, bool(self.cleaned_data[f"attended_{company.pk}"]))
            for company, _i, _a in self.rows
            if self.cleaned_data[f"invited_{company.pk}"] or self.cleaned_data[f"attended_{company.pk}"]
        ]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=[(k, k) for k in KINDS])
    file = forms.FileField(label=_("CSV or XLSX file (at most 5 MB)"))
    dry_run = forms.BooleanField(label=_("Only check the file (dry run)"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("companies", _("Companies")), ("support_actions", _("Support actions"))]

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
