"""Accounts in the browser: an administrator creates a company user; an advisor invites an
entrepreneur, who follows the e-mailed link (read from Django's outbox: the live server runs in
this process), chooses a password and lands on their own company and nothing else. The header
menu carries the person's full name and their account pages; the new pages pass axe and fit a
320 px window, in French and Dutch."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from tests.browser.test_accessibility import _axe

PASSWORD = "a-long-Test-password-42"
NEW_PASSWORD = "Un-autre-mot-de-passe-73"


@pytest.fixture
def people(transactional_db):
    own = Company.objects.create(name="Atelier du Canal", slug="atelier-du-canal")
    other = Company.objects.create(name="Brasserie Voisine", slug="brasserie-voisine")
    users = {
        role: User.objects.create_user(username=f"acc-{role}", password=PASSWORD, role=role, first_name=first, last_name="Peeters",
                                       email=f"{role}@example.org")
        for role, first in ((Role.ADMIN, "Claire"), (Role.ADVISOR, "Sophie"), (Role.OBSERVER, "Marc"))
    }
    return {"own": own, "other": other, "users": users}


def _log_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form[action$='/accounts/login/'] button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def _fits_and_passes_axe(page, where: str) -> list[str]:
    page.set_viewport_size({"width": 320, "height": 800})
    problems = [f"{where}: {v}" for v in _axe(page)]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > 320:
        problems.append(f"{where}: the page is {width}px wide")
    page.set_viewport_size({"width": 1280, "height": 800})
    return problems


def test_an_administrator_creates_a_company_user_in_the_browser(page, live_server, people):
    _log_in(page, live_server, "acc-admin")
    # from the menu to the users' page, then "New user"
    page.click("nav a[href='/accounts/users/']")
    page.click("a[href='/accounts/users/new/']")
    page.get_by_label("Prénom").fill("Lucie")
    page.get_by_label("Nom", exact=True).fill("Vandamme")
    page.get_by_label("Identifiant").fill("lucie")
    page.get_by_label("Adresse e-mail").fill("lucie@atelier.example")
    page.get_by_label("Rôle").select_option(Role.COMPANY)
    page.get_by_label("Entreprise").select_option(label="Atelier du Canal")
    page.get_by_label("Langue").select_option("nl")
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    assert "Le compte de Lucie Vandamme a été créé" in page.locator(".messages").inner_text()
    user = User.objects.get(username="lucie")
    assert user.role == Role.COMPANY and user.company == people["own"] and user.language == "nl"
    assert mail.outbox[-1].to == ["lucie@atelier.example"] and "wachtwoord" in mail.outbox[-1].subject
    # the same login again is refused in words, on its field
    page.goto(f"{live_server.url}/accounts/users/new/")
    page.get_by_label("Prénom").fill("Lucie")
    page.get_by_label("Nom", exact=True).fill("Autre")
    page.get_by_label("Identifiant").fill("LUCIE")
    page.get_by_label("Adresse e-mail").fill("autre@atelier.example")
    page.get_by_label("Rôle").select_option(Role.OBSERVER)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    field = page.get_by_label("Identifiant")
    assert field.get_attribute("aria-invalid") == "true"
    assert "L'identifiant « LUCIE » est déjà utilisé par un autre compte." in page.locator(".field.invalid").inner_text()
    assert not _fits_and_passes_axe(page, "a refused new user")


def test_an_invited_entrepreneur_follows_the_emailed_link_and_sees_their_company_only(browser, page, live_server, people):
    own, other = people["own"], people["other"]
    _log_in(page, live_server, "acc-advisor")
    page.goto(f"{live_server.url}/companies/{own.slug}/")
    page.click("#access a.button")  # "Inviter l'entrepreneur"
    page.get_by_label("Prénom").fill("Jan")
    page.get_by_label("Nom", exact=True).fill("Janssens")
    page.get_by_label("Adresse e-mail").fill("jan@canal.example")
    page.get_by_label("Langue de l'invitation").select_option("nl")
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    assert page.url.endswith(f"/companies/{own.slug}/#access")
    assert "Jan Janssens" in page.locator("#access").inner_text()
    message = mail.outbox[-1]
    assert message.to == ["jan@canal.example"] and "Atelier du Canal" in message.subject
    assert "Beste Jan Janssens" in message.body and "Sophie Peeters" in message.body
    link = re.search(r"(http://\S+/accounts/invitation/\S+/)", message.body).group(1)

    # the entrepreneur, in their own browser (a Dutch-speaking one)
    context = browser.new_context(locale="nl-BE")
    mine = context.new_page()
    try:
        mine.goto(link)
        assert mine.locator("h1").inner_text() == "Welkom op citymade"
        problems = _fits_and_passes_axe(mine, "the invitation page")
        mine.fill("input[name=new_password1]", NEW_PASSWORD)
        mine.fill("input[name=new_password2]", NEW_PASSWORD)
        mine.click("button[type=submit].primary")
        mine.wait_for_load_state()
        assert mine.url == f"{live_server.url}/companies/{own.slug}/"
        assert mine.locator("h1").inner_text() == "Atelier du Canal"
        assert mine.locator("html").get_attribute("lang") == "nl"
        # their name in the header menu, with their account pages
        menu = mine.locator("details.user-menu")
        assert "Jan Janssens" in menu.locator("summary").inner_text()
        menu.locator("summary").click()
        assert menu.locator("a[href='/accounts/profile/']").is_visible()
        # nothing else: another company's page answers "not found"
        response = mine.goto(f"{live_server.url}/companies/{other.slug}/")
        assert response is not None and response.status == 404
        # their home page speaks of their company
        mine.goto(f"{live_server.url}/")
        assert "Atelier du Canal" in mine.locator("#my-company").inner_text()
        problems += _fits_and_passes_axe(mine, "the entrepreneur's home page")
        # the link worked once
        mine.goto(link)
        assert "werkt niet meer" in mine.locator("main").inner_text()
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert User.objects.get(email="jan@canal.example").check_password(NEW_PASSWORD)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_header_menu_works_by_keyboard_and_the_new_pages_pass_axe(page, live_server, people, lang):
    _log_in(page, live_server, "acc-advisor")
    page.click(f"form.languages button[value={lang}]")
    page.wait_for_load_state()
    summary = page.locator("details.user-menu > summary")
    assert "Sophie Peeters" in summary.inner_text() and "acc-advisor" not in page.locator("header").inner_text()
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.user-menu").get_attribute("open") is not None
    links = page.locator("details.user-menu a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "/accounts/profile/", "/accounts/password/", "/accounts/tokens/"]
    problems = _fits_and_passes_axe(page, "the open menu")
    page.keyboard.press("Escape")  # closes it, the focus back on the name
    assert page.locator("details.user-menu").get_attribute("open") is None
    assert page.evaluate("() => document.activeElement.closest('details.user-menu') !== null")
    for path in ("/", "/accounts/profile/", f"/accounts/invite/{people['own'].slug}/", f"/companies/{people['own'].slug}/"):
        page.goto(live_server.url + path)
        problems += _fits_and_passes_axe(page, path)
    page.goto(f"{live_server.url}/accounts/profile/")
    page.locator("details.user-menu > summary").click()
    page.click("form.logout button")
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url or page.locator("details.user-menu").count() == 0
    assert not problems, "\n".join(problems)
