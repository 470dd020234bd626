"""Personal API tokens: created and revoked by their owner, stored hashed, scoped read or write.

A key looks like ``cm_<prefix>_<secret>``; it is random (256 bits), so an unsalted SHA-256 digest is
enough to store it safely. The key is returned once, at creation; citymade cannot show it again.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from citymade.web.accounts.models import ApiToken, User
from citymade.web.core.audit import log_action
from citymade.web.core.shaped import Shaped

KEY_PREFIX = "cm_"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_token(*, user: User, name: str, scope: str = ApiToken.Scope.READ) -> tuple[ApiToken, str]:
    """Create a token for ``user``; return it with the plain key (shown once)."""
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name.strip()[:80], prefix=prefix, digest=_digest(key), scope=scope)
        log_action("token.created", actor=user, obj=token, after={"name": token.name, "scope": scope, "prefix": prefix})
    return token, key


def revoke_token(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s own tokens (404 for anybody else's)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(user=user, pk=token_id, revoked_at__isnull=True).first()
        if token is None:
            raise Http404
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action("token.revoked", actor=user, obj=token, before={"revoked_at": None})
    return token


def _live(digest: str) -> Any:
    live = ApiToken.objects.select_related("user").filter(digest=digest, revoked_at__isnull=True, user__is_active=True)
    return live[:1] if live.ordered else live.order_by("pk")[:1]  # what .first() asks


_LIVE = Shaped(_live, str, name="live API token")  # every API request asks it: compiled once


def authenticate_key(key: str) -> ApiToken | None:
    """The live token for ``key`` (its user active), or None."""
    if not key.startswith(KEY_PREFIX):
        return None
    token: ApiToken | None = _LIVE.first(_digest(key))
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
