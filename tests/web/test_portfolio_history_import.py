"""Loading the past: imports of dated status changes, jobs, partners, working groups, events and
attendance (all or nothing, dry run, line and column in the user's language, headers in fr/nl/en,
templates that re-import), and the company import that dates history instead of the import day."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from citymade.i18n import use_language
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.core.models import AuditEntry
from citymade.web.portfolio.data import review_for
from citymade.web.portfolio.loading import IMPORTS
from citymade.web.portfolio.models import (
    Event,
    JobsFigure,
    Participation,
    Partner,
    StatusChange,
    SupportAction,
    WorkingGroup,
)

TODAY = dt.date.today()
LAST = TODAY.year - 1


def _run(kind, text, actor, *, dry_run=False, name="f.csv", **kw):
    return IMPORTS[kind](name, text.encode() if isinstance(text, str) else text, actor=actor, dry_run=dry_run, **kw)


def _counts():
    return (StatusChange.objects.count(), JobsFigure.objects.count(), Partner.objects.count(), WorkingGroup.objects.count(),
            Event.objects.count(), Participation.objects.count(), AuditEntry.objects.count())


def test_each_history_import_writes_its_records(world):
    advisor = world.users[Role.ADVISOR]
    own, other = world.own, world.other
    outcome = _run("status_changes", f"company,status,date,note\n{own.slug},candidate,{LAST - 2}-02-01,\n{own.slug},member,{LAST - 1}-03-01,AG\n", advisor)
    assert outcome.ok and outcome.created == 2, outcome.problems
    own.refresh_from_db()
    assert own.membership == "member"
    history = list(own.status_changes.exclude(from_status="").order_by("date", "pk").values_list("to_status", "date"))
    assert history == [("candidate", dt.date(LAST - 2, 2, 1)), ("member", dt.date(LAST - 1, 3, 1))]
    outcome = _run("jobs", f"company,year,fte\n{own.slug},{LAST - 1},4\n{other.enterprise_number or other.slug},{LAST},\"2,5\"\n", advisor)
    assert outcome.ok, outcome.problems
    assert JobsFigure.objects.get(company=own).date == dt.date(LAST - 1, 12, 31)
    assert float(JobsFigure.objects.get(company=other).fte) == 2.5
    outcome = _run("partners", f"name,organisation_type,joined_on,left_on\nHub Brussels,Institution publique,{LAST - 2}-01-01,{LAST}-06-30\nInnoviris,,{LAST}-01-01,\n", advisor)
    assert outcome.ok, outcome.problems
    hub = Partner.objects.get(name="Hub Brussels")
    assert (hub.organisation_type, hub.left_on) == ("public", dt.date(LAST, 6, 30))
    outcome = _run("working_groups", f"group,sector,company\nTextile,textile,{own.slug}\nTextile,,{other.slug}\nWood,,\n", advisor)
    assert outcome.ok and outcome.created == 2, outcome.problems
    assert set(WorkingGroup.objects.get(name="Textile").members.all()) == {own, other}
    outcome = _run("events", f"title,kind,date,working_group\nTextile meeting,Réunion de groupe de travail,{LAST}-04-02,Textile\nOpen day,open_day,{LAST}-05-01,\n", advisor)
    assert outcome.ok, outcome.problems
    assert Event.objects.get(title="Textile meeting").working_group.name == "Textile"
    # Attendance: a former member and a partner too.
    own.membership = "alumni"
    own.save()
    outcome = _run("attendance", f"event,date,organisation,attended\nTextile meeting,{LAST}-04-02,{own.slug},oui\n"
                   f"Textile meeting,{LAST}-04-02,Hub Brussels,nee\nOpen day,{LAST}-05-01,{other.name},yes\n", advisor)
    assert outcome.ok, outcome.problems
    meeting = Event.objects.get(title="Textile meeting")
    assert {(p.company_id, p.partner_id, p.attended) for p in meeting.participations.all()} == {(own.pk, None, True), (None, hub.pk, False)}
    assert AuditEntry.objects.filter(action="event.attendance_recorded").count() == 2


def test_a_dry_run_writes_nothing(world):
    advisor = world.users[Role.ADVISOR]
    before = _counts()
    for kind, text in [
        ("status_changes", f"company,status,date\n{world.own.slug},member,{LAST}-01-01\n"),
        ("jobs", f"company,date,fte\n{world.own.slug},{LAST}-01-01,3\n"),
        ("partners", f"name,joined_on\nHub,{LAST}-01-01\n"),
        ("working_groups", f"group,company\nTextile,{world.own.slug}\n"),
        ("events", f"title,kind,date\nVisit,visit,{LAST}-01-01\n"),
    ]:
        outcome = _run(kind, text, advisor, dry_run=True)
        assert outcome.ok and outcome.rows == 1 and outcome.created == 0, (kind, outcome.problems)
    assert _counts() == before


def test_an_error_names_its_line_and_column_in_the_users_language_and_nothing_is_written(world):
    advisor = world.users[Role.ADVISOR]
    before = _counts()
    text = f"Entreprise;Statut de membre;Date\n{world.own.slug};membre;01/02/{LAST}\n{world.other.slug};fondateur;01/02/{LAST}\n"
    with use_language("fr"):
        outcome = _run("status_changes", text, advisor)
        messages = [str(p) for p in outcome.problems]
    assert [(p.line, p.column) for p in outcome.problems] == [(3, "statut de membre")]
    assert messages[0].startswith("ligne 3, colonne « statut de membre » : « fondateur » n'est pas un statut")
    assert _counts() == before
    # An event that does not exist, in Dutch.
    with use_language("nl"):
        outcome = _run("attendance", f"Activiteit,Datum activiteit,Organisatie,Aanwezig\nNiets,{LAST}-01-01,{world.own.slug},misschien\n", advisor)
        messages = [str(p) for p in outcome.problems]
    assert {(p.line, p.column) for p in outcome.problems} == {(2, "activiteit"), (2, "aanwezig")}
    assert any(m.startswith("regel 2, kolom „aanwezig”") for m in messages)
    assert _counts() == before


def test_headers_in_each_language_and_code_ids(world):
    advisor = world.users[Role.ADVISOR]
    files = {
        "fr": "Nom;Numéro d'entreprise;Statut de membre;Statut depuis;Emplois (ETP);Date des emplois\nAtelier FR;0417.497.106;membre;01/01/2023;3;31/12/2023\n",
        "nl": "Naam,Lidmaatschapsstatus,Status sinds\nAtelier NL,Kandidaat-lid,2023-01-01\n",
        "en": "Name,Membership status,Status since\nAtelier EN,member,2023-01-01\n",
        "ids": "name,membership,membership_since\nAtelier IDS,alumni,2023-01-01\n",
    }
    for language, text in files.items():
        outcome = _run("companies", text, advisor)
        assert outcome.ok, (language, outcome.problems)
    assert Company.objects.get(name="Atelier FR").membership == "member"
    assert Company.objects.get(name="Atelier NL").membership == "candidate"
    assert JobsFigure.objects.get(company__name="Atelier FR").date == dt.date(2023, 12, 31)
    for text in (f"Entreprise,Date,Type d'accompagnement\n{world.own.slug},2024-01-02,Conseil simple\n",
                 f"Bedrijf,Datum,Soort begeleiding\n{world.own.slug},2024-01-03,advice\n",
                 f"company,date,type,minutes\n{world.own.slug},2024-01-04,advice,30\n"):
        assert _run("support_actions", text, advisor).ok
    assert SupportAction.objects.filter(company=world.own).count() == 3


def test_the_company_import_dates_members_so_last_years_review_counts_them(world):
    advisor = world.users[Role.ADVISOR]
    before = review_for(LAST).figures["members_total"]
    text = "name,membership,membership_since,fte,fte_date\n" + "".join(
        f"Member {i},member,{LAST - 2}-0{i + 1}-01,{i + 1},{LAST}-12-31\n" for i in range(3))
    outcome = _run("companies", text, advisor)
    assert outcome.ok, outcome.problems
    review = review_for(LAST).figures
    assert review["members_total"] == before + 3
    assert review_for(LAST - 1).figures["members_total"] == before + 3  # members since two years ago
    assert review["jobs_fte"] >= 6
    # Without a date the import refuses, unless told to date it today.
    text = "name,membership,fte\nLate,member,2\n"
    with use_language("en"):
        outcome = _run("companies", text, advisor)
    assert {(p.line, p.column) for p in outcome.problems} == {(2, "Status since"), (2, "Jobs date")}
    assert not Company.objects.filter(name="Late").exists()
    assert _run("companies", text, advisor, date_on_import_day=True).ok
    assert StatusChange.objects.get(company__name="Late").date == TODAY


def _filled(content: bytes, fmt: str, rows):
    if fmt == "csv":
        return content + "".join(",".join(r) + "\n" for r in rows).encode()
    book = load_workbook(io.BytesIO(content))
    for row in rows:
        book.worksheets[0].append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_templates_in_the_users_language_reimport_cleanly(client, world):
    client.force_login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "nl"
    page = client.get(reverse("portfolio:import")).content.decode()
    assert reverse("portfolio:import_template", args=["attendance", "xlsx"]) in page
    Event.objects.create(title="Open dag", kind="open_day", date=dt.date(LAST, 5, 1))
    rows = {"status_changes": [(world.own.slug, "lid", f"{LAST}-01-01", "")],
            "events": [("Bezoek", "Bedrijfsbezoek", f"{LAST}-02-01", "")],
            "attendance": [("Open dag", f"{LAST}-05-01", world.own.slug, "", "ja")]}
    for kind, data in rows.items():
        for fmt in ("csv", "xlsx"):
            response = client.get(reverse("portfolio:import_template", args=[kind, fmt]))
            assert response.status_code == 200
            content = b"".join(response.streaming_content) if response.streaming else response.content
            if fmt == "csv":
                header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
                assert header[0] in ("Bedrijf", "Activiteit", "Titel"), header
            outcome = IMPORTS[kind](f"t.{fmt}", _filled(content, fmt, data), actor=world.users[Role.ADVISOR], dry_run=True)
            assert outcome.ok and outcome.rows == 1, (kind, fmt, outcome.problems)
