"""Use cases on accounts, shared by the CLI, the pages and the tests."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from citymade.errors import CitymadeError, Location
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company


def create_user(
    *,
    username: str,
    password: str,
    role: str,
    company_slug: str | None = None,
    email: str = "",
    check_password: bool = True,
) -> User:
    """Create a user with one role; a company user names its company by slug."""
    if role not in Role.values:
        raise CitymadeError(
            _("Unknown role “%(role)s”; choose one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)},
            location=Location(field="role"),
        )
    if User.objects.filter(username__iexact=username).exists():
        raise CitymadeError(
            _("A user named “%(username)s” already exists.") % {"username": username},
            location=Location(field="username"),
        )
    company = None
    if role == Role.COMPANY:
        if not company_slug:
            raise CitymadeError(
                _("A company user belongs to exactly one company: name it with --company."),
                location=Location(field="company"),
            )
        company = Company.objects.filter(slug=company_slug).first()
        if company is None:
            raise CitymadeError(
                _("No company has the short name “%(slug)s”.") % {"slug": company_slug},
                location=Location(field="company"),
            )
    elif company_slug:
        raise CitymadeError(
            _("Only company users belong to a company; leave --company out for this role."),
            location=Location(field="company"),
        )
    user = User(username=username, email=email, role=role, company=company)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CitymadeError(
                _("The password is not accepted."),
                location=Location(field="password"),
                problems=list(exc.messages),
            ) from exc
    user.set_password(password)
    user.is_staff = False
    user.is_superuser = role == Role.ADMIN
    with transaction.atomic():
        user.save()
    return user
