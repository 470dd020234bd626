from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from citymade.web.core.models import AuditEntry


class AuditSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Action, user name or company name."))
    action = forms.CharField(label=_("Action starts with"), required=False, help_text=_("e.g. company. or diagnostic.submitted"))
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        data = self.cleaned_data
        if data.get("q"):
            q = data["q"]
            entries = entries.filter(
                Q(action__icontains=q) | Q(actor__username__icontains=q) | Q(company__name__icontains=q)
            )
        if data.get("action"):
            entries = entries.filter(action__startswith=data["action"])
        if data.get("since"):
            entries = entries.filter(at__date__gte=data["since"])
        if data.get("until"):
            entries = entries.filter(at__date__lte=data["until"])
        return entries
