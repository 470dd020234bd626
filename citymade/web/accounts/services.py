"""Use cases on accounts, shared by the CLI, the pages and the tests: create a user, change one,
deactivate and reactivate it, and a user's own profile. Every change is audited (who did what to
whom, before and after); every field has a bound and a refusal names the field in words.

E-mailed links (an invitation, a link to choose a password) are in :mod:`.invitations`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from citymade.errors import CitymadeError, Location
from citymade.text import control_characters
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.core.audit import log_action

__all__ = ["check_email", "create_user", "facts", "set_active", "update_profile", "update_user"]

#: Bounds of the fields a person types (the model's column sizes).
USERNAME_MAX = 150
NAME_MAX = 150
EMAIL_MAX = 254
#: What may change on an account (the administrator's page); a user's own profile changes fewer.
ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "role", "company", "language")
PROFILE_FIELDS = ("first_name", "last_name", "email", "language")


def _refuse(message: str, field: str) -> CitymadeError:
    return CitymadeError(message, location=Location(field=field))


def _text(value: Any, field: str, label: str, limit: int, *, required: bool = False) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise _refuse(_("Give the %(field)s.") % {"field": label}, field)
    if len(text) > limit:
        raise _refuse(
            _("The %(field)s is too long: at most %(limit)d characters (%(length)d given).")
            % {"field": label, "limit": limit, "length": len(text)},
            field,
        )
    if control_characters(text):
        raise _refuse(_("Remove the control characters from the %(field)s.") % {"field": label}, field)
    return text


def _username(value: Any, *, exclude: int | None = None) -> str:
    username = _text(value, "username", _("login"), USERNAME_MAX, required=True)
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise _refuse(_("A login may hold only letters, digits and the signs @ . + - _ (no spaces)."), "username") from None
    taken = User.objects.filter(username__iexact=username).exclude(pk=exclude)
    if taken.exists():
        raise _refuse(_("The login “%(username)s” is already used by another account.") % {"username": username}, "username")
    return username


def _email(value: Any, *, required: bool, exclude: int | None = None) -> str:
    email = _text(value, "email", _("e-mail address"), EMAIL_MAX, required=required)
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise _refuse(_("“%(email)s” is not an e-mail address (it looks like name@example.org).") % {"email": email}, "email") from None
    if User.objects.filter(email__iexact=email).exclude(pk=exclude).exists():
        raise _refuse(_("The e-mail address “%(email)s” is already used by another account.") % {"email": email}, "email")
    return email


check_email = _email


def _language(value: Any) -> str:
    language = str(value or "")
    if language and language not in {code for code, _name in settings.LANGUAGES}:
        raise _refuse(_("Choose French, Dutch or English."), "language")
    return language


def _role_and_company(role: Any, company: Company | None, *, cli: bool) -> tuple[str, Company | None]:
    if role not in Role.values:
        raise _refuse(
            _("Unknown role “%(role)s”; choose one of: %(roles)s.") % {"role": role, "roles": ", ".join(Role.values)}, "role"
        )
    if role == Role.COMPANY and company is None:
        raise _refuse(
            _("A company user belongs to exactly one company: name it with --company.")
            if cli
            else _("A company user belongs to exactly one company: choose it."),
            "company",
        )
    if role != Role.COMPANY and company is not None:
        raise _refuse(
            _("Only company users belong to a company; leave --company out for this role.")
            if cli
            else _("Only company users belong to a company: leave the company empty for this role."),
            "company",
        )
    return str(role), company


def facts(user: User) -> dict[str, Any]:
    """What the audit trail keeps of an account (never its password)."""
    return {
        "person": user.get_full_name() or user.username,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "company": user.company_id,
        "company_name": user.company.name if user.company_id else "",
        "language": user.language,
        "is_active": user.is_active,
    }


def create_user(
    *,
    username: str,
    role: str,
    password: str | None = None,
    company_slug: str | None = None,
    company: Company | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    language: str = "",
    actor: Any = None,
    check_password: bool = True,
    require_email: bool = False,
    action: str = "user.created",
) -> User:
    """Create a user with one role; a company user is bound to its company (by slug from the CLI).

    Without a password the account cannot log in until its owner chooses one from an e-mailed link
    (:func:`citymade.web.accounts.invitations.send_password_link`).
    """
    cli = company_slug is not None or company is None and actor is None
    if company is None and company_slug:
        company = Company.objects.filter(slug=company_slug).first()
        if company is None:
            raise _refuse(_("No company has the short name “%(slug)s”.") % {"slug": company_slug}, "company")
    # checked in the order of the form, so the first refusal is the first field to fix
    first_name = _text(first_name, "first_name", _("first name"), NAME_MAX, required=not cli)
    last_name = _text(last_name, "last_name", _("last name"), NAME_MAX, required=not cli)
    username = _username(username)
    email = _email(email, required=require_email)
    role, company = _role_and_company(role, company, cli=cli)
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, role=role, company=company,
                language=_language(language))
    if password is None:
        user.set_unusable_password()
    else:
        if check_password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CitymadeError(
                    _("The password is not accepted."), location=Location(field="password"), problems=list(exc.messages)
                ) from exc
        user.set_password(password)
    user.is_staff = False
    user.is_superuser = role == Role.ADMIN
    with transaction.atomic():
        user.save()
        log_action(action, actor=actor, obj=user, after=facts(user))
    return user


def update_user(user: User, *, actor: Any, **changes: Any) -> User:
    """Change an account (the administrator's page): login, names, e-mail, role, company, language."""
    unknown = set(changes) - set(ACCOUNT_FIELDS)
    if unknown:
        raise TypeError(f"not an account field: {sorted(unknown)}")
    before = facts(user)
    if "username" in changes:
        user.username = _username(changes["username"], exclude=user.pk)
    if "first_name" in changes:
        user.first_name = _text(changes["first_name"], "first_name", _("first name"), NAME_MAX, required=True)
    if "last_name" in changes:
        user.last_name = _text(changes["last_name"], "last_name", _("last name"), NAME_MAX, required=True)
    if "email" in changes:
        user.email = _email(changes["email"], required=bool(before["email"]), exclude=user.pk)
    if "language" in changes:
        user.language = _language(changes["language"])
    if "role" in changes or "company" in changes:
        role = changes.get("role", user.role)
        company = changes.get("company", user.company if user.company_id else None)
        if getattr(actor, "pk", None) == user.pk and role != user.role:
            raise _refuse(_("You cannot change your own role: another administrator must do it."), "role")
        user.role, user.company = _role_and_company(role, company, cli=False)
        user.is_superuser = user.role == Role.ADMIN
    after = facts(user)
    if after == before:
        return user
    with transaction.atomic():
        user.save()
        log_action("user.changed", actor=actor, obj=user, before=before, after=after)
    return user


def set_active(user: User, *, actor: Any, active: bool) -> User:
    """Deactivate an account (it can no longer log in nor use its API tokens) or reactivate it.
    Accounts are never deleted: the audit trail keeps naming who did what."""
    if not active and getattr(actor, "pk", None) == user.pk:
        raise _refuse(_("You cannot deactivate your own account: another administrator must do it."), "is_active")
    if user.is_active == active:
        return user
    before = facts(user)
    user.is_active = active
    with transaction.atomic():
        user.save(update_fields=["is_active"])
        log_action("user.reactivated" if active else "user.deactivated", actor=actor, obj=user, before=before, after=facts(user))
    return user


def update_profile(user: User, **changes: Any) -> User:
    """A user changes their own name, e-mail address and language (never their role)."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not a profile field: {sorted(unknown)}")
    before = facts(user)
    if "first_name" in changes:
        user.first_name = _text(changes["first_name"], "first_name", _("first name"), NAME_MAX, required=True)
    if "last_name" in changes:
        user.last_name = _text(changes["last_name"], "last_name", _("last name"), NAME_MAX, required=True)
    if "email" in changes:
        user.email = _email(changes["email"], required=True, exclude=user.pk)
    if "language" in changes:
        user.language = _language(changes["language"])
    after = facts(user)
    if after == before:
        return user
    with transaction.atomic():
        user.save()
        log_action("user.profile_changed", actor=user, obj=user, before=before, after=after)
    return user
