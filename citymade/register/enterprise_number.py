"""Belgian enterprise and establishment numbers, with the mod-97 check (REGISTER.md).

An enterprise number is written ``0999.999.999`` (ten digits, starting with 0 or 1); its last two
digits equal ``97 - (first eight digits mod 97)``. People type it with or without dots, spaces or a
``BE`` prefix; :func:`parse_enterprise_number` accepts all of these and returns the canonical form.
"""

from __future__ import annotations

import re

from citymade.errors import CitymadeError, Location
from citymade.i18n import _

__all__ = ["format_enterprise_number", "is_valid_enterprise_number", "parse_enterprise_number"]

_SEPARATORS = re.compile(r"[\s.\-/]")


def format_enterprise_number(digits: str) -> str:
    """``"0403170701"`` → ``"0403.170.701"``."""
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def _check_digits_ok(digits: str) -> bool:
    return 97 - int(digits[:8]) % 97 == int(digits[8:])


def parse_enterprise_number(text: str, *, field: str | None = None) -> str:
    """Return the canonical ``0999.999.999`` form, or raise a :class:`CitymadeError` saying why."""
    where = Location(field=field) if field else None
    raw = (text or "").strip()
    cleaned = _SEPARATORS.sub("", raw)
    if cleaned[:2].upper() == "BE":
        cleaned = cleaned[2:]
    if not cleaned:
        raise CitymadeError(_("The enterprise number is empty."), location=where)
    if not cleaned.isdigit():
        raise CitymadeError(
            _("The enterprise number “%(value)s” may only hold digits (e.g. 0403.170.701).")
            % {"value": raw},
            location=where,
        )
    if len(cleaned) == 9:
        # Older numbers were nine digits long; a leading 0 makes them current.
        cleaned = "0" + cleaned
    if len(cleaned) != 10:
        raise CitymadeError(
            _("The enterprise number “%(value)s” has %(count)d digits; it needs 10 (e.g. 0403.170.701).")
            % {"value": raw, "count": len(cleaned)},
            location=where,
        )
    if cleaned[0] not in "01":
        raise CitymadeError(
            _("The enterprise number “%(value)s” must start with 0 or 1.") % {"value": raw},
            location=where,
        )
    if not _check_digits_ok(cleaned):
        raise CitymadeError(
            _(
                "The enterprise number “%(value)s” fails the check: its last two digits should be "
                "%(expected)02d. Please check for a typing error."
            )
            % {"value": raw, "expected": 97 - int(cleaned[:8]) % 97},
            location=where,
        )
    return format_enterprise_number(cleaned)


def is_valid_enterprise_number(text: str) -> bool:
    """True when ``text`` is a well-formed enterprise number with a correct check."""
    try:
        parse_enterprise_number(text)
    except CitymadeError:
        return False
    return True
