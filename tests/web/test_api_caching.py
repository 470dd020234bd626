"""Conditional reads: ``ETag`` on every successful GET, ``Last-Modified`` where a change time
exists, and 304 while the caller's copy is current — a change makes the next read a full 200."""

from __future__ import annotations

import json

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.diagnostics import services
from tests.web.test_api_diagnostics import Api, example_answers, submitted_diagnostic


def test_a_list_answers_304_until_it_changes(client, world):
    api = Api(client, world.users[Role.ADVISOR], scope="read")
    first = api.get("/api/companies")
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"') and "private" in first["Cache-Control"]
    again = client.get("/api/companies", HTTP_IF_NONE_MATCH=etag, **api.auth)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert "Authorization" in again["Vary"]
    Company.objects.create(name="New Works", slug="new-works")
    changed = client.get("/api/companies", HTTP_IF_NONE_MATCH=etag, **api.auth)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "New Works" in changed.content.decode()


def test_the_etag_depends_on_the_caller(client, world):
    advisor = Api(client, world.users[Role.ADVISOR]).get("/api/companies")
    company = Api(client, world.users[Role.COMPANY]).get("/api/companies")
    assert advisor["ETag"] != company["ETag"]


def test_a_diagnostic_has_last_modified_and_answers_if_modified_since(client, world):
    diagnostic = submitted_diagnostic(world.own, world.users[Role.ADVISOR])
    api = Api(client, world.users[Role.ADVISOR])
    first = api.get(f"/api/diagnostics/{diagnostic.pk}")
    stamp = first["Last-Modified"]
    assert first.status_code == 200 and stamp.endswith("GMT")
    assert client.get(f"/api/diagnostics/{diagnostic.pk}", HTTP_IF_MODIFIED_SINCE=stamp, **api.auth).status_code == 304
    result = api.get(f"/api/diagnostics/{diagnostic.pk}/result")
    assert client.get(f"/api/diagnostics/{diagnostic.pk}/result", HTTP_IF_NONE_MATCH=result["ETag"], **api.auth).status_code == 304
    # Validated later: the old copy is no longer current.
    diagnostic.refresh_from_db()
    diagnostic.updated_at = diagnostic.updated_at.replace(year=diagnostic.updated_at.year + 1)
    diagnostic.save(update_fields=["updated_at"])
    assert client.get(f"/api/diagnostics/{diagnostic.pk}", HTTP_IF_MODIFIED_SINCE=stamp, **api.auth).status_code == 200


def test_the_streamed_export_answers_304_until_a_result_is_added(client, world):
    advisor = world.users[Role.ADVISOR]
    submitted_diagnostic(world.own, advisor)
    api = Api(client, advisor)
    first = api.get("/api/results")
    etag = first["ETag"]
    assert first.status_code == 200 and first["Last-Modified"]
    assert json.loads(b"".join(first.streaming_content))["count"] == 1
    assert client.get("/api/results", HTTP_IF_NONE_MATCH=etag, **api.auth).status_code == 304
    csv = client.get("/api/results?format=csv", HTTP_IF_NONE_MATCH=etag, **api.auth)
    assert csv.status_code == 200  # another representation, another ETag
    draft = services.start_diagnostic(company=world.other, user=advisor)  # a draft changes nothing exported
    assert client.get("/api/results", HTTP_IF_NONE_MATCH=etag, **api.auth).status_code == 304
    services.replace_answers(draft, user=advisor, answers=example_answers())
    services.submit(draft, user=advisor)
    after = client.get("/api/results", HTTP_IF_NONE_MATCH=etag, **api.auth)
    assert after.status_code == 200 and json.loads(b"".join(after.streaming_content))["count"] == 2
