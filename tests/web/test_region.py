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
def test_empty_state_speaks_plainly_to_observers(client, world, settings, tmp_path):
    """An observer learns what the page will show, who provides the data and that none is loaded:
    no command, no path of the server's files."""
    missing = tmp_path / "missing.duckdb"
    settings.CITYMADE_REGISTER_STORE = str(missing)
    client.force_login(world.users[Role.OBSERVER])
    client.cookies["citymade_language"] = "en"
    html = client.get(reverse("region:figures")).content.decode()
    assert "Crossroads Bank for Enterprises" in html and "FPS Economy" in html
    assert "no register data has been loaded yet" in html
    assert "citymade register import" not in html and str(missing) not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADMIN, Role.ADVISOR])
def test_empty_state_gives_the_command_to_staff(client, world, settings, tmp_path, role):
    settings.CITYMADE_REGISTER_STORE = str(tmp_path / "missing.duckdb")
    client.force_login(world.users[role])
    html = client.get(reverse("region:figures")).content.decode()
    assert "citymade register import" in html and "missing.duckdb" in html


@pytest.mark.django_db
def test_a_broken_store_is_an_empty_state_not_an_error(client, world, settings, tmp_path):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"not a database")
    settings.CITYMADE_REGISTER_STORE = str(broken)
    client.force_login(world.users[Role.OBSERVER])
    response = client.get(reverse("region:figures"))
    assert response.status_code == 200 and str(broken) not in response.content.decode()


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


def _municipality_names(html: str) -> list[str]:
    table = html.split('id="by_municipality"')[1].split("<tbody>")[1].split("</tbody>")[0]
    return [cell.split("</th>")[0] for cell in table.split('<th scope="row">')[1:]]


@pytest.mark.django_db
def test_every_chart_names_its_measure_and_the_switch_changes_it(client, world, register_store):
    client.force_login(world.users[Role.OBSERVER])
    client.cookies["citymade_language"] = "en"
    html = client.get(reverse("region:figures")).content.decode()
    assert "Production by municipality — production enterprises" in html
    assert "Production by NACE division — production enterprises" in html
    assert 'value="enterprises" checked' in html
    html = client.get(reverse("region:figures"), {"measure": "establishments"}).content.decode()
    assert "Production by municipality — production establishments" in html
    assert "Map of the 19 municipalities — production establishments" in html
    assert 'value="establishments" checked' in html
    # an unknown measure falls back to enterprises instead of failing
    assert client.get(reverse("region:figures"), {"measure": "x"}).status_code == 200


@pytest.mark.django_db
def test_municipalities_are_sorted_by_size(client, world, register_store):
    client.force_login(world.users[Role.OBSERVER])
    client.cookies["citymade_language"] = "en"
    names = _municipality_names(client.get(reverse("region:figures")).content.decode())
    # SMALL: Brussels counts A and E (2), Ixelles B and Anderlecht D (1 each), then the zeros by name
    assert names[:3] == ["City of Brussels", "Anderlecht", "Ixelles"]
    assert names[3:5] == ["Auderghem", "Berchem-Sainte-Agathe"]
    assert len(names) == 19


@pytest.mark.django_db
def test_the_map_names_every_municipality_and_its_source(client, world, register_store):
    client.force_login(world.users[Role.OBSERVER])
    html = client.get(reverse("region:figures")).content.decode()  # French
    svg = html.split('class="region-map-svg"')[1].split("</svg>")[0]
    assert svg.count('role="img" aria-label=') == 19
    assert 'aria-label="Bruxelles: 2"' in svg and 'aria-label="Uccle: 0"' in svg
    assert "Statbel" in html and "CC BY 4.0" in html


@pytest.mark.django_db
def test_dates_are_written_in_the_readers_language(client, world, register_store):
    client.force_login(world.users[Role.OBSERVER])
    assert "1 octobre 2025" in client.get(reverse("region:figures")).content.decode()
    client.cookies["citymade_language"] = "nl"
    html = client.get(reverse("region:figures")).content.decode()
    assert "1 oktober 2025" in html and "2025-10-01" not in html


@pytest.mark.django_db
def test_change_since_the_previous_extract(client, world, tmp_path, settings):
    import datetime as dt

    path = tmp_path / "register.duckdb"
    import_extract(write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL), store_path=path)
    client.force_login(world.users[Role.OBSERVER])
    client.cookies["citymade_language"] = "en"
    settings.CITYMADE_REGISTER_STORE = str(path)
    html = client.get(reverse("region:figures")).content.decode()
    assert "will be shown once a second extract has been loaded" in html
    # the next month: enterprise E (seat 1000) is gone
    smaller = {**SMALL, "enterprise": [e for e in SMALL["enterprise"] if e[0] != "0401.574.852"]}
    import_extract(write_full(tmp_path / "KboOpenData_0141_2025_11_01_Full", smaller, number=141,
                              snapshot=dt.date(2025, 11, 1)), store_path=path)
    html = client.get(reverse("region:figures")).content.decode()
    assert "Change since extract 140 of 1 October 2025: −1." in html
    brussels = html.split('<th scope="row">City of Brussels</th>')[1].split("</tr>")[0]
    assert brussels.endswith('<td class="num">−1</td>')
