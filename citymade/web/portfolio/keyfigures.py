"""The observers' key figures page: the portfolio today under a filter (circular model, stage) and
the annual review's aggregates of the last three years, every figure behind the protection of
:mod:`citymade.portfolio.observer` (computed over every filter at once, so that no two pages
together give away a small group)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from citymade.portfolio import vocabulary
from citymade.portfolio.benchmark import MIN_GROUP
from citymade.portfolio.document import definitions
from citymade.portfolio.observer import PRIMARY, Protection
from citymade.portfolio.review import Review, compute_review
from citymade.web.companies.models import Company
from citymade.web.portfolio import data

__all__ = ["KeyFigures", "Row", "key_figures"]

IN_PORTFOLIO = ("member", "candidate")
#: Review figures counted in companies, in the order they are shown.
COMPANY_FIGURES = ("members_total", "members_new", "diagnostics_done", "stage_progressions",
                   "industrialised_projects", "break_even_reached")


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    value: float | None
    reason: str = ""  # "small" (fewer than 5) or "protects" (would give a small group away)
    decimals: int = 0
    percent: bool = False
    key: str = ""  # the group (a status, stage, model or municipality; "" or "none": not known)


@dataclass(frozen=True)
class KeyFigures:
    reference: dt.date
    minimum: int
    model: str
    stage: str
    models: list[tuple[str, str]]
    stages: list[tuple[str, str]]
    total: Row
    sections: list[tuple[str, str, list[Row]]]  # (key, title, rows)
    jobs: Row
    jobs_reported: Row
    model_sum: int | None
    years: list[int]
    review: list[tuple[str, list[Row]]]  # (label, one row per year)
    support: list[tuple[str, list[Row]]]


def _stage_values(facts: list[Any]) -> list[str]:
    known = set(vocabulary.stages()) | {f.stage for f in facts if f.stage is not None}
    return ["none", *(str(s) for s in sorted(known))]


def _in_view(fact: Any, model: str, stage: str) -> bool:
    if model and model not in fact.models:
        return False
    if stage == "none":
        return fact.stage is None
    return not stage or fact.stage == int(stage)


def _add_view(p: Protection, view: str, facts: list[Any], groups: dict[str, list[str]], stage_values: list[str]) -> None:
    ids = [f.id for f in facts]
    p.add(f"{view}|total", "companies", ids)
    for status in IN_PORTFOLIO:
        p.add(f"{view}|status:{status}", "companies", [f.id for f in facts if f.status == status])
    for s in stage_values:
        p.add(f"{view}|stage:{s}", "companies", [f.id for f in facts if _in_view(f, "", s)])
    for m in groups["models"]:
        p.add(f"{view}|model:{m}", "companies", [f.id for f in facts if m in f.models])
    for name in groups["municipalities"]:
        p.add(f"{view}|municipality:{name}", "companies", [f.id for f in facts if (f.municipality or "") == name])
    reported = [f for f in facts if f.fte is not None]
    p.add(f"{view}|jobs", "jobs@now", [f.id for f in reported], sum(f.fte for f in reported))
    p.add(f"{view}|jobs_reported", "companies", [f.id for f in reported])
    p.partition(f"{view}|total", [f"{view}|status:{s}" for s in IN_PORTFOLIO])
    p.partition(f"{view}|total", [f"{view}|stage:{s}" for s in stage_values])
    p.partition(f"{view}|total", [f"{view}|municipality:{n}" for n in groups["municipalities"]])


def _suffixes(groups: dict[str, list[str]], stage_values: list[str]) -> list[str]:
    return ["total", "jobs", "jobs_reported", *(f"status:{s}" for s in IN_PORTFOLIO), *(f"stage:{s}" for s in stage_values),
            *(f"model:{m}" for m in groups["models"]), *(f"municipality:{n}" for n in groups["municipalities"])]


def _records() -> dict[str, Any]:
    return data.review_records()


def _add_review(p: Protection, review: Review, records: dict[str, Any]) -> None:
    owner = {
        "status": {r.id: r.company_id for r in records["statuses"]},
        "diagnostic": {r.id: r.company_id for r in records["diagnostics"]},
        "milestone": {r.id: r.company_id for r in records["milestones"]},
        "jobs": {r.id: r.company_id for r in records["jobs"]},
        "support_action": {r.id: r.company_id for r in records["support_actions"]},
    }
    year, sources = review.year, review.sources

    def companies(key: str) -> set[int]:
        return {owner[kind][rid] for kind, rid in sources.get(key, []) if kind in owner and rid in owner[kind]}

    for key in COMPANY_FIGURES:
        p.add(f"{year}|{key}", "companies", companies(key))
    p.add(f"{year}|jobs_fte", f"jobs@{year}-12-31", companies("jobs_fte"), review.figures["jobs_fte"])
    # the organisations the rate is taken of (members and candidates at the end of the year)
    counted = {owner["status"][rid] for kind, rid in sources.get("participation_rate", []) if kind == "status"}
    p.add(f"{year}|participation_rate", f"organisations@{year}", counted, review.figures["participation_rate"] or 0)
    actions = [a for a in records["support_actions"] if a.date.year == year]
    types = list(review.figures["support_actions_by_type"])
    for t in types:
        of_type = [a for a in actions if a.type == t]
        p.add(f"{year}|support:{t}", f"support@{year}", {a.company_id for a in of_type}, len(of_type))
    p.add(f"{year}|support", f"support@{year}", {a.company_id for a in actions}, len(actions))
    p.partition(f"{year}|support", [f"{year}|support:{t}" for t in types])


def _row(p: Protection, cell_id: str, label: str, decimals: int = 0) -> Row:
    return Row(label=label, value=p.value(cell_id), reason=p.reason(cell_id), decimals=decimals,
               key=cell_id.rsplit("|", 1)[-1].split(":", 1)[-1])


def protected_figures(today: dt.date | None = None) -> tuple[Protection, dict[str, Any]]:
    """Every cell of every filter and year, protected; and what was counted (for the page)."""
    today = today or timezone.localdate()
    facts = [f for f in data.company_facts() if f.status in IN_PORTFOLIO]
    models = list(vocabulary.circular_models())
    stage_values = _stage_values(facts)
    groups = {"models": models, "municipalities": sorted({f.municipality or "" for f in facts})}
    p = Protection()
    for m in ["", *models]:
        for s in ["", *stage_values]:
            _add_view(p, f"{m}|{s}", [f for f in facts if _in_view(f, m, s)], groups, stage_values)
        for suffix in _suffixes(groups, stage_values):
            p.partition(f"{m}||{suffix}", [f"{m}|{s}|{suffix}" for s in stage_values])
    records = _records()
    years = [today.year - 2, today.year - 1, today.year]
    reviews = [compute_review(y, **records) for y in years]
    for review in reviews:
        _add_review(p, review, records)
    p.run()
    return p, {"models": models, "stage_values": stage_values, "groups": groups, "years": years, "reviews": reviews,
               "today": today}


def _sorted(rows: list[Row]) -> list[Row]:
    """Largest first; hidden groups after the shown ones, by name (their order says nothing)."""
    return sorted(rows, key=lambda r: (r.value is None, -(r.value or 0), r.label))


def key_figures(language: str, *, model: str = "", stage: str = "", today: dt.date | None = None) -> KeyFigures:
    p, counted = protected_figures(today)
    model = model if model in counted["models"] else ""
    stage = stage if stage in counted["stage_values"] else ""
    view = f"{model}|{stage}"

    def stage_label(s: str) -> str:
        return _("no diagnostic yet") if s == "none" else vocabulary.label("stage", int(s), language)

    statuses = [_row(p, f"{view}|status:{s}", str(Company.Membership(s).label)) for s in IN_PORTFOLIO]
    stages = [_row(p, f"{view}|stage:{s}", stage_label(s)) for s in counted["stage_values"]]
    models = _sorted([_row(p, f"{view}|model:{m}", vocabulary.label("model", m, language)) for m in counted["models"]])
    municipalities = _sorted([
        _row(p, f"{view}|municipality:{n}", n or _("municipality not known")) for n in counted["groups"]["municipalities"]
    ])
    model_values = [r.value for r in models]
    total = _row(p, f"{view}|total", _("Members and candidate members"))
    model_sum = int(sum(v for v in model_values if v is not None)) if None not in model_values and total.value is not None else None

    labels = definitions()
    review = [
        (labels[key][0], [_row(p, f"{y}|{key}", str(y)) for y in counted["years"]])
        for key in ("members_total", "members_new")
    ]
    review.append((labels["partners_total"][0], [Row(label=str(r.year), value=r.figures["partners_total"]) for r in counted["reviews"]]))
    review.append((labels["partners_new"][0], [Row(label=str(r.year), value=r.figures["partners_new"]) for r in counted["reviews"]]))
    review.append((labels["share_companies"][0], [
        Row(label=str(r.year), value=None if p.is_hidden(f"{r.year}|members_total") or r.figures["share_companies"] is None
            else round(r.figures["share_companies"] * 100, 1), reason=p.reason(f"{r.year}|members_total"), decimals=1, percent=True)
        for r in counted["reviews"]
    ]))
    review.append((labels["participation_rate"][0], [
        Row(label=str(r.year), value=None if p.is_hidden(f"{r.year}|participation_rate") or r.figures["participation_rate"] is None
            else round(r.figures["participation_rate"] * 100, 1), reason=p.reason(f"{r.year}|participation_rate"), decimals=1, percent=True)
        for r in counted["reviews"]
    ]))
    review += [(labels[key][0], [_row(p, f"{y}|{key}", str(y)) for y in counted["years"]])
               for key in COMPANY_FIGURES[2:]]
    review.append((labels["jobs_fte"][0], [_row(p, f"{y}|jobs_fte", str(y), decimals=1) for y in counted["years"]]))
    types = list(dict.fromkeys(t for r in counted["reviews"] for t in r.figures["support_actions_by_type"]))
    support = [(_("All support actions"), [_row(p, f"{y}|support", str(y)) for y in counted["years"]])]
    support += [
        (vocabulary.label("support", t, language), [
            _row(p, f"{y}|support:{t}", str(y)) if f"{y}|support:{t}" in p.cells else Row(label=str(y), value=0)
            for y in counted["years"]
        ])
        for t in types
    ]
    return KeyFigures(
        reference=counted["today"],
        minimum=MIN_GROUP,
        model=model,
        stage=stage,
        models=[(m, vocabulary.label("model", m, language)) for m in counted["models"]],
        stages=[(s, stage_label(s)) for s in counted["stage_values"]],
        total=total,
        sections=[
            ("statuses", _("Membership status"), statuses),
            ("stages", _("Maturity stage"), stages),
            ("models", _("Circular models"), models),
            ("municipalities", _("Municipalities"), municipalities),
        ],
        jobs=_row(p, f"{view}|jobs", _("Jobs (FTE), latest figure of each company"), decimals=1),
        jobs_reported=_row(p, f"{view}|jobs_reported", _("Companies that gave a jobs figure")),
        model_sum=model_sum,
        years=counted["years"],
        review=review,
        support=support,
    )


def is_small(row: Row) -> bool:
    return row.reason == PRIMARY
