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


# Behind the documented reverse proxy every request comes from the proxy's address (127.0.0.1 here)
# and the proxy appends the client's real address to X-Forwarded-For.
PROXY = "127.0.0.1"


def _via_proxy(client, username, password, forwarded):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.fixture
def behind_proxy(settings):
    import ipaddress

    settings.LOGIN_TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 20
    return settings


def test_spoofed_forwarded_for_neither_locks_the_owner_nor_frees_the_attacker(client, world, behind_proxy):
    """An attacker at 6.6.6.6 writes a fresh address into X-Forwarded-For each time; the proxy adds
    the real one on the right. The attacker's address is locked, the owner elsewhere is not."""
    from django.test import Client

    for i in range(5):
        _via_proxy(client, "advisor1", "wrong", f"10.9.9.{i}, 6.6.6.6")
    locked = _via_proxy(client, "advisor1", PASSWORD, "10.9.9.99, 6.6.6.6")
    assert locked.status_code == 200 and "Trop de tentatives" in locked.content.decode()
    owner = Client()
    assert _via_proxy(owner, "advisor1", PASSWORD, "198.51.100.7").status_code == 302


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(client, world, settings):
    settings.LOGIN_TRUSTED_PROXIES = []
    for i in range(5):
        client.post(reverse("accounts:login"), {"username": "advisor1", "password": "wrong"},
                    REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"10.9.9.{i}")
    again = client.post(reverse("accounts:login"), {"username": "advisor1", "password": PASSWORD},
                        REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="10.9.9.200")
    assert again.status_code == 200, "a client picking its own X-Forwarded-For must not escape its lock"


def test_a_flood_from_many_addresses_does_not_keep_the_owner_out(world, behind_proxy):
    """Hundreds of addresses, a few wrong passwords each, against one account: the account is closed
    to new devices, but its owner logs in from a known browser, and a password reset reopens it."""
    from django.test import Client

    owner = Client()
    assert _via_proxy(owner, "advisor1", PASSWORD, "198.51.100.7").status_code == 302  # a known device
    owner.post(reverse("accounts:logout"))
    attacker = Client()
    for i in range(behind_proxy.LOGIN_ACCOUNT_FAILURE_LIMIT + 5):
        _via_proxy(attacker, "advisor1", "wrong", f"192.0.2.{i}")
    # A new device, from a fresh address, is refused with a way out …
    stranger = _via_proxy(Client(), "advisor1", PASSWORD, "198.51.100.200")
    assert stranger.status_code == 200 and "venant d'ailleurs" in stranger.content.decode().replace("&#x27;", "'")
    # … the owner's browser is not, whatever its address today.
    assert _via_proxy(owner, "advisor1", PASSWORD, "198.51.100.8").status_code == 302
    # Other accounts are untouched.
    assert _via_proxy(Client(), "observer1", PASSWORD, "198.51.100.200").status_code == 302


def test_a_password_reset_lifts_the_accounts_lock(client, world, behind_proxy):
    import re

    from django.test import Client

    for i in range(behind_proxy.LOGIN_ACCOUNT_FAILURE_LIMIT):
        _via_proxy(Client(), "company1", "wrong", f"192.0.2.{i}")
    assert _via_proxy(Client(), "company1", PASSWORD, "198.51.100.9").status_code == 200
    client.post(reverse("accounts:password_reset"), {"email": "company1@example.org"})
    link = re.search(r"(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "another-long-Test-password-43"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert _via_proxy(Client(), "company1", new_password, "198.51.100.9").status_code == 302
