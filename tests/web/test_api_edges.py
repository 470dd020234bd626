"""Answers made outside an operation (unknown path, trailing slash, method not allowed, a form body)
have the API's JSON error shape, in the caller's language."""

from __future__ import annotations

import pytest

from citymade.web.accounts.roles import Role
from citymade.web.accounts.tokens import create_token
from citymade.web.companies.models import Company
from tests.web.test_api_errors import _error


@pytest.mark.parametrize("path", ["/api/nothing-here", "/api/companies/", "/api/diagnostics/1/nope", "/api/"])
def test_unknown_paths_and_trailing_slashes_answer_the_json_404(client, world, path):
    error = _error(client.get(path), 404, "not_found")
    assert error["message"] == "Introuvable, ou non visible pour vous."
    assert error["details"] == []


def test_the_404_follows_the_cookie_and_a_scripts_accept_language(client, world):
    assert _error(client.get("/api/nope", HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9"), 404, "not_found")["message"] == (
        "Niet gevonden, of niet zichtbaar voor u."
    )
    client.cookies["citymade_language"] = "en"
    response = client.get("/api/nope", HTTP_ACCEPT_LANGUAGE="nl")
    assert _error(response, 404, "not_found")["message"] == "Not found, or not visible to you."
    assert response["Content-Language"] == "en"


def test_a_browser_session_follows_the_accounts_choice_then_its_accept_language(client, world):
    user = world.users[Role.ADVISOR]
    client.force_login(user)
    error = _error(client.get("/api/nope", HTTP_ACCEPT_LANGUAGE="en"), 404, "not_found")
    assert error["message"] == "Not found, or not visible to you."
    user.language = "fr"
    user.save()
    error = _error(client.get("/api/nope", HTTP_ACCEPT_LANGUAGE="en"), 404, "not_found")
    assert error["message"] == "Introuvable, ou non visible pour vous."


def test_405_is_json_and_keeps_allow(client, world):
    _token, key = create_token(user=world.users[Role.ADVISOR], name="script", scope="write")
    response = client.delete("/api/companies", HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    error = _error(response, 405, "method_not_allowed")
    assert error["message"] == "This method is not allowed here."
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_a_form_body_is_415(client, world):
    _token, key = create_token(user=world.users[Role.ADVISOR], name="script", scope="write")
    response = client.post("/api/companies", data={"name": "Form"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert "application/json" in _error(response, 415, "unsupported_media_type")["message"]
    assert not Company.objects.filter(name="Form").exists()
