"""Changing what was recorded: working groups (name, sector, participants), events (title, kind,
date, working group) and their invitations. Each change is one transaction with an audit entry
that keeps the values before and after, in words a person reads (names, not ids)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from citymade.web.companies.models import Company
from citymade.web.core.audit import log_action
from citymade.web.portfolio.models import Event, Participation, Partner, WorkingGroup

__all__ = ["remove_invitation", "update_event", "update_working_group"]


def _group_state(group: WorkingGroup) -> dict[str, Any]:
    return {
        "name": group.name,
        "sector": group.sector,
        "members": sorted(group.members.values_list("name", flat=True)),
        "partners": sorted(group.partners.values_list("name", flat=True)),
    }


def _event_state(event: Event) -> dict[str, Any]:
    return {
        "title": event.title,
        "kind": event.kind,
        "date": event.date.isoformat() if event.date else None,
        "working_group": event.working_group.name if event.working_group_id and event.working_group else "",
    }


@transaction.atomic
def update_working_group(
    group: WorkingGroup, *, actor: Any, members: Iterable[Company], partners: Iterable[Partner] | None = None
) -> WorkingGroup:
    """Save a changed working group and its participants (companies and, when given, partners); an
    organisation taken off ends its membership of the group (its past attendance stays)."""
    before = _group_state(WorkingGroup.objects.get(pk=group.pk))
    group.full_clean()
    group.save()
    group.members.set(list(members))
    if partners is not None:
        group.partners.set(list(partners))
    after = _group_state(group)
    log_action("working_group.changed", actor=actor, obj=group, before=before, after=after)
    return group


@transaction.atomic
def update_event(event: Event, *, actor: Any) -> Event:
    """Save a changed event (its date moves its invitations to that year's figures)."""
    before = _event_state(Event.objects.select_related("working_group").get(pk=event.pk))
    event.full_clean()
    event.save()
    log_action("event.changed", actor=actor, obj=event, before=before, after=_event_state(event))
    return event


@transaction.atomic
def remove_invitation(invitation: Participation, *, actor: Any) -> None:
    """Take an organisation off an event's list (it no longer counts as invited)."""
    event = invitation.event
    name = str(invitation.company or invitation.partner)
    log_action(
        "event.invitation_removed",
        actor=actor,
        obj=event,
        company=invitation.company,
        before={"title": event.title, "organisation": name, "attended": invitation.attended},
        after={"title": event.title},
    )
    invitation.delete()
