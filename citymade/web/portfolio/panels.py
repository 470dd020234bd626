"""The portfolio's panels on the company page: follow-up (staff, own company) and peer benchmarks."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language

from citymade.portfolio import vocabulary
from citymade.web.accounts.roles import STAFF_ROLES, Role
from citymade.web.companies.models import Company
from citymade.web.portfolio.models import Milestone, Pivot, StatusChange, SupportAction
from citymade.web.portfolio.panel_rows import actions_html, plan_html
from citymade.web.portfolio.peers import dimension_labels, peer_groups


def company_panel(request: HttpRequest, company: Company) -> dict[str, Any] | None:
    """Status history, latest support actions, pivots and milestones (staff and the company itself)."""
    user = request.user
    if user.role not in STAFF_ROLES and not (user.role == Role.COMPANY and user.company_id == company.pk):
        return None
    language = get_language()
    actions = list(SupportAction.objects.filter(company=company).select_related("advisor")[:10])
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
        "statuses": StatusChange.objects.filter(company=company).order_by("-date", "-pk")[:10],
        "actions": actions,
        "pivots": Pivot.objects.filter(company=company)[:10],
        "milestones": Milestone.objects.filter(company=company),
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
