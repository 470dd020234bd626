"""Personal API tokens (hashed, scoped, revocable) and the security headers of every response."""

from __future__ import annotations

from django.urls import reverse

from citymade.web.accounts.models import ApiToken
from citymade.web.accounts.roles import Role
from citymade.web.accounts.tokens import create_token


def test_token_is_shown_once_and_stored_hashed(client, world):
    user = world.users[Role.ADVISOR]
    client.force_login(user)
    page = client.post(reverse("accounts:tokens"), {"name": "notebook", "scope": "read"}).content.decode()
    token = ApiToken.objects.get(user=user)
    key = page.split("data-new-token>")[1].split("<")[0]
    assert key.startswith("cm_") and key not in token.digest
    assert client.get(reverse("accounts:tokens")).content.decode().count(key) == 0


def test_token_authenticates_the_api_with_its_owners_rights(client, world):
    _token, key = create_token(user=world.users[Role.COMPANY], name="script")
    response = client.get("/api/companies", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert [c["slug"] for c in response.json()["items"]] == [world.own.slug]
    assert client.get("/api/companies", HTTP_AUTHORIZATION="Bearer cm_nope_nope").status_code == 401


def test_revoked_token_no_longer_works_and_others_cannot_revoke_it(client, world):
    token, key = create_token(user=world.users[Role.ADVISOR], name="ci")
    client.force_login(world.users[Role.OBSERVER])
    assert client.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 404
    client.force_login(world.users[Role.ADVISOR])
    assert client.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 302
    client.logout()
    assert client.get("/api/companies", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_read_token_cannot_write(world):
    from django.test import RequestFactory
    from ninja.errors import HttpError

    from citymade.web.core.access import api_allow

    token, _key = create_token(user=world.users[Role.ADVISOR], name="read")

    @api_allow(Role.ADVISOR)
    def write_something(request):
        return "written"

    request = RequestFactory().post("/api/x")
    request.auth = world.users[Role.ADVISOR]
    request.api_token = token
    try:
        write_something(request)
    except HttpError as exc:
        assert exc.status_code == 403
    else:
        raise AssertionError("a read token wrote")
    token.scope = "write"
    assert write_something(request) == "written"


def test_security_headers_on_pages(client, db):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'self'" in script_src
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_admin_searches_the_audit_trail(client, world):
    from citymade.web.core.audit import log_action

    advisor = world.users[Role.ADVISOR]
    advisor.first_name, advisor.last_name = "Marie", "Dupont"
    advisor.save()
    log_action("company.changed", actor=advisor, obj=world.own, before={"name": "A"}, after={"name": "B"})
    log_action("token.created", actor=world.users[Role.ADMIN], obj=world.users[Role.OBSERVER])
    client.force_login(world.users[Role.ADMIN])
    client.cookies["citymade_language"] = "en"
    def rows(**query):
        page = client.get(reverse("core:audit"), query).content.decode()
        return page.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in page else ""

    page = rows(q="Atelier Own")
    assert "Company changed" in page and "API token created" not in page and "Marie Dupont" in page
    page = rows(action="token.created")
    assert "API token created" in page and "Company changed" not in page
    page = rows(person=advisor.pk)
    assert "Company changed" in page and "API token created" not in page
    bad = client.get(reverse("core:audit"), {"since": "2026-02-01", "until": "2026-01-01"}).content.decode()
    assert 'role="alert"' in bad
