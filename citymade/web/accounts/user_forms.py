"""The forms of the account pages: they bound what is typed; the services decide the rest
(duplicates, a company user's company), and their refusals land on the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from citymade.errors import CitymadeError
from citymade.web.accounts.invitations import INVITE_EMAIL_MAX
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.accounts.services import EMAIL_MAX, NAME_MAX, USERNAME_MAX
from citymade.web.companies.models import Company


def _languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def refusal_to_form(form: forms.Form, error: CitymadeError) -> None:
    """Show a service's refusal on the field it names (or above the form)."""
    field = error.location.field if error.location else None
    message = " ".join([error.message, *error.problems])
    form.add_error(field if field in form.fields else None, message)


class NamesMixin(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=NAME_MAX)
    last_name = forms.CharField(label=_("Last name"), max_length=NAME_MAX)


class ProfileForm(NamesMixin):
    email = forms.EmailField(label=_("E-mail address"), max_length=EMAIL_MAX, help_text=_("Where citymade sends your password links."))
    language = forms.ChoiceField(
        label=_("Language"), choices=_languages, help_text=_("Pages, PDF reports and e-mails are in this language.")
    )


class CompanyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AccountForm(NamesMixin):
    """An administrator creates or changes an account."""

    username = forms.CharField(
        label=_("Login"), max_length=USERNAME_MAX, help_text=_("What the person types to log in: letters, digits and @ . + - _.")
    )
    email = forms.EmailField(
        label=_("E-mail address"), max_length=EMAIL_MAX, required=False, help_text=_("For the links to choose a password.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    company = CompanyChoice(
        label=_("Company"),
        queryset=Company.objects.order_by("name"),
        required=False,
        help_text=_("For a company user only: the one company whose data they see."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=_languages, help_text=_("Of the pages and e-mails this person reads."))
    field_order = ["first_name", "last_name", "username", "email", "role", "company", "language"]


class NewAccountForm(AccountForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    send_link = forms.BooleanField(
        label=_("E-mail them a link to choose their password"),
        required=False,
        initial=True,
        help_text=_("Without it the account cannot log in until you send a link from its page."),
    )


class InviteForm(NamesMixin):
    """An advisor invites the entrepreneur of a company."""

    email = forms.EmailField(
        label=_("E-mail address"), max_length=INVITE_EMAIL_MAX, help_text=_("The invitation is sent there; it is also their login.")
    )
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=_languages, help_text=_("And of their pages and reports."))
    field_order = ["first_name", "last_name", "email", "language"]


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, help_text=_("A name, a login or an e-mail address."))
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", "—"), *Role.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", "—"), ("active", _("Active")), ("waiting", _("Never logged in")), ("inactive", _("Deactivated"))],
    )

    def filter(self, users: QuerySet[User]) -> QuerySet[User]:
        data = self.cleaned_data
        if data.get("q"):
            words = data["q"].split()
            for word in words[:5]:
                users = users.filter(
                    Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word) | Q(email__icontains=word)
                )
        if data.get("role"):
            users = users.filter(role=data["role"])
        status = data.get("status")
        if status == "active":
            users = users.filter(is_active=True)
        elif status == "waiting":
            users = users.filter(is_active=True, last_login__isnull=True)
        elif status == "inactive":
            users = users.filter(is_active=False)
        return users
