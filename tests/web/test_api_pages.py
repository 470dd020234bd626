"""Filters and stable pages: following ``next`` links, no row is seen twice or missed while others
are inserted; ``updated_since``, ``company``, date ranges and ``ordering`` on diagnostics."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.diagnostics.models import Diagnostic
from tests.web.test_api_diagnostics import Api
from tests.web.test_api_errors import _error


def _diagnostic(company, day: int, **fields) -> Diagnostic:
    version = Diagnostic.objects.filter(company=company).count() + 1
    return Diagnostic.objects.create(
        company=company, version=version, framework_version="test", state="submitted",
        assessed_on=dt.date(2024, 1, 1) + dt.timedelta(days=day), result={"dimensions": []}, **fields,
    )


def _follow(api, url: str, between=None) -> list[int]:
    """Every id of a list, page by page through ``next``; ``between(n)`` runs after page n."""
    seen, pages = [], 0
    while url:
        page = api.get(url).json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        if between:
            between(pages)
        url = page["next"]
    return seen


def test_no_row_twice_or_missed_while_rows_are_inserted(client, world):
    existing = [_diagnostic(world.own if day % 2 else world.other, day).pk for day in range(1, 12)]
    api = Api(client, world.users[Role.ADVISOR])

    def insert(page: int) -> None:  # after each page someone records a newer and an older diagnostic
        _diagnostic(world.own, 100 + page)
        _diagnostic(world.other, -page)

    seen = _follow(api, "/api/diagnostics?limit=3", between=insert)
    assert len(seen) == len(set(seen)), "a row was seen twice"
    assert set(existing) <= set(seen), "a row was missed"

    # The same walk by offset shows why: the newer rows push an already read row onto the next page.
    by_offset, offset = [], 0
    total = Diagnostic.objects.count()
    while offset < total + 3:
        by_offset += [item["id"] for item in api.get(f"/api/diagnostics?limit=3&offset={offset}").json()["items"]]
        _diagnostic(world.own, 200 + offset)
        offset += 3
    assert len(by_offset) != len(set(by_offset))


def test_sync_by_updated_since_in_change_order(client, world):
    old = _diagnostic(world.own, 1)
    Diagnostic.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=30))
    since = timezone.now() - dt.timedelta(days=1)
    recent = [_diagnostic(world.own, day).pk for day in (5, 2, 9)]
    api = Api(client, world.users[Role.ADVISOR])
    url = f"/api/diagnostics?updated_since={since.isoformat().replace('+', '%2B')}&ordering=updated_at&limit=2"
    page = api.get(url).json()
    assert page["count"] == 3 and "cursor=" in page["next"] and "updated_since=" in page["next"]
    assert _follow(api, url) == recent  # oldest change first, the old one left out
    assert _follow(api, "/api/diagnostics?ordering=-updated_at") == [*reversed(recent), old.pk]
    assert _follow(api, "/api/diagnostics?ordering=date&limit=1") == [old.pk, recent[1], recent[0], recent[2]]


def test_company_and_date_filters_stay_within_what_the_caller_sees(client, world):
    own = _diagnostic(world.own, 10).pk
    other = [_diagnostic(world.other, day).pk for day in (3, 20)]
    staff = Api(client, world.users[Role.ADVISOR])
    assert _follow(staff, f"/api/diagnostics?company={world.other.pk}") == [other[1], other[0]]
    assert _follow(staff, "/api/diagnostics?date_from=2024-01-05&date_to=2024-01-15") == [own]
    company_user = Api(client, world.users[Role.COMPANY])
    assert _follow(company_user, f"/api/diagnostics?company={world.other.pk}") == []
    assert _follow(company_user, "/api/diagnostics") == [own]


def test_companies_updated_since_and_their_pages(client, world):
    Company.objects.filter(pk=world.own.pk).update(updated_at=timezone.now() - dt.timedelta(days=3))
    since = (timezone.now() - dt.timedelta(days=1)).isoformat().replace("+", "%2B")
    api = Api(client, world.users[Role.ADVISOR])
    page = api.get(f"/api/companies?updated_since={since}").json()
    assert [c["id"] for c in page["items"]] == [world.other.pk] and page["items"][0]["updated_at"]
    for i in range(5):
        Company.objects.create(name=f"Extra {i}", slug=f"extra-{i}")
    names = []
    url = "/api/companies?limit=2"
    while url:
        data = api.get(url).json()
        names += [c["name"] for c in data["items"]]
        url = data["next"]
    assert names == sorted(names) and len(names) == 7


def test_a_bad_cursor_is_refused(client, world):
    for day in range(3):
        _diagnostic(world.own, day)
    api = Api(client, world.users[Role.ADVISOR])
    error = _error(api.get("/api/diagnostics?cursor=nonsense"), 422, "validation")
    assert error["details"][0]["loc"] == ["query", "cursor"]
    cursor = api.get("/api/diagnostics?limit=1").json()["next"].split("cursor=")[1]
    _error(api.get(f"/api/diagnostics?ordering=updated_at&cursor={cursor}"), 422, "validation")
    _error(api.get(f"/api/diagnostics?offset=1&cursor={cursor}"), 422, "validation")
    _error(api.get("/api/diagnostics?ordering=name"), 422, "validation")


def test_edge_values_are_refused_or_read_never_a_server_error(client, world):
    _diagnostic(world.own, 1)
    api = Api(client, world.users[Role.ADVISOR])
    # Moments beyond the calendar's ends once converted to UTC: everything, or nothing.
    assert api.get("/api/diagnostics?updated_since=0001-01-01T00:00:00%2B23:59").json()["count"] == 1
    assert api.get("/api/diagnostics?updated_since=9999-12-31T23:59:59-23:59").json()["count"] == 0
    assert api.get("/api/companies?updated_since=9999-12-31T23:59:59-23:59").json()["count"] == 0
    for bad in ("updated_since=0.5", "updated_since=1", "updated_since=yesterday", "date_from=0", "date_to=2024-13-01"):
        error = _error(api.get(f"/api/diagnostics?{bad}"), 422, "validation")
        assert error["details"][0]["loc"] == ["query", bad.split("=")[0]], bad
    # A cursor whose values have the wrong types for their fields.
    import base64
    import json

    for values in ([{}, 1, 2], ["x", 1, 2], ["2024-01-01", "nope", 2], [True, 1, 2]):
        raw = json.dumps({"o": ["-assessed_on", "-version", "-pk"], "v": values}).encode()
        cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        _error(api.get(f"/api/diagnostics?cursor={cursor}"), 422, "validation")
