"""Portfolio API: support actions listed by scope and paginated, created by staff only."""

from __future__ import annotations

import datetime as dt

import pytest

from citymade.web.accounts.roles import Role
from citymade.web.core.models import AuditEntry
from citymade.web.portfolio.models import SupportAction


def _body(company_id: int, **kw) -> dict:
    return {"company_id": company_id, "type": "rd_subsidy", "date": "2024-05-02", "minutes": 90, "outcome": "Filed", **kw}


@pytest.mark.parametrize(("role", "status"), [(Role.ADMIN, 201), (Role.ADVISOR, 201), (Role.COMPANY, 403), (Role.OBSERVER, 403)])
def test_only_staff_create_support_actions(client, world, role, status):
    client.force_login(world.users[role])
    response = client.post("/api/portfolio/support-actions", _body(world.own.pk), content_type="application/json")
    assert response.status_code == status
    assert SupportAction.objects.count() == (1 if status == 201 else 0)
    if status == 201:
        assert response.json()["type"] == "rd_subsidy" and response.json()["advisor"] == world.users[role].username
        assert AuditEntry.objects.filter(action="support_action.created", company=world.own).exists()


def test_unknown_type_or_future_date_is_refused(client, world):
    client.force_login(world.users[Role.ADVISOR])
    assert client.post("/api/portfolio/support-actions", _body(world.own.pk, type="coffee"), content_type="application/json").status_code == 422
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    assert client.post("/api/portfolio/support-actions", _body(world.own.pk, date=future), content_type="application/json").status_code == 422
    assert SupportAction.objects.count() == 0


def test_the_list_is_paginated_and_scoped(client, world):
    for i in range(55):
        SupportAction.objects.create(company=world.own if i % 5 else world.other, type="advice", date=dt.date(2024, 1, 1))
    client.force_login(world.users[Role.ADVISOR])
    first = client.get("/api/portfolio/support-actions").json()
    assert first["count"] == 55 and len(first["items"]) == 50
    assert len(client.get("/api/portfolio/support-actions?offset=50").json()["items"]) == 5
    client.force_login(world.users[Role.COMPANY])
    own = client.get("/api/portfolio/support-actions").json()
    assert own["count"] == 44 and {item["company_id"] for item in own["items"]} == {world.own.pk}


def test_a_token_that_may_only_read_cannot_create(client, world):
    from citymade.web.accounts.tokens import create_token

    _token, key = create_token(user=world.users[Role.ADVISOR], name="read", scope="read")
    response = client.post(
        "/api/portfolio/support-actions", _body(world.own.pk), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 403


def test_staff_change_a_support_action_and_others_may_not(client, world):
    action = SupportAction.objects.create(company=world.own, type="advice", date=dt.date(2024, 1, 1), minutes=10)
    url = f"/api/portfolio/support-actions/{action.pk}"
    for role in (Role.COMPANY, Role.OBSERVER):
        client.force_login(world.users[role])
        assert client.patch(url, {"minutes": 99}, content_type="application/json").status_code == 403
    client.force_login(world.users[Role.ADVISOR])
    response = client.patch(url, {"minutes": 45, "outcome": "Subsidy filed"}, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["minutes"], response.json()["outcome"], response.json()["type"]) == (45, "Subsidy filed", "advice")
    entry = AuditEntry.objects.get(action="support_action.changed")
    assert entry.before["minutes"] == 10 and entry.after["minutes"] == 45
    # refused changes leave it as it was, each with the error shape
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    for body in ({"type": "coffee"}, {"date": future}, {"minutes": None}):
        refused = client.patch(url, body, content_type="application/json")
        assert refused.status_code == 422, body
        assert refused.json()["error"]["code"] == "validation"
    assert client.patch("/api/portfolio/support-actions/999999", {"minutes": 1}, content_type="application/json").status_code == 404
    action.refresh_from_db()
    assert (action.minutes, action.type) == (45, "advice")
