"""Turning one text cell into a typed value, or a ``ValueError`` whose message says what is wrong
(in the active language). Each converter is ``convert(text, context)``; ``context`` gives ``today``
and the vocabularies (``support_types``, ``memberships``, ``event_kinds``, ``organisation_types``: id →
``{fr, nl, en}`` labels), so an id or a label in any language is accepted."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from citymade.errors import CitymadeError
from citymade.i18n import _
from citymade.register.enterprise_number import parse_enterprise_number
from citymade.text import control_characters

__all__ = [
    "Converter",
    "boolean",
    "choice",
    "date",
    "enterprise_number",
    "fold",
    "membership",
    "nace",
    "number",
    "parse_date",
    "support_type",
    "text",
    "whole",
    "year",
]

Converter = Callable[[str, Any], Any]
MEMBERSHIPS = ("prospect", "candidate", "member", "alumni", "stopped")
NACE = re.compile(r"^\d{2}(\.?\d{1,3})?$")
TRUE = {"yes", "y", "oui", "o", "ja", "j", "true", "vrai", "waar", "1", "x"}
FALSE = {"no", "n", "non", "nee", "false", "faux", "onwaar", "0", "-"}


def fold(value: str) -> str:
    """Lower case without accents, ``_``/``-`` as spaces, single spaces: how headers and labels are compared."""
    decomposed = unicodedata.normalize("NFKD", value.replace("’", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[_\-*]+", " ", plain).split())


def parse_date(text: str) -> dt.date:
    """``2024-03-01``, ``01/03/2024`` or ``01.03.2024`` (day first, as written in Belgium)."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def text(limit: int) -> Converter:
    def convert(value: str, context: Any) -> str:
        if len(value) > limit:
            raise ValueError(_("at most %(limit)d characters") % {"limit": limit})
        codes = control_characters(value)
        if codes:
            raise ValueError(_("contains control characters (%(codes)s)") % {"codes": ", ".join(codes)})
        return value

    return convert


def date(value: str, context: Any) -> dt.date:
    try:
        day = parse_date(value)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date (write 2024-03-31 or 31/03/2024)") % {"value": value[:40]}) from None
    if day > context["today"]:
        raise ValueError(_("the date %(value)s is in the future") % {"value": value})
    return day


def number(maximum: float) -> Converter:
    """A number written with a point or a comma, between 0 and ``maximum``; never NaN or infinity."""

    def convert(value: str, context: Any) -> float:
        try:
            result = float(value.replace(",", "."))
        except ValueError:
            raise ValueError(_("“%(value)s” is not a number") % {"value": value[:40]}) from None
        if not math.isfinite(result):
            raise ValueError(_("“%(value)s” is not a number") % {"value": value[:40]})
        if result < 0:
            raise ValueError(_("must not be negative"))
        if result > maximum:
            raise ValueError(_("must be at most %(limit)s") % {"limit": f"{maximum:g}"})
        return result

    return convert


def whole(maximum: int) -> Converter:
    as_number = number(maximum)

    def convert(value: str, context: Any) -> int:
        result = as_number(value, context)
        if not result.is_integer():
            raise ValueError(_("“%(value)s” is not a whole number") % {"value": value[:40]})
        return int(result)

    return convert


def year(value: str, context: Any) -> int:
    """A calendar year that is over (its figures are dated 31 December)."""
    if not re.fullmatch(r"\d{4}", value):
        raise ValueError(_("“%(value)s” is not a year (write 2024)") % {"value": value[:40]})
    result = int(value)
    if result < 1900:
        raise ValueError(_("the year must be 1900 or later"))
    if result >= context["today"].year:
        raise ValueError(_("the year %(year)d is not over yet; give the date of the figure instead") % {"year": result})
    return result


def boolean(value: str, context: Any) -> bool:
    low = fold(value)
    if low in TRUE:
        return True
    if low in FALSE:
        return False
    raise ValueError(_("“%(value)s” is neither yes nor no") % {"value": value[:40]})


def _label_match(value: str, choices: Mapping[str, Mapping[str, str]]) -> str | None:
    low = fold(value)
    for choice_id, labels in choices.items():
        if low == fold(choice_id) or low in {fold(label) for label in labels.values()}:
            return choice_id
    return None


def choice(key: str, noun: str) -> Converter:
    """One of the vocabulary ``context[key]``, by id or label; ``noun`` (a msgid) names the kind of value."""

    def convert(value: str, context: Any) -> str:
        choices: Mapping[str, Mapping[str, str]] = context.get(key) or {}
        found = _label_match(value, choices)
        if found is None:
            allowed = ", ".join(_first_label(labels, choice_id) for choice_id, labels in choices.items())
            raise ValueError(_("“%(value)s” is not %(noun)s; use one of: %(allowed)s") % {"value": value[:40], "noun": _(noun), "allowed": allowed})
        return found

    return convert


def _first_label(labels: Mapping[str, str], fallback: str) -> str:
    from citymade.i18n import active_language

    return labels.get(active_language()) or fallback


def membership(value: str, context: Any) -> str:
    """A membership status by id (``member``) or, when ``context`` has ``memberships``, its label."""
    low = value.lower()
    if low in MEMBERSHIPS:
        return low
    labels: Mapping[str, Mapping[str, str]] = context.get("memberships") or {}
    found = _label_match(value, labels)
    if found is not None:
        return found
    allowed = ", ".join(_first_label(labels[m], m) for m in labels) if labels else ", ".join(MEMBERSHIPS)
    raise ValueError(_("“%(value)s” is not a status; use one of: %(allowed)s") % {"value": value, "allowed": allowed})


def enterprise_number(value: str, context: Any) -> str:
    try:
        return parse_enterprise_number(value)
    except CitymadeError as exc:
        raise ValueError(exc.message) from None


def nace(value: str, context: Any) -> list[str]:
    codes = [c for c in re.split(r"[\s;,|]+", value) if c]
    wrong = [c for c in codes if not NACE.match(c)]
    if wrong:
        raise ValueError(_("“%(codes)s” is not a NACE code (e.g. 10.89 or 31.09)") % {"codes": ", ".join(wrong)})
    return codes


def support_type(value: str, context: Any) -> str:
    types: Mapping[str, Mapping[str, str]] = context["support_types"]
    found = _label_match(value, types)
    if found is None:
        raise ValueError(_("“%(value)s” is not a support type; use one of: %(allowed)s") % {"value": value, "allowed": ", ".join(types)})
    return found
