"""Which language citymade speaks: the user's stored choice, this browser's choice, the browser's
Accept-Language, else French — on pages, in the PDF language selector and in e-mails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from tests.web.conftest import PASSWORD


def _lang(response) -> str:
    page = response.content.decode()
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("nl-BE,nl;q=0.9,en;q=0.8", "nl"),
        ("nl", "nl"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-BE,fr;q=0.9", "fr"),
        ("de-DE,de;q=0.9,nl;q=0.5", "nl"),  # German is not offered: the next language asked for
        ("de-DE,es;q=0.5", "fr"),  # none of citymade's languages: French
        ("", "fr"),
        ("en;q=0.2,nl;q=0.8", "nl"),  # by quality, not by order
    ],
)
def test_a_first_visit_follows_the_browsers_language(client, db, header, lang):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE=header)
    assert _lang(response) == lang
    assert response["Content-Language"] == lang
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_a_dutch_browser_reads_the_login_page_in_dutch(client, db):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="nl-BE").content.decode()
    assert "Aanmelden" in page


def test_the_choice_in_this_browser_beats_the_browsers_language(client, db):
    client.cookies["citymade_language"] = "en"
    assert _lang(client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="nl-BE")) == "en"


def test_a_users_choice_is_stored_on_the_account_and_used_on_every_device(client, world):
    user = world.users[Role.ADVISOR]
    client.force_login(user)
    client.post(reverse("core:set_language"), {"language": "nl", "next": "/"})
    user.refresh_from_db()
    assert user.language == "nl"
    # Another browser that asks for English and never chose: the account's choice wins.
    other = Client()
    other.force_login(user)
    assert _lang(other.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "nl"
    other.cookies["citymade_language"] = "fr"  # even over an older choice made in that browser
    assert _lang(other.get("/companies/")) == "nl"


def test_an_anonymous_choice_touches_no_account(client, world):
    client.post(reverse("core:set_language"), {"language": "en", "next": "/accounts/login/"})
    assert client.cookies["citymade_language"].value == "en"
    assert not User.objects.exclude(language="").exists()


def test_the_choice_survives_logging_out_and_in(client, world):
    response = client.post(reverse("accounts:login"), {"username": "company1", "password": PASSWORD})
    assert response.status_code == 302
    client.post(reverse("core:set_language"), {"language": "nl", "next": "/"})
    client.post(reverse("accounts:logout"))
    # Logged out: the login page still speaks the choice, even to a browser asking for French.
    assert _lang(client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="fr")) == "nl"
    # A new browser, logging in: the account's choice comes back and is remembered there too.
    fresh = Client(HTTP_ACCEPT_LANGUAGE="fr-BE")
    response = fresh.post(reverse("accounts:login"), {"username": "company1", "password": PASSWORD})
    assert fresh.cookies["citymade_language"].value == "nl"
    assert _lang(fresh.get("/")) == "nl"
    fresh.post(reverse("accounts:logout"))
    assert _lang(fresh.get(reverse("accounts:login"))) == "nl"


def test_a_choice_made_on_the_login_page_becomes_the_accounts_choice(client, world):
    client.post(reverse("core:set_language"), {"language": "en", "next": "/accounts/login/"})
    client.post(reverse("accounts:login"), {"username": "observer1", "password": PASSWORD})
    user = world.users[Role.OBSERVER]
    user.refresh_from_db()
    assert user.language == "en"


def test_an_account_with_a_choice_keeps_it_when_logging_in_from_a_browser_with_another(client, world):
    user = world.users[Role.OBSERVER]
    user.language = "nl"
    user.save()
    client.cookies["citymade_language"] = "en"
    client.post(reverse("accounts:login"), {"username": "observer1", "password": PASSWORD})
    user.refresh_from_db()
    assert user.language == "nl" and client.cookies["citymade_language"].value == "nl"


def test_an_invalid_choice_changes_nothing(client, world):
    user = world.users[Role.ADVISOR]
    client.force_login(user)
    client.post(reverse("core:set_language"), {"language": "de", "next": "/"})
    user.refresh_from_db()
    assert user.language == ""


def test_the_password_reset_mail_speaks_the_accounts_language(client, world):
    user = world.users[Role.COMPANY]
    user.language = "en"
    user.save()
    client.post(reverse("accounts:password_reset"), {"email": user.email}, HTTP_ACCEPT_LANGUAGE="fr")
    assert len(mail.outbox) == 1
    assert "password" in mail.outbox[0].subject.lower()
    # Without a choice, the language of the page that asked for it.
    mail.outbox.clear()
    client.post(reverse("accounts:password_reset"), {"email": "advisor1@example.org"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert "wachtwoord" in mail.outbox[0].subject.lower()


def test_the_pdf_language_selector_defaults_to_the_users_language(client, world):
    from citymade.web.diagnostics import services

    advisor = world.users[Role.ADVISOR]
    draft = services.start_diagnostic(company=world.own, user=advisor, kind="quick")
    finished = services.submit(draft, user=advisor)
    advisor.language = "nl"
    advisor.save()
    client.force_login(advisor)
    page = client.get(reverse("diagnostics:detail", kwargs={"pk": finished.pk})).content.decode()
    assert '<option value="nl" selected>' in page


def test_the_pdf_and_the_annual_review_download_speak_the_accounts_language_without_asking(client, world, tmp_path):
    """No ``?lang=``: the diagnostic PDF and the review's PDF are in the account's language, even from
    a French browser with a French cookie."""
    import shutil
    import subprocess

    from citymade.web.diagnostics import services

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    advisor = world.users[Role.ADVISOR]
    finished = services.submit(services.start_diagnostic(company=world.own, user=advisor, kind="quick"), user=advisor)
    advisor.language = "nl"
    advisor.save()
    client.force_login(advisor)
    client.cookies["citymade_language"] = "fr"
    texts = {}
    for name, url in (("report", reverse("diagnostics:report", kwargs={"pk": finished.pk})),
                      ("review", reverse("portfolio:review_download", kwargs={"year": 2024, "fmt": "pdf"}))):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr-BE,fr")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", name
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
        texts[name] = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "Diagnose van" in texts["report"] and "referentiekader" in texts["report"], texts["report"][:300]
    assert "Diagnostic du" not in texts["report"] and "référentiel" not in texts["report"]
    assert "JAARVERSLAG" in texts["review"].upper(), texts["review"][:300]
