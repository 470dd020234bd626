"""Tables in and out: read an uploaded CSV or XLSX, write CSV or XLSX safe from formula injection.

Reading accepts UTF-8 CSV (comma or semicolon, as Excel writes it in Belgium) and the first sheet
of an XLSX workbook; anything else is refused with a message. The work is bounded whatever the file
says: at most :data:`MAX_ROWS` rows, :data:`MAX_COLUMNS` columns and :data:`MAX_CELL_CHARS`
characters per cell, and an XLSX whose declared dimension or unpacked size is larger is refused
before a row is read (a 5 KB workbook can declare ``A1:XFD1048576``). Writing neutralises every text cell
that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a carriage return) by
putting an apostrophe in front (OWASP's advice), and XLSX cells are always written as text or number,
never as formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from citymade.errors import CitymadeError, Location
from citymade.i18n import _
from citymade.text import neutralise

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "Table",
    "neutralise",
    "read_table",
    "write_csv",
    "write_xlsx",
]

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 10_000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Table:
    """Column names (lower-cased, trimmed) and rows as ``(line number, {column: text})``."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _too_many_rows() -> CitymadeError:
    return CitymadeError(_("The file has more than %(limit)d rows.") % {"limit": MAX_ROWS}, location=Location(line=MAX_ROWS + 2))


def _table(raw_rows: Iterable[Sequence[Any]]) -> Table:
    """The table of ``raw_rows`` (read lazily), refused as soon as it passes a limit."""
    lines = iter(raw_rows)
    header = next(lines, None)
    if header is None or not any(_cell_text(v) for v in header):
        raise CitymadeError(_("The file is empty: the first line must name the columns."))
    columns = [_cell_text(v).lower() for v in header]
    while columns and not columns[-1]:
        columns.pop()
    if len(columns) > MAX_COLUMNS:
        raise CitymadeError(_("The file has more than %(limit)d columns.") % {"limit": MAX_COLUMNS}, location=Location(line=1))
    rows = []
    for number, raw in enumerate(lines, start=2):
        if number > MAX_ROWS + 1:
            if any(_cell_text(v) for v in raw):
                raise _too_many_rows()
            continue
        texts = [_cell_text(v) for v in raw]
        if not any(texts):
            continue
        for i, text in enumerate(texts):
            if len(text) > MAX_CELL_CHARS:
                column = columns[i] if i < len(columns) and columns[i] else str(i + 1)
                raise CitymadeError(
                    _("a cell holds at most %(limit)d characters") % {"limit": MAX_CELL_CHARS},
                    location=Location(line=number, field=column),
                )
        rows.append((number, {c: (texts[i] if i < len(texts) else "") for i, c in enumerate(columns) if c}))
    return Table(columns=[c for c in columns if c], rows=rows)


def read_table(name: str, data: bytes) -> Table:
    """Read an uploaded ``.csv`` or ``.xlsx`` file (at most 5 MB)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise CitymadeError(_("The file is larger than 5 MB."))
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "xlsx":
        if not data.startswith(XLSX_MAGIC):
            raise CitymadeError(_("This file is not an XLSX workbook."))
        return _read_xlsx(data)
    if suffix == "csv":
        return _read_csv(data)
    raise CitymadeError(_("Only CSV and XLSX files can be imported."))


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CitymadeError(_("The CSV file is not UTF-8 text.")) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return _table(reader)
    except csv.Error:  # a cell over the csv module's own limit (128 KB), or a broken quote
        raise CitymadeError(
            _("This line cannot be read: a cell is longer than %(limit)d characters or a quote is not closed.")
            % {"limit": MAX_CELL_CHARS},
            location=Location(line=reader.line_num),
        ) from None


def _check_unpacked_size(data: bytes) -> None:
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError):
        raise CitymadeError(_("This file is not an XLSX workbook.")) from None
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise CitymadeError(_("The workbook unpacks to more than %(limit)d MB.") % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)})


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    _check_unpacked_size(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise CitymadeError(_("This file is not an XLSX workbook.")) from None
    try:
        sheet = book.worksheets[0]
        # The sheet's declared dimension, read before any row: rows are padded up to it.
        rows, columns = sheet.max_row or 0, sheet.max_column or 0
        if rows > MAX_ROWS + 1 or columns > MAX_COLUMNS:
            raise CitymadeError(
                _("The sheet declares %(rows)d rows and %(columns)d columns; at most %(max_rows)d rows and %(max_columns)d columns can be imported.")
                % {"rows": rows, "columns": columns, "max_rows": MAX_ROWS, "max_columns": MAX_COLUMNS}
            )
        # And whatever the declaration says, never more than the limits are read.
        return _table(sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True))
    except CitymadeError:
        raise
    except Exception:  # a damaged sheet part
        raise CitymadeError(_("This file is not an XLSX workbook.")) from None
    finally:
        book.close()


def write_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """CSV (UTF-8 with BOM so spreadsheets read the accents), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(c) for c in columns])
    for row in rows:
        writer.writerow([neutralise(_cell_text(v) if not isinstance(v, (int, float)) else v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(sheets: Sequence[tuple[Any, ...]]) -> bytes:
    """A workbook with one sheet per ``(title, columns, rows[, options])``; text is never read as a
    formula. ``options`` may give ``percent`` (column indexes whose numbers are fractions shown as
    percentages), ``percent_rows`` (the same for data rows, counted from 0), ``decimal`` (one
    decimal), ``decimal_rows`` (the same for data rows), ``widths`` (characters per column) and ``wrap`` (column indexes whose text wraps
    within its width); every sheet's
    header row is frozen and its columns are sized to their content."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#EEF1EE", "text_wrap": True, "valign": "top"})
    percent = book.add_format({"num_format": "0.0%"})
    decimal = book.add_format({"num_format": "0.0"})
    wrapped = book.add_format({"text_wrap": True, "valign": "top"})
    for sheet_spec in sheets:
        title, columns, rows = sheet_spec[0], sheet_spec[1], sheet_spec[2]
        options: dict[str, Any] = sheet_spec[3] if len(sheet_spec) > 3 else {}
        formats = {i: percent for i in options.get("percent", ())} | {i: decimal for i in options.get("decimal", ())}
        percent_rows = set(options.get("percent_rows", ()))
        decimal_rows = set(options.get("decimal_rows", ()))
        sheet = book.add_worksheet(str(title)[:31])
        widths = [len(str(name)) for name in columns]
        for col, name in enumerate(columns):
            sheet.write_string(0, col, neutralise(str(name)), bold)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if isinstance(value, bool):
                    sheet.write_boolean(r, col, value)
                elif isinstance(value, (int, float)):
                    shown = percent if r - 1 in percent_rows else decimal if r - 1 in decimal_rows else formats.get(col)
                    sheet.write_number(r, col, value, shown)
                elif value is None:
                    sheet.write_blank(r, col, None)
                else:
                    text = neutralise(_cell_text(value))
                    sheet.write_string(r, col, text, wrapped if col in options.get("wrap", ()) else None)
                    if col < len(widths):
                        widths[col] = max(widths[col], min(len(text), 60))
        for col, width in enumerate(options.get("widths") or [min(max(w + 2, 10), 62) for w in widths]):
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
