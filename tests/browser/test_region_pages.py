"""The Region page with and without a register store, its map, and the observers' key figures, in
a real browser: no page wider than 320 px, axe finds nothing serious, the map is readable at 390 px
and names each municipality, the measure switch works."""

from __future__ import annotations

import pytest

from citymade.register.importer import import_extract
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from tests.browser.test_accessibility import _axe, _unstyled_buttons
from tests.register.kbo_factory import SMALL, write_full

PASSWORD = "a-long-Test-password-42"


@pytest.fixture
def people(transactional_db):
    users = {role: User.objects.create_user(username=f"region-{role}", password=PASSWORD, role=role)
             for role in (Role.ADMIN, Role.OBSERVER)}
    for i in range(7):
        Company.objects.create(name=f"Atelier {i}", slug=f"atelier-{i}", municipality="Ixelles")
    return users


@pytest.fixture
def store(tmp_path, settings):
    path = tmp_path / "register.duckdb"
    import_extract(write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL), store_path=path)
    settings.CITYMADE_REGISTER_STORE = str(path)
    return path


def _log_in(page, live_server, user, lang="fr") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action$='/accounts/login/'] button[type=submit]")
    page.wait_for_load_state()
    page.click(f"form.languages button[value={lang}]")
    page.wait_for_load_state()


def _check(page, problems: list[str], label: str, width: int = 320) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    if wide > width:
        problems.append(f"{label}: {wide}px wide")
    problems += [f"{label}: {v}" for v in _axe(page) + _unstyled_buttons(page)]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_empty_region_page_speaks_plainly(page, live_server, people, settings, tmp_path, lang):
    settings.CITYMADE_REGISTER_STORE = str(tmp_path / "none.duckdb")
    _log_in(page, live_server, people[Role.OBSERVER], lang)
    page.goto(f"{live_server.url}/region/")
    text = page.inner_text("main")
    assert "citymade register import" not in text and "none.duckdb" not in text
    assert ("KBO" in text) and ("BCE" in text)
    problems: list[str] = []
    _check(page, problems, f"empty {lang}")
    assert not problems, "\n".join(problems)
    page.context.clear_cookies()
    _log_in(page, live_server, people[Role.ADMIN], lang)
    page.goto(f"{live_server.url}/region/")
    assert "citymade register import" in page.inner_text("main")


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_region_page_with_a_store_and_its_map(page, live_server, people, store, lang):
    _log_in(page, live_server, people[Role.OBSERVER], lang)
    page.goto(f"{live_server.url}/region/")
    problems: list[str] = []
    _check(page, problems, f"region {lang}")
    # every label of every bar chart lies inside its chart (« Sint-Lambrechts-Woluwe » was cut off)
    outside = page.evaluate(
        """() => [...document.querySelectorAll('main svg[role=img]:not(.region-map-svg)')].flatMap(svg => {
             const width = svg.viewBox.baseVal.width;
             return [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBBox()])
               .filter(([, b]) => b.x < 0 || b.x + b.width > width).map(([text]) => text); })"""
    )
    assert not outside, outside
    page.set_viewport_size({"width": 390, "height": 800})
    tiles = page.locator("svg.region-map-svg path[role=img]")
    assert tiles.count() == 19
    names = {tiles.nth(i).get_attribute("aria-label").split(":")[0] for i in range(19)}
    assert ("Bruxelles" if lang == "fr" else "Brussel") in names and len(names) == 19
    # readable at 390 px: the map fills the width and its number text is at least 11 px high
    box = page.locator("svg.region-map-svg").bounding_box()
    assert box["width"] >= 330
    number = page.locator("svg.region-map-svg text[aria-hidden=true]").first.bounding_box()
    assert number["height"] >= 11
    # the switch: establishments
    page.check("input[name=measure][value=establishments]")
    page.click("form.measure-switch button[type=submit]")
    page.wait_for_load_state()
    assert "measure=establishments" in page.url
    title = page.locator("svg.region-map-svg > title").text_content()
    assert ("établissements" if lang == "fr" else "productievestigingen") in title
    _check(page, problems, f"region establishments {lang}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_key_figures_for_observers(page, live_server, people, lang):
    _log_in(page, live_server, people[Role.OBSERVER], lang)
    page.goto(f"{live_server.url}/portfolio/figures/")
    text = page.inner_text("main")
    assert "Atelier" not in text
    assert ("Situation au" if lang == "fr" else "Situatie op") in text
    problems: list[str] = []
    _check(page, problems, f"key figures {lang}")
    page.select_option("#kf-stage", "none")
    page.click("form.measure-switch button[type=submit]")
    page.wait_for_load_state()
    assert "stage=none" in page.url
    _check(page, problems, f"key figures filtered {lang}")
    assert not problems, "\n".join(problems)
