"""The annual review for the board (targets, distance, narrative, breakdowns, charts, PDF, XLSX),
editing working groups, events and invitations (audited before and after), the support actions
list's filters, and a plan item closed by a support action recorded through the form."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.core.models import AuditEntry
from citymade.web.portfolio import services
from citymade.web.portfolio.models import (
    Event,
    Participation,
    ReviewTarget,
    SupportAction,
    WorkingGroup,
)
from citymade.web.portfolio.reviewing import review_for


@pytest.fixture
def advisor(client, world):
    user = world.users[Role.ADVISOR]
    user.first_name, user.last_name = "Marie", "Dupont"
    user.save()
    client.force_login(user)
    client.cookies["citymade_language"] = "en"
    return user


def _members(year: int, count: int) -> list[Company]:
    companies = []
    for i in range(count):
        company = Company.objects.create(name=f"Member {i}", slug=f"member-{i}", municipality="Forest" if i % 2 else "Uccle")
        services.change_status(company, to="member", date=dt.date(year, 3, 1), actor=None)
        companies.append(company)
    return companies


def test_targets_and_narrative_are_set_on_the_page_audited_and_shown_with_the_distance(client, advisor):
    _members(2024, 3)
    edit = reverse("portfolio:review_edit", args=[2024])
    response = client.post(edit, {"target_members_total": "5", "target_participation_rate": "40", "narrative": "A good year.\n<script>alert(1)</script>"})
    assert response.status_code == 302
    assert {t.key: float(t.value) for t in ReviewTarget.objects.filter(year=2024)} == {"members_total": 5.0, "participation_rate": 0.4}
    page = client.get(reverse("portfolio:review_year", args=[2024])).content.decode()
    row = page.split('id="figure-members_total"')[1].split("</tr>")[0]
    assert ">5</td>" in row and "2 to go" in row
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert 'id="breakdown-municipality"' in page and "Forest" in page and 'id="chart-review-targets"' in page
    # the change is in the audit trail, before and after, in words
    entry = AuditEntry.objects.get(action="review.targets_changed")
    assert entry.before == {"year": 2024} and entry.after == {"year": 2024, "members_total": 5.0, "participation_rate": 0.4}
    client.post(edit, {"target_members_total": "6", "target_participation_rate": "", "narrative": "A good year."})
    admin = world_admin(client)
    audit = client.get(reverse("core:audit"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Members: 5 → 6" in audit and "Participation rate: 40.0 % → —" in audit, admin
    assert AuditEntry.objects.filter(action="review.narrative_changed").count() == 2
    # a target out of bounds and a narrative too long are refused, naming the field
    response = client.post(edit, {"target_participation_rate": "140", "narrative": "x" * 3001})
    assert response.status_code == 200
    text = response.content.decode()
    assert "100" in text and "3000" in text.replace(",", "").replace("\u202f", "").replace(".", "")


def world_admin(client):
    from citymade.web.accounts.models import User

    admin = User.objects.filter(role=Role.ADMIN).first()
    client.force_login(admin)
    return admin.username


@pytest.fixture
def demo(db, settings):
    from citymade.web.demo import load_demo

    settings.CITYMADE_DEVELOPMENT = True
    return load_demo()


def _pdf_text(content: bytes, path) -> tuple[int, str]:
    """The number of pages of a PDF and its text on one line (poppler's pdfinfo and pdftotext)."""
    import subprocess

    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return pages, " ".join(text.split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_every_demo_year_holds_previous_year_change_targets_and_distance_in_page_pdf_and_xlsx(client, demo, tmp_path):
    from django.utils import timezone

    from citymade.web.accounts.models import User
    from citymade.web.portfolio.demo import demo_years

    client.force_login(User.objects.get(username="advisor"))
    for year in demo_years(timezone.localdate()):
        figures, before = review_for(year).as_json(), review_for(year - 1).as_json()
        page = client.get(reverse("portfolio:review_year", args=[year]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        row = page.split('id="figure-members_total"')[1].split("</tr>")[0]
        gap = 20 - figures["members_total"]
        words = f"{gap} to go" if gap > 0 else ("target reached" if gap == 0 else f"target exceeded by {-gap}")
        assert f">{before['members_total']}</td>" in row and ">20</td>" in row and words in row, year
        for chart in ("review-targets", "review-support", "review-stage", "review-model", "review-municipality"):
            assert f'id="chart-{chart}"' in page
        pdf = client.get(reverse("portfolio:review_download", args=[year, "pdf"]), HTTP_ACCEPT_LANGUAGE="en")
        pages, text = _pdf_text(pdf.content, tmp_path / f"review-{year}.pdf")
        assert 2 <= pages <= 4, (year, pages)
        assert f"Annual review {year}" in text and "Distance to the target" in text and words in text
        assert f"Page 1 / {pages}" in text and "citymade" in text
        from django.utils import translation
        from django.utils.formats import date_format

        dutch = client.get(reverse("portfolio:review_download", args=[year, "pdf"]), HTTP_ACCEPT_LANGUAGE="nl")
        _pages, dutch_text = _pdf_text(dutch.content, tmp_path / f"jaarverslag-{year}.pdf")
        with translation.override("nl"):
            today = date_format(timezone.localdate(), "DATE_FORMAT")
        assert f"Jaarverslag {year}" in dutch_text and today in dutch_text and "Afstand tot het doel" in dutch_text
        xlsx = client.get(reverse("portfolio:review_download", args=[year, "xlsx"]), HTTP_ACCEPT_LANGUAGE="en")
        book = load_workbook(io.BytesIO(xlsx.content))
        sheet = book.worksheets[0]
        header = [c.value for c in sheet[1]]
        assert header[:6] == ["Figure", str(year), f"Previous year ({year - 1})", "Change", f"Target ({year})", "Distance to the target"]
        keys = {r[0]: r[2] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
        rows = {keys[r[0].value]: r for r in sheet.iter_rows(min_row=2)}
        members = rows["members_total"]
        assert members[2].value == before["members_total"] and members[4].value == 20 and members[5].value == gap
        rate = rows["participation_rate"]
        assert rate[4].value == 0.6 and rate[4].number_format == "0.0%" and rate[1].number_format == "0.0%"
        assert sheet.freeze_panes == "A2" and sheet.column_dimensions["A"].width >= 30
        assert book.worksheets[1].title == "Definitions"


def test_only_years_with_data_are_offered(client, advisor):
    from django.utils import timezone

    _members(timezone.localdate().year - 1, 1)
    page = client.get(reverse("portfolio:review")).content.decode()
    select = page.split('name="year"')[1].split("</select>")[0]
    assert f"<option>{timezone.localdate().year - 2}</option>" not in select
    assert str(timezone.localdate().year - 1) in select


def test_a_working_group_and_an_event_are_changed_with_before_and_after(client, advisor):
    a, b, c = _members(2024, 3)
    group = WorkingGroup.objects.create(name="Textile", slug="textile")
    group.members.set([a, b])
    response = client.post(reverse("portfolio:group_edit", args=[group.pk]), {"name": "Textile et mode", "slug": "textile", "sector": "", "members": [b.pk, c.pk]})
    assert response.status_code == 302
    assert set(group.members.all()) == {b, c}
    entry = AuditEntry.objects.get(action="working_group.changed")
    assert entry.before["members"] == ["Member 0", "Member 1"] and entry.after["members"] == ["Member 1", "Member 2"]
    event = Event.objects.create(title="Meeting", kind="meeting", date=dt.date(2024, 5, 4), working_group=group)
    response = client.post(reverse("portfolio:event_edit", args=[event.pk]), {"title": "Meeting", "kind": "meeting", "date": "2024-05-06", "working_group": group.pk})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.date == dt.date(2024, 5, 6)
    world_admin(client)
    audit = client.get(reverse("core:audit"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Date: 2024-05-04 → 2024-05-06" in audit
    client.force_login(advisor)
    client.post(reverse("portfolio:attendance", args=[event.pk]), {f"invited_{b.pk}": "on", f"attended_{b.pk}": "on"})
    world_admin(client)
    audit = client.get(reverse("core:audit"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Invited: — → Member 1" in audit and "Attended: — → Member 1" in audit
    assert "Participants: Member 0, Member 1 → Member 1, Member 2" in audit and "Name: Textile → Textile et mode" in audit


def test_attendance_fills_in_one_click_and_an_invitation_can_be_removed(client, advisor):
    a, b, c = _members(2024, 3)
    group = WorkingGroup.objects.create(name="Textile", slug="textile")
    group.members.set([a, b])
    event = Event.objects.create(title="Meeting", kind="meeting", date=dt.date(2024, 5, 4), working_group=group)
    url = reverse("portfolio:attendance", args=[event.pk])
    filled = client.get(url + "?fill=group").content.decode()
    assert f'name="invited_{a.pk}" aria-label="Member 0: invited" id="id_invited_{a.pk}" checked' in filled
    assert f'name="invited_{c.pk}" aria-label="Member 2: invited" id="id_invited_{c.pk}">' in filled
    assert not event.participations.exists(), "a fill saves nothing"
    client.post(url, {f"invited_{a.pk}": "on", f"invited_{b.pk}": "on"})
    client.post(url, {f"invited_{a.pk}": "on", f"attended_{a.pk}": "on", f"invited_{b.pk}": "on"})
    entry = AuditEntry.objects.filter(action="event.attendance_recorded").latest("pk")
    assert entry.before["attended"] == [] and entry.after["attended"] == ["Member 0"]
    assert entry.before["invited"] == entry.after["invited"] == ["Member 0", "Member 1"]
    everyone = client.get(url + "?fill=attended").content.decode()
    assert f'name="attended_{a.pk}" aria-label="Member 0: attended" id="id_attended_{a.pk}" checked' in everyone
    assert f'name="attended_{c.pk}" aria-label="Member 2: attended" id="id_attended_{c.pk}">' in everyone
    invitation = Participation.objects.get(event=event, company=b)
    assert client.get(reverse("portfolio:invitation_remove", args=[event.pk, invitation.pk])).status_code == 405
    response = client.post(reverse("portfolio:invitation_remove", args=[event.pk, invitation.pk]))
    assert response.status_code == 302 and not Participation.objects.filter(pk=invitation.pk).exists()
    entry = AuditEntry.objects.get(action="event.invitation_removed")
    assert entry.before["organisation"] == "Member 1" and entry.company == b
    # partners are invited and marked the same way, and count in the year's participation
    from citymade.web.portfolio.models import Partner

    partner = Partner.objects.create(name="Agence", organisation_type="public", joined_on=dt.date(2020, 1, 1))
    client.post(url, {f"invited_{a.pk}": "on", f"partner_invited_{partner.pk}": "on"})
    assert Participation.objects.get(event=event, partner=partner).attended is False
    everyone = client.get(url + "?fill=attended").content.decode()
    assert f'name="partner_attended_{partner.pk}" aria-label="Agence: attended" id="id_partner_attended_{partner.pk}" checked' in everyone
    assert review_for(2024).figures["participation_rate"] == 0.0
    other = Event.objects.create(title="Other", kind="visit", date=dt.date(2024, 6, 1))
    kept = Participation.objects.get(event=event, company=a)
    assert client.post(reverse("portfolio:invitation_remove", args=[other.pk, kept.pk])).status_code == 404


def test_support_actions_are_filtered_by_company_advisor_type_and_period_kept_in_the_url(client, advisor, world):
    a, b = _members(2024, 2)
    services.record_support_action(a, actor=advisor, type="advice", date=dt.date(2024, 2, 1))
    services.record_support_action(a, actor=advisor, type="rd_subsidy", date=dt.date(2024, 8, 1))
    services.record_support_action(b, actor=world.users[Role.ADMIN], type="advice", date=dt.date(2023, 8, 1))
    url = reverse("portfolio:support_list")
    page = client.get(url, {"company": a.slug, "type": "advice"}).content.decode()
    assert "1 support action" in page and "Member 0" in page.split("<tbody>")[1]
    page = client.get(url, {"advisor": advisor.username}).content.decode()
    assert "2 support actions" in page and "Marie Dupont" in page
    page = client.get(url, {"start": "2024-01-01", "end": "2024-06-30"}).content.decode()
    assert "1 support action" in page
    page = client.get(url, {"start": "2024-07-01", "end": "2024-01-01"}).content.decode()
    assert "The end of the period comes before its start." in page
    assert client.get(url, {"company": "no-such-company"}).status_code == 200
    for n in range(55):
        SupportAction.objects.create(company=b, type="advice", date=dt.date(2022, 1, 1) + dt.timedelta(days=n))
    page = client.get(url, {"company": b.slug}).content.decode()
    assert f"?company={b.slug}&amp;page=2" in page


def test_a_support_action_recorded_through_the_form_closes_its_plan_item_on_the_company_page(client, advisor):
    from citymade.web.diagnostics.models import Diagnostic

    company = Company.objects.create(name="Atelier Planned", slug="atelier-planned", membership="member")
    diagnostic = Diagnostic.objects.create(
        company=company, framework_version="test", state="validated", assessed_on=dt.date.today(),
        result={"recommendations": [
            {"id": "r_energy", "title": {"fr": "Réduire l'énergie", "nl": "Energie verminderen", "en": "Cut energy use"}},
            {"id": "r_team", "title": {"fr": "Compléter l'équipe", "nl": "Het team aanvullen", "en": "Complete the team"}},
            {"id": "r_sell", "title": {"fr": "Vendre", "nl": "Verkopen", "en": "Sell more"}},
        ]},
        answers={"company": {}, "products": [], "site": {}},
    )
    create = reverse("portfolio:support_create", kwargs={"slug": company.slug})
    form = client.get(create).content.decode()
    assert f'<option value="{advisor.pk}" selected>Marie Dupont</option>' in form, "the person recording is preselected"
    response = client.post(create, {"date": "2024-01-10", "type": "advice", "advisor": advisor.pk, "minutes": "30", "outcome": "",
                                    "recommendation": f"{diagnostic.pk}:r_team"})
    assert response.status_code == 302
    page = client.get(reverse("companies:detail", kwargs={"slug": company.slug})).content.decode()
    assert "1 of 3 done." in page
    row = page.split("Complete the team")[1].split("</tr>")[0]
    assert "Done" in row and "10/01/2024" in row or "1/10/24" in row or "01/10/2024" in row
    assert "Open" in page.split("Sell more")[1].split("</tr>")[0]


def test_the_next_diagnostic_shows_what_became_of_the_previous_plan(client, advisor):
    from citymade.web.diagnostics.models import Diagnostic

    company = Company.objects.create(name="Atelier Suivi", slug="atelier-suivi", membership="member")
    recommendations = [
        {"id": "r_energy", "title": {"fr": "Réduire l'énergie", "nl": "Energie verminderen", "en": "Cut energy use"}},
        {"id": "r_team", "title": {"fr": "Compléter l'équipe", "nl": "Het team aanvullen", "en": "Complete the team"}},
    ]
    first = Diagnostic.objects.create(
        company=company, framework_version="test", state="validated", assessed_on=dt.date(2024, 2, 1), version=1,
        result={"recommendations": recommendations}, answers={"company": {}, "products": [], "site": {}},
    )
    services.record_support_action(company, actor=advisor, type="advice", date=dt.date(2024, 4, 1), diagnostic_id=first.pk, recommendation="r_team")
    second = Diagnostic.objects.create(
        company=company, framework_version="test", state="validated", assessed_on=dt.date(2025, 2, 1), version=2,
        result={"recommendations": []}, answers={"company": {}, "products": [], "site": {}},
    )
    page = client.get(reverse("diagnostics:detail", args=[second.pk])).content.decode()
    section = page.split('id="earlier-plan"')[1].split("</section>")[0]
    assert "The action plan of the diagnostic of" in section and "1 of 2 done." in section
    assert "Done" in section.split("Complete the team")[1].split("</tr>")[0]
    assert "Open" in section.split("Cut energy use")[1].split("</tr>")[0]
    assert 'id="earlier-plan"' not in client.get(reverse("diagnostics:detail", args=[first.pk])).content.decode()


def test_a_target_is_typed_with_the_languages_decimal_comma(client, advisor):
    client.cookies["citymade_language"] = "fr"
    edit = reverse("portfolio:review_edit", args=[2024])
    assert client.post(edit, {"target_participation_rate": "62,5", "target_jobs_fte": "120,5", "narrative": ""}).status_code == 302
    assert {t.key: float(t.value) for t in ReviewTarget.objects.filter(year=2024)} == {"participation_rate": 0.625, "jobs_fte": 120.5}
    form = client.get(edit).content.decode()
    assert 'value="62,5"' in form and 'value="120,5"' in form
