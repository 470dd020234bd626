"""A company's action plan as follow-up: the recommendations of its latest diagnostic that counts,
each with its owner, due date, status and the support actions that answer it."""

from __future__ import annotations

from functools import cache
from typing import Any

from citymade.i18n import resolve
from citymade.web.companies.models import Company
from citymade.web.core.shaped import Shaped
from citymade.web.portfolio.data import finished_diagnostics
from citymade.web.portfolio.models import PlanItem, SupportAction


def plan_of(company: Company, language: str) -> list[dict[str, Any]]:
    """The plan of ``company``'s latest counted diagnostic, in the plan's order; empty without one.

    A recommendation nobody followed up yet is open; a support action that answers it made it done
    (see :func:`citymade.web.portfolio.services.record_support_action`)."""
    shape = _latest_recommendations()
    if shape is None:
        return []
    # only its id and the recommendations of its result: the rest is large JSON the plan does not read
    latest = shape.first(company.pk)
    if latest is None:
        return []
    return plan_for(company, latest[0], {"recommendations": latest[1]}, language)


def plan_of_diagnostic(company: Company, diagnostic_id: int, language: str) -> list[dict[str, Any]]:
    """The plan of one of ``company``'s diagnostics (an earlier one: what became of its plan)."""
    from django.apps import apps

    if not apps.is_installed("citymade.web.diagnostics"):
        return []
    # only the recommendations of the result: the whole result is large, and decoding it costs
    recommendations = _recommendations().first(diagnostic_id, company.pk)
    return plan_for(company, diagnostic_id, {"recommendations": recommendations}, language) if recommendations else []


@cache
def _latest_recommendations() -> Shaped | None:
    if finished_diagnostics() is None:
        return None
    return Shaped(
        lambda company_id: finished_diagnostics()  # type: ignore[union-attr]
        .filter(company_id=company_id)
        .order_by("-assessed_on", "-version", "-pk")
        .values_list("pk", "result__recommendations")[:1],
        int,
        name="the latest counted diagnostic's recommendations",
    )


@cache
def _recommendations() -> Shaped:
    from django.apps import apps

    model = apps.get_model("diagnostics", "Diagnostic")
    return Shaped(
        lambda pk, company_id: model.objects.filter(pk=pk, company_id=company_id).values_list(
            "result__recommendations", flat=True
        ),
        int,
        int,
        name="a diagnostic's recommendations",
    )


_ITEMS = Shaped(
    lambda diagnostic_id: PlanItem.objects.filter(diagnostic_id=diagnostic_id).select_related("owner"),
    int,
    name="plan items",
)
_ACTIONS = Shaped(
    lambda company_id, diagnostic_id: SupportAction.objects.filter(company_id=company_id, diagnostic_id=diagnostic_id)
    .exclude(recommendation=""),
    int,
    int,
    name="support actions answering a plan",
)


def plan_for(company: Company, diagnostic_id: int, result: dict[str, Any] | None, language: str) -> list[dict[str, Any]]:
    """The recommendations of a diagnostic's ``result`` with their follow-up, in the plan's order."""
    items = {i.recommendation: i for i in _ITEMS(diagnostic_id)}
    actions: dict[str, list[SupportAction]] = {}
    for action in _ACTIONS(company.pk, diagnostic_id):
        actions.setdefault(action.recommendation, []).append(action)
    plan = []
    for rec in (result or {}).get("recommendations") or []:
        rec_id = str(rec.get("id") or "")
        item = items.get(rec_id) or PlanItem(company=company, diagnostic_id=diagnostic_id, recommendation=rec_id)
        plan.append(
            {
                "id": rec_id,
                "diagnostic_id": diagnostic_id,
                "title": resolve(rec.get("title"), language),
                "support": resolve(rec.get("support_label"), language),
                "item": item,
                "status": item.status,
                "status_label": PlanItem.Status(item.status).label,
                "owner": (item.owner.get_full_name() or item.owner.username) if item.owner else "",
                "due_on": item.due_on,
                "actions": actions.get(rec_id, []),
            }
        )
    return plan


def progress(plan: list[dict[str, Any]]) -> tuple[int, int]:
    """(items done, items not dropped)."""
    live = [p for p in plan if p["status"] != PlanItem.Status.DROPPED]
    return sum(1 for p in live if p["status"] == PlanItem.Status.DONE), len(live)
