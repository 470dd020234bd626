"""The prospect list on the web: grouped by enterprise, filtered, dismissed with a reason (kept
across register imports, undone), added to the portfolio with the seat address and distinct codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from citymade.register.importer import import_extract
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.core.models import AuditEntry
from citymade.web.region.models import DismissedProspect
from tests.register.kbo_factory import PROSPECTS, write_full

URL = "/region/prospects/"


@pytest.fixture
def register_store(tmp_path, settings):
    folder = write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", PROSPECTS)
    path = tmp_path / "register.duckdb"
    import_extract(folder, store_path=path)
    settings.CITYMADE_REGISTER_STORE = str(path)
    return path


@pytest.fixture
def advisor(client, world):
    client.force_login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "en"
    return client


def _numbers(response):
    return [p.enterprise_number for p in response.context["prospects"]]


def test_one_card_per_enterprise_with_its_establishments_and_labelled_codes(advisor, register_store):
    response = advisor.get(URL)
    html = response.content.decode()
    assert _numbers(response) == ["0202.239.951", "0400.378.485", "0410.555.567", "0410.666.623"]
    card = html.split('id="p-0410.555.567"')[1].split("</li>\n  \n  <li")[0]
    assert card.count("2.000.000.01") == 3 + 1  # three establishments, one name reason naming Fiets Hub's
    assert "Cordonnerie du Midi" in card and "Rue du Siège 5" in card
    assert card.count("95.230") == 2  # the reason and the code list, not once per establishment
    assert "Réparation et entretien de chaussures" in card  # NACE 2025 label (English falls back to French)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"model": "use_over_ownership"}, ["0410.666.623"]),
        ({"municipality": "1060"}, ["0410.555.567"]),
        ({"division": "95"}, ["0400.378.485", "0410.555.567"]),
        ({"division": "95", "municipality": "1070"}, ["0400.378.485"]),
    ],
)
def test_filters(advisor, register_store, query, expected):
    response = advisor.get(URL, query)
    assert _numbers(response) == expected
    html = response.content.decode()
    assert "format=csv" in html and all(f"{k}={v}" in html for k, v in query.items())  # the CSV keeps them


def test_a_wrong_filter_says_so_and_lists_nothing(advisor, register_store):
    response = advisor.get(URL, {"division": "1" * 300, "model": "<script>"})
    assert response.status_code == 200 and _numbers(response) == []
    assert "Select a valid choice" in response.content.decode()


def test_the_csv_follows_the_filters(advisor, register_store):
    body = advisor.get(URL, {"model": "use_over_ownership", "format": "csv"}).content.decode()
    lines = body.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("0410.666.623,")


def test_a_dismissed_prospect_stays_off_after_a_new_import_and_comes_back_on_undo(advisor, world, register_store, tmp_path):
    response = advisor.post(
        reverse("region:dismiss_prospect"),
        {"enterprise_number": "0410.555.567", "reason": "A shop, not a workshop", "next": URL + "?division=95"},
    )
    assert response.status_code == 302 and response["Location"] == URL + "?division=95"
    dismissal = DismissedProspect.objects.get()
    assert (dismissal.name, dismissal.reason, dismissal.dismissed_by) == (
        "Atelier Réemploi SRL", "A shop, not a workshop", world.users[Role.ADVISOR]
    )
    assert AuditEntry.objects.filter(action="prospect.dismissed").count() == 1
    assert "0410.555.567" not in _numbers(advisor.get(URL))
    # a newer Full extract replaces the store: the dismissal stays
    newer = write_full(tmp_path / "KboOpenData_0141_2025_11_01_Full", PROSPECTS, number=141, snapshot=dt.date(2025, 11, 1))
    import_extract(newer, store_path=register_store)
    assert "0410.555.567" not in _numbers(advisor.get(URL))
    dismissed = advisor.get(URL, {"show": "dismissed"}).content.decode()
    assert "Atelier Réemploi SRL" in dismissed and "A shop, not a workshop" in dismissed
    response = advisor.post(reverse("region:restore_prospect"), {"enterprise_number": "0410555567"})
    assert response.status_code == 302
    assert not DismissedProspect.objects.exists()
    assert AuditEntry.objects.filter(action="prospect.restored").count() == 1
    assert "0410.555.567" in _numbers(advisor.get(URL))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"enterprise_number": "0410.555.567", "reason": "   "}, "Say why"),
        ({"enterprise_number": "0410.555.567", "reason": "x" * 301}, "at most 300 characters"),
        ({"enterprise_number": "0410.555.567", "reason": "clo\x0bsed"}, "control characters"),
        ({"enterprise_number": "0410.555.568", "reason": "closed"}, "0410.555.568"),
    ],
)
def test_a_dismissal_without_a_fit_reason_or_number_is_refused_with_a_message(advisor, register_store, data, message):
    response = advisor.post(reverse("region:dismiss_prospect"), data, follow=True)
    assert message in response.content.decode()
    assert not DismissedProspect.objects.exists()


def test_add_to_portfolio_takes_the_seat_address_and_distinct_codes(advisor, register_store):
    response = advisor.post(reverse("region:add_prospect"), {"enterprise_number": "0410.555.567"})
    company = Company.objects.get(enterprise_number="0410.555.567")
    assert response.status_code == 302 and company.slug in response["Location"]
    assert (company.name, company.street, company.postal_code, company.municipality) == (
        "Atelier Réemploi SRL", "Rue du Siège 5", "1000", "Bruxelles"
    )
    assert company.nace_codes == ["95.230"]
    assert company.membership == "prospect"
    assert AuditEntry.objects.filter(action="company.created", company=company).exists()
    card = advisor.get(URL).content.decode().split('id="p-0410.555.567"')[1].split("</li>\n  \n  <li")[0]
    assert "is in the portfolio" in card and f'/companies/{company.slug}/' in card


def test_a_company_user_or_observer_may_not_dismiss(client, world, register_store):
    for role in (Role.COMPANY, Role.OBSERVER):
        client.force_login(world.users[role])
        assert client.post(reverse("region:dismiss_prospect"), {"enterprise_number": "0410.555.567", "reason": "x"}).status_code == 403
        assert client.post(reverse("region:restore_prospect"), {"enterprise_number": "0410.555.567"}).status_code == 403
    assert not DismissedProspect.objects.exists()
