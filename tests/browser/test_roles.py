"""Each role logs in through the real form, switches language, and reads what it can do."""

from __future__ import annotations

import pytest

from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company

PASSWORD = "a-long-Test-password-42"

# What the home page says to each role, per language (the start of the role sentence).
EXPECTED = {
    Role.ADMIN: {"fr": "administrateur", "nl": "beheerder", "en": "administrator"},
    Role.ADVISOR: {"fr": "conseiller", "nl": "adviseur", "en": "cluster advisor"},
    Role.COMPANY: {"fr": "Atelier Browser", "nl": "Atelier Browser", "en": "Atelier Browser"},
    Role.OBSERVER: {"fr": "observateur", "nl": "waarnemer", "en": "observer"},
}


@pytest.fixture
def people(transactional_db):
    company = Company.objects.create(name="Atelier Browser", slug="atelier-browser")
    users = {}
    for role in Role:
        users[role] = User.objects.create_user(
            username=f"b-{role}", password=PASSWORD, role=role, company=company if role == Role.COMPANY else None
        )
    return users


@pytest.mark.parametrize("role", list(Role))
def test_role_logs_in_and_switches_language(page, live_server, log_in, people, role):
    # The login page opens in the browser's language (French here).
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Se connecter" in page.content()

    log_in(page, people[role].username, PASSWORD)
    lead = page.locator("p.lead")
    assert lead.get_attribute("data-role") == role
    assert EXPECTED[role]["fr"].lower() in lead.inner_text().lower()

    for lang in ("nl", "en", "fr"):
        page.click(f"form.languages button[value={lang}]")
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == lang
        assert EXPECTED[role][lang].lower() in page.locator("p.lead").inner_text().lower()

    # Staff see the companies menu, the others do not.
    has_menu = page.locator("nav a[href='/companies/']").count() > 0
    assert has_menu == (role in (Role.ADMIN, Role.ADVISOR))
