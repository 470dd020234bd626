"""Which language a page is in, decided once per request by :class:`~citymade.web.core.middleware.LanguageMiddleware`.

In this order:

1. a logged-in user's own choice, stored on their account (``User.language``), so it follows them
   to every device and survives logging out and in;
2. the choice made in this browser (the ``citymade_language`` cookie the language buttons set);
3. the browser's ``Accept-Language``: the first of French, Dutch and English it asks for
   (``nl-BE`` is Dutch), so a Dutch browser's first visit is in Dutch;
4. French.

A choice made before logging in (the buttons on the login page) becomes the account's choice at
login when the account has none yet; logging in puts the account's choice in the cookie so the
login page after logging out speaks it too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.translation.trans_real import parse_accept_lang_header

__all__ = ["CODES", "from_browser", "from_cookie", "of_request", "of_user"]

CODES: frozenset[str] = frozenset(code for code, _name in settings.LANGUAGES)


def _code(value: str | None) -> str | None:
    code = (value or "").replace("_", "-").split("-")[0].strip().lower()
    return code if code in CODES else None


def from_cookie(request: HttpRequest) -> str | None:
    """The language chosen with the buttons in this browser, if any."""
    raw = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or ""
    return raw if raw in CODES else None


def from_browser(request: HttpRequest) -> str | None:
    """The first of citymade's languages that ``Accept-Language`` asks for (by quality), if any."""
    header = request.headers.get("Accept-Language", "")[:500]
    for tag, _quality in parse_accept_lang_header(header):
        code = _code(tag)
        if code is not None:
            return code
    return None


def of_user(user: object) -> str | None:
    """A logged-in user's stored choice, if they made one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _code(getattr(user, "language", ""))


def of_request(request: HttpRequest, *, with_user: bool = True) -> str:
    """The language of this request (see the module's description).

    ``with_user=False`` never touches the database (the page that says the database is down).
    """
    if with_user and hasattr(request, "user"):
        try:
            chosen = of_user(request.user)
        except DatabaseError:  # the account cannot be read now: the page still needs a language
            chosen = None
        if chosen:
            return chosen
    return from_cookie(request) or from_browser(request) or str(settings.LANGUAGE_CODE)
