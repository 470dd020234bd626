"""Classifications from evidence: circular models, maturity stage and growth.

Both are three-valued: a verdict is *proven* by the evidence that holds, and could still rise to
the *best possible* one while rules over unknown answers are undecided; it is *decided* when the
two are the same. An unknown answer never counts for or against a verdict.
"""

from __future__ import annotations

from typing import Any

from citymade.framework.answers import Answers
from citymade.framework.conditions import UNKNOWN
from citymade.framework.model import Framework
from citymade.indicators.growth import is_high_growth, series_growth
from citymade.scoring.results import (
    CircularModelResult,
    EvidenceResult,
    Maturity,
    ReadinessResult,
)
from citymade.scoring.units import UnitContext

__all__ = ["circular_models", "maturity"]


def circular_models(framework: Framework, ctx: UnitContext) -> list[CircularModelResult]:
    """Strength of each circular model: proven by the evidence that holds, and the best still
    possible if every unknown rule turned out to hold (decided when both are the same).

    Rules of one group are alternative routes to the same fact: a group counts once, with the
    best points of its rules (proven: of those that hold; possible: of those not ruled out)."""
    results: list[CircularModelResult] = []
    models = ctx.models
    for model in ctx.cf.models:
        evidence: list[EvidenceResult] = []
        unknown: list[str] = []
        proven: dict[str, float] = {}
        could: dict[str, float] = {}
        for rule in model.rules:
            result = rule.when.test(ctx)
            if result is None and rule.excluded is not None and rule.excluded.test(ctx) is True:
                result = False
            if result is True:
                evidence.append({"rule": rule.id, "points": rule.points, "label": rule.label})
                key = rule.group
                proven[key] = max(proven.get(key, 0.0), rule.points)
                could[key] = max(could.get(key, 0.0), rule.points)
            elif result is None:
                unknown.append(rule.id)
                key = rule.group
                could[key] = max(could.get(key, 0.0), rule.points)
        points, best = sum(proven.values()), sum(could.values())
        strength = possible = "none"
        for name, minimum in model.thresholds:
            if points >= minimum:
                strength = name
            if best >= minimum:
                possible = name
        models[model.id] = (strength, possible)
        results.append(
            {
                "id": model.id,
                "number": model.number,
                "label": model.label,
                "strength": strength,
                "possible": possible,
                "decided": strength == possible,
                "points": points,
                "possible_points": best,
                "evidence": evidence,
                "unknown": unknown,
            }
        )
    return results


def _number(value: Any) -> float | None:
    return None if value is UNKNOWN else float(value)


def maturity(framework: Framework, ctx: UnitContext, answers: Answers) -> Maturity:
    """The highest stage whose evidence holds, readiness radar, OECD growth, long-standing flag."""
    cf = ctx.cf
    spec = framework.maturity
    stage = spec.stages[0]
    could_be_higher = []
    for candidate in spec.stages[1:]:
        held = True if candidate.when is None else cf.condition(candidate.when).test(ctx)
        if held is True:
            stage = candidate
        elif held is None:
            could_be_higher.append(candidate.number)
    evidence = [ref for kind, ref in cf.references(stage.when) if kind in ("question", "derived")] if stage.when else []
    could_be_higher = [n for n in could_be_higher if n > stage.number]
    possible = max([stage.number, *could_be_higher])
    ctx.stage_number = (stage.number, possible)

    series = [ctx.value(q) for q in spec.employees_series]
    employees_growth = oecd = eurostat = None
    if UNKNOWN not in series and len(series) >= 2:
        values = [float(v) for v in series]
        try:
            employees_growth = round(series_growth(values), 4)
            oecd = is_high_growth(values, threshold=spec.high_growth_threshold, min_start=spec.high_growth_min_start)
            eurostat = is_high_growth(values, threshold=spec.eurostat_threshold, min_start=spec.high_growth_min_start)
        except ValueError:
            pass
    turnover = _number(ctx.derived(spec.turnover_growth)) if spec.turnover_growth else None
    start_ok = series[0] is not UNKNOWN and float(series[0]) >= spec.high_growth_min_start
    if turnover is not None and start_ok:
        oecd = bool(oecd) or turnover > spec.high_growth_threshold
        eurostat = bool(eurostat) or turnover > spec.eurostat_threshold

    years = _number(ctx.value(spec.age_question))
    # a long-standing start-up only when the stage is decided to be low, never from an unknown one
    long_standing: bool | None = None
    if years is not None:
        if years < spec.long_standing_min_years or stage.number > spec.long_standing_max_stage:
            long_standing = False
        elif possible <= spec.long_standing_max_stage:
            long_standing = True
    readiness: list[ReadinessResult] = []
    for axis in spec.readiness:
        value = ctx.value(axis.question)
        readiness.append({"id": axis.id, "label": axis.label, "value": None if value is UNKNOWN else int(value)})
    return {
        "stage": stage.number,
        "stage_id": stage.id,
        "label": stage.label,
        "stage_possible": possible,
        "possible_label": next(s.label for s in spec.stages if s.number == possible),
        "decided": possible == stage.number,
        "evidence": evidence,
        "could_be_higher": could_be_higher,
        "readiness": readiness,
        "high_growth": {
            "employees_growth": employees_growth,
            "turnover_growth": None if turnover is None else round(turnover, 4),
            "oecd": oecd,
            "eurostat": eurostat,
            "threshold": spec.high_growth_threshold,
            "eurostat_threshold": spec.eurostat_threshold,
        },
        "years_active": years,
        "long_standing_startup": long_standing,
        "pivots": [p.model_dump() for p in answers.pivots],
    }
