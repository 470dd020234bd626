"""Portfolio API: support actions (list, read one, record, change) and the annual review (staff only).

Support actions follow the pages' scoping: staff see all, a company user its own company's,
observers none (403). Recording one and reading the review are for cluster staff; recording goes
through :func:`citymade.web.portfolio.services.record_support_action` (validated, audited).
"""


import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from citymade.portfolio.review import REVIEW_KEYS
from citymade.web.accounts.roles import PEOPLE, STAFF, Role
from citymade.web.api.documents import ReviewOut
from citymade.web.api.errors import ApiError, errors
from citymade.web.api.main import api
from citymade.web.api.pagination import Page
from citymade.web.api.scoping import MAX_INT, Date, Id, InputSchema, visible, visible_company
from citymade.web.core.access import api_allow
from citymade.web.portfolio import services
from citymade.web.portfolio.keyfigures import key_figures
from citymade.web.portfolio.models import SupportAction
from citymade.web.portfolio.reviewing import review_for

router = Router(tags=["portfolio"])
FIRST_REVIEW_YEAR = 1990


class SupportActionOut(Schema):
    id: int
    company_id: int
    company: str
    date: dt.date
    type: str
    advisor: str | None = None
    minutes: int
    outcome: str
    diagnostic_id: int | None = None
    recommendation: str

    @staticmethod
    def resolve_company(obj: SupportAction) -> str:
        return obj.company.name

    @staticmethod
    def resolve_advisor(obj: SupportAction) -> str | None:
        return obj.advisor.username if obj.advisor else None


class SupportActionIn(InputSchema):
    company_id: int = Field(..., ge=1, le=2**63 - 1)
    type: str = Field(..., max_length=40, description="A support type id of the framework (advice, rd_subsidy …).")
    date: Date | None = Field(None, description="Default today; not in the future.")
    minutes: int = Field(0, ge=0, le=MAX_INT)
    outcome: str = Field("", max_length=5000)
    diagnostic_id: int | None = Field(None, ge=1, le=MAX_INT)
    recommendation: str = Field("", max_length=80)


class SupportActionChanges(InputSchema):
    """What a PATCH may change (the company stays); absent fields keep their value."""

    type: str = Field(None, max_length=40, description="A support type id of the framework.")
    date: Date = Field(None, description="Not in the future.")
    minutes: int = Field(None, ge=0, le=MAX_INT)
    outcome: str = Field(None, max_length=5000)
    diagnostic_id: int | None = Field(None, ge=1, le=MAX_INT)
    recommendation: str = Field(None, max_length=80)


class ReviewQuery(Schema):
    year: int = Field(..., description="The year reviewed (1990 to this year).")


def _visible_actions(request: HttpRequest) -> Any:
    return SupportAction.objects.visible_to(request.user).select_related("company", "advisor")


@router.get(
    "/support-actions",
    response={200: list[SupportActionOut], **errors(401, 403, 422)},
    summary="Support actions you may see, newest first",
)
@paginate(Page)
@api_allow(*PEOPLE)
def list_support_actions(request: HttpRequest) -> Any:
    return _visible_actions(request)


@router.post(
    "/support-actions",
    response={201: SupportActionOut, **errors(400, 401, 403, 404, 422)},
    summary="Record a support action (cluster staff)",
)
@api_allow(*STAFF)
def create_support_action(request: HttpRequest, payload: SupportActionIn) -> Any:
    company = visible_company(request, payload.company_id)
    if payload.date and payload.date > timezone.localdate():
        raise ApiError(422, _("Some values are not valid: see the details."),
                       details=[{"loc": ["body", "date"], "message": _("The date is in the future.")}])
    action = services.record_support_action(
        company,
        actor=request.user,
        type=payload.type,
        date=payload.date,
        minutes=payload.minutes,
        outcome=payload.outcome,
        diagnostic_id=payload.diagnostic_id,
        recommendation=payload.recommendation,
    )
    return Status(201, action)


@router.get(
    "/support-actions/{action_id}",
    response={200: SupportActionOut, **errors(401, 403, 404, 422)},
    summary="One support action",
)
@api_allow(*PEOPLE)
def get_support_action(request: HttpRequest, action_id: Id) -> SupportAction:
    return visible(_visible_actions(request), action_id, _("There is no support action with this id, or you may not see it."))


@router.patch(
    "/support-actions/{action_id}",
    response={200: SupportActionOut, **errors(400, 401, 403, 404, 422)},
    summary="Change a support action (cluster staff)",
)
@api_allow(*STAFF)
def update_support_action(request: HttpRequest, action_id: Id, payload: SupportActionChanges) -> SupportAction:
    action = visible(_visible_actions(request), action_id, _("There is no support action with this id, or you may not see it."))
    changes = payload.dict(exclude_unset=True)
    if changes.get("date") and changes["date"] > timezone.localdate():
        raise ApiError(422, _("Some values are not valid: see the details."),
                       details=[{"loc": ["body", "date"], "message": _("The date is in the future.")}])
    return services.update_support_action(action, actor=request.user, **changes)


@router.get(
    "/review",
    response={200: ReviewOut, **errors(401, 403, 422)},
    summary=f"The annual review of a year ({', '.join(REVIEW_KEYS)})",
)
@api_allow(*STAFF)
def annual_review(request: HttpRequest, query: Query[ReviewQuery]) -> dict[str, Any]:
    this_year = timezone.localdate().year
    if not FIRST_REVIEW_YEAR <= query.year <= this_year:
        raise ApiError(
            422,
            _("Some values are not valid: see the details."),
            details=[{"loc": ["query", "year"], "message": _("The year must be between 1990 and this year.")}],
        )
    return review_for(query.year).as_json()


class GroupCount(Schema):
    label: str | None = Field(description="The group (null: not known).")
    count: int | None = Field(description="Companies in the group; null when hidden: fewer than `minimum`, or shown it would give such a group away (the same figures as the key figures page).")


class PortfolioFiguresOut(Schema):
    minimum: int = Field(description="Groups smaller than this are hidden.")
    total: int | None = Field(description="Members and candidates; null when fewer than `minimum`.")
    statuses: list[GroupCount]
    stages: list[GroupCount]
    models: list[GroupCount]
    municipalities: list[GroupCount]


@router.get(
    "/figures",
    response={200: PortfolioFiguresOut, **errors(401, 403, 422)},
    summary="The portfolio's anonymised counts (the figures page): by status, stage, model, municipality",
)
@api_allow(Role.ADMIN, Role.ADVISOR, Role.OBSERVER)
def figures(request: HttpRequest) -> dict[str, Any]:
    data = key_figures(get_language())

    def count(value: float | None) -> int | None:
        return None if value is None else int(value)

    unknown = {"stages": "none", "municipalities": ""}
    return {
        "minimum": data.minimum,
        "total": count(data.total.value),
        **{
            key: [{"label": None if row.key == unknown.get(key, "-") else str(row.label), "count": count(row.value)} for row in rows]
            for key, _title, rows in data.sections
        },
    }


api.add_router("/portfolio", router)
