"""The Region pages: figures for observers, empty state, downloads, prospects added in one click."""

from __future__ import annotations

import pytest
from django.urls import reverse

from citymade.register.importer import import_extract
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from tests.register.kbo_factory import SMALL, write_full


@pytest.fixture
def register_store(tmp_path, settings):
    folder = write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL)
    path = tmp_path / "register.duckdb"
    import_extract(folder, store_path=path)
    settings.CITYMADE_REGISTER_STORE = str(path)
    return path


@pytest.mark.django_db
def test_empty_state_explains_the_import(client, world, settings, tmp_path):
    settings.CITYMADE_REGISTER_STORE = str(tmp_path / "missing.duckdb")
    client.force_login(world.users[Role.OBSERVER])
    response = client.get(reverse("region:figures"))
    assert response.status_code == 200
    assert "citymade register import" in response.content.decode()


@pytest.mark.django_db
def test_observer_sees_figures_with_chart_and_definition(client, world, register_store):
    client.force_login(world.users[Role.OBSERVER])
    response = client.get(reverse("region:figures"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<table" in html
    assert "Industries alimentaires" in html
    assert "production v1" in html
    assert "La production dans la Région" in html  # the page speaks the reader's language (fr default)
    assert response.context["figures"]["enterprises"]["production"] == 4


@pytest.mark.django_db
def test_downloads(client, world, register_store):
    client.force_login(world.users[Role.OBSERVER])
    response = client.get(reverse("region:download", args=["by_municipality", "csv"]))
    assert response.status_code == 200
    assert "Bruxelles" in response.content.decode()
    response = client.get(reverse("region:download", args=["by_nace_division", "xlsx"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    response = client.get(reverse("region:download", args=["figures", "json"]))
    assert response.json()["extract_number"] == 140
    assert client.get(reverse("region:download", args=["nothing", "csv"])).status_code == 404


@pytest.mark.django_db
def test_advisor_adds_a_prospect_once(client, world, register_store):
    client.force_login(world.users[Role.ADVISOR])
    page = client.get(reverse("region:prospects"))
    assert "Fietsatelier" in page.content.decode()
    response = client.post(reverse("region:add_prospect"), {"enterprise_number": "0400.378.485"})
    company = Company.objects.get(enterprise_number="0400.378.485")
    assert response.status_code == 302 and company.slug in response["Location"]
    assert company.membership == "prospect"
    assert company.postal_code == "1070"
    assert "95.290" in company.nace_codes
    again = client.post(reverse("region:add_prospect"), {"enterprise_number": "0400378485"})
    assert again.status_code == 302
    assert Company.objects.filter(enterprise_number="0400.378.485").count() == 1


@pytest.mark.django_db
def test_wrong_number_is_a_message(client, world, register_store):
    client.force_login(world.users[Role.ADVISOR])
    response = client.post(reverse("region:add_prospect"), {"enterprise_number": "0400.378.486"}, follow=True)
    assert "check" in response.content.decode() or "contrôle" in response.content.decode() or "vérif" in response.content.decode()
    assert not Company.objects.filter(enterprise_number="0400.378.486").exists()


@pytest.mark.django_db
def test_observer_may_not_add_prospects(client, world, register_store):
    client.force_login(world.users[Role.OBSERVER])
    assert client.post(reverse("region:add_prospect"), {"enterprise_number": "0400.378.485"}).status_code == 403
    assert client.get(reverse("region:prospects")).status_code == 403
