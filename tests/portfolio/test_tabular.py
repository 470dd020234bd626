"""Tables in and out: uploads read as typed, exports never run a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from citymade.errors import CitymadeError
from citymade.i18n import use_language
from citymade.portfolio.tabular import (
    MAX_UPLOAD_BYTES,
    neutralise,
    read_table,
    write_csv,
    write_xlsx,
)
from citymade.text import control_characters, strip_control

DANGEROUS = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_formula_in_a_csv_export_is_neutralised(value):
    data = write_csv(["name"], [[value]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1][0].startswith("'")
    assert rows[1][0].lstrip("'").lstrip() == value.strip()


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_formula_in_an_xlsx_export_is_text(value):
    book = load_workbook(io.BytesIO(write_xlsx([("t", ["name"], [[value]])])))
    cell = book.active["A2"]
    assert cell.data_type == "s"
    assert str(cell.value).startswith("'")


def test_numbers_dates_and_plain_text_stay_as_they_are():
    book = load_workbook(io.BytesIO(write_xlsx([("t", ["a", "b", "c", "d"], [[-3, 2.5, "Atelier", dt.date(2024, 1, 2)]])])))
    row = [c.value for c in book.active[2]]
    assert row == [-3, 2.5, "Atelier", "2024-01-02"]


@given(st.text())
def test_no_text_cell_ever_starts_a_formula(text):
    out = neutralise(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    clean = strip_control(text)  # and no control character that would break the file
    assert out in (clean, "'" + clean) and not control_characters(out)


def test_csv_with_semicolons_and_bom_is_read():
    data = "\ufeffName;Municipality\nAtelier;Ixelles\n;\nBois;Forest\n".encode()
    table = read_table("companies.csv", data)
    assert table.columns == ["name", "municipality"]
    assert table.rows == [(2, {"name": "Atelier", "municipality": "Ixelles"}), (4, {"name": "Bois", "municipality": "Forest"})]


def test_xlsx_is_read_with_line_numbers():
    book = Workbook()
    book.active.append(["name", "founded_on"])
    book.active.append(["Atelier", dt.datetime(2020, 5, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table("x.XLSX", buffer.getvalue())
    assert table.rows == [(2, {"name": "Atelier", "founded_on": "2020-05-01"})]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.txt", b"name\nx\n", "Only CSV and XLSX"),
        ("a.xlsx", b"name\nx\n", "not an XLSX"),
        ("a.csv", "é".encode("latin-1") + b"\n", "not UTF-8"),
        ("a.csv", b"", "empty"),
        ("a.csv", b"x" * (MAX_UPLOAD_BYTES + 1), "5 MB"),
    ],
)
def test_wrong_files_are_refused_with_a_reason(name, data, message):
    with use_language("en"), pytest.raises(CitymadeError, match=message):
        read_table(name, data)
