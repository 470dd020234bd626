"""Portfolio API: support actions (list and create) and the annual review (staff only).

Support actions follow the pages' scoping: staff see all, a company user its own company's,
observers none (403). Creating one and reading the review are for cluster staff.
"""


import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from citymade.portfolio.review import REVIEW_KEYS
from citymade.web.accounts.roles import Role
from citymade.web.api.main import api
from citymade.web.companies.models import Company
from citymade.web.core.access import api_allow
from citymade.web.portfolio import services
from citymade.web.portfolio.models import SupportAction
from citymade.web.portfolio.reviewing import review_for

router = Router(tags=["portfolio"])
STAFF = (Role.ADMIN, Role.ADVISOR)


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


class SupportActionIn(Schema):
    company_id: int
    type: str
    date: dt.date | None = None
    minutes: int = 0
    outcome: str = ""
    diagnostic_id: int | None = None
    recommendation: str = ""


class ReviewQuery(Schema):
    year: int


def _out(a: SupportAction) -> dict[str, Any]:
    return {
        "id": a.pk,
        "company_id": a.company_id,
        "company": a.company.name,
        "date": a.date,
        "type": a.type,
        "advisor": a.advisor.username if a.advisor else None,
        "minutes": a.minutes,
        "outcome": a.outcome,
        "diagnostic_id": a.diagnostic_id,
        "recommendation": a.recommendation,
    }


@router.get("/support-actions", response=list[SupportActionOut], summary="Support actions you may see, newest first")
@paginate(PageNumberPagination, page_size=50)
@api_allow(Role.ADMIN, Role.ADVISOR, Role.COMPANY)
def list_support_actions(request: HttpRequest) -> list[dict[str, Any]]:
    actions = SupportAction.objects.visible_to(request.user).select_related("company", "advisor")
    return [_out(a) for a in actions]


@router.post("/support-actions", response={201: SupportActionOut}, summary="Record a support action")
@api_allow(*STAFF)
def create_support_action(request: HttpRequest, payload: SupportActionIn) -> Status[dict[str, Any]]:
    company = get_object_or_404(Company.objects.visible_to(request.user), pk=payload.company_id)
    if payload.date and payload.date > timezone.localdate():
        raise HttpError(422, "The date is in the future.")
    try:
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
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from None
    return Status(201, _out(action))


@router.get("/review", response=dict[str, Any], summary=f"The annual review of a year ({', '.join(REVIEW_KEYS)})")
@api_allow(*STAFF)
def annual_review(request: HttpRequest, query: Query[ReviewQuery]) -> dict[str, Any]:
    if not 1990 <= query.year <= timezone.localdate().year:
        raise HttpError(422, "The year must be between 1990 and this year.")
    return review_for(query.year).as_json()


api.add_router("/portfolio", router)
