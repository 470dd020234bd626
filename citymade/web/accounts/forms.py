from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from citymade import i18n
from citymade.web.accounts import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form, refusing attempts as :mod:`citymade.web.accounts.throttle` decides."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password. Both are case-sensitive."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request) if self.request else "0.0.0.0"
        device = throttle.device_of(self.request, username)
        lock = throttle.lock_of(username, address, device) if username else None
        if lock is not None:
            raise forms.ValidationError(_refusal(lock), code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                throttle.record_failure(username, address, device)
            raise
        throttle.clear(username, address, device)
        return cleaned


def _refusal(lock: throttle.Lock) -> str:
    minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
    if lock is throttle.Lock.ACCOUNT:
        return gettext(
            "This account has received too many failed attempts from elsewhere. Log in from a device "
            "you have used before, or choose a new password with “Forgot your password?”."
        )
    if lock is throttle.Lock.ADDRESS:
        text = ngettext(
            "Too many failed attempts from your network. Try again in %(minutes)d minute.",
            "Too many failed attempts from your network. Try again in %(minutes)d minutes.",
            minutes,
        )
    else:
        text = ngettext(
            "Too many failed attempts for this account. Try again in %(minutes)d minute.",
            "Too many failed attempts for this account. Try again in %(minutes)d minutes.",
            minutes,
        )
    return text % {"minutes": minutes}


class ResetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Choosing a new password from the e-mailed link also lifts every login lock of the account."""

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=commit)
        throttle.clear_account(user.get_username())
        return user


class LocalisedPasswordResetForm(PasswordResetForm):
    """The reset link is e-mailed in the account's own language when it chose one (else the
    language of the page that asked for it)."""

    def send_mail(self, subject_template_name: str, email_template_name: str, context: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        lang = getattr(context.get("user"), "language", "") or translation.get_language()
        with translation.override(lang), i18n.use_language(lang):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
