"""Follow-up services and forms: every change is dated, recorded and audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from citymade.web.accounts.roles import Role
from citymade.web.companies.services import update_company
from citymade.web.core.models import AuditEntry
from citymade.web.portfolio import services
from citymade.web.portfolio.models import (
    Event,
    Milestone,
    Participation,
    Partner,
    Pivot,
    StatusChange,
    SupportAction,
)

D = dt.date


def test_a_new_company_starts_its_status_history(world):
    first = StatusChange.objects.get(company=world.own)
    assert (first.from_status, first.to_status) == ("", world.own.membership)


def test_change_status_records_dates_and_audits(world):
    advisor = world.users[Role.ADVISOR]
    change = services.change_status(world.own, to="alumni", date=D(2024, 6, 1), actor=advisor, note="moved away")
    world.own.refresh_from_db()
    assert world.own.membership == "alumni"
    assert (change.from_status, change.to_status, change.by) == ("member", "alumni", advisor)
    entry = AuditEntry.objects.get(action="company.status_changed")
    assert entry.company == world.own and entry.before == {"membership": "member"}
    assert entry.after == {"membership": "alumni", "date": "2024-06-01"}
    # A back-dated change adds history but does not change today's status.
    services.change_status(world.own, to="candidate", date=D(2020, 1, 1), actor=advisor)
    world.own.refresh_from_db()
    assert world.own.membership == "alumni"
    assert StatusChange.objects.filter(company=world.own).count() == 3


def test_a_status_changed_on_the_company_form_is_recorded_too(world):
    update_company(world.own, actor=world.users[Role.ADVISOR], data={"membership": "candidate"})
    latest = StatusChange.objects.filter(company=world.own).order_by("-pk").first()
    assert (latest.from_status, latest.to_status) == ("member", "candidate")


def test_unknown_status_and_support_type_are_refused(world):
    with pytest.raises(ValidationError):
        services.change_status(world.own, to="founder", actor=None)
    with pytest.raises(ValidationError):
        services.record_support_action(world.own, actor=None, type="coffee")
    assert not SupportAction.objects.exists()


def test_a_milestone_is_reached_once(world):
    services.record_milestone(world.own, actor=None, kind="break_even", date=D(2023, 1, 1))
    services.record_milestone(world.own, actor=None, kind="break_even", date=D(2024, 2, 2))
    assert list(Milestone.objects.values_list("date", flat=True)) == [D(2024, 2, 2)]


def test_advisor_records_follow_up_from_the_company_page(client, world):
    client.force_login(world.users[Role.ADVISOR])
    slug = world.own.slug
    response = client.post(
        reverse("portfolio:support_create", args=[slug]),
        {"date": "2024-04-04", "type": "industrial_support", "minutes": "120", "outcome": "Line layout reviewed", "advisor": ""},
    )
    assert response.status_code == 302
    action = SupportAction.objects.get()
    assert (action.type, action.minutes, action.advisor) == ("industrial_support", 120, world.users[Role.ADVISOR])
    client.post(reverse("portfolio:pivot_create", args=[slug]), {"date": "2024-05-05", "aspect": "market", "description": "B2B", "reason": "margins"})
    client.post(reverse("portfolio:milestone_create", args=[slug]), {"kind": "industrialised", "date": "2024-06-06"})
    client.post(reverse("portfolio:jobs_create", args=[slug]), {"date": "2024-06-06", "fte": "4.5"})
    client.post(reverse("portfolio:status_change", args=[slug]), {"to": "alumni", "date": "2024-07-07"})
    assert Pivot.objects.get().aspect == "market"
    assert Milestone.objects.get().kind == "industrialised"
    world.own.refresh_from_db()
    assert world.own.membership == "alumni"
    page = client.get(reverse("companies:detail", args=[slug])).content.decode()
    assert "Line layout reviewed" in page and "B2B" in page
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = client.post(reverse("portfolio:support_create", args=[slug]), {"date": future, "type": "advice", "minutes": "1"})
    assert response.status_code == 200 and SupportAction.objects.count() == 1


def test_the_company_user_sees_its_follow_up_without_the_staff_buttons(client, world):
    services.record_support_action(world.own, actor=None, type="advice", date=D(2024, 1, 1), outcome="Talked about rent")
    services.record_support_action(world.other, actor=None, type="advice", date=D(2024, 1, 1), outcome="Secret of the other")
    client.force_login(world.users[Role.COMPANY])
    page = client.get(reverse("companies:detail", args=[world.own.slug])).content.decode()
    assert "Talked about rent" in page and "Secret of the other" not in page
    assert reverse("portfolio:support_create", args=[world.own.slug]) not in page


def test_events_attendance_and_participation_rates(client, world):
    client.force_login(world.users[Role.ADVISOR])
    response = client.post(reverse("portfolio:groups"), {"form": "event", "title": "Textile meeting", "kind": "meeting", "date": "2024-03-03"})
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portfolio:attendance", args=[event.pk])
    client.post(
        reverse("portfolio:attendance", args=[event.pk]),
        {f"invited_{world.own.pk}": "on", f"attended_{world.own.pk}": "on", f"invited_{world.other.pk}": "on"},
    )
    assert sorted(Participation.objects.values_list("company_id", "attended")) == sorted([(world.own.pk, True), (world.other.pk, False)])
    partner = Partner.objects.create(name="Agence", joined_on=D(2020, 1, 1))
    services.set_attendance(event, actor=None, partners=[(partner, True)])
    page = client.get(reverse("portfolio:groups")).content.decode()
    assert "67 %" in page  # overall: 2 of 3 invitations attended
    own_row = page.split(f"<td>{world.own.name}</td>")[1].split("</tr>")[0]
    assert ">1</td>" in own_row and "100 %" in own_row


def test_partners_are_added_with_their_dates(client, world):
    client.force_login(world.users[Role.ADVISOR])
    client.post(reverse("portfolio:partners"), {"name": "Innoviris", "organisation_type": "public", "joined_on": "2023-02-01"})
    partner = Partner.objects.get()
    assert (partner.name, partner.joined_on, partner.left_on) == ("Innoviris", D(2023, 2, 1), None)
    assert partner.organisation_type == "public"
    # a partner can be a company: the form offers every organisation type
    client.post(reverse("portfolio:partners"), {"name": "Atelier SA", "organisation_type": "company", "joined_on": "2023-02-01"})
    assert Partner.objects.get(name="Atelier SA").organisation_type == "company"
    assert AuditEntry.objects.filter(action="partner.created").exists()


def test_a_working_group_is_created_with_its_participants(client, world):
    from citymade.web.portfolio.models import WorkingGroup

    client.force_login(world.users[Role.ADVISOR])
    response = client.post(
        reverse("portfolio:groups"),
        {"form": "group", "group-name": "Textile", "group-slug": "textile", "group-sector": "textile", "group-members": [world.own.pk]},
    )
    assert response.status_code == 302
    group = WorkingGroup.objects.get()
    assert list(group.members.all()) == [world.own]
    assert AuditEntry.objects.filter(action="working_group.saved").exists()
    assert "Textile" in client.get(reverse("portfolio:groups")).content.decode()


def test_an_advisor_changes_a_support_action_and_the_audit_keeps_the_old_values(client, world):
    advisor = world.users[Role.ADVISOR]
    action = services.record_support_action(world.own, actor=advisor, type="advice", date=D(2024, 1, 1), minutes=30, outcome="First talk")
    client.force_login(advisor)
    url = reverse("portfolio:support_edit", args=[action.pk])
    page = client.get(url).content.decode()
    assert "First talk" in page and 'value="30"' in page  # the form starts from what was recorded
    assert url in client.get(reverse("companies:detail", args=[world.own.slug])).content.decode()
    response = client.post(url, {"date": "2024-01-02", "type": "industrial_support", "minutes": "90", "outcome": "Layout reviewed", "advisor": ""})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.type, action.minutes, action.outcome, action.date) == ("industrial_support", 90, "Layout reviewed", D(2024, 1, 2))
    assert action.advisor == advisor  # an empty advisor field keeps the one recorded
    entry = AuditEntry.objects.get(action="support_action.changed")
    assert entry.before["minutes"] == 30 and entry.after["minutes"] == 90 and entry.company == world.own
    # a future date is refused on the form, nothing changes
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert client.post(url, {"date": future, "type": "advice", "minutes": "1"}).status_code == 200
    action.refresh_from_db()
    assert action.minutes == 90


def test_the_company_user_cannot_change_support_actions(client, world):
    action = services.record_support_action(world.own, actor=None, type="advice", date=D(2024, 1, 1), outcome="Talked about rent")
    client.force_login(world.users[Role.COMPANY])
    assert reverse("portfolio:support_edit", args=[action.pk]) not in client.get(reverse("companies:detail", args=[world.own.slug])).content.decode()
    assert client.post(reverse("portfolio:support_edit", args=[action.pk]), {"date": "2024-01-01", "type": "advice", "minutes": "5"}).status_code == 403
    action.refresh_from_db()
    assert action.minutes == 0


def test_update_support_action_refuses_unknown_types_and_fields(world):
    action = services.record_support_action(world.own, actor=None, type="advice", date=D(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.update_support_action(action, actor=None, type="coffee")
    with pytest.raises(TypeError):
        services.update_support_action(action, actor=None, company=world.other)
    action.refresh_from_db()
    assert (action.type, action.company) == ("advice", world.own)
