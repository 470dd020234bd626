"""Checking an import file row by row: every problem with its line, column and what is wrong.

Two kinds of file: ``companies`` and ``support_actions`` (columns in :data:`COLUMNS`, documented in
``docs/portfolio.md``). :func:`check_rows` turns text cells into typed values and lists the format
problems; the web app adds the problems only the database can see (an unknown company, a short name
already taken) and imports nothing until the list is empty.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from citymade.errors import CitymadeError
from citymade.i18n import _
from citymade.portfolio.tabular import Table
from citymade.register.enterprise_number import parse_enterprise_number
from citymade.text import control_characters

__all__ = ["COLUMNS", "KINDS", "CheckedRow", "Problem", "check_rows", "parse_date"]

MEMBERSHIPS = ("prospect", "candidate", "member", "alumni", "stopped")
NACE = re.compile(r"^\d{2}(\.?\d{1,3})?$")


@dataclass(frozen=True, kw_only=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.line:  # the whole file (too large, not a workbook …)
            return self.message
        if not self.column:
            return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return _("line %(line)d, column “%(column)s”: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass(kw_only=True)
class CheckedRow:
    line: int
    values: dict[str, Any] = field(default_factory=dict)


def parse_date(text: str) -> dt.date:
    """``2024-03-01``, ``01/03/2024`` or ``01.03.2024`` (day first, as written in Belgium)."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _text(limit: int) -> Callable[[str, Any], Any]:
    def convert(value: str, context: Any) -> str:
        if len(value) > limit:
            raise ValueError(_("at most %(limit)d characters") % {"limit": limit})
        codes = control_characters(value)
        if codes:
            raise ValueError(_("contains control characters (%(codes)s)") % {"codes": ", ".join(codes)})
        return value

    return convert


def _date(value: str, context: Any) -> dt.date:
    try:
        day = parse_date(value)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date (write 2024-03-31 or 31/03/2024)") % {"value": value}) from None
    if day > context["today"]:
        raise ValueError(_("the date %(value)s is in the future") % {"value": value})
    return day


def _number(maximum: float) -> Callable[[str, Any], float]:
    """A number written with a point or a comma, between 0 and ``maximum``; never NaN or infinity."""

    def convert(value: str, context: Any) -> float:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            raise ValueError(_("“%(value)s” is not a number") % {"value": value[:40]}) from None
        if not math.isfinite(number):
            raise ValueError(_("“%(value)s” is not a number") % {"value": value[:40]})
        if number < 0:
            raise ValueError(_("must not be negative"))
        if number > maximum:
            raise ValueError(_("must be at most %(limit)s") % {"limit": f"{maximum:g}"})
        return number

    return convert


def _whole(maximum: int) -> Callable[[str, Any], int]:
    as_number = _number(maximum)

    def convert(value: str, context: Any) -> int:
        number = as_number(value, context)
        if not number.is_integer():
            raise ValueError(_("“%(value)s” is not a whole number") % {"value": value[:40]})
        return int(number)

    return convert


def _membership(value: str, context: Any) -> str:
    low = value.lower()
    if low not in MEMBERSHIPS:
        raise ValueError(_("“%(value)s” is not a status; use one of: %(allowed)s") % {"value": value, "allowed": ", ".join(MEMBERSHIPS)})
    return low


def _enterprise_number(value: str, context: Any) -> str:
    try:
        return parse_enterprise_number(value)
    except CitymadeError as exc:
        raise ValueError(exc.message) from None


def _nace(value: str, context: Any) -> list[str]:
    codes = [c for c in re.split(r"[\s;,|]+", value) if c]
    wrong = [c for c in codes if not NACE.match(c)]
    if wrong:
        raise ValueError(_("“%(codes)s” is not a NACE code (e.g. 10.89 or 31.09)") % {"codes": ", ".join(wrong)})
    return codes


def _support_type(value: str, context: Any) -> str:
    types: Mapping[str, Mapping[str, str]] = context["support_types"]
    low = value.strip().lower()
    for type_id, labels in types.items():
        if low == type_id or low in {label.lower() for label in labels.values()}:
            return type_id
    raise ValueError(_("“%(value)s” is not a support type; use one of: %(allowed)s") % {"value": value, "allowed": ", ".join(types)})


#: Per kind: column → (required, converter). The first column identifies the row for people.
COLUMNS: dict[str, dict[str, tuple[bool, Callable[[str, Any], Any]]]] = {
    "companies": {
        "name": (True, _text(200)),
        "enterprise_number": (False, _enterprise_number),
        "legal_form": (False, _text(80)),
        "street": (False, _text(200)),
        "postal_code": (False, _text(8)),
        "municipality": (False, _text(100)),
        "founded_on": (False, _date),
        "membership": (False, _membership),
        "nace_codes": (False, _nace),
        "fte": (False, _number(100_000)),
    },
    "support_actions": {
        "company": (True, _text(200)),
        "date": (True, _date),
        "type": (True, _support_type),
        "advisor": (False, _text(150)),
        "minutes": (False, _whole(100_000)),
        "outcome": (False, _text(2000)),
    },
}
KINDS = tuple(COLUMNS)


def check_rows(kind: str, table: Table, *, context: Mapping[str, Any]) -> tuple[list[CheckedRow], list[Problem]]:
    """Typed rows and every format problem of ``table`` as a file of ``kind``.

    ``context`` gives ``today`` (dates after it are refused) and, for support actions,
    ``support_types`` (id → ``{fr, nl, en}`` labels).
    """
    spec = COLUMNS[kind]
    problems: list[Problem] = []
    unknown = [c for c in table.columns if c not in spec]
    for column in unknown:
        problems.append(Problem(line=1, column=column, message=_("unknown column; expected: %(allowed)s") % {"allowed": ", ".join(spec)}))
    for column, (required, _convert) in spec.items():
        if required and column not in table.columns:
            problems.append(Problem(line=1, column=column, message=_("this required column is missing")))
    if not table.rows:
        problems.append(Problem(line=2, column="", message=_("the file has no rows to import")))
    rows = []
    for line, cells in table.rows:
        row = CheckedRow(line=line)
        for column, (required, convert) in spec.items():
            text = (cells.get(column) or "").strip()
            if not text:
                if required and column in table.columns:
                    problems.append(Problem(line=line, column=column, message=_("this value is required")))
                continue
            try:
                row.values[column] = convert(text, context)
            except ValueError as exc:
                problems.append(Problem(line=line, column=column, message=str(exc)))
        rows.append(row)
    return rows, problems
