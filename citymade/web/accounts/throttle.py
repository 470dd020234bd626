"""Login throttling per account and address, stored in the database so every worker agrees."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from citymade.web.accounts.models import LoginFailure


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by clients too, and trusting it would let an attacker
    # pick a fresh address per attempt. Behind a proxy, configure it to set REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def _recent(username: str, address: str) -> int:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return LoginFailure.objects.filter(
        username__iexact=username, address=address, at__gte=since
    ).count()


def is_locked(username: str, address: str) -> bool:
    return _recent(username, address) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str, address: str) -> None:
    LoginFailure.objects.create(username=username[:150], address=address)
    # Keep the table small: failures older than the window no longer count.
    cutoff = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    LoginFailure.objects.filter(at__lt=cutoff).delete()


def clear(username: str, address: str) -> None:
    LoginFailure.objects.filter(username__iexact=username, address=address).delete()
