"""The portfolio's panels on the company page: follow-up (staff, own company) and peer benchmarks."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language

from citymade.portfolio import vocabulary
from citymade.web.accounts.roles import STAFF_ROLES, Role
from citymade.web.companies.models import Company
from citymade.web.core.shaped import Shaped
from citymade.web.portfolio.models import Milestone, Pivot, StatusChange, SupportAction
from citymade.web.portfolio.panel_rows import actions_html, plan_html
from citymade.web.portfolio.peers import dimension_labels, peer_groups

# what the follow-up panel reads, each statement written once (citymade.web.core.shaped)
_ACTIONS = Shaped(
    lambda company_id: SupportAction.objects.filter(company_id=company_id).select_related("advisor")[:10],
    int,
    name="latest support actions",
)
_STATUSES = Shaped(
    lambda company_id: StatusChange.objects.filter(company_id=company_id).order_by("-date", "-pk")[:10],
    int,
    name="latest status changes",
)
_PIVOTS = Shaped(lambda company_id: Pivot.objects.filter(company_id=company_id)[:10], int, name="latest pivots")
_MILESTONES = Shaped(lambda company_id: Milestone.objects.filter(company_id=company_id), int, name="milestones")


def company_panel(request: HttpRequest, company: Company) -> dict[str, Any] | None:
    """Status history, latest support actions, pivots and milestones (staff and the company itself)."""
    user = request.user
    if user.role not in STAFF_ROLES and not (user.role == Role.COMPANY and user.company_id == company.pk):
        return None
    language = get_language()
    actions = _ACTIONS(company.pk)
    for action in actions:
        action.type_label = vocabulary.label("support", action.type, language)  # type: ignore[attr-defined]
    from citymade.web.portfolio.plan import plan_of, progress

    plan = plan_of(company, language)
    done, total = progress(plan)
    staff = user.role in STAFF_ROLES
    return {
        "staff": staff,
        "plan": plan,
        "plan_html": plan_html(plan, slug=company.slug, staff=staff),
        "actions_html": actions_html(actions, staff=staff),
        "plan_done": done,
        "plan_total": total,
        "statuses": _STATUSES(company.pk),
        "actions": actions,
        "pivots": _PIVOTS(company.pk),
        "milestones": _MILESTONES(company.pk),
    }


def peer_panel(request: HttpRequest, company: Company) -> dict[str, Any] | None:
    """The company's scores against anonymised peers; only for groups of at least five peers."""
    if request.user.role not in (*STAFF_ROLES, Role.COMPANY):
        return None
    language = get_language()
    groups = peer_groups(company, language)
    if not groups:
        return None
    labels = dimension_labels(language)
    shown = [
        {
            "title": g.title,
            "peers": g.peers,
            "rows": None if g.rows is None else [_row(labels.get(r.dimension, r.dimension), r) for r in g.rows],
        }
        for g in groups
    ]
    return {"groups": shown}


def _row(label: str, row: Any) -> dict[str, Any]:
    return {
        "label": label,
        "own": whole(row.own),
        "median": whole(row.median),
        "low": whole(row.low),
        "high": whole(row.high),
        "peers": row.peers,
    }


def whole(value: float | None) -> str:
    """A score as the template filters ``floatformat:0|default:"—"`` write it — rounded half up,
    no thousands separator (scores are 0–100) — without their cost: a company page shows up to
    ~200 of them, and the filters took a sixth of the page's CPU. Checked against the filters by a test.
    """
    if value is None:
        return "—"
    return str(int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
