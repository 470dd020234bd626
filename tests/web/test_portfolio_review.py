"""The annual review from the database: the hand-worked fixture gives the same JSON through the
Python API, the HTTP API and the CLI; every figure links to its records; the demo years render as
page, PDF and XLSX."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from typer.testing import CliRunner

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.diagnostics.models import Diagnostic
from citymade.web.portfolio.models import (
    Event,
    JobsFigure,
    Milestone,
    Participation,
    Partner,
    StatusChange,
    SupportAction,
    WorkingGroup,
)
from citymade.web.portfolio.reviewing import review_for
from tests.portfolio import fixture as f


def load_fixture() -> dict[int, Company]:
    """The fixture of tests/portfolio/fixture.py as database rows; returns fixture id → company."""
    companies = {
        i: Company.objects.create(name=f"Fixture {i}", slug=f"fixture-{i}", organisation_type=f.ORGANISATION_TYPES.get(i, "company"))
        for i in range(1, 9)
    }
    StatusChange.objects.filter(company__in=companies.values()).delete()  # the automatic first status
    for _i, c, status, date in f.STATUSES:
        StatusChange.objects.create(company=companies[c], to_status=status, date=date)
    partners = {
        i: Partner.objects.create(name=n, joined_on=j, left_on=left, organisation_type=t) for i, n, j, left, t in f.PARTNERS
    }
    groups = {g: WorkingGroup.objects.create(name=f"Group {g}", slug=f"group-{g}") for g in sorted({g for *_x, g in f.EVENTS if g})}
    events = {
        i: Event.objects.create(title=f"Event {i}", kind=kind, date=date, working_group=groups.get(g) if g else None)
        for i, date, kind, g in f.EVENTS
    }
    for _i, e, _date, attended, c, p in f.ATTENDANCES:
        event = events[e]
        Participation.objects.create(
            event=event, attended=attended, company=companies.get(c) if c else None, partner=partners.get(p) if p else None
        )
    for _i, c, date, kind in f.SUPPORT:
        SupportAction.objects.create(company=companies[c], date=date, type=kind)
    for n, (_i, c, date, stage) in enumerate(f.DIAGNOSTICS):
        Diagnostic.objects.create(
            company=companies[c],
            version=n + 1,
            framework_version="test",
            state="submitted" if n % 2 else "validated",
            result={"maturity": {"stage": stage}} if stage is not None else {"maturity": {}},
            assessed_on=date,
        )
    # A draft never counts; nor does a self-diagnostic no advisor validated yet (its stage 5 would
    # otherwise be company 2's latest of 2024 and a progression from 3).
    Diagnostic.objects.create(company=companies[1], version=99, framework_version="test", assessed_on=f.D(2024, 9, 9))
    from citymade.web.accounts.models import User
    from citymade.web.accounts.roles import Role

    entrepreneur = User.objects.create_user(username="self-diagnosing", password="x-long-password-42", role=Role.COMPANY, company=companies[2])
    Diagnostic.objects.create(
        company=companies[2], version=98, framework_version="test", state="submitted", assessor=entrepreneur,
        result={"maturity": {"stage": 5}}, assessed_on=f.D(2024, 11, 1),
    )
    for _i, c, kind, date in f.MILESTONES:
        Milestone.objects.create(company=companies[c], kind=kind, date=date)
    for _i, c, date, fte in f.JOBS:
        JobsFigure.objects.create(company=companies[c], date=date, fte=fte)
    return companies


@pytest.fixture
def follow_up(world):
    return load_fixture()


def test_the_review_matches_the_hand_worked_figures(follow_up):
    assert review_for(2024).as_json() == f.EXPECTED_2024


def test_the_api_gives_the_same_review_to_staff_only(client, world, follow_up):
    client.force_login(world.users[Role.ADVISOR])
    assert client.get("/api/portfolio/review?year=2024").json() == f.EXPECTED_2024
    for role in (Role.COMPANY, Role.OBSERVER):
        client.force_login(world.users[role])
        assert client.get("/api/portfolio/review?year=2024").status_code == 403


def _workbook_figures(book) -> dict[str, object]:
    """Figure key → this year's value, read through the sheet of definitions (labels → keys)."""
    keys = {row[0]: row[2] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    return {keys[row[0]]: row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}


def test_the_cli_prints_the_same_review(follow_up, tmp_path):
    from citymade.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["portfolio", "review", "--year", "2024", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == f.EXPECTED_2024
    out = tmp_path / "review.xlsx"
    result = runner.invoke(app, ["portfolio", "review", "--year", "2024", "--format", "xlsx", "--output", str(out)])
    assert result.exit_code == 0, result.output
    values = _workbook_figures(load_workbook(out))
    assert values["members_total"] == 4 and values["jobs_fte"] == 10.0 and values["support_actions_by_type"] == 6


def test_an_unknown_format_is_refused(follow_up):
    from citymade.cli import app

    result = CliRunner().invoke(app, ["--lang", "en", "portfolio", "review", "--year", "2024", "--format", "docx"])
    assert result.exit_code == 2
    assert "docx" in result.output


def test_every_figure_of_the_page_links_to_its_records(client, world, follow_up):
    client.force_login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "en"
    page = client.get(reverse("portfolio:review_year", args=[2024])).content.decode()
    for key in f.EXPECTED_2024:
        if key != "year":
            assert reverse("portfolio:review_figure", args=[2024, key]) in page, key
    records = client.get(reverse("portfolio:review_figure", args=[2024, "members_new"])).content.decode()
    for i in (2, 4, 6):
        assert f"Fixture {i}</a>" in records
    for i in (1, 3, 5):
        assert f"Fixture {i}</a>" not in records
    jobs = client.get(reverse("portfolio:review_figure", args=[2024, "jobs_fte"])).content.decode()
    assert "10.0" in jobs.split("<h1>")[1].split("</h1>")[0]
    client.cookies["citymade_language"] = "fr"
    page = client.get(reverse("portfolio:review_year", args=[2024])).content.decode()
    assert ">50,0 %</td>" in page and ">40,0 %</td>" in page and ">10,0</td>" in page  # numbers as the reader writes them
    assert "Fixture 1</a>" in jobs and "Fixture 3</a>" not in jobs  # c3 left: its jobs do not count


def test_the_workbook_lists_the_records_behind_each_figure(client, world, follow_up):
    client.force_login(world.users[Role.ADVISOR])
    response = client.get(reverse("portfolio:review_download", args=[2024, "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    keys = {row[0]: row[2] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    records = [row for row in book.worksheets[-1].iter_rows(min_row=2, values_only=True)]
    assert sum(1 for r in records if keys[r[0]] == "members_new") == 3
    # the 5 members and candidates the rate is taken of, and the first attendance of the 2 that took part
    assert sum(1 for r in records if keys[r[0]] == "participation_rate") == 7
    assert sum(1 for r in records if keys[r[0]] == "candidates_stopped") == 1


@pytest.fixture
def demo(db, settings):
    from citymade.web.demo import load_demo

    settings.CITYMADE_DEVELOPMENT = True
    return load_demo()


def test_each_demo_year_renders_as_page_pdf_and_xlsx_with_meaningful_figures(client, demo):
    from django.utils import timezone

    from citymade.web.accounts.models import User
    from citymade.web.portfolio.demo import demo_years

    client.force_login(User.objects.get(username="advisor"))
    years = demo_years(timezone.localdate())
    assert len(years) == 3
    for year in years:
        figures = review_for(year).as_json()
        assert figures["members_total"] > 0 and figures["partners_total"] > 0, year
        assert figures["simple_advice"] > 0 and figures["participation_rate"] > 0, year
        assert figures["jobs_fte"] > 0, year
        page = client.get(reverse("portfolio:review_year", args=[year]))
        assert page.status_code == 200
        assert f">{figures['members_total']}</td>" in page.content.decode()
        pdf = client.get(reverse("portfolio:review_download", args=[year, "pdf"]))
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
        xlsx = client.get(reverse("portfolio:review_download", args=[year, "xlsx"]))
        book = load_workbook(io.BytesIO(xlsx.content))
        values = _workbook_figures(book)
        assert values["members_total"] == figures["members_total"]
        assert values["simple_advice"] == figures["simple_advice"]
        # the previous year and the change beside each figure, in the page and the workbook
        before = review_for(year - 1).as_json()
        sheet = book.worksheets[0]
        header = [c.value for c in sheet[1]]
        assert header[1] == str(year) and str(year - 1) in header[2], header
        keys = {row[0]: row[2] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
        rows = {keys[r[0].value]: r for r in sheet.iter_rows(min_row=2)}
        members = rows["members_total"]
        assert members[2].value == before["members_total"]
        assert members[3].value == figures["members_total"] - before["members_total"]
        # percentages are formatted as percentages (openpyxl reads the number format)
        ratio = rows["participation_rate"]
        assert ratio[1].value == figures["participation_rate"] and ratio[1].number_format == "0.0%"
        if before["participation_rate"] is not None:
            assert ratio[2].number_format == "0.0%" and ratio[3].number_format == "0.0%"
        assert sheet.freeze_panes == "A2"
        text = page.content.decode()
        assert "Previous year" in text or "Année précédente" in text
        row = text.split('id="figure-members_total"')[1].split("</tr>")[0]
        assert f">{before['members_total']}</td>" in row
    # Over the demo years there are new members, milestones and stage progressions.
    all_years = [review_for(y).as_json() for y in years]
    assert all(r["members_new"] > 0 for r in all_years)
    assert sum(r["break_even_reached"] + r["industrialised_projects"] for r in all_years) > 0
    assert sum(r["stage_progressions"] for r in all_years) > 0


def test_the_demo_dashboard_shows_every_part(client, demo):
    from citymade.web.accounts.models import User

    client.force_login(User.objects.get(username="advisor"))
    page = client.get(reverse("portfolio:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for chart in ("chart-funnel", "chart-models", "chart-municipalities", "chart-support"):
        assert f'id="{chart}"' in page
    assert 'class="pf-attention"' in page and "<tbody>" in page.split('class="pf-attention"')[1]


def test_editing_a_partners_end_date_changes_the_counts_of_the_years_after_it(client, world):
    import datetime as dt

    from citymade.web.portfolio import services
    from citymade.web.portfolio.data import review_for
    from citymade.web.portfolio.models import Partner

    partner = Partner.objects.create(name="Agence de l'innovation", organisation_type="public", joined_on=dt.date(2022, 3, 1))
    member = Company.objects.create(name="Atelier Membre", slug="atelier-membre")
    services.change_status(member, to="member", date=dt.date(2021, 5, 1), actor=None)
    counts = ("members_total", "partners_total", "members_and_partners", "share_companies")
    assert [review_for(2024).figures[k] for k in counts] == [1, 1, 2, 0.5]
    client.force_login(world.users[Role.ADVISOR])
    response = client.post(
        reverse("portfolio:partner_edit", kwargs={"pk": partner.pk}),
        {"name": partner.name, "organisation_type": "public", "joined_on": "2022-03-01", "left_on": "2023-06-30", "website": ""},
    )
    assert response.status_code == 302
    assert review_for(2023).figures["partners_total"] == 0, "counted at the end of the year: it had left"
    assert review_for(2024).figures["partners_total"] == 0, "a partner that left in 2023 no longer counts in 2024"
    assert review_for(2022).figures["partners_total"] == 1, "the years before keep it"
    # the member and partner counts of the years after it: members + partners, and the share of companies
    assert [review_for(2024).figures[k] for k in counts] == [1, 0, 1, 1.0]
    assert [review_for(2022).figures[k] for k in counts] == [1, 1, 2, 0.5]
    from citymade.web.core.models import AuditEntry

    entry = AuditEntry.objects.get(action="partner.changed")
    assert entry.before["left_on"] is None and entry.after["left_on"] == "2023-06-30"
    # an end before the start is refused, in the user's language, and nothing changes
    client.cookies["citymade_language"] = "fr"
    response = client.post(
        reverse("portfolio:partner_edit", kwargs={"pk": partner.pk}),
        {"name": partner.name, "organisation_type": "public", "joined_on": "2022-03-01", "left_on": "2021-01-01", "website": ""},
    )
    assert response.status_code == 200 and "La fin du partenariat précède son début." in response.content.decode()
    partner.refresh_from_db()
    assert partner.left_on == dt.date(2023, 6, 30)
