"""The home page's blocks, per role: what each person has to do next, read in one place.

* advisor: my open drafts, companies needing attention (with why, and the one-click "record a
  contact" of the portfolio), recent diagnostics, the next events;
* company user: my company, my last result and its priorities, continue or start my diagnostic;
* observer: the headline key figures (members and candidates, jobs, the last year's support), as
  anonymised and protected as on the key figures page, and the Region;
* administrator: the users and the latest entries of the audit trail.

Each function returns plain data for ``core/home.html``; people are named by their full name.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from citymade.web.accounts.roles import Role
from citymade.web.core.events import person
from citymade.web.core.shaped import Shaped

#: Lines per block: the home page points at work, the full lists are one link away.
BLOCK_SIZE = 5


@cache
def _shapes() -> dict[str, Shaped]:
    """The home page's reads, each statement compiled once (:mod:`citymade.web.core.shaped`)."""
    from citymade.web.diagnostics.models import Diagnostic, State
    from citymade.web.portfolio.models import Event

    return {
        "drafts": Shaped(
            lambda user_id: Diagnostic.objects.filter(state=State.DRAFT, assessor_id=user_id)
            .select_related("company")
            .defer("result")
            .order_by("-updated_at", "-pk")[:BLOCK_SIZE],
            int,
            name="the assessor's drafts",
        ),
        "recent": Shaped(
            lambda: Diagnostic.objects.finished()
            .select_related("company", "assessor")
            .defer("answers", "result")
            .order_by("-submitted_at", "-assessed_on", "-pk")[:BLOCK_SIZE],
            name="recent diagnostics",
        ),
        "events": Shaped(
            lambda day: Event.objects.filter(date__gte=day).select_related("working_group").order_by("date", "pk")[:BLOCK_SIZE],
            dt.date,
            name="next events",
        ),
    }


def _drafts(user: Any, language: str) -> list[dict[str, Any]]:
    from citymade.web.diagnostics.presentation import progress

    drafts = _shapes()["drafts"](user.pk)
    return [{"diagnostic": d, "progress": progress(d, language)} for d in drafts]


def _attention(language: str) -> tuple[list[dict[str, Any]], int]:
    from citymade.portfolio.dashboard import needs_attention
    from citymade.web.portfolio.dashboards import attention_items, reasons_text
    from citymade.web.portfolio.data import company_facts, today

    found = needs_attention(company_facts(), today=today())
    reasons = reasons_text()
    items = attention_items(found[:BLOCK_SIZE], reasons)
    return items, len(found)


def _recent_diagnostics() -> list[dict[str, Any]]:
    finished = _shapes()["recent"]()
    return [{"diagnostic": d, "by": person(d.assessor) if d.assessor_id else ""} for d in finished]


def _next_events() -> list[Any]:
    from citymade.web.portfolio.data import today

    return list(_shapes()["events"](today()))


def advisor_blocks(user: Any, language: str) -> dict[str, Any]:
    attention, attention_total = _attention(language)
    return {
        "drafts": _drafts(user, language),
        "attention": attention,
        "attention_total": attention_total,
        "recent": _recent_diagnostics(),
        "events": _next_events(),
    }


def company_blocks(user: Any, language: str) -> dict[str, Any]:
    from citymade.web.diagnostics.models import Diagnostic, State
    from citymade.web.diagnostics.presentation import finished_dimension_scores, progress

    mine = Diagnostic.objects.filter(company_id=user.company_id)
    draft = mine.filter(state=State.DRAFT).defer("result").order_by("-updated_at", "-pk").first()
    latest = mine.finished().defer("answers").history().first()
    blocks: dict[str, Any] = {"company": user.company, "draft": draft, "latest": latest}
    if draft is not None:
        blocks["draft_progress"] = progress(draft, language)
    if latest is not None:
        scores = finished_dimension_scores(latest, language)
        known = [s for s in scores if s["value"] is not None]
        # the report's rule: a priority is a dimension graded C to E, weakest first (three of them)
        blocks["priorities"] = sorted((s for s in known if s["grade"] not in ("A", "B")), key=lambda s: (s["value"], s["label"]))[:3]
        blocks["grades"] = [s for s in scores if s["grade"]]
    return blocks


def admin_blocks(user: Any, language: str) -> dict[str, Any]:
    from citymade.web.accounts.models import User
    from citymade.web.core.events import lines_for
    from citymade.web.core.models import AuditEntry

    users = User.objects.filter(is_active=True)
    counts = {role: 0 for role in Role.values}
    for role in users.values_list("role", flat=True):
        counts[role] = counts.get(role, 0) + 1
    entries = AuditEntry.objects.select_related("actor", "company")[: BLOCK_SIZE * 4]
    return {
        "user_counts": [(Role(role).label, count) for role, count in counts.items()],
        "waiting": list(users.filter(last_login__isnull=True).order_by("-date_joined")[:BLOCK_SIZE]),
        "audit_lines": lines_for(entries, language)[: BLOCK_SIZE * 2],
    }


def observer_blocks(user: Any, language: str) -> dict[str, Any]:
    """The key figures page's headline rows, from the same protected figures (small groups hidden)."""
    from citymade.web.portfolio.keyfigures import key_figures
    from citymade.web.portfolio.keyfigures_views import shown
    from citymade.web.region.page import long_date

    kf = key_figures(language)
    headline = [shown(kf.total, language, kf.minimum), shown(kf.jobs, language, kf.minimum)]
    if kf.years and kf.support:
        label, rows = kf.support[0]
        last = shown(rows[-1], language, kf.minimum)
        year = kf.years[-1]
        # the year still running is counted so far, and says so
        words = _("%(label)s (%(year)s so far)") if year == kf.reference.year else _("%(label)s (%(year)s)")
        headline.append(last | {"label": words % {"label": label, "year": year}})
    return {"reference": long_date(kf.reference, language), "headline": headline}


def blocks_for(user: Any, language: str) -> dict[str, Any]:
    """The blocks of ``user``'s home page."""
    if user.role == Role.ADVISOR:
        return advisor_blocks(user, language)
    if user.role == Role.COMPANY and user.company_id:
        return company_blocks(user, language)
    if user.role == Role.ADMIN:
        return admin_blocks(user, language)
    if user.role == Role.OBSERVER:
        return observer_blocks(user, language)
    return {}
