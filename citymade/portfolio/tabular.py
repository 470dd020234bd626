"""Tables in and out: read an uploaded CSV or XLSX, write CSV or XLSX safe from formula injection.

Reading accepts UTF-8 CSV (comma or semicolon, as Excel writes it in Belgium) and the first sheet
of an XLSX workbook; anything else is refused with a message. Writing neutralises every text cell
that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a carriage return) by
putting an apostrophe in front (OWASP's advice), and XLSX cells are always written as text or number,
never as formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from citymade.errors import CitymadeError
from citymade.i18n import _
from citymade.text import neutralise

__all__ = ["MAX_UPLOAD_BYTES", "Table", "neutralise", "read_table", "write_csv", "write_xlsx"]

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
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


def _table(raw_rows: list[list[Any]]) -> Table:
    if not raw_rows or not any(_cell_text(v) for v in raw_rows[0]):
        raise CitymadeError(_("The file is empty: the first line must name the columns."))
    columns = [_cell_text(v).lower() for v in raw_rows[0]]
    rows = []
    for number, raw in enumerate(raw_rows[1:], start=2):
        texts = [_cell_text(v) for v in raw]
        if not any(texts):
            continue
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
    return _table([list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)])


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise CitymadeError(_("This file is not an XLSX workbook.")) from None
    try:
        sheet = book.worksheets[0]
        return _table([list(r) for r in sheet.iter_rows(values_only=True)])
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


def write_xlsx(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]]) -> bytes:
    """A workbook with one sheet per ``(title, columns, rows)``; text is never read as a formula."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    for title, columns, rows in sheets:
        sheet = book.add_worksheet(title[:31])
        for col, name in enumerate(columns):
            sheet.write_string(0, col, neutralise(str(name)), bold)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if isinstance(value, bool):
                    sheet.write_boolean(r, col, value)
                elif isinstance(value, (int, float)):
                    sheet.write_number(r, col, value)
                elif value is None:
                    sheet.write_blank(r, col, None)
                else:
                    sheet.write_string(r, col, neutralise(_cell_text(value)))
        sheet.set_column(0, max(len(columns) - 1, 0), 18)
    book.close()
    return buffer.getvalue()
