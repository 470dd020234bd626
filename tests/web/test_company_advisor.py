"""The advisor assigned to a company: set by staff on the company form (audited), never by the
company; shown by full name on the company page, the company list and the "needs attention" rows,
and, while nobody is assigned, the member of staff last in touch said as such."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.core.models import AuditEntry
from citymade.web.portfolio.models import Contact
from citymade.web.portfolio.transfer import import_file
from tests.web.conftest import make_user

TODAY = dt.date.today()


@pytest.fixture
def staffed(world):
    names = {Role.ADMIN: ("Albert", "Zeeman"), Role.ADVISOR: ("Marie", "Dupont"), Role.COMPANY: ("Lucie", "Vandamme")}
    for role, (first, last) in names.items():
        user = world.users[role]
        user.first_name, user.last_name = first, last
        user.save()
    return world


def _edit_data(company, **fields):
    data = {"name": company.name, "slug": company.slug, "enterprise_number": company.enterprise_number,
            "membership": company.membership, "organisation_type": company.organisation_type}
    return {**data, **fields}


def _columns():
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, Company._meta.db_table)}


def test_the_migration_adds_the_advisor_column_and_takes_it_back(transactional_db):
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("companies", "0004_organisation_type_and_stopped")], [("companies", "0005_company_advisor")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    assert "advisor_id" not in _columns()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    assert "advisor_id" in _columns()


def test_staff_set_the_advisor_on_the_form_and_the_change_is_audited(client, staffed):
    advisor = staffed.users[Role.ADVISOR]
    client.force_login(staffed.users[Role.ADMIN])
    client.cookies["citymade_language"] = "en"
    url = reverse("companies:edit", args=[staffed.own.slug])
    form = client.get(url).content.decode()
    assert "Marie Dupont" in form and ">advisor1<" not in form  # offered by full name, not by login
    assert "Lucie Vandamme" not in form  # a company user is no advisor
    response = client.post(url, _edit_data(staffed.own, advisor=advisor.pk))
    assert response.status_code == 302
    staffed.own.refresh_from_db()
    assert staffed.own.advisor == advisor
    entry = AuditEntry.objects.get(action="company.changed")
    assert entry.before["advisor"] is None and entry.after["advisor"] == advisor.pk
    page = client.get(reverse("companies:detail", args=[staffed.own.slug])).content.decode()
    assert "Marie Dupont" in page.split('class="facts"')[1].split("</dl>")[0]
    assert "Changed: advisor" in page  # the company's history names the change in words


def test_only_active_staff_can_be_assigned(client, staffed):
    client.force_login(staffed.users[Role.ADVISOR])
    url = reverse("companies:edit", args=[staffed.own.slug])
    gone = make_user("gone1", Role.ADVISOR)
    gone.is_active = False
    gone.save()
    for who in (staffed.users[Role.COMPANY], staffed.users[Role.OBSERVER], gone):
        response = client.post(url, _edit_data(staffed.own, advisor=who.pk))
        assert response.status_code == 200 and "advisor" in response.context["form"].errors
    staffed.own.refresh_from_db()
    assert staffed.own.advisor is None


def test_a_company_user_neither_sees_nor_sets_the_advisor(client, staffed):
    client.force_login(staffed.users[Role.COMPANY])
    url = reverse("companies:edit", args=[staffed.own.slug])
    assert "advisor" not in client.get(url).context["form"].fields
    response = client.post(url, {"name": "Atelier Own", "municipality": "Forest", "advisor": staffed.users[Role.ADVISOR].pk})
    assert response.status_code == 302
    staffed.own.refresh_from_db()
    assert staffed.own.municipality == "Forest" and staffed.own.advisor is None


def _list_row(client, user, name, language="en", **query):
    client.force_login(user)
    client.cookies["citymade_language"] = language
    html = client.get(reverse("companies:list"), query).content.decode()
    return html.split(name)[1].split("</tr>")[0]


def test_the_list_shows_the_assigned_advisor_else_who_was_last_in_touch_said_as_such(client, staffed):
    advisor, admin = staffed.users[Role.ADVISOR], staffed.users[Role.ADMIN]
    Contact.objects.create(company=staffed.own, date=TODAY, by=admin)  # last in touch: Albert Zeeman
    Contact.objects.create(company=staffed.other, date=TODAY, by=admin)
    Company.objects.filter(pk=staffed.own.pk).update(advisor=advisor)
    own = _list_row(client, advisor, "Atelier Own")
    assert "Marie Dupont" in own and "Albert Zeeman" not in own and "last in touch" not in own
    other = _list_row(client, advisor, "Other Works")
    assert "none assigned (last in touch: Albert Zeeman)" in other
    assert "aucun désigné (dernier contact : Albert Zeeman)" in _list_row(client, advisor, "Other Works", "fr")
    assert "niemand toegewezen (laatste contact: Albert Zeeman)" in _list_row(client, advisor, "Other Works", "nl")
    lonely = Company.objects.create(name="Zinc Seul", slug="zinc-seul")
    assert "none assigned" in _list_row(client, advisor, lonely.name)


def test_the_sort_by_advisor_reads_the_name_shown(client, staffed):
    advisor, admin = staffed.users[Role.ADVISOR], staffed.users[Role.ADMIN]
    # Atelier Own: last in touch Albert Zeeman, but assigned to Marie Dupont; Other Works: Albert
    # Zeeman last in touch, nobody assigned; a third one with Marie Dupont assigned
    Contact.objects.create(company=staffed.own, date=TODAY, by=admin)
    Contact.objects.create(company=staffed.other, date=TODAY, by=admin)
    Company.objects.filter(pk=staffed.own.pk).update(advisor=advisor)
    Company.objects.create(name="Bois Brut", slug="bois-brut", advisor=advisor)
    client.force_login(advisor)
    rows = client.get(reverse("companies:list"), {"sort": "advisor"}).context["rows"]
    assert [r.company.name for r in rows] == ["Other Works", "Atelier Own", "Bois Brut"]
    rows = client.get(reverse("companies:list"), {"sort": "-advisor"}).context["rows"]
    assert [r.company.name for r in rows] == ["Atelier Own", "Bois Brut", "Other Works"]


def _attention(html, marker):
    return html.split(marker)[1].split("</section>")[0]


def test_needs_attention_rows_show_the_companys_advisor(client, staffed):
    advisor, admin = staffed.users[Role.ADVISOR], staffed.users[Role.ADMIN]
    Company.objects.filter(pk=staffed.own.pk).update(advisor=advisor)  # never diagnosed: needs attention
    Contact.objects.create(company=staffed.other, date=TODAY - dt.timedelta(days=400), by=admin)
    client.force_login(advisor)
    client.cookies["citymade_language"] = "en"
    home = _attention(client.get(reverse("core:home")).content.decode(), 'id="attention"')
    dashboard = _attention(client.get(reverse("portfolio:dashboard")).content.decode(), 'class="pf-attention"')
    for block in (home, dashboard):
        # both lack a diagnostic and a recent contact: listed by name
        own, other = block.split("Atelier Own", 1)[1].split("Other Works", 1)
        assert "Marie Dupont" in own and "last in touch" not in own
        assert "none assigned (last in touch: Albert Zeeman)" in other


def test_the_company_import_takes_an_advisor_by_user_name(staffed):
    advisor = staffed.users[Role.ADVISOR]
    bad = "name,advisor\nAtelier Neuf,advisor1\nVélo Vert,company1\n".encode()
    outcome = import_file("companies", "companies.csv", bad, actor=advisor, dry_run=False)
    assert {(p.line, p.column) for p in outcome.problems} == {(3, "advisor")}
    assert not Company.objects.filter(name="Atelier Neuf").exists()
    french = "Nom,Conseiller\nAtelier Neuf,advisor1\nVélo Vert,\n".encode()
    outcome = import_file("companies", "entreprises.csv", french, actor=advisor, dry_run=False)
    assert not outcome.problems
    assert Company.objects.get(name="Atelier Neuf").advisor == advisor
    assert Company.objects.get(name="Vélo Vert").advisor is None
