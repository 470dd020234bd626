from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from citymade.web.core.models import AuditEntry


class AuditSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, help_text=_("A company name."))
    action = forms.ChoiceField(label=_("What happened"), required=False)
    person = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from citymade.web.accounts.models import User
        from citymade.web.core.events import kind_choices

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = kind_choices()
        people = self.fields["person"]
        people.queryset = User.objects.order_by("first_name", "last_name", "username")
        people.label_from_instance = lambda u: u.get_full_name() or u.username

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        data = self.cleaned_data
        if data.get("q"):
            entries = entries.filter(Q(company__name__icontains=data["q"]))
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("person"):
            entries = entries.filter(actor=data["person"])
        if data.get("since"):
            entries = entries.filter(at__date__gte=data["since"])
        if data.get("until"):
            entries = entries.filter(at__date__lte=data["until"])
        return entries
