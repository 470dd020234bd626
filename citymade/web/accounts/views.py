from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from citymade.web.accounts import throttle
from citymade.web.accounts.forms import ThrottledAuthenticationForm
from citymade.web.accounts.models import ApiToken, User
from citymade.web.accounts.roles import ALL_ROLES
from citymade.web.accounts.tokens import create_token, revoke_token
from citymade.web.core import languages
from citymade.web.core.access import allow


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=80, help_text=gettext_lazy("What the token is for, e.g. “notebook”."))
    scope = forms.ChoiceField(label=gettext_lazy("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)


@allow(*ALL_ROLES)
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's personal API tokens: list, create (the key is shown once)."""
    new_key = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_key = create_token(user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"])
        form = TokenForm()
    items = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(request, "accounts/tokens.html", {"form": form, "tokens": items, "new_key": new_key})


@require_POST
@allow(*ALL_ROLES)
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = revoke_token(user=request.user, token_id=token_id)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


class LoginView(auth_views.LoginView):
    """Django's login, throttled; a successful login makes the browser a known device."""

    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: ThrottledAuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        throttle.remember_device(response, self.request, user.get_username())
        _carry_language(response, self.request, user)
        return response


def _carry_language(response: HttpResponse, request: HttpRequest, user: User) -> None:
    """At login the account's language choice wins; an account without one takes the choice made
    in this browser before logging in. Either way the browser remembers it after logging out."""
    chosen = languages.of_user(user)
    if chosen is None:
        chosen = languages.from_cookie(request)
        if chosen is None:
            return
        user.language = chosen
        user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        chosen,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
