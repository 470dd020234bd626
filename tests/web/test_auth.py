"""Logging in, throttling, password reset, and the language of what the user reads."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from citymade.web.accounts.roles import Role
from tests.web.conftest import PASSWORD


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_login_with_right_password_goes_home(client, world):
    response = _login(client, "advisor1", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


def test_wrong_password_is_refused_in_french_by_default(client, world):
    response = _login(client, "advisor1", "nope")
    assert response.status_code == 200
    assert "ou mot de passe incorrect" in response.content.decode()


def test_throttling_refuses_even_the_right_password(client, world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        _login(client, "advisor1", "wrong")
    response = _login(client, "advisor1", PASSWORD)
    assert response.status_code == 200, "a locked account must not log in"
    assert "Trop de tentatives" in response.content.decode()
    # Another address is not locked (throttling is per account and address) …
    assert _login(client, "advisor1", PASSWORD, address="10.0.0.2").status_code == 302
    # … and another account from the locked address is not either.
    assert _login(client, "observer1", PASSWORD).status_code == 302


def test_throttle_expires_after_the_window(client, world, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        _login(client, "advisor1", "wrong")
    assert _login(client, "advisor1", PASSWORD).status_code == 200
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 0
    assert _login(client, "advisor1", PASSWORD).status_code == 302


def test_password_reset_sends_a_link_in_the_users_language(client, world):
    client.cookies["citymade_language"] = "nl"
    response = client.post(reverse("accounts:password_reset"), {"email": "company1@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "wachtwoord" in message.subject
    assert "/accounts/reset/" in message.body


def test_csrf_is_enforced_on_login(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "advisor1", "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.parametrize(("lang", "text"), [("fr", "Se connecter"), ("nl", "Aanmelden"), ("en", "Log in")])
def test_login_page_in_three_languages(client, db, lang, text):
    client.cookies["citymade_language"] = lang
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'<html lang="{lang}">' in page and text in page


def test_browser_language_does_not_override_french_default(client, db):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="fr">' in page


def test_language_switch_sets_cookie_and_returns(client, world):
    client.force_login(world.users[Role.ADVISOR])
    response = client.post(reverse("core:set_language"), {"language": "nl", "next": "/companies/"})
    assert response.status_code == 302 and response["Location"] == "/companies/"
    assert client.cookies["citymade_language"].value == "nl"
    assert "Ondernemingen" in client.get("/companies/").content.decode()


def test_company_user_must_have_a_company(db):
    from django.db import IntegrityError, transaction

    from citymade.web.accounts.models import User

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="lonely", password=PASSWORD, role=Role.COMPANY)
