"""Checking an import file row by row: every problem with its line, column and what is wrong.

The kinds of file and their columns are in :mod:`.columns` (documented in ``docs/portfolio.md``).
A header may be the column's code id (``enterprise_number``) or its label in French, Dutch or
English (``Numéro d'entreprise``, ``Ondernemingsnummer``, ``Enterprise number``), case, accents
and ``_`` ignored. :func:`check_file` turns text cells into typed values and lists the format
problems, each naming the column as the file wrote it; the web app adds the problems only the
database can see (an unknown company, a short name already taken) and imports nothing until the
list is empty. :func:`template` gives the headers of an empty file in one language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from citymade.i18n import LANGUAGES, _, use_language
from citymade.portfolio.importing.cells import fold, parse_date
from citymade.portfolio.importing.columns import COLUMNS, KIND_LABELS, KINDS, ROW_RULES, Column
from citymade.portfolio.tabular import Table

__all__ = [
    "COLUMNS",
    "KINDS",
    "KIND_LABELS",
    "CheckedFile",
    "CheckedRow",
    "Column",
    "Problem",
    "check_file",
    "check_rows",
    "header_aliases",
    "parse_date",
    "template",
]


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


@dataclass(kw_only=True)
class CheckedFile:
    """The typed rows of a file, its problems so far, and the header it used for each column id."""

    kind: str
    rows: list[CheckedRow]
    problems: list[Problem]
    headers: dict[str, str]

    def column_name(self, column_id: str) -> str:
        """The column as the file names it, else its label in the active language."""
        if column_id in self.headers:
            return self.headers[column_id]
        spec = {c.id: c for c in COLUMNS[self.kind]}
        return _(spec[column_id].label) if column_id in spec else column_id

    def add(self, line: int, column_id: str, message: str) -> None:
        self.problems.append(Problem(line=line, column=self.column_name(column_id) if column_id else "", message=message))


def header_aliases(kind: str) -> dict[str, str]:
    """Every accepted header of ``kind`` (folded) → its column id: the id and the label in each language."""
    aliases: dict[str, str] = {}
    for column in COLUMNS[kind]:
        aliases.setdefault(fold(column.id), column.id)
        for language in LANGUAGES:
            with use_language(language):
                aliases.setdefault(fold(_(column.label)), column.id)
    return aliases


def _expected(kind: str) -> str:
    return ", ".join(_(c.label) for c in COLUMNS[kind])


def check_file(kind: str, table: Table, *, context: Mapping[str, Any]) -> CheckedFile:
    """Typed rows and every format problem of ``table`` as a file of ``kind``.

    ``context`` gives ``today`` (dates after it are refused), the vocabularies the columns need
    (``support_types``, ``memberships``, ``event_kinds``, ``organisation_types``,
    ``organisation_kinds``: id → ``{fr, nl, en}`` labels) and, for companies,
    ``date_on_import_day`` (undated statuses and jobs figures take the import day).
    """
    spec = {c.id: c for c in COLUMNS[kind]}
    aliases = header_aliases(kind)
    checked = CheckedFile(kind=kind, rows=[], problems=[], headers={})
    by_header: dict[str, str] = {}
    for header in table.columns:
        column_id = aliases.get(fold(header))
        if column_id is None:
            checked.problems.append(Problem(line=1, column=header, message=_("unknown column; expected: %(allowed)s") % {"allowed": _expected(kind)}))
        elif column_id in checked.headers:
            checked.problems.append(Problem(line=1, column=header, message=_("the same column as “%(other)s”") % {"other": checked.headers[column_id]}))
        else:
            checked.headers[column_id] = header
            by_header[header] = column_id
    for column in spec.values():
        if column.required and column.id not in checked.headers:
            checked.add(1, column.id, _("this required column is missing"))
    if not table.rows:
        checked.problems.append(Problem(line=2, column="", message=_("the file has no rows to import")))
    rule = ROW_RULES.get(kind)
    for line, cells in table.rows:
        row = CheckedRow(line=line)
        wrong = set()
        for header, column_id in by_header.items():
            column = spec[column_id]
            text = (cells.get(header) or "").strip()
            if not text:
                if column.required:
                    checked.add(line, column_id, _("this value is required"))
                    wrong.add(column_id)
                continue
            try:
                row.values[column_id] = column.convert(text, context)
            except ValueError as exc:
                checked.add(line, column_id, str(exc))
                wrong.add(column_id)
        if rule is not None and not wrong:
            for column_id, message in rule(row.values, context):
                checked.add(line, column_id, message)
        checked.rows.append(row)
    return checked


def check_rows(kind: str, table: Table, *, context: Mapping[str, Any]) -> tuple[list[CheckedRow], list[Problem]]:
    """:func:`check_file`'s rows and problems."""
    checked = check_file(kind, table, context=context)
    return checked.rows, checked.problems


def template(kind: str) -> tuple[list[str], list[list[str]]]:
    """The headers of an empty ``kind`` file in the active language, and a help table (column,
    required, what to write) for the template's second sheet and the import page."""
    headers = [_(c.label) for c in COLUMNS[kind]]
    yes, no = _("yes"), _("no")
    help_rows = [[_(c.label), yes if c.required else no, _(c.hint) if c.hint else ""] for c in COLUMNS[kind]]
    return headers, help_rows
