"""Quantities as people read them: numbers formatted for the reader's language (Babel) and units
translated with their plural ("2 ans", "1 personne", "3,5 t/an", "180 000 €")."""

from __future__ import annotations

from collections.abc import Callable

from babel.numbers import format_decimal

from citymade.i18n import _, active_language, ngettext

__all__ = ["format_number", "quantity", "unit_label"]


def _units() -> dict[str, Callable[[float], str]]:
    # built per call so each string is looked up in the active language
    return {
        "FTE": lambda n: ngettext("FTE", "FTE", n),
        "persons": lambda n: ngettext("person", "persons", n),
        "years": lambda n: ngettext("year", "years", n),
        "per week": lambda n: _("per week"),
        "t/year": lambda n: _("t/year"),
        "units/month": lambda n: _("units/month"),
        "€/m²/year": lambda n: _("€/m²/year"),
    }


def unit_label(unit: str | None, count: float = 2) -> str:
    """A unit in the reader's language ("years" → "ans"); symbols (%, €, m², kWh …) stay as they are."""
    if not unit:
        return ""
    found = _units().get(unit)
    return found(count) if found else unit


def format_number(value: float, language: str | None = None, digits: int = 2) -> str:
    """``180000`` → "180 000" in French, "180.000" in Dutch; at most ``digits`` decimals."""
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return str(format_decimal(value, format=pattern, locale=language or active_language()))


def quantity(value: float, unit: str | None, language: str | None = None) -> str:
    """A number with its unit, both for the reader: "2 ans", "1 personne", "40 %", "3,5 t/an"."""
    text = format_number(value, language)
    if not unit:
        return text
    return f"{text}\u00a0{unit_label(unit, value)}"
