"""citymade's own error pages (400, 403, 404, 500, a stale form), in the visitor's language — with
the settings ``make run`` uses as with a production server; Django's technical pages only when a
developer sets ``CITYMADE_DEBUG_PAGES=1``."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from citymade.web.accounts.roles import Role

ROOT = Path(__file__).resolve().parents[2]
TECHNICAL = ("URLconf", "Django tried these URL patterns", "Traceback", "DEBUG = True", "Request Method")

NOT_FOUND = {"fr": "Page introuvable", "nl": "Pagina niet gevonden", "en": "Page not found"}


def _citymade_page(body: str, lang: str) -> None:
    assert f'<html lang="{lang}">' in body
    assert not any(word in body for word in TECHNICAL), body[:500]


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_a_company_user_guessing_another_companys_address_gets_citymades_404(client, world, lang):
    user = world.users[Role.COMPANY]
    user.language = lang
    user.save()
    client.force_login(user)
    for path in (f"/companies/{world.other.slug}/", f"/diagnostics/company/{world.other.slug}/", "/no-such-page/"):
        response = client.get(path)
        assert response.status_code == 404, path
        body = response.content.decode()
        _citymade_page(body, lang)
        assert NOT_FOUND[lang] in body


def test_a_forbidden_page_is_citymades_403_in_the_visitors_language(client, world):
    client.force_login(world.users[Role.OBSERVER])
    client.cookies["citymade_language"] = "nl"
    response = client.get(reverse("core:audit"))
    assert response.status_code == 403
    _citymade_page(response.content.decode(), "nl")
    assert "Toegang geweigerd" in response.content.decode()


def test_a_stale_form_token_is_explained_on_citymades_403(world):
    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="nl")
    response = strict.post(reverse("accounts:login"), {"username": "advisor1", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    _citymade_page(body, "nl")
    assert "Er is niets bewaard" in body


def test_a_bad_request_is_citymades_400(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/", HTTP_HOST="not-an-allowed-host.example")
    assert response.status_code == 400
    _citymade_page(response.content.decode(), "fr")
    assert "Requête incomprise" in response.content.decode()


@pytest.mark.parametrize(("lang", "title"), [("fr", "Erreur du serveur"), ("nl", "Serverfout"), ("en", "Server error")])
def test_a_server_error_is_citymades_500_in_the_visitors_language(world, monkeypatch, lang, title):
    from citymade.web.core import views

    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", lambda *a, **k: broken(None))
    client = Client(raise_request_exception=False)
    client.force_login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = lang
    response = client.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    _citymade_page(body, lang)
    assert title in body and "boom" not in body


# --- with the settings `make run` uses ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SETUP = """
import citymade.web; citymade.web.setup()
from citymade.web.accounts.models import User
from citymade.web.companies.models import Company
own = Company.objects.create(name="Atelier Own", slug="atelier-own")
Company.objects.create(name="Other Works", slug="other-works")
User.objects.create_user(username="fr-user", password="a-long-Test-password-42", role="company", company=own)
User.objects.create_user(username="nl-user", password="a-long-Test-password-42", role="company", company=own, language="nl")
"""


class _Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, username: str) -> None:
        _status, page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page[:300]
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": "a-long-Test-password-42"}
        ).encode()
        request = urllib.request.Request(self.base + "/accounts/login/", data=data, headers={"Referer": self.base + "/accounts/login/"})
        with self.opener.open(request, timeout=30) as response:
            assert "/accounts/login/" not in response.url, "login failed"


def test_with_make_runs_settings_a_guessed_address_gets_citymades_404_in_the_users_language(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CITYMADE_", "DJANGO_")) and k != "DATABASE_URL"}
    env["CITYMADE_DATA_DIR"] = str(tmp_path / "data")  # nothing else set: what `make run` runs
    run = {"env": env, "cwd": ROOT, "check": True, "capture_output": True, "timeout": 180}
    subprocess.run([sys.executable, "-m", "citymade", "migrate"], **run)
    subprocess.run([sys.executable, "-c", SETUP], **run)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "citymade", "serve", "--port", str(port)], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # wait until it answers (up to a minute)
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5):
                    break
            except OSError:
                assert server.poll() is None, "the server stopped"
                time.sleep(0.1)
        for username, lang in (("fr-user", "fr"), ("nl-user", "nl")):
            browser = _Browser(base)
            browser.log_in(username)
            for path in ("/companies/other-works/", "/companies/other-works/edit/", "/no-such-page/"):
                status, body = browser.get(path)
                assert status == 404, (path, status)
                _citymade_page(body, lang)
                assert NOT_FOUND[lang] in body
            # The stylesheet is still served in development (by WhiteNoise, since DEBUG is off).
            status, css = browser.get("/static/citymade/app.css")
            assert status == 200 and "--grade-b" in css
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_developer_asks_for_djangos_technical_pages_with_a_variable():
    code = "import citymade.web; citymade.web.setup(); from django.conf import settings as s; print(s.DEBUG, s.CITYMADE_DEVELOPMENT)"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CITYMADE_", "DJANGO_"))}
    base["CITYMADE_DATA_DIR"] = os.environ["CITYMADE_DATA_DIR"]

    def flags(**extra: str) -> list[str]:
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**base, **extra}, capture_output=True, text=True, timeout=60)
        return out.stdout.split()

    assert flags() == ["False", "True"]
    assert flags(CITYMADE_DEBUG_PAGES="1") == ["True", "True"]
    strong = "k3Y-" + "x9Q_ab7Lm2Zp0Rt8Vw4Ny6Ps1Du5Gf3Hj" * 2
    production = {"CITYMADE_DEBUG": "0", "CITYMADE_SECRET_KEY": strong, "CITYMADE_ALLOWED_HOSTS": "citymade.example.org"}
    assert flags(**production, CITYMADE_DEBUG_PAGES="1") == ["False", "False"]
