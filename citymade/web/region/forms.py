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
        everything = [("", _("All"))]
        self.fields["model"].choices = everything + list(getattr(found, "models", []))
        self.fields["municipality"].choices = everything + list(getattr(found, "municipalities", []))
        self.fields["division"].choices = everything + list(getattr(found, "divisions", []))
