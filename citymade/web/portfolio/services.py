"""What people do in the portfolio, one function each: views, API, CLI, demo and tests call these.

Every function writes its rows and an audit entry (``log_action``) in one transaction. Membership
changes go through :func:`change_status` only; a change made elsewhere (the company form) is caught
by :mod:`.signals` and recorded the same way, so the status history is complete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citymade.portfolio import vocabulary
from citymade.web.companies.models import Company
from citymade.web.core.audit import log_action, snapshot
from citymade.web.portfolio.models import (
    Event,
    JobsFigure,
    Milestone,
    Participation,
    Partner,
    Pivot,
    PlanItem,
    StatusChange,
    SupportAction,
    WorkingGroup,
)

__all__ = [
    "add_partner",
    "change_status",
    "create_event",
    "date_first_status",
    "record_jobs",
    "record_milestone",
    "record_pivot",
    "record_support_action",
    "save_working_group",
    "set_attendance",
]


def _actor(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def change_status(company: Company, *, to: str, actor: Any, date: dt.date | None = None, note: str = "") -> StatusChange:
    """Move ``company`` to membership status ``to`` on ``date`` (default today), logged and audited.

    The company's current status follows the latest dated change: a change dated before another
    recorded change only adds history.
    """
    if to not in Company.Membership.values:
        raise ValidationError({"to_status": _("Unknown membership status.")})
    date = date or timezone.localdate()
    # The automatic first record ("known as X since citymade knew the company") is dated the day
    # the company was entered; a change dated before that shows the first status held until then.
    company.status_changes.filter(from_status="", date__gt=date).update(date=date)
    previous = company.status_changes.filter(date__lte=date).order_by("-date", "-pk").first()
    from_status = previous.to_status if previous is not None else ""
    is_latest = not company.status_changes.filter(date__gt=date).exists()
    change = StatusChange.objects.create(
        company=company, from_status=from_status, to_status=to, date=date, by=_actor(actor), note=note
    )
    if is_latest:
        if company.membership != to:
            company.membership = to
            company._portfolio_status_recorded = True  # type: ignore[attr-defined]
            company.save(update_fields=["membership", "updated_at"])
    log_action(
        "company.status_changed",
        actor=actor,
        obj=change,
        company=company,
        before={"membership": from_status},
        after={"membership": to, "date": date.isoformat()},
    )
    return change


@transaction.atomic
def date_first_status(company: Company, *, actor: Any, date: dt.date) -> None:
    """Date a company's first status (recorded the day it was entered) on the day it really began:
    an import of members says since when they are members."""
    first = company.status_changes.filter(from_status="").order_by("date", "pk").first()
    if first is None or first.date == date:
        return
    before = first.date
    first.date = date
    first.save(update_fields=["date"])
    log_action(
        "company.status_changed",
        actor=actor,
        obj=first,
        company=company,
        before={"membership": first.to_status, "date": before.isoformat()},
        after={"membership": first.to_status, "date": date.isoformat()},
    )


def _check_support_type(type_id: str) -> None:
    if type_id not in vocabulary.support_types():
        raise ValidationError({"type": _("Unknown support type.")})


@transaction.atomic
def record_support_action(
    company: Company,
    *,
    actor: Any,
    type: str,
    date: dt.date | None = None,
    advisor: Any = None,
    minutes: int = 0,
    outcome: str = "",
    diagnostic_id: int | None = None,
    recommendation: str = "",
) -> SupportAction:
    """Record a support action (the advisor defaults to the person recording it)."""
    _check_support_type(type)
    action = SupportAction(
        company=company,
        type=type,
        date=date or timezone.localdate(),
        advisor=advisor if advisor is not None else _actor(actor),
        minutes=minutes,
        outcome=outcome,
        diagnostic_id=diagnostic_id,
        recommendation=recommendation,
    )
    action.full_clean()
    action.save()
    log_action("support_action.created", actor=actor, obj=action, after=snapshot(action))
    _answered(action, actor)
    return action


def _answered(action: SupportAction, actor: Any) -> None:
    """A support action that answers a recommendation of the plan marks that item done."""
    if action.diagnostic_id and action.recommendation:
        item = plan_item(action.company, action.diagnostic_id, action.recommendation)
        if item.status != PlanItem.Status.DONE:
            update_plan_item(item, actor=actor, status=PlanItem.Status.DONE, owner=item.owner, due_on=item.due_on)


def plan_item(company: Company, diagnostic_id: int, recommendation: str) -> PlanItem:
    """The follow-up of a recommendation (unsaved and open when nobody changed it yet)."""
    found = PlanItem.objects.filter(diagnostic_id=diagnostic_id, recommendation=recommendation).first()
    return found or PlanItem(company=company, diagnostic_id=diagnostic_id, recommendation=recommendation)


@transaction.atomic
def update_plan_item(item: PlanItem, *, actor: Any, status: str, owner: Any = None, due_on: dt.date | None = None) -> PlanItem:
    """Give a plan item its owner, due date and status (audited, before and after)."""
    before = {"status": item.status, "owner": item.owner_id, "due_on": item.due_on.isoformat() if item.due_on else None} if item.pk else None
    item.status, item.owner, item.due_on = status, owner, due_on
    item.full_clean(validate_unique=False)
    item.save()
    after = {"status": item.status, "owner": item.owner_id, "due_on": item.due_on.isoformat() if item.due_on else None}
    log_action("plan_item.changed", actor=actor, obj=item, before=before, after=after)
    return item


@transaction.atomic
def record_contact(company: Company, *, actor: Any, date: dt.date | None = None, note: str = "") -> Any:
    """Record a contact with ``company`` (a call, a visit): it clears "nobody contacted them" on the
    dashboard and never counts as a support action."""
    from citymade.web.portfolio.models import Contact

    contact = Contact(company=company, date=date or timezone.localdate(), by=_actor(actor), note=note[:300])
    contact.full_clean()
    contact.save()
    log_action("contact.recorded", actor=actor, obj=contact, after={"company": company.pk, "date": contact.date.isoformat(), "note": contact.note})
    return contact


#: What may change on a recorded support action (its company stays).
SUPPORT_FIELDS = ("type", "date", "advisor", "minutes", "outcome", "diagnostic_id", "recommendation")


@transaction.atomic
def update_support_action(action: SupportAction, *, actor: Any, **changes: Any) -> SupportAction:
    """Change a recorded support action; the audit entry keeps what it was before."""
    unknown = set(changes) - set(SUPPORT_FIELDS)
    if unknown:
        raise TypeError(f"not a support action field: {sorted(unknown)}")
    if "type" in changes:
        _check_support_type(changes["type"])
    before = snapshot(action)
    for name, value in changes.items():
        setattr(action, name, value)
    action.full_clean()
    action.save()
    log_action("support_action.changed", actor=actor, obj=action, before=before, after=snapshot(action))
    _answered(action, actor)
    return action


@transaction.atomic
def record_pivot(company: Company, *, actor: Any, date: dt.date, aspect: str, description: str, reason: str = "") -> Pivot:
    pivot = Pivot(company=company, date=date, aspect=aspect, description=description, reason=reason)
    pivot.full_clean()
    pivot.save()
    log_action("pivot.created", actor=actor, obj=pivot, after=snapshot(pivot))
    return pivot


@transaction.atomic
def record_milestone(company: Company, *, actor: Any, kind: str, date: dt.date, note: str = "") -> Milestone:
    """Record a milestone; a company reaches each kind once (a new date replaces the old one)."""
    existing = Milestone.objects.filter(company=company, kind=kind).first()
    before = snapshot(existing) if existing else None
    milestone = existing or Milestone(company=company, kind=kind)
    milestone.date, milestone.note = date, note
    milestone.full_clean(validate_constraints=existing is None)
    milestone.save()
    log_action("milestone.recorded", actor=actor, obj=milestone, before=before, after=snapshot(milestone))
    return milestone


@transaction.atomic
def record_jobs(company: Company, *, actor: Any, date: dt.date, fte: Decimal | float) -> JobsFigure:
    figure = JobsFigure(company=company, date=date, fte=Decimal(str(fte)).quantize(Decimal("0.1")))
    figure.full_clean()
    figure.save()
    log_action("jobs.recorded", actor=actor, obj=figure, after=snapshot(figure))
    return figure


@transaction.atomic
def update_partner(partner: Partner, *, actor: Any, **changes: Any) -> Partner:
    """Change a partner (its end of partnership above all: the counts of the years after follow),
    audited with before and after."""
    before = snapshot(partner)
    for name in ("name", "organisation_type", "joined_on", "left_on", "website"):
        if name in changes:
            setattr(partner, name, changes[name])
    partner.full_clean()
    if partner.left_on is not None and partner.left_on < partner.joined_on:
        raise ValidationError({"left_on": _("The end of the partnership comes before its start.")})
    partner.save()
    log_action("partner.changed", actor=actor, obj=partner, before=before, after=snapshot(partner))
    return partner


def add_partner(
    *, actor: Any, name: str, organisation_type: str = Partner.OrganisationType.SUPPORT, joined_on: dt.date,
    left_on: dt.date | None = None, website: str = "",
) -> Partner:
    partner = Partner(name=name, organisation_type=organisation_type, joined_on=joined_on, left_on=left_on, website=website)
    partner.full_clean()
    partner.save()
    log_action("partner.created", actor=actor, obj=partner, after=snapshot(partner))
    return partner


@transaction.atomic
def save_working_group(
    group: WorkingGroup, *, actor: Any, members: Iterable[Company], partners: Iterable[Partner] | None = None
) -> WorkingGroup:
    """Create or change a working group and set its participants (companies and, when given, partners)."""
    def state() -> dict[str, Any]:
        return {"members": sorted(group.members.values_list("pk", flat=True)), "partners": sorted(group.partners.values_list("pk", flat=True))}

    before = state() if group.pk else None
    group.full_clean()
    group.save()
    group.members.set(list(members))
    if partners is not None:
        group.partners.set(list(partners))
    log_action("working_group.saved", actor=actor, obj=group, before=before, after={**snapshot(group), **state()})
    return group


@transaction.atomic
def create_event(*, actor: Any, title: str, kind: str, date: dt.date, working_group: Any = None) -> Event:
    event = Event(title=title, kind=kind, date=date, working_group=working_group)
    event.full_clean()
    event.save()
    log_action("event.created", actor=actor, obj=event, after=snapshot(event))
    return event


def _attendance_state(event: Event) -> dict[str, Any]:
    """Who is on an event's list and who attended, by name (for the audit trail)."""
    rows = [(str(p.company or p.partner), p.attended) for p in event.participations.select_related("company", "partner")]
    return {"title": event.title, "invited": sorted(n for n, _a in rows), "attended": sorted(n for n, a in rows if a)}


@transaction.atomic
def set_attendance(
    event: Event, *, actor: Any, companies: Iterable[tuple[Company, bool]] = (), partners: Iterable[tuple[Partner, bool]] = ()
) -> list[Participation]:
    """Invite organisations to ``event`` and mark who attended (``(organisation, attended)`` pairs);
    the audit entry names who was invited and who attended, before and after."""
    before = _attendance_state(event)
    rows = []
    for company, attended in companies:
        row, _created = Participation.objects.update_or_create(event=event, company=company, defaults={"attended": attended})
        rows.append(row)
    for partner, attended in partners:
        row, _created = Participation.objects.update_or_create(event=event, partner=partner, defaults={"attended": attended})
        rows.append(row)
    after = _attendance_state(event)
    log_action(
        "event.attendance_recorded",
        actor=actor,
        obj=event,
        before=before,
        after={**after, "invited_count": len(rows), "attended_count": sum(1 for r in rows if r.attended)},
    )
    return rows
