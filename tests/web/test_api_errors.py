"""Every API error has one JSON shape, in the caller's language; every list is paginated."""

from __future__ import annotations

import json

import pytest

from citymade.web.accounts.roles import Role
from citymade.web.accounts.tokens import create_token
from citymade.web.companies.models import Company, Product


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def _post(client, url, body, **extra):
    return client.post(url, data=json.dumps(body), content_type="application/json", **extra)


# --- the error shape, status by status -----------------------------------------------------------


def test_401_anonymous(client, world):
    error = _error(client.get("/api/companies"), 401, "not_authenticated")
    assert "Bearer" in error["message"]


def test_403_observer_and_read_token(client, world):
    client.force_login(world.users[Role.OBSERVER])
    error = _error(client.get("/api/companies"), 403, "forbidden")
    assert error["message"] == "Votre rôle ne permet pas d'utiliser cette opération."
    client.logout()
    _token, key = create_token(user=world.users[Role.ADVISOR], name="ro", scope="read")
    response = _post(client, f"/api/companies/{world.own.pk}/products", {"name": "Stool"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert "écriture" in _error(response, 403, "forbidden")["message"]
    assert not Product.objects.exists()


def test_403_comes_before_the_body_is_read(client, world):
    """A role that may not use an operation learns nothing about its body."""
    client.force_login(world.users[Role.COMPANY])
    response = client.post("/api/companies", data="not json", content_type="application/json")
    _error(response, 403, "forbidden")


def test_403_a_session_write_needs_the_csrf_token(world):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users[Role.ADVISOR])
    error = _error(_post(browser, "/api/companies", {"name": "Forged"}), 403, "forbidden")
    assert error["message"].startswith("La vérification CSRF a échoué")
    assert not Company.objects.filter(name="Forged").exists()


def test_404_for_missing_and_for_another_companys_objects(client, world):
    client.force_login(world.users[Role.COMPANY])
    missing = _error(client.get("/api/companies/999999"), 404, "not_found")
    hidden = _error(client.get(f"/api/companies/{world.other.pk}"), 404, "not_found")
    assert missing == hidden  # a guessed id tells nothing


def test_400_unreadable_body_and_nul_character(client, world):
    client.force_login(world.users[Role.ADVISOR])
    _error(client.post("/api/companies", data="{not json", content_type="application/json"), 400, "bad_request")
    error = _error(_post(client, "/api/companies", {"name": "A\x00B"}), 400, "bad_request")
    assert "NUL" in error["message"]
    assert Company.objects.count() == 2


def test_400_invalid_answers_name_each_question(client, world):
    client.force_login(world.users[Role.ADVISOR])
    error = _error(_post(client, "/api/assess", {"company": {"c_renewable_share": "lots"}}), 400, "invalid_answers")
    assert any("c_renewable_share" in d["message"] for d in error["details"]) or "c_renewable_share" in error["message"]


def test_422_names_each_field(client, world):
    client.force_login(world.users[Role.ADVISOR])
    error = _error(_post(client, "/api/companies", {"nmae": "Typo", "founded_on": 0}), 422, "validation")
    fields = {d["loc"][-1]: d["message"] for d in error["details"]}
    assert fields["name"] == "Ce champ est obligatoire."
    assert fields["nmae"] == "Ce champ n'est pas attendu ici."
    assert fields["founded_on"] == "Saisissez une date au format AAAA-MM-JJ."
    for not_a_date in ("0", "2024-01-01T00:00:00", "1.5", True):
        error = _error(_post(client, "/api/companies", {"name": "Dated", "founded_on": not_a_date}), 422, "validation")
        assert error["details"][0]["loc"][-1] == "founded_on", not_a_date
    # Text is measured as sent, then trimmed.
    assert _error(_post(client, "/api/companies", {"name": " " + "x" * 200}), 422, "validation")
    assert _post(client, "/api/companies", {"name": "  Trimmed  "}).json()["name"] == "Trimmed"
    # The model's own rules (a wrong enterprise number) come back the same way, at their field.
    error = _error(_post(client, "/api/companies", {"name": "Numbered", "enterprise_number": "0403.170.702"}), 422, "validation")
    assert [d["loc"] for d in error["details"]] == [["body", "enterprise_number"]]


def test_409_a_submitted_diagnostic_is_immutable(client, world):
    from tests.web.test_api_diagnostics import submitted_diagnostic

    diagnostic = submitted_diagnostic(world.own, world.users[Role.ADVISOR])
    client.force_login(world.users[Role.ADVISOR])
    response = client.put(f"/api/diagnostics/{diagnostic.pk}/answers", data=json.dumps({"answers": {}}), content_type="application/json")
    assert "révisez" in _error(response, 409, "conflict")["message"]


def test_500_is_json_too(client, world, monkeypatch):
    from citymade.web.companies import services

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "create_company", broken)
    client.raise_request_exception = False
    client.force_login(world.users[Role.ADVISOR])
    error = _error(_post(client, "/api/companies", {"name": "Boom"}), 500, "server_error")
    assert "boom" not in error["message"]


# --- language ---------------------------------------------------------------------------------------


def test_messages_follow_the_language_cookie_then_accept_language(client, world):
    client.force_login(world.users[Role.COMPANY])
    assert _error(client.get("/api/companies/999999"), 404, "not_found")["message"].startswith("Il n'y a pas")
    client.cookies["citymade_language"] = "nl"
    response = client.get("/api/companies/999999")
    assert _error(response, 404, "not_found")["message"].startswith("Er is geen onderneming")
    assert response["Content-Language"] == "nl"
    # Without a choice a browser's Accept-Language counts, as on the pages; a script's token may use it.
    client.cookies.pop("citymade_language")
    assert _error(client.get("/api/companies/999999"), 404, "not_found")["message"].startswith("Il n'y a pas")
    assert _error(client.get("/api/companies/999999", HTTP_ACCEPT_LANGUAGE="en"), 404, "not_found")["message"].startswith("There is no")
    client.logout()
    _token, key = create_token(user=world.users[Role.COMPANY], name="script")
    response = client.get("/api/companies/999999", HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert _error(response, 404, "not_found")["message"] == "There is no company with this id, or you may not see it."
    assert response["Content-Language"] == "en"


def test_the_openapi_schema_documents_the_error_shape_and_pagination(client, world):
    client.force_login(world.users[Role.ADVISOR])
    schema = client.get("/api/openapi.json").json()
    assert "ErrorOut" in schema["components"]["schemas"] and "`code` is stable" in schema["info"]["description"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "401" in operation["responses"], f"{method} {path}"
            assert operation["responses"]["401"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
            if method == "get" and "Paged" in json.dumps(operation["responses"]["200"]):
                assert {"limit", "offset"} <= {p["name"] for p in operation["parameters"]}, path


# --- pagination ---------------------------------------------------------------------------------------


def test_every_list_is_paginated_with_count_limit_and_offset(client, world):
    for i in range(7):
        Company.objects.create(name=f"Extra {i}")
    client.force_login(world.users[Role.ADVISOR])
    page = client.get("/api/companies?limit=3").json()
    assert page["count"] == 9 and [c["name"] for c in page["items"]] == ["Atelier Own", "Extra 0", "Extra 1"]
    assert [c["name"] for c in client.get("/api/companies?limit=3&offset=3").json()["items"]] == ["Extra 2", "Extra 3", "Extra 4"]
    assert [c["name"] for c in client.get("/api/companies?offset=8").json()["items"]] == ["Other Works"]
    assert client.get("/api/companies?offset=100").json() == {"items": [], "count": 9, "next": None}
    assert len(client.get("/api/companies").json()["items"]) == 9  # default limit 50
    for bad in ("limit=0", "limit=201", "offset=-1", "limit=x", "limt=3", "page=2"):
        error = _error(client.get(f"/api/companies?{bad}"), 422, "validation")
        assert error["details"][0]["loc"] == ["query", bad.split("=")[0]], bad
    lists = [
        f"/api/companies/{world.own.pk}/products",
        f"/api/companies/{world.own.pk}/sites",
        f"/api/companies/{world.own.pk}/diagnostics",
        "/api/diagnostics",
        "/api/portfolio/support-actions",
    ]
    for url in lists:
        assert client.get(url + "?limit=1").json() == {"items": [], "count": 0, "next": None}, url


@pytest.mark.parametrize("role", [Role.ADVISOR, Role.COMPANY])
def test_search_and_filter_companies(client, world, role):
    client.force_login(world.users[role])
    names = [c["name"] for c in client.get("/api/companies?q=0403170701").json()["items"]]
    assert names == ["Atelier Own"]
    assert client.get("/api/companies?membership=alumni").json()["count"] == 0
