"""The annual review's figures as a reader sees them: labels, definitions, values in words, the
change since the previous year and the distance to the year's target. The PDF and the workbook
that print them are made by :mod:`citymade.portfolio.board`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from babel.numbers import format_decimal

from citymade.i18n import _, active_language
from citymade.portfolio import vocabulary
from citymade.portfolio.review import REVIEW_KEYS, Review
from citymade.portfolio.targets import distance_to

__all__ = [
    "FigureRow",
    "change_between",
    "definitions",
    "figure_rows",
    "format_value",
    "support_family_rows",
    "support_rows",
    "target_text",
]


def definitions() -> dict[str, tuple[str, str]]:
    """``{figure key: (label, definition)}`` in the active language (the same text as docs/portfolio.md)."""
    return {
        "year": (_("Year"), _("The calendar year of the review; “at the end of the year” means on 31 December.")),
        "members_total": (_("Members"), _("Companies whose membership status is “member” at the end of the year.")),
        "members_new": (_("New members"), _("Members at the end of the year that were not members at the end of the previous year.")),
        "partners_total": (_("Partners"), _("Organisations that are partners of the cluster (not members) at the end of the year.")),
        "partners_new": (_("New partners"), _("Partners that joined during the year.")),
        "members_and_partners": (_("Members and partners"), _("Members plus partners at the end of the year.")),
        "joiners": (_("Joiners of the year"), _("New members plus new partners of the year.")),
        "share_companies": (
            _("Share of companies"),
            _("Organisations of the type “company” among the members and partners at the end of the year (associations, research and education, public bodies and support organisations are not companies)."),
        ),
        "candidates_new": (_("New candidates"), _("Companies that became candidate members during the year.")),
        "candidates_became_members": (_("Candidates who became members"), _("Candidate members that became members during the year.")),
        "candidates_stopped": (_("Candidates who stopped"), _("Candidate members that stopped during the year without becoming members (not former members).")),
        "participation_rate": (
            _("Participation rate"),
            _("Share of the organisations that are members or candidates at the end of the year that took part in at least one event of the year (visit, open day, working-group meeting, general assembly) as a member or candidate; each counts once."),
        ),
        "working_groups": (_("Working groups"), _("Working groups that met at least once during the year (an event of the group dated in the year).")),
        "support_actions_by_type": (_("Support actions by type"), _("Support actions dated in the year, counted per support type.")),
        "individual_support": (_("Individual support"), _("Support actions dated in the year whose type is in the family “individual support”.")),
        "simple_advice": (_("Simple advice"), _("Support actions dated in the year whose type is in the family “simple advice” (introductions to a partner included).")),
        "diagnostics_done": (
            _("Companies diagnosed"),
            _("Companies with a diagnostic dated in the year, counted once however many versions; a self-diagnostic counts once an advisor validated it."),
        ),
        "stage_progressions": (_("Stage progressions"), _("Companies whose latest diagnostic of the year finds a higher maturity stage than their latest diagnostic before the year.")),
        "industrialised_projects": (_("Industrialised projects"), _("Companies that reached their first industrialised production during the year.")),
        "break_even_reached": (_("Break-even reached"), _("Companies that reached break-even during the year.")),
        "jobs_fte": (_("Jobs (FTE)"), _("Sum of the latest jobs figure (full-time equivalents) known at the end of the year, over the members at the end of the year.")),
    }


def format_value(key: str, value: Any) -> str:
    if value is None:
        return _("not known")
    if key in ("share_companies", "participation_rate"):
        return format_decimal(value * 100, format="0.0", locale=active_language()) + " %"
    if key == "jobs_fte":
        return format_decimal(value, format="0.0", locale=active_language())
    if isinstance(value, dict):
        return str(sum(value.values()))
    return str(value)


RATIOS = ("share_companies", "participation_rate")


def target_text(key: str, target: float | None) -> str:
    """A target as the figure it aims at is written ("25", "40,0 %", "120,5"); "—" without one."""
    if target is None:
        return "—"
    if key in RATIOS or key == "jobs_fte":
        return format_value(key, target)
    return format_decimal(target, format="0.#", locale=active_language())


def _number(value: Any) -> float | None:
    if isinstance(value, dict):
        return float(sum(value.values()))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def change_between(key: str, now: Any, before: Any) -> tuple[float | None, str]:
    """The change of a figure since the previous year: its value (a ratio's in percentage points)
    and how a reader says it ("+3", "−2", "+4,5 points", "no change")."""
    a, b = _number(now), _number(before)
    if a is None or b is None:
        return None, "—"
    if key in RATIOS:
        delta = round((a - b) * 100, 1)
        if delta == 0:
            return 0.0, _("no change")
        text = format_decimal(abs(delta), format="0.0", locale=active_language())
        return delta, ("+" if delta > 0 else "−") + _("%(value)s points") % {"value": text}
    delta = round(a - b, 1)
    if delta == 0:
        return 0.0, _("no change")
    # full-time equivalents keep their one decimal, as the figure beside them is written ("+1,5", "+109,0")
    shown = format_decimal(abs(delta), format="0.0" if key == "jobs_fte" else "0.#", locale=active_language())
    return delta, ("+" if delta > 0 else "−") + shown


@dataclass(frozen=True, kw_only=True)
class FigureRow:
    key: str
    label: str
    value: Any
    text: str
    definition: str
    records: int
    previous: Any = None
    previous_text: str = "—"
    change: float | None = None
    change_text: str = "—"
    target: float | None = None
    target_text: str = "—"
    distance: float | None = None
    distance_text: str = "—"


def figure_rows(review: Review, previous: Review | None = None, targets: Mapping[str, float] | None = None) -> list[FigureRow]:
    """One row per figure of the review, labelled in the active language, beside the previous
    year's value and the change when ``previous`` is given, and the cluster's target for the year
    and the distance to it when ``targets`` holds one (``{figure key: target}``, a ratio's 0–1)."""
    labels = definitions()
    rows = []
    for key in REVIEW_KEYS:
        value = review.figures[key]
        before = previous.figures.get(key) if previous is not None else None
        change, change_text = change_between(key, value, before) if previous is not None else (None, "—")
        target = (targets or {}).get(key)
        distance, distance_text = distance_to(key, value, target)
        rows.append(
            FigureRow(
                key=key,
                label=labels[key][0],
                value=value,
                text=format_value(key, value),
                definition=labels[key][1],
                records=len(review.sources.get(key, [])),
                previous=before,
                previous_text=format_value(key, before) if previous is not None else "—",
                change=change,
                change_text=change_text,
                target=target,
                target_text=target_text(key, target),
                distance=distance,
                distance_text=distance_text,
            )
        )
    return rows


def support_rows(review: Review) -> list[tuple[str, str, int]]:
    """``(type id, label, count)`` of the support actions by type."""
    by_type: Mapping[str, int] = review.figures["support_actions_by_type"]
    return [(t, vocabulary.label("support", t), n) for t, n in by_type.items()]


def support_family_rows(review: Review) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """``(family label, total, [(type label, count)])`` per support family, in the framework's
    order, then the types in no family (if any) under “other support”."""
    by_type: Mapping[str, int] = review.figures["support_actions_by_type"]
    families = vocabulary.family_types()
    rows = []
    placed: set[str] = set()
    for family, types in families.items():
        inside = [(vocabulary.label("support", t), by_type.get(t, 0)) for t in types]
        rows.append((vocabulary.label("family", family), sum(n for _t, n in inside), inside))
        placed.update(types)
    rest = [(vocabulary.label("support", t), n) for t, n in by_type.items() if t not in placed]
    if rest:
        rows.append((_("Other support"), sum(n for _t, n in rest), rest))
    return rows
