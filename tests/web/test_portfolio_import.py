"""Import companies and support actions: a bad file imports nothing and says which rows are wrong;
exports are safe from formula injection."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.core.models import AuditEntry
from citymade.web.portfolio.models import JobsFigure, StatusChange, SupportAction
from citymade.web.portfolio.transfer import export, import_file

GOOD_COMPANIES = (
    "name,enterprise_number,municipality,founded_on,membership,membership_since,fte,fte_date\n"
    "Atelier Neuf,0417.497.106,Ixelles,2021-02-01,candidate,2022-01-10,3,2023-12-31\n"
    "Vélo Vert,,Forest,,,,,\n"
)
BAD_COMPANIES = (
    "name,enterprise_number,municipality,founded_on,membership,membership_since\n"
    "Atelier Neuf,0417.497.106,Ixelles,2021-02-01,candidate,2022-01-01\n"  # fine
    ",0417.497.107,Forest,2021-02-30,member,2022-01-01\n"  # no name, wrong check digits, no 30 February
    "Bois Brut,,Uccle,,founder,2022-01-01\n"  # unknown status
)


def _upload(client, kind, name, content, dry_run):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("portfolio:import"), data, HTTP_ACCEPT_LANGUAGE="en")


def test_a_bad_file_imports_no_row_and_names_every_problem(client, world):
    client.force_login(world.users[Role.ADVISOR])
    companies, audit = Company.objects.count(), AuditEntry.objects.count()
    client.cookies["citymade_language"] = "en"
    response = _upload(client, "companies", "companies.csv", BAD_COMPANIES.encode(), dry_run=False)
    page = response.content.decode()
    assert response.status_code == 200
    assert Company.objects.count() == companies and AuditEntry.objects.count() == audit
    assert Company.objects.filter(name="Atelier Neuf").count() == 0  # the good row is not imported either
    outcome = response.context["outcome"]
    assert {(p.line, p.column) for p in outcome.problems} == {
        (3, "name"),
        (3, "enterprise_number"),
        (3, "founded_on"),
        (4, "membership"),
    }
    assert "nothing was imported" in page and "“founder” is not a status" in page


def test_problems_are_reported_in_the_users_language(client, world):
    client.force_login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "nl"
    page = _upload(client, "companies", "c.csv", BAD_COMPANIES.encode(), dry_run=True).content.decode()
    assert "er werd niets geïmporteerd" in page and "„founder” is geen status" in page


def test_a_dry_run_checks_and_imports_nothing_then_the_import_creates_everything(client, world):
    client.force_login(world.users[Role.ADVISOR])
    before = Company.objects.count()
    response = _upload(client, "companies", "c.csv", GOOD_COMPANIES.encode(), dry_run=True)
    assert response.context["outcome"].ok and response.context["outcome"].rows == 2
    assert Company.objects.count() == before
    response = _upload(client, "companies", "c.csv", GOOD_COMPANIES.encode(), dry_run=False)
    assert response.status_code == 302
    atelier = Company.objects.get(name="Atelier Neuf")
    assert atelier.membership == "candidate" and atelier.enterprise_number == "0417.497.106"
    assert Company.objects.get(name="Vélo Vert").membership == "prospect"
    assert StatusChange.objects.filter(company=atelier, to_status="candidate").exists()
    assert JobsFigure.objects.get(company=atelier).fte == 3
    assert AuditEntry.objects.filter(action="company.created", company=atelier).exists()
    # The same file again: the enterprise number is taken now, so nothing is imported.
    response = _upload(client, "companies", "c.csv", GOOD_COMPANIES.encode(), dry_run=False)
    assert [(p.line, p.column) for p in response.context["outcome"].problems] == [(2, "enterprise_number")]
    assert Company.objects.count() == before + 2


def test_support_actions_from_xlsx_need_known_companies_and_advisors(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["company", "date", "type", "advisor", "minutes", "outcome"])
    sheet.append([world.own.slug, "2024-03-01", "Conseil simple", "advisor1", 45, "=1+1"])
    sheet.append(["nobody-here", "2024-03-02", "advice", "company1", 30, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    advisor = world.users[Role.ADVISOR]
    outcome = import_file("support_actions", "actions.xlsx", buffer.getvalue(), actor=advisor, dry_run=False)
    assert {(p.line, p.column) for p in outcome.problems} == {(3, "company"), (3, "advisor")}
    assert SupportAction.objects.count() == 0
    sheet.delete_rows(3)
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = import_file("support_actions", "actions.xlsx", buffer.getvalue(), actor=advisor, dry_run=False)
    assert outcome.ok and outcome.created == 1
    action = SupportAction.objects.get()
    assert (action.company, action.type, action.advisor, action.minutes) == (world.own, "advice", advisor, 45)


def test_uploads_are_limited_in_size_and_type(client, world):
    client.force_login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "en"
    response = _upload(client, "companies", "c.exe", b"MZ...", dry_run=True)
    assert "Only CSV and XLSX files can be imported." in response.content.decode()
    big = b"name\n" + b"x" * (5 * 1024 * 1024)
    response = _upload(client, "companies", "c.csv", big, dry_run=True)
    assert "larger than 5 MB" in response.content.decode()


def test_the_cli_import_refuses_a_bad_file_and_lists_the_rows(world, tmp_path):
    from citymade.cli import app

    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_COMPANIES, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["--lang", "en", "portfolio", "import", "companies", str(bad), "--user", "advisor1"])
    assert result.exit_code == 2
    assert "line 3, column “founded_on”" in result.output and "line 4, column “membership”" in result.output
    assert not Company.objects.filter(name="Atelier Neuf").exists()
    good = tmp_path / "good.csv"
    good.write_text(GOOD_COMPANIES, encoding="utf-8")
    result = runner.invoke(app, ["--lang", "en", "portfolio", "import", "companies", str(good), "--user", "advisor1", "--dry-run"])
    assert result.exit_code == 0 and "2 row(s) can be imported" in result.output
    assert not Company.objects.filter(name="Atelier Neuf").exists()
    result = runner.invoke(app, ["portfolio", "import", "companies", str(good), "--user", "company1"])
    assert result.exit_code == 2  # a company user may not import


def test_exports_neutralise_formulas_in_csv_and_xlsx(client, world):
    world.own.name = "=HYPERLINK(\"http://evil.example\",\"click\")"
    world.own.save()
    SupportAction.objects.create(company=world.own, type="advice", outcome="@SUM(1+1)")
    _name, _mime, data = export("companies", "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert any(r["name"] == "'" + world.own.name for r in rows)
    _name, _mime, data = export("support_actions", "xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    outcome = sheet.cell(row=2, column=header.index("outcome") + 1)
    company = sheet.cell(row=2, column=header.index("company") + 1)
    assert outcome.value == "'@SUM(1+1)" and outcome.data_type == "s"
    assert company.value.startswith("'=") and company.data_type == "s"
    client.force_login(world.users[Role.ADVISOR])
    response = client.get(reverse("portfolio:export_download", args=["companies", "xlsx"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


def test_the_diagnostics_export_carries_the_scores(world):
    from citymade.web.diagnostics.models import Diagnostic

    Diagnostic.objects.create(
        company=world.own,
        framework_version="test",
        state="validated",
        result={"maturity": {"stage": 3}, "dimensions": [{"id": "urban_fit", "value": 71.5}, {"id": "readiness", "value": None}]},
    )
    _name, _mime, data = export("diagnostics", "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["company"] == world.own.name and rows[0]["stage"] == "3" and rows[0]["urban_fit"] == "71.5"


def test_the_cli_exports_support_actions(world, tmp_path):
    from citymade.cli import app

    SupportAction.objects.create(company=world.own, type="networking", outcome="-1 introduced")
    out = tmp_path / "actions.xlsx"
    result = CliRunner().invoke(app, ["portfolio", "export", "support_actions", "--format", "xlsx", "--output", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("type") + 1).value == "networking"
    assert sheet.cell(row=2, column=header.index("outcome") + 1).value == "'-1 introduced"
    result = CliRunner().invoke(app, ["portfolio", "export", "invoices"])
    assert result.exit_code == 2


def test_a_company_name_shared_by_two_companies_is_refused(world):
    Company.objects.create(name="Twin", slug="twin-a")
    Company.objects.create(name="Twin", slug="twin-b")
    data = b"company,date,type\nTwin,2024-01-01,advice\ntwin-b,2024-01-02,advice\n"
    outcome = import_file("support_actions", "a.csv", data, actor=world.users[Role.ADVISOR], dry_run=False)
    assert [(p.line, p.column) for p in outcome.problems] == [(2, "company")]
    assert not SupportAction.objects.exists()
