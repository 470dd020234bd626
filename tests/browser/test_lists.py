"""The company list and the prospects in a real browser: sort by a column's title and search without
accents; filter the prospects, dismiss one with a reason and undo it. Both pages (and the list of
dismissed prospects) pass axe and fit a 320 px window, the wide table scrolling in its own box."""

from __future__ import annotations

import datetime as dt

import pytest

from citymade.register.importer import import_extract
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.diagnostics.models import Diagnostic
from citymade.web.portfolio.models import Contact
from tests.browser.test_accessibility import _axe
from tests.register.kbo_factory import PROSPECTS, write_full

PASSWORD = "a-long-Test-password-42"
TODAY = dt.date.today()


@pytest.fixture
def lists_world(transactional_db, tmp_path, settings):
    advisor = User.objects.create_user(
        username="lists-advisor", password=PASSWORD, role=Role.ADVISOR, first_name="Marie", last_name="Dupont"
    )
    for i, (name, days) in enumerate([("Atelier Réemploi", 3), ("Bois Brûlé", 40), ("Céramique Ouest", 12)]):
        company = Company.objects.create(name=name, slug=f"lists-{i}", municipality="Saint-Gilles", postal_code="1060")
        Diagnostic.objects.create(
            company=company, framework_version="test", state="validated", assessor=advisor,
            assessed_on=TODAY - dt.timedelta(days=days + 30),
            result={"maturity": {"stage": i + 1, "stage_possible": i + 3}, "circular_models": [], "red_flags": [],
                    "dimensions": [{"id": "manufacture", "value": 70 + i}]},
            answers={"company": {}, "products": [], "site": {}},
        )
        Diagnostic.objects.filter(company=company).update(
            created_at=dt.datetime.combine(TODAY - dt.timedelta(days=days + 30), dt.time(9), tzinfo=dt.UTC)
        )
        Contact.objects.create(company=company, date=TODAY - dt.timedelta(days=days), by=advisor)
    folder = write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", PROSPECTS)
    import_extract(folder, store_path=tmp_path / "register.duckdb")
    settings.CITYMADE_REGISTER_STORE = str(tmp_path / "register.duckdb")
    return advisor


def _log_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "lists-advisor")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action$='/accounts/login/'] button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def _names(page) -> list[str]:
    return page.locator("table.company-list tbody tr td:first-child a").all_inner_texts()


def _fits_and_passes_axe(page, where: str) -> list[str]:
    page.set_viewport_size({"width": 320, "height": 800})
    page.evaluate("() => document.querySelectorAll('main details:not(.confirm)').forEach(d => d.open = true)")
    problems = [f"{where}: {v}" for v in _axe(page)]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > 320:
        problems.append(f"{where}: the page is {width}px wide")
    page.set_viewport_size({"width": 1280, "height": 800})
    return problems


def test_sort_by_a_column_and_search_without_accents(page, live_server, lists_world):
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/companies/")
    assert _names(page) == ["Atelier Réemploi", "Bois Brûlé", "Céramique Ouest"]
    # by keyboard: the column title is a link
    page.locator("th a.sort", has_text="Dernier contact").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _names(page) == ["Bois Brûlé", "Céramique Ouest", "Atelier Réemploi"]  # oldest contact first
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Dernier contact")
    with page.expect_navigation():
        page.locator("th a.sort", has_text="Dernier contact").click()
    assert page.locator("th[aria-sort=descending]").count() == 1
    assert _names(page) == ["Atelier Réemploi", "Céramique Ouest", "Bois Brûlé"]
    assert "au moins 2 · " in page.locator("tbody tr").last.inner_text()  # Bois Brûlé: the stage range
    # search typed without accents, the sort kept
    page.fill("input[name=q]", "brule")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('table.company-list tbody tr').length === 1")
    assert _names(page) == ["Bois Brûlé"]
    assert "sort=-contact" in page.url and "q=brule" in page.url
    page.fill("input[name=q]", "CERAMIQUE")
    page.wait_for_function("() => document.querySelector('table.company-list tbody tr td').innerText.startsWith('Céramique')")
    problems = _fits_and_passes_axe(page, "/companies/")
    page.goto(f"{live_server.url}/companies/?sort=stage")
    problems += _fits_and_passes_axe(page, "/companies/?sort=stage")
    box = page.locator(".table-scroll")
    page.set_viewport_size({"width": 320, "height": 800})
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # the table scrolls in its own box …
    assert page.locator("#company-caption").is_visible()  # … under a title that stays in view
    assert not problems, "\n".join(problems)


def test_filter_dismiss_and_undo_a_prospect(page, live_server, lists_world):
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/region/prospects/")
    assert page.locator("li.prospect").count() == 4
    page.select_option("select[name=municipality]", label="Saint-Gilles")
    with page.expect_navigation():
        page.click("form.prospect-filters button[type=submit]")
    cards = page.locator("li.prospect")
    assert cards.count() == 1 and "Atelier Réemploi SRL" in cards.first.inner_text()
    assert "3 établissements dans la Région" in cards.first.inner_text()
    problems = _fits_and_passes_axe(page, "/region/prospects/?municipality=1060")
    if not cards.first.locator("details.dismiss").evaluate("d => d.open"):  # the axe check opened it
        cards.first.locator("details.dismiss > summary").click()
    cards.first.locator("input[name=reason]").fill("Un magasin, pas un atelier")
    with page.expect_navigation():
        cards.first.locator("button", has_text="Écarter ce prospect").click()
    assert "municipality=1060" in page.url  # back to the same filtered list
    assert "ne figure plus parmi les prospects" in page.locator("body").inner_text()
    assert page.locator("li.prospect").count() == 0
    with page.expect_navigation():
        page.click("text=Prospects écartés (1)")
    assert "Un magasin, pas un atelier" in page.locator("table").inner_text()
    assert "Marie Dupont" in page.locator("table").inner_text()
    problems += _fits_and_passes_axe(page, "/region/prospects/?show=dismissed")
    with page.expect_navigation():
        page.locator("button", has_text="Annuler").click()
    assert "figure à nouveau parmi les prospects" in page.locator("body").inner_text()
    page.goto(f"{live_server.url}/region/prospects/")
    assert page.locator("li.prospect").count() == 4
    problems += _fits_and_passes_axe(page, "/region/prospects/")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [390, 1366])
def test_a_needs_attention_row_puts_its_advisor_and_its_last_contact_on_lines_of_their_own(page, live_server, lists_world, width):
    Company.objects.create(name="Membre Sans Diagnostic", slug="lists-member", membership="member", advisor=lists_world)
    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/")
    row = page.locator("#attention li", has_text="Membre Sans Diagnostic").first
    advisor = row.locator(".attention-advisor").bounding_box()
    contact = row.locator(".attention-meta span").nth(1).bounding_box()
    assert advisor and contact and "Marie Dupont" in row.inner_text()
    assert contact["y"] >= advisor["y"] + advisor["height"] - 1  # below it, not run on after the name
