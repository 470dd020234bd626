"""The company list: the columns advisors sort by, accent-free search, pages, a constant query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.diagnostics.models import Diagnostic
from citymade.web.portfolio import services as portfolio
from citymade.web.portfolio.models import Contact

TODAY = dt.date.today()


def _diagnose(company, *, days_ago, stage, possible=None, scores=None, assessor=None):
    maturity = {"stage": stage}
    if possible is not None:
        maturity["stage_possible"] = possible
    diagnostic = Diagnostic.objects.create(
        company=company,
        framework_version="test",
        state="validated",
        assessor=assessor,
        assessed_on=TODAY - dt.timedelta(days=days_ago),
        result={
            "maturity": maturity,
            "circular_models": [],
            "red_flags": [],
            "dimensions": [{"id": k, "value": v} for k, v in (scores or {}).items()],
        },
        answers={"company": {}, "products": [], "site": {}},
    )
    # opened on the day it was assessed (opening one counts as a contact)
    Diagnostic.objects.filter(pk=diagnostic.pk).update(
        created_at=dt.datetime.combine(diagnostic.assessed_on, dt.time(12), tzinfo=dt.UTC)
    )
    return diagnostic


@pytest.fixture
def portfolio_world(world):
    advisor = world.users[Role.ADVISOR]
    advisor.first_name, advisor.last_name = "Marie", "Dupont"
    advisor.save()
    admin = world.users[Role.ADMIN]
    admin.first_name, admin.last_name = "Albert", "Zeeman"
    admin.save()
    reemploi = Company.objects.create(name="Atelier Réemploi", slug="reemploi", municipality="Saint-Gilles")
    ecole = Company.objects.create(name="École du Bois", slug="ecole", municipality="Schaerbeek")
    # world.own "Atelier Own", world.other "Other Works": nothing recorded for them
    _diagnose(reemploi, days_ago=40, stage=2, possible=4, scores={"manufacture": 82, "local_value": 40}, assessor=advisor)
    _diagnose(ecole, days_ago=10, stage=3)
    portfolio.record_support_action(reemploi, actor=admin, type="advice", date=TODAY - dt.timedelta(days=5), advisor=admin)
    Contact.objects.create(company=ecole, date=TODAY - dt.timedelta(days=2), by=advisor)
    world.reemploi, world.ecole = reemploi, ecole
    return world


def _names(response):
    return [row.company.name for row in response.context["rows"]]


def _get(client, user, **query):
    client.force_login(user)
    client.cookies["citymade_language"] = "en"
    return client.get(reverse("companies:list"), query)


def test_the_list_shows_stage_range_diagnostic_advisor_and_last_contact(client, portfolio_world):
    response = _get(client, portfolio_world.users[Role.ADVISOR])
    html = response.content.decode()
    row = html.split("Atelier Réemploi")[1].split("</tr>")[0]
    # the stage range worded as on the results page
    assert "at least 2 · " in row and "could be up to 4 · " in row
    assert "Albert Zeeman" in row  # the support action (5 days ago) is later than the diagnostic
    with translation.override("en"):
        assert date_format(TODAY - dt.timedelta(days=5), "SHORT_DATE_FORMAT") in row
    assert 'class="grade grade-A"' in row and 'class="grade grade-D"' in row
    ecole = html.split("École du Bois")[1].split("</tr>")[0]
    assert "3 · " in ecole and "at least" not in ecole and "Marie Dupont" in ecole
    other = html.split("Other Works")[1].split("</tr>")[0]
    assert "no diagnostic yet" in other and "never" in other


def test_the_list_speaks_french_dates(client, portfolio_world):
    client.force_login(portfolio_world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "fr"
    html = client.get(reverse("companies:list")).content.decode()
    assert "au moins 2" in html and "Dernier contact" in html and "jamais" in html
    with translation.override("fr"):
        assert date_format(TODAY - dt.timedelta(days=2), "SHORT_DATE_FORMAT") in html
        assert date_format(TODAY - dt.timedelta(days=2), "SHORT_DATE_FORMAT").count("/") == 2  # 30/11/2026


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Atelier Own", "Atelier Réemploi", "École du Bois", "Other Works"]),
        ("-name", ["Other Works", "École du Bois", "Atelier Réemploi", "Atelier Own"]),
        ("stage", ["Atelier Réemploi", "École du Bois", "Atelier Own", "Other Works"]),
        ("-stage", ["École du Bois", "Atelier Réemploi", "Atelier Own", "Other Works"]),
        ("diagnostic", ["Atelier Réemploi", "École du Bois", "Atelier Own", "Other Works"]),
        ("-diagnostic", ["École du Bois", "Atelier Réemploi", "Atelier Own", "Other Works"]),
        ("advisor", ["Atelier Réemploi", "École du Bois", "Atelier Own", "Other Works"]),
        ("-advisor", ["École du Bois", "Atelier Réemploi", "Atelier Own", "Other Works"]),
        ("contact", ["Atelier Réemploi", "École du Bois", "Atelier Own", "Other Works"]),
        ("-contact", ["École du Bois", "Atelier Réemploi", "Atelier Own", "Other Works"]),
        ("municipality", ["Atelier Own", "Other Works", "Atelier Réemploi", "École du Bois"]),
        ("nonsense", ["Atelier Own", "Atelier Réemploi", "École du Bois", "Other Works"]),
    ],
)
def test_each_column_sorts_both_ways_and_empty_values_come_last(client, portfolio_world, sort, expected):
    assert _names(_get(client, portfolio_world.users[Role.ADVISOR], sort=sort)) == expected


def test_sort_links_say_their_order_and_keep_the_search(client, portfolio_world):
    response = _get(client, portfolio_world.users[Role.ADVISOR], q="atelier", sort="-contact")
    html = response.content.decode()
    header = html.split("<thead>")[1].split("</thead>")[0]
    assert header.count("aria-sort=") == 1
    assert 'aria-sort="descending"' in header.split("Last contact")[0].rsplit("<th", 1)[1]
    columns = {c["key"]: c for c in response.context["columns"]}
    assert columns["contact"]["href"] == "?q=atelier&sort=contact"  # a second click turns it around
    assert columns["stage"]["href"] == "?q=atelier&sort=stage"
    assert 'name="sort" value="-contact"' in html  # the search form keeps the sort


@pytest.mark.parametrize("typed", ["reemploi", "RÉEMPLOI", "Réemploi", "reemplo", "saint gilles", "SAINT-GILLES"])
def test_search_ignores_accents_and_case(client, portfolio_world, typed):
    found = _names(_get(client, portfolio_world.users[Role.ADVISOR], q=typed))
    assert found == ["Atelier Réemploi"], typed


def test_search_finds_accented_names_typed_without_accents(client, portfolio_world):
    assert _names(_get(client, portfolio_world.users[Role.ADVISOR], q="ecole")) == ["École du Bois"]
    assert _names(_get(client, portfolio_world.users[Role.ADVISOR], q="éCOLE du")) == ["École du Bois"]


def test_a_renamed_company_is_found_under_its_new_name(client, portfolio_world):
    from citymade.web.companies import services

    services.update_company(portfolio_world.other, actor=portfolio_world.users[Role.ADVISOR], data={"name": "Forgé Ça"})
    assert _names(_get(client, portfolio_world.users[Role.ADVISOR], q="forge ca")) == ["Forgé Ça"]
    assert _names(_get(client, portfolio_world.users[Role.ADVISOR], q="other works")) == []


def test_pages_have_bounds_and_keep_sort_and_search(client, world, settings):
    Company.objects.bulk_create(
        [Company(name=f"Atelier {i:03d}", slug=f"atelier-{i:03d}", search_text=f"atelier {i:03d}\n") for i in range(120)]
    )
    advisor = world.users[Role.ADVISOR]
    first = _get(client, advisor, q="atelier", sort="-name")
    assert first.context["page"].paginator.num_pages == 3  # 120 and Atelier Own, 50 a page
    assert _names(first)[:2] == ["Atelier Own", "Atelier 119"]
    html = first.content.decode()
    assert "Page 1 of 3" in html and "121 companies" in html
    assert "?q=atelier&amp;sort=-name&amp;page=2" in html
    second = _get(client, advisor, q="atelier", sort="-name", page="2")
    assert _names(second)[0] == "Atelier 070"
    last = _get(client, advisor, q="atelier", sort="-name", page="999")
    assert last.context["page"].number == 3 and _names(last)[-1] == "Atelier 000"
    assert _get(client, advisor, page="abc").context["page"].number == 1
    assert _get(client, advisor, page="-4").context["page"].number == 3
    too_long = _get(client, advisor, q="x" * 101)  # refused with the reason, the list still shows
    assert too_long.status_code == 200 and "at most 100 characters" in too_long.content.decode()


@pytest.mark.parametrize("sort", ["name", "-products", "stage", "-contact", "advisor", "diagnostic"])
def test_a_page_costs_the_same_queries_for_10_or_60_companies(client, world, sort):
    advisor = world.users[Role.ADVISOR]

    def make(n, start):
        for i in range(start, start + n):
            # every other one has an assigned advisor, the rest show who was last in touch
            company = Company.objects.create(name=f"Company {i:03d}", slug=f"company-{i:03d}", advisor=advisor if i % 2 else None)
            _diagnose(company, days_ago=i % 30, stage=i % 5, possible=(i % 5) + 1, assessor=advisor)
            portfolio.record_support_action(company, actor=advisor, type="advice", date=TODAY, advisor=advisor)
            Contact.objects.create(company=company, date=TODAY, by=advisor)

    make(10, 0)
    client.force_login(advisor)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("companies:list"), {"sort": sort}).status_code == 200
    make(50, 10)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("companies:list"), {"sort": sort})
    assert len(response.context["rows"]) == 50
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
    assert len(large) <= 11  # 14 before the last contacts and the staff last in touch shared one read


def test_a_company_user_sees_its_own_company_without_the_advisors_columns(client, portfolio_world):
    response = _get(client, portfolio_world.users[Role.COMPANY], sort="contact")
    assert _names(response) == ["Atelier Own"]
    html = response.content.decode()
    assert "Last contact" not in html and "Advisor" not in html


def test_the_migration_fills_the_search_column_of_existing_companies(client, world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("citymade.web.companies.migrations.0003_company_search_text")
    Company.objects.filter(pk=world.own.pk).update(name="Ébénisterie Œuvre", municipality="Saint-Gilles", search_text="")
    migration.fill_search_text(apps, None)
    assert Company.objects.get(pk=world.own.pk).search_text == "ebenisterie oeuvre\nsaint gilles"
    assert _names(_get(client, world.users[Role.ADVISOR], q="ebenisterie oeuvre")) == ["Ébénisterie Œuvre"]
