"""The account pages: the administrator's list of users and their create/edit pages, a user's own
profile, an advisor's invitation of an entrepreneur and the page the invitation's link opens.

Views validate a form, call a use case of :mod:`.services` or :mod:`.invitations`, then render or
redirect; a refusal of the use case is shown on the field it names.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citymade.errors import CitymadeError
from citymade.web.accounts import invitations, services
from citymade.web.accounts.forms import ResetPasswordForm
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import ALL_ROLES, STAFF, Role
from citymade.web.accounts.user_forms import (
    AccountForm,
    InviteForm,
    NewAccountForm,
    ProfileForm,
    UserSearchForm,
    refusal_to_form,
)
from citymade.web.companies.models import Company
from citymade.web.core.access import allow
from citymade.web.core.models import AuditEntry

PAGE_SIZE = 50


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def person(user: User) -> str:
    return user.get_full_name() or user.username


def _language(request: HttpRequest) -> str:
    code = (get_language() or settings.LANGUAGE_CODE)[:2]
    return code if code in {c for c, _n in settings.LANGUAGES} else settings.LANGUAGE_CODE


@allow(Role.ADMIN)
def user_list(request: HttpRequest) -> HttpResponse:
    """Every account: who, which role (and company), whether it logged in, whether it is active."""
    form = UserSearchForm(request.GET or None)
    users = User.objects.select_related("company").order_by("last_name", "first_name", "username")
    if form.is_valid():
        users = form.filter(users)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/users.html", {"form": form, "page": page, "query": query.urlencode()})


@allow(Role.ADMIN)
def user_create(request: HttpRequest) -> HttpResponse:
    form = NewAccountForm(request.POST or None, initial={"language": _language(request), "role": Role.ADVISOR})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                actor=request.user,
                require_email=True,
                **{k: data[k] for k in ("username", "first_name", "last_name", "email", "role", "company", "language")},
            )
            if data["send_link"]:
                invitations.send_password_link(user, actor=request.user, base_url=_base_url(request))
        except CitymadeError as error:
            refusal_to_form(form, error)
        else:
            if data["send_link"]:
                messages.success(request, _("The account of %(person)s was created and a link to choose a password was sent to %(email)s.")
                                 % {"person": person(user), "email": user.email})
            else:
                messages.success(request, _("The account of %(person)s was created.") % {"person": person(user)})
            return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "account": None})


@allow(Role.ADMIN)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User.objects.select_related("company"), pk=pk)
    fields = ("username", "first_name", "last_name", "email", "role", "company", "language")
    initial = {f: getattr(account, f) for f in fields}
    form = AccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(account, actor=request.user, **{f: form.cleaned_data[f] for f in fields})
        except CitymadeError as error:
            account.refresh_from_db()
            refusal_to_form(form, error)
        else:
            messages.success(request, _("The account of %(person)s was saved.") % {"person": person(account)})
            return redirect("accounts:user_edit", pk=account.pk)
    from citymade.web.core.events import lines_for

    entries = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(account.pk)).select_related("actor", "company")[:20]
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "account": account, "history": lines_for(entries, get_language() or "fr"), "is_self": account.pk == request.user.pk},
    )


def _account_action(request: HttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    try:
        act(account)
    except CitymadeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"person": person(account), "email": account.email})
    return redirect("accounts:user_edit", pk=account.pk)


@require_POST
@allow(Role.ADMIN)
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request, pk, lambda u: services.set_active(u, actor=request.user, active=False),
        _("The account of %(person)s is deactivated: it can no longer log in nor use its API tokens."),
    )


@require_POST
@allow(Role.ADMIN)
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request, pk, lambda u: services.set_active(u, actor=request.user, active=True),
        _("The account of %(person)s is active again."),
    )


@require_POST
@allow(Role.ADMIN)
def user_send_link(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request, pk, lambda u: invitations.send_password_link(u, actor=request.user, base_url=_base_url(request)),
        _("A link to choose a password was sent to %(person)s (%(email)s)."),
    )


@allow(*ALL_ROLES)
def profile(request: HttpRequest) -> HttpResponse:
    """The user's own name, e-mail address and language."""
    user = request.user
    initial = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email, "language": user.language or _language(request)}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(user, **form.cleaned_data)
        except CitymadeError as error:
            user.refresh_from_db()
            refusal_to_form(form, error)
        else:
            messages.success(request, _("Your profile was saved."))
            response = redirect("accounts:profile")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, max_age=settings.LANGUAGE_COOKIE_AGE,
                                samesite=settings.LANGUAGE_COOKIE_SAMESITE)
            return response
    return render(request, "accounts/profile.html", {"form": form})


@allow(*STAFF)
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    """An advisor invites the entrepreneur of a company by e-mail."""
    company = get_object_or_404(Company.objects.visible_to(request.user), slug=slug)
    form = InviteForm(request.POST or None, initial={"language": _language(request)})
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invite(company, actor=request.user, base_url=_base_url(request), **form.cleaned_data)
        except CitymadeError as error:
            refusal_to_form(form, error)
        else:
            messages.success(request, _("%(person)s is invited: the e-mail with the link to choose a password went to %(email)s.")
                             % {"person": person(user), "email": user.email})
            return redirect(reverse("companies:detail", kwargs={"slug": company.slug}) + "#access")
    return render(request, "accounts/invite.html", {"form": form, "company": company, "days": invitations.link_days()})


class InvitationView(auth_views.PasswordResetConfirmView):
    """The page an invitation's link opens: the person chooses a password, is logged in and lands
    on their company's page (anybody else on their home page)."""

    form_class = ResetPasswordForm
    template_name = "accounts/invitation.html"
    post_reset_login = True

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        invitations.accept_invitation(self.user)
        if self.user.language:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, self.user.language, max_age=settings.LANGUAGE_COOKIE_AGE,
                                samesite=settings.LANGUAGE_COOKIE_SAMESITE)
        return response

    def get_success_url(self) -> str:
        user = self.user
        if user.role == Role.COMPANY and user.company_id:
            return reverse("companies:detail", kwargs={"slug": user.company.slug})
        return reverse("core:home")


def company_access_panel(request: HttpRequest, company: Company) -> dict[str, Any] | None:
    """The "Access to citymade" panel of the company page, for cluster staff: the company's users
    and the button to invite the entrepreneur."""
    if request.user.role not in (Role.ADMIN, Role.ADVISOR):
        return None
    from citymade.web.companies.reads import users_of

    users = users_of(company)
    return {"users": users}
