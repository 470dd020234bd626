"""Text that cannot break a document: control characters and spreadsheet formulas.

A control character (a vertical tab typed or pasted in a product name) is not allowed in XML, so it
breaks an SVG chart and the PDF that embeds it; a cell starting with ``=`` is run by a spreadsheet.
Input refuses control characters (:func:`control_characters` names them for the message); every
output strips them (:func:`strip_control`) so data stored before still renders; every table written
for spreadsheets neutralises formulas (:func:`neutralise`).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["FORMULA_STARTS", "control_characters", "neutralise", "strip_control", "strip_control_deep"]

#: Characters XML 1.0 (and so SVG and Typst's image reader) refuses, plus C1 controls and DEL;
#: tab, line feed and carriage return stay.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def control_characters(text: str) -> list[str]:
    """The control characters in ``text``, as ``U+000B`` codes (empty when it is clean)."""
    return sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(text)})


def strip_control(text: str) -> str:
    """``text`` without the characters no document may hold."""
    return _CONTROL.sub("", text)


def strip_control_deep(value: Any) -> Any:
    """Every string inside ``value`` (dicts, lists, tuples) stripped of control characters."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, dict):
        return {strip_control_deep(k): strip_control_deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [strip_control_deep(v) for v in value]
    return value


def neutralise(value: Any) -> Any:
    """A cell value a spreadsheet shows as typed: text that would start a formula gets a leading
    ``'`` (OWASP's advice), and control characters are dropped."""
    if isinstance(value, str):
        value = strip_control(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value
