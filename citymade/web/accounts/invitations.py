"""E-mailed links: an advisor invites an entrepreneur to their company's account; an administrator
sends anybody a link to choose a password. Each mail is in its recipient's language.

A link carries Django's password-reset token: it works once (choosing a password changes what the
token was made from) and for ``PASSWORD_RESET_TIMEOUT`` seconds. The mail goes out inside the
transaction that records it, so an invitation the mail server refused leaves no account behind.
"""

from __future__ import annotations

import re
import smtplib
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from citymade import i18n
from citymade.errors import CitymadeError, Location
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.accounts.services import check_email, create_user, facts
from citymade.web.companies.models import Company
from citymade.web.core.audit import log_action

__all__ = ["accept_invitation", "invite", "link_days", "send_password_link"]

#: An invited login is the e-mail address; a login holds at most 150 characters.
INVITE_EMAIL_MAX = 150


def link_days() -> int:
    """How many days an e-mailed link works."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def _link(user: User, *, base_url: str, url_name: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse(url_name, kwargs={"uidb64": uid, "token": token})


def _language_of(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def _mail(user: User, template: str, context: dict[str, Any]) -> None:
    """Send ``accounts/email/<template>`` to ``user`` in their language; a refusal of the mail
    server becomes an error the sender can read (and rolls the change back)."""
    language = _language_of(user)
    with translation.override(language), i18n.use_language(language):
        context = {**context, "user": user, "person": user.get_full_name() or user.username, "days": link_days()}
        subject = " ".join(render_to_string(f"accounts/email/{template}_subject.txt", context).split())
        body = render_to_string(f"accounts/email/{template}.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except (smtplib.SMTPException, OSError) as exc:
        raise CitymadeError(
            _("The e-mail to %(email)s could not be sent (%(reason)s); nothing was changed. Try again later.")
            % {"email": user.email, "reason": exc.__class__.__name__},
            location=Location(field="email"),
        ) from exc


def send_password_link(user: User, *, actor: Any, base_url: str) -> None:
    """E-mail ``user`` a link to choose a (new) password, in their language."""
    if not user.is_active:
        raise CitymadeError(_("This account is deactivated: reactivate it before sending a link."), location=Location(field="is_active"))
    if not user.email:
        raise CitymadeError(
            _("%(person)s has no e-mail address: add one to the account first.") % {"person": user.get_full_name() or user.username},
            location=Location(field="email"),
        )
    with transaction.atomic():
        log_action("user.password_link_sent", actor=actor, obj=user, after=facts(user))
        _mail(user, "password_link", {"link": _link(user, base_url=base_url, url_name="accounts:password_reset_confirm"), "sender": _name(actor)})


def _name(actor: Any) -> str:
    if actor is None:
        return str(getattr(settings, "CITYMADE_CLUSTER_NAME", "citymade"))
    return actor.get_full_name() or actor.username


def _login_from(email: str) -> str:
    return re.sub(r"[^\w.@+-]", "_", email.strip().lower())


def invite(
    company: Company,
    *,
    actor: Any,
    email: str,
    first_name: str,
    last_name: str,
    language: str,
    base_url: str,
) -> User:
    """Invite the entrepreneur of ``company``: a company user is made for the address (its login),
    and the mail carries a link to choose a password that lands on the company's page.

    Inviting an address again that never accepted resends the link; an address that any other
    account uses is refused."""
    email = " ".join(str(email or "").split())
    if len(email) > INVITE_EMAIL_MAX:
        raise CitymadeError(
            _("The e-mail address is too long for an invitation: at most %(limit)d characters.") % {"limit": INVITE_EMAIL_MAX},
            location=Location(field="email"),
        )
    with transaction.atomic():
        waiting = User.objects.filter(
            email__iexact=email, company=company, role=Role.COMPANY, last_login__isnull=True, is_active=True
        ).first() if email else None
        if waiting is not None and not waiting.has_usable_password():
            user = waiting
            log_action("user.invited", actor=actor, obj=user, after=facts(user))
        else:
            check_email(email, required=True)  # the address first: it is also the login
            user = create_user(
                username=_login_from(email) or email,
                role=Role.COMPANY,
                company=company,
                email=email,
                first_name=first_name,
                last_name=last_name,
                language=language,
                actor=actor,
                require_email=True,
                action="user.invited",
            )
        _mail(
            user,
            "invitation",
            {"link": _link(user, base_url=base_url, url_name="accounts:invitation"), "company": company.name, "sender": _name(actor)},
        )
    return user


def accept_invitation(user: User) -> None:
    """The invited person chose their password (the view has saved it): recorded in their history."""
    log_action("user.invitation_accepted", actor=user, obj=user, after=facts(user))
