"""Rate limits: per token, per address, and repeated bad tokens answer 429 with Retry-After."""

from __future__ import annotations

import pytest

from citymade.web.accounts.roles import Role
from citymade.web.accounts.tokens import create_token
from tests.web.test_api_errors import _error


def _bearer(world, name: str = "script") -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=world.users[Role.ADVISOR], name=name, scope='read')[1]}"}


@pytest.fixture
def tiny(settings):
    settings.API_RATE_WINDOW_SECONDS = 3600
    settings.API_TOKEN_RATE_LIMIT = 3
    settings.API_ADDRESS_RATE_LIMIT = 0
    settings.API_BAD_TOKEN_LIMIT = 0
    return settings


def test_a_token_over_its_limit_gets_429_with_retry_after(client, world, tiny):
    auth = _bearer(world)
    assert [client.get("/api/companies", **auth).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/companies", HTTP_ACCEPT_LANGUAGE="en", **auth)
    error = _error(refused, 429, "too_many_requests")
    assert error["message"] == "Too many requests: try again later."
    assert 0 < int(refused["Retry-After"]) <= 3600
    # Another token of the same person is counted on its own.
    assert client.get("/api/companies", **_bearer(world, "other script")).status_code == 200


def test_an_address_over_its_limit_gets_429(client, world, tiny):
    tiny.API_TOKEN_RATE_LIMIT = 0
    tiny.API_ADDRESS_RATE_LIMIT = 2
    client.force_login(world.users[Role.ADVISOR])
    assert client.get("/api/companies").status_code == 200
    assert client.get("/api/companies", **_bearer(world)).status_code == 200
    _error(client.get("/api/nope"), 429, "too_many_requests")
    other = client.get("/api/companies", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200  # another address has its own count
    assert client.get("/companies/").status_code == 200  # pages are not counted


def test_repeated_bad_tokens_are_slowed_down(client, world, tiny):
    tiny.API_BAD_TOKEN_LIMIT = 3
    tiny.API_TOKEN_RATE_LIMIT = 0
    for attempt in range(3):
        _error(client.get("/api/companies", HTTP_AUTHORIZATION=f"Bearer cm_guess{attempt}"), 401, "not_authenticated")
    refused = client.get("/api/companies", HTTP_AUTHORIZATION="Bearer cm_guess9")
    _error(refused, 429, "too_many_requests")
    assert int(refused["Retry-After"]) > 0
    # Even the right token from that address waits for the window to end …
    _error(client.get("/api/companies", **_bearer(world)), 429, "too_many_requests")
    # … while another address is not affected.
    assert client.get("/api/companies", REMOTE_ADDR="192.0.2.8", **_bearer(world)).status_code == 200


def test_limits_are_off_at_zero(client, world, tiny):
    tiny.API_TOKEN_RATE_LIMIT = 0
    auth = _bearer(world)
    assert {client.get("/api/companies", **auth).status_code for _ in range(6)} == {200}
