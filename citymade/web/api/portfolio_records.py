"""Portfolio API: load the cluster's history one record at a time (cluster staff, a write token or
the session): dated status changes, jobs figures, partners, working groups and their
participants, events and their attendance (companies and partners, former members included).

Each operation calls the service the pages and the imports use (validated, audited); a date in
the future is refused, as in the imports.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from citymade.web.accounts.roles import STAFF
from citymade.web.api.errors import ApiError, errors
from citymade.web.api.main import api
from citymade.web.api.scoping import (
    MAX_ID,
    Date,
    Id,
    InputSchema,
    Number,
    text,
    visible,
    visible_company,
)
from citymade.web.companies.models import Company
from citymade.web.core.access import api_allow
from citymade.web.portfolio import services
from citymade.web.portfolio.loading import group_slug
from citymade.web.portfolio.models import Event, JobsFigure, Partner, StatusChange, WorkingGroup

router = Router(tags=["portfolio"])
MAX_LIST = 500

CompanyIds = list[int]


def _not_future(**dates: dt.date | None) -> None:
    today = timezone.localdate()
    wrong = [name for name, day in dates.items() if day is not None and day > today]
    if wrong:
        raise ApiError(422, _("Some values are not valid: see the details."),
                       details=[{"loc": ["body", name], "message": _("The date is in the future.")} for name in wrong])


def _companies(ids: list[int], field: str) -> list[Company]:
    found = {c.pk: c for c in Company.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ApiError(422, _("Some values are not valid: see the details."),
                       details=[{"loc": ["body", field], "message": _("There is no company with the id %(id)d.") % {"id": i}} for i in missing[:20]])
    return [found[i] for i in dict.fromkeys(ids)]


# Status changes and jobs -------------------------------------------------------------------------


class StatusChangeIn(InputSchema):
    company_id: int = Field(..., ge=1, le=MAX_ID)
    status: str = Field(..., max_length=16, description="prospect, candidate, member, alumni or stopped (a candidate who stopped).")
    date: Date = Field(..., description="The day the company got this status; not in the future.")
    note: text(300) = ""  # type: ignore[valid-type]


class StatusChangeOut(Schema):
    id: int
    company_id: int
    from_status: str
    to_status: str
    date: dt.date
    note: str


@router.post("/status-changes", response={201: StatusChangeOut, **errors(400, 401, 403, 404, 422)},
             summary="Record a dated status change of a company (cluster staff)")
@api_allow(*STAFF)
def create_status_change(request: HttpRequest, payload: StatusChangeIn) -> Any:
    company = visible_company(request, payload.company_id)
    _not_future(date=payload.date)
    change: StatusChange = services.change_status(company, to=payload.status, actor=request.user, date=payload.date, note=payload.note)
    return Status(201, change)


class JobsIn(InputSchema):
    company_id: int = Field(..., ge=1, le=MAX_ID)
    date: Date = Field(..., description="The day of the figure (31 December for a year's); not in the future.")
    fte: Number = Field(..., ge=0, le=100_000, description="Jobs in full-time equivalents (one decimal).")


class JobsOut(Schema):
    id: int
    company_id: int
    date: dt.date
    fte: float


@router.post("/jobs", response={201: JobsOut, **errors(400, 401, 403, 404, 422)},
             summary="Record a company's jobs (FTE) on a date (cluster staff)")
@api_allow(*STAFF)
def create_jobs(request: HttpRequest, payload: JobsIn) -> Any:
    company = visible_company(request, payload.company_id)
    _not_future(date=payload.date)
    figure: JobsFigure = services.record_jobs(company, actor=request.user, date=payload.date, fte=payload.fte)
    return Status(201, figure)


# Partners ----------------------------------------------------------------------------------------


class PartnerIn(InputSchema):
    name: text(200, min_length=1) = Field(...)  # type: ignore[valid-type]
    organisation_type: str = Field(
        Partner.OrganisationType.SUPPORT, max_length=16,
        description="company, association (or non-profit), research (or education), public (public body) or support (support organisation).",
    )
    joined_on: Date = Field(..., description="Partner since; not in the future.")
    left_on: Date | None = Field(None, description="Partner until; empty while the partnership lasts.")
    website: str = Field("", max_length=200)


class PartnerOut(Schema):
    id: int
    name: str
    organisation_type: str
    joined_on: dt.date
    left_on: dt.date | None = None
    website: str


@router.post("/partners", response={201: PartnerOut, **errors(400, 401, 403, 422)}, summary="Record a partner (cluster staff)")
@api_allow(*STAFF)
def create_partner(request: HttpRequest, payload: PartnerIn) -> Any:
    _not_future(joined_on=payload.joined_on, left_on=payload.left_on)
    if payload.left_on is not None and payload.left_on < payload.joined_on:
        raise ApiError(422, _("Some values are not valid: see the details."),
                       details=[{"loc": ["body", "left_on"], "message": _("The end of the partnership comes before its start.")}])
    partner = services.add_partner(actor=request.user, **payload.dict())
    return Status(201, partner)


# Working groups ----------------------------------------------------------------------------------


class WorkingGroupIn(InputSchema):
    name: text(120, min_length=1) = Field(...)  # type: ignore[valid-type]
    sector: str = Field("", max_length=60)
    company_ids: CompanyIds = Field(default_factory=list, max_length=MAX_LIST, description="The participants.")


class MembersIn(InputSchema):
    company_ids: CompanyIds = Field(..., min_length=1, max_length=MAX_LIST, description="Companies to add as participants.")


class WorkingGroupOut(Schema):
    id: int
    name: str
    slug: str
    sector: str
    company_ids: list[int]

    @staticmethod
    def resolve_company_ids(obj: WorkingGroup) -> list[int]:
        return sorted(obj.members.values_list("pk", flat=True))


@router.post("/working-groups", response={201: WorkingGroupOut, **errors(400, 401, 403, 422)},
             summary="Create a working group with its participants (cluster staff)")
@api_allow(*STAFF)
def create_working_group(request: HttpRequest, payload: WorkingGroupIn) -> Any:
    members = _companies(payload.company_ids, "company_ids")
    group = WorkingGroup(name=payload.name, slug=group_slug(payload.name), sector=payload.sector)
    return Status(201, services.save_working_group(group, actor=request.user, members=members))


@router.post("/working-groups/{group_id}/members", response={200: WorkingGroupOut, **errors(400, 401, 403, 404, 422)},
             summary="Add participants to a working group (cluster staff)")
@api_allow(*STAFF)
def add_working_group_members(request: HttpRequest, group_id: Id, payload: MembersIn) -> Any:
    group = visible(WorkingGroup.objects.all(), group_id, _("There is no working group with this id."))
    members = list(group.members.all())
    members += [c for c in _companies(payload.company_ids, "company_ids") if c not in members]
    return services.save_working_group(group, actor=request.user, members=members)


# Events and attendance ---------------------------------------------------------------------------


class EventIn(InputSchema):
    title: text(200, min_length=1) = Field(...)  # type: ignore[valid-type]
    kind: str = Field(..., max_length=16, description="visit, open_day or meeting.")
    date: Date = Field(..., description="Not in the future.")
    working_group_id: int | None = Field(None, ge=1, le=MAX_ID)


class EventOut(Schema):
    id: int
    title: str
    kind: str
    date: dt.date
    working_group_id: int | None = None


@router.post("/events", response={201: EventOut, **errors(400, 401, 403, 404, 422)}, summary="Record an event (cluster staff)")
@api_allow(*STAFF)
def create_event(request: HttpRequest, payload: EventIn) -> Any:
    _not_future(date=payload.date)
    group = None
    if payload.working_group_id is not None:
        group = visible(WorkingGroup.objects.all(), payload.working_group_id, _("There is no working group with this id."))
    event = services.create_event(actor=request.user, title=payload.title, kind=payload.kind, date=payload.date, working_group=group)
    return Status(201, event)


class Invitation(InputSchema):
    id: int = Field(..., ge=1, le=MAX_ID, description="The company's or the partner's id.")
    attended: bool = False


class AttendanceIn(InputSchema):
    companies: list[Invitation] = Field(default_factory=list, max_length=MAX_LIST, description="Companies invited (any status, former members too).")
    partners: list[Invitation] = Field(default_factory=list, max_length=MAX_LIST, description="Partners invited.")


class ParticipationOut(Schema):
    company_id: int | None = None
    partner_id: int | None = None
    attended: bool


class AttendanceOut(Schema):
    event_id: int
    invitations: list[ParticipationOut]


@router.post("/events/{event_id}/attendance", response={200: AttendanceOut, **errors(400, 401, 403, 404, 422)},
             summary="Invite organisations to an event and record who attended (cluster staff)")
@api_allow(*STAFF)
def record_attendance(request: HttpRequest, event_id: Id, payload: AttendanceIn) -> Any:
    event = visible(Event.objects.all(), event_id, _("There is no event with this id."))
    companies = {c.pk: c for c in _companies([i.id for i in payload.companies], "companies")}
    partner_ids = [i.id for i in payload.partners]
    partners = {p.pk: p for p in Partner.objects.filter(pk__in=partner_ids)}
    missing = [i for i in partner_ids if i not in partners]
    if missing:
        raise ApiError(422, _("Some values are not valid: see the details."),
                       details=[{"loc": ["body", "partners"], "message": _("There is no partner with the id %(id)d.") % {"id": i}} for i in missing[:20]])
    services.set_attendance(
        event, actor=request.user,
        companies=[(companies[i.id], i.attended) for i in payload.companies],
        partners=[(partners[i.id], i.attended) for i in payload.partners],
    )
    rows = event.participations.order_by("pk")
    return {"event_id": event.pk, "invitations": [{"company_id": r.company_id, "partner_id": r.partner_id, "attended": r.attended} for r in rows]}


api.add_router("/portfolio", router)
