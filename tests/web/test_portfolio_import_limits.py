"""Bounded work for every import: declared dimensions, rows, cells and numbers are checked, and
every refusal names its line and column instead of a server error."""

from __future__ import annotations

import io
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.portfolio.models import SupportAction
from citymade.web.portfolio.transfer import import_file


def _xlsx(rows, *, far_cell=None) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    if far_cell:
        book.active.cell(row=far_cell[0], column=far_cell[1], value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, kind, name, content):
    return client.post(reverse("portfolio:import"), {"kind": kind, "file": SimpleUploadedFile(name, content), "dry_run": "on"})


def test_a_sheet_declaring_a_huge_dimension_is_refused_before_it_is_read(client, world):
    """5 KB declaring A1:XFD1048576 (one cell in the last row) used to take hundreds of MB."""
    data = _xlsx([["name"], ["Atelier"]], far_cell=(1048576, 16384))
    assert len(data) < 10_000
    tracemalloc.start()
    outcome = import_file("companies", "big.xlsx", data, actor=world.users[Role.ADVISOR])
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [p.message for p in outcome.problems] == [
        "La feuille déclare 1048576 lignes et 16384 colonnes ; on importe au plus 10000 lignes et 50 colonnes."
    ]
    assert peak < 20 * 1024 * 1024


def test_a_sheet_declaring_more_rows_than_the_limit_is_refused(world):
    outcome = import_file("companies", "rows.xlsx", _xlsx([["name"], ["Atelier"]], far_cell=(20_000, 1)), actor=world.users[Role.ADVISOR])
    assert len(outcome.problems) == 1 and "20000" in outcome.problems[0].message


def test_too_many_csv_rows_are_refused(world):
    data = ("name\n" + "".join(f"Atelier {i}\n" for i in range(10_001))).encode()
    outcome = import_file("companies", "many.csv", data, actor=world.users[Role.ADVISOR])
    assert [(p.line, p.message) for p in outcome.problems] == [(10_002, "Le fichier compte plus de 10000 lignes.")]


@pytest.mark.parametrize("size", [20_000, 128 * 1024, 200 * 1024])
def test_a_huge_cell_gets_its_line_and_column(client, world, size):
    client.force_login(world.users[Role.ADVISOR])
    data = ("name,municipality\nAtelier,Ixelles\nBois," + "x" * size + "\n").encode()
    response = _upload(client, "companies", "cell.csv", data)
    assert response.status_code == 200
    (problem,) = response.context["outcome"].problems
    assert problem.line == 3
    assert problem.column in ("municipality", "")


@pytest.mark.parametrize("value", ["1e12", "nan", "inf", "-inf", "Infinity", "1e400"])
def test_numbers_out_of_range_or_not_finite_are_named(client, world, value):
    client.force_login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "en"
    data = f"company,date,type,minutes\n{world.own.slug},2024-01-01,advice,{value}\n".encode()
    response = _upload(client, "support_actions", "numbers.csv", data)
    assert response.status_code == 200
    problems = response.context["outcome"].problems
    assert [(p.line, p.column) for p in problems] == [(2, "minutes")], problems
    assert SupportAction.objects.count() == 0


def test_an_fte_of_nan_is_refused_and_nothing_is_written(world):
    data = b"name,fte\nAtelier Nan,nan\nAtelier Big,1e12\n"
    outcome = import_file("companies", "fte.csv", data, actor=world.users[Role.ADVISOR], dry_run=False)
    assert [(p.line, p.column) for p in outcome.problems] == [(2, "fte"), (3, "fte")]
    assert not Company.objects.filter(name__in=("Atelier Nan", "Atelier Big")).exists()


def test_a_control_character_in_an_imported_name_is_refused(world):
    outcome = import_file("companies", "vt.csv", b"name\nAtelier\x0bNeuf\n", actor=world.users[Role.ADVISOR])
    assert [(p.line, p.column) for p in outcome.problems] == [(2, "name")]
    assert "U+000B" in outcome.problems[0].message


def test_the_cli_names_the_file_and_line_of_a_refused_file(world, tmp_path):
    from typer.testing import CliRunner

    from citymade.cli import app

    huge = tmp_path / "huge.xlsx"
    huge.write_bytes(_xlsx([["name"], ["Atelier"]], far_cell=(1048576, 16384)))
    cell = tmp_path / "cell.csv"
    cell.write_bytes(b"name\nAtelier\n" + b"x" * (200 * 1024) + b"\n")
    runner = CliRunner()
    result = runner.invoke(app, ["--lang", "en", "portfolio", "import", "companies", str(huge), "--user", "advisor1"])
    assert result.exit_code == 2 and str(huge) in result.output
    assert "declares 1048576 rows and 16384 columns" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["--lang", "en", "portfolio", "import", "companies", str(cell), "--user", "advisor1"])
    assert result.exit_code == 2 and "line 3: This line cannot be read" in result.output
