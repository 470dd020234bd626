"""The prospect list's filters: the choices are what the register's prospects actually have."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ProspectFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Circular model"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    division = forms.ChoiceField(label=_("NACE division"), required=False)

    def __init__(self, *args: Any, found: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("All models")), *getattr(found, "models", [])]
        self.fields["municipality"].choices = [("", _("All municipalities")), *getattr(found, "municipalities", [])]
        self.fields["division"].choices = [("", _("All divisions")), *getattr(found, "divisions", [])]
