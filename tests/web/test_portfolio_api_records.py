"""Portfolio API for the history: staff create dated status changes, jobs, partners, working
groups and participants, events and attendance; company users and observers are refused."""

from __future__ import annotations

import datetime as dt

import pytest

from citymade.web.accounts.roles import Role
from citymade.web.core.models import AuditEntry
from citymade.web.portfolio.models import (
    Event,
    JobsFigure,
    Participation,
    Partner,
    StatusChange,
    WorkingGroup,
)

LAST = dt.date.today().year - 1


def _post(client, path, body, **kw):
    return client.post(f"/api/portfolio/{path}", body, content_type="application/json", **kw)


def _bodies(world):
    return {
        "status-changes": {"company_id": world.own.pk, "status": "member", "date": f"{LAST}-02-01"},
        "jobs": {"company_id": world.own.pk, "date": f"{LAST}-12-31", "fte": 4.5},
        "partners": {"name": "Hub", "organisation_type": "public", "joined_on": f"{LAST}-01-01"},
        "working-groups": {"name": "Textile", "company_ids": [world.own.pk]},
        "events": {"title": "Visit", "kind": "visit", "date": f"{LAST}-03-01"},
    }


@pytest.mark.parametrize("role", [Role.COMPANY, Role.OBSERVER])
def test_company_users_and_observers_may_not_create(client, world, role):
    client.force_login(world.users[role])
    for path, body in _bodies(world).items():
        assert _post(client, path, body).status_code == 403, path
    event = Event.objects.create(title="Open day", kind="open_day", date=dt.date(LAST, 5, 1))
    assert _post(client, f"events/{event.pk}/attendance", {"companies": [{"id": world.own.pk, "attended": True}]}).status_code == 403
    assert not StatusChange.objects.filter(date=dt.date(LAST, 2, 1)).exists()
    assert not (JobsFigure.objects.exists() or Partner.objects.exists() or WorkingGroup.objects.exists() or Participation.objects.exists())


def test_staff_create_each_record_audited(client, world):
    client.force_login(world.users[Role.ADVISOR])
    made = {path: _post(client, path, body) for path, body in _bodies(world).items()}
    assert {path: r.status_code for path, r in made.items()} == dict.fromkeys(made, 201)
    assert StatusChange.objects.filter(company=world.own, to_status="member", date=dt.date(LAST, 2, 1)).exists()
    assert float(JobsFigure.objects.get(company=world.own).fte) == 4.5
    partner = Partner.objects.get(name="Hub")
    group = WorkingGroup.objects.get(pk=made["working-groups"].json()["id"])
    assert made["working-groups"].json()["company_ids"] == [world.own.pk]
    response = _post(client, f"working-groups/{group.pk}/members", {"company_ids": [world.other.pk]})
    assert response.status_code == 200 and response.json()["company_ids"] == sorted([world.own.pk, world.other.pk])
    event_id = made["events"].json()["id"]
    world.own.membership = "alumni"  # a former member's past attendance can be entered
    world.own.save()
    response = _post(client, f"events/{event_id}/attendance",
                     {"companies": [{"id": world.own.pk, "attended": True}], "partners": [{"id": partner.pk, "attended": False}]})
    assert response.status_code == 200
    assert {(i["company_id"], i["partner_id"], i["attended"]) for i in response.json()["invitations"]} == {
        (world.own.pk, None, True), (None, partner.pk, False)}
    assert AuditEntry.objects.filter(action__in=["partner.created", "event.created", "event.attendance_recorded", "jobs.recorded"]).count() == 4


def test_bad_values_are_refused_and_nothing_written(client, world):
    client.force_login(world.users[Role.ADVISOR])
    future = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    assert _post(client, "status-changes", {"company_id": world.own.pk, "status": "member", "date": future}).status_code == 422
    assert _post(client, "status-changes", {"company_id": world.own.pk, "status": "founder", "date": f"{LAST}-01-01"}).status_code == 422
    assert _post(client, "partners", {"name": "X", "joined_on": f"{LAST}-05-01", "left_on": f"{LAST}-01-01"}).status_code == 422
    assert _post(client, "working-groups", {"name": "G", "company_ids": [999999]}).status_code == 422
    assert _post(client, "events", {"title": "E", "kind": "party", "date": f"{LAST}-01-01"}).status_code == 422
    assert _post(client, "events/999999/attendance", {"companies": []}).status_code == 404
    assert not (Partner.objects.exists() or WorkingGroup.objects.exists() or Event.objects.exists())


def test_a_read_token_may_not_create(client, world):
    from citymade.web.accounts.tokens import create_token

    _token, key = create_token(user=world.users[Role.ADVISOR], name="read", scope="read")
    response = _post(client, "partners", _bodies(world)["partners"], HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 403 and not Partner.objects.exists()
    _token, key = create_token(user=world.users[Role.ADVISOR], name="write", scope="write")
    assert _post(client, "partners", _bodies(world)["partners"], HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 201
