"""Forms of the company pages; they validate input, the services in :mod:`.services` save it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from citymade.errors import CitymadeError
from citymade.register.enterprise_number import parse_enterprise_number
from citymade.web.companies.models import Company, ContactPerson, Product, Site, validate_nace_codes
from citymade.web.companies.services import (
    CONTACT_FIELDS,
    PRODUCT_FIELDS,
    SITE_FIELDS,
    company_fields_editable_by,
)


class NaceCodesField(forms.CharField):
    """NACE codes typed as one line, separated by commas or spaces: ``10.89, 31.09``."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        return [code for code in text.replace(";", ",").replace(",", " ").split() if code]

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        validate_nace_codes(value)


class CompanyForm(forms.ModelForm):
    """The company's facts; only the fields the user may change are in the form."""

    nace_codes = NaceCodesField(
        label=_("NACE codes"),
        required=False,
        help_text=_("Activity codes, separated by commas, e.g. 10.89, 31.09."),
    )

    enterprise_number = forms.CharField(
        label=_("Enterprise number"),
        max_length=20,
        required=False,
        help_text=_("Belgian enterprise number (KBO/BCE), e.g. 0403.170.701."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "enterprise_number",
            "legal_form",
            "nace_codes",
            "street",
            "postal_code",
            "municipality",
            "founded_on",
            "membership",
            "organisation_type",
            "advisor",
            "slug",
        ]
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        editable = set(company_fields_editable_by(user))
        for name in list(self.fields):
            if name not in editable:
                del self.fields[name]
        if "advisor" in self.fields:  # staff only; named as people know them, never by the login
            field = self.fields["advisor"]
            field.queryset = field.queryset.order_by("first_name", "last_name", "username")  # type: ignore[attr-defined]
            field.label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]
        if "organisation_type" in self.fields:  # left out, a company stays what it is (a new one: a company)
            self.fields["organisation_type"].required = False

    def clean_organisation_type(self) -> str:
        value = self.cleaned_data.get("organisation_type")
        return str(value or self.instance.organisation_type or Company.OrganisationType.COMPANY)

    def clean_enterprise_number(self) -> str:
        text = (self.cleaned_data.get("enterprise_number") or "").strip()
        if not text:
            return ""
        try:
            return parse_enterprise_number(text)
        except CitymadeError as exc:
            raise forms.ValidationError(exc.message, code="enterprise_number") from exc

    def changes(self) -> dict[str, Any]:
        """The values to hand to the service: every field of the form, cleaned."""
        return {name: self.cleaned_data[name] for name in self.fields}


class _PartForm(forms.ModelForm):
    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class ProductForm(_PartForm):
    class Meta:
        model = Product
        fields = list(PRODUCT_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SiteForm(_PartForm):
    class Meta:
        model = Site
        fields = list(SITE_FIELDS)
        widgets = {"neighbours": forms.Textarea(attrs={"rows": 3})}


class ContactForm(_PartForm):
    class Meta:
        model = ContactPerson
        fields = list(CONTACT_FIELDS)


class CompanySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, enterprise number, municipality or postal code."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    membership = forms.ChoiceField(
        label=_("Membership"),
        required=False,
        choices=[("", _("All"))] + list(Company.Membership.choices),
    )
