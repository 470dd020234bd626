"""Login throttling that locks out attackers, not the account's owner.

Stored in the database so every worker agrees. Within ``LOGIN_FAILURE_WINDOW_SECONDS``:

* **Client address.** ``REMOTE_ADDR``, unless it is one of ``LOGIN_TRUSTED_PROXIES``
  (``CITYMADE_TRUSTED_PROXIES``): then the address is read from ``X-Forwarded-For``, right to left,
  skipping the trusted proxies — the first other address is the one the proxy saw. Whatever a client
  writes into the header itself stays on the left and is never used.
* **Known devices.** A successful login leaves a signed, long-lived cookie naming the account
  (``citymade_device``). A browser carrying it for the account it logs into is refused only after
  ``LOGIN_FAILURE_LIMIT`` failures made *with that cookie*: no flood from elsewhere can keep the owner
  out of their usual browser.
* **Unknown devices** are refused after ``LOGIN_FAILURE_LIMIT`` failures for the account from their
  address, after ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures from their address for any account (one
  address spraying many accounts), and after ``LOGIN_ACCOUNT_FAILURE_LIMIT`` failures for the account
  from unknown devices anywhere (many addresses against one account). The last lock only closes the
  account to new devices: its owner still logs in from a known device, and a password reset (the
  e-mailed link) lifts it at once.
"""

from __future__ import annotations

import ipaddress
import secrets
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from citymade.web.accounts.models import LoginFailure

__all__ = [
    "DEVICE_COOKIE",
    "Lock",
    "clear",
    "clear_account",
    "client_address",
    "device_of",
    "lock_of",
    "record_failure",
    "remember_device",
]

DEVICE_COOKIE = "citymade_device"
_DEVICE_SALT = "citymade.accounts.login-device"
_DEVICE_AGE = 365 * 24 * 3600
_UNKNOWN = "0.0.0.0"


class Lock(Enum):
    """Why a login attempt is refused before the password is even checked."""

    ACCOUNT_FROM_ADDRESS = "account_from_address"
    ADDRESS = "address"
    ACCOUNT = "account"
    DEVICE = "device"


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.LOGIN_TRUSTED_PROXIES)


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    """The client's address: the proxy's header is believed only when the proxy is trusted."""
    remote = request.META.get("REMOTE_ADDR") or _UNKNOWN
    if not _trusted(remote):
        return remote if _valid(remote) else _UNKNOWN
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")[:2000]
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if not _valid(hop):
            break  # garbage written by the client: stop at the last address our proxies vouched for
        if not _trusted(hop):
            return hop
    return remote


def device_of(request: HttpRequest | None, username: str) -> str:
    """The known-device id this browser holds for ``username``, or ``""``."""
    if request is None or not username:
        return ""
    value = request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=_DEVICE_SALT, max_age=_DEVICE_AGE)
    if not value or ":" not in value:
        return ""
    owner, device = value.rsplit(":", 1)
    return device if owner == username.lower() else ""


def remember_device(response: HttpResponse, request: HttpRequest, username: str) -> None:
    """After a successful login: this browser is a known device of ``username`` from now on."""
    device = device_of(request, username) or secrets.token_urlsafe(12)
    response.set_signed_cookie(
        DEVICE_COOKIE,
        f"{username.lower()}:{device}",
        salt=_DEVICE_SALT,
        max_age=_DEVICE_AGE,
        httponly=True,
        samesite="Lax",
        secure=not settings.CITYMADE_DEVELOPMENT,
    )


def _recent() -> QuerySet[LoginFailure]:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return LoginFailure.objects.filter(at__gte=since)


def lock_of(username: str, address: str, device: str = "") -> Lock | None:
    """The lock that refuses this attempt, or ``None`` when it may try its password."""
    recent = _recent()
    if device:
        mine = recent.filter(username__iexact=username, device=device).count()
        return Lock.DEVICE if mine >= settings.LOGIN_FAILURE_LIMIT else None
    unknown = recent.filter(device="")
    if unknown.filter(username__iexact=username, address=address).count() >= settings.LOGIN_FAILURE_LIMIT:
        return Lock.ACCOUNT_FROM_ADDRESS
    if unknown.filter(address=address).count() >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return Lock.ADDRESS
    if unknown.filter(username__iexact=username).count() >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
        return Lock.ACCOUNT
    return None


def is_locked(username: str, address: str, device: str = "") -> bool:
    return lock_of(username, address, device) is not None


def record_failure(username: str, address: str, device: str = "") -> None:
    LoginFailure.objects.create(username=username[:150], address=address, device=device[:32])
    # Keep the table small: failures older than the window no longer count.
    cutoff = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    LoginFailure.objects.filter(at__lt=cutoff).delete()


def clear(username: str, address: str, device: str = "") -> None:
    """After a successful login: forget this place's failures (the flood elsewhere still counts)."""
    LoginFailure.objects.filter(username__iexact=username, address=address, device="").delete()
    if device:
        LoginFailure.objects.filter(username__iexact=username, device=device).delete()


def clear_account(username: str) -> None:
    """After a password reset: the owner has proved who they are; every lock of the account goes."""
    LoginFailure.objects.filter(username__iexact=username).delete()
