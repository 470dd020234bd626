"""Classifications from evidence: circular models, maturity stage and growth.

Both are three-valued: a verdict is *proven* by the evidence that holds, and could still rise to
the *best possible* one while rules over unknown answers are undecided; it is *decided* when the
two are the same. An unknown answer never counts for or against a verdict.
"""

from __future__ import annotations

from typing import Any

from citymade.framework.answers import Answers
from citymade.framework.conditions import UNKNOWN
from citymade.framework.model import STRENGTHS, Framework
from citymade.indicators.growth import is_high_growth, series_growth
from citymade.scoring.results import (
    CircularModelResult,
    EvidenceResult,
    Maturity,
    ReadinessResult,
)
from citymade.scoring.units import UnitContext

__all__ = ["circular_models", "maturity"]


def _points(model: Any, held: list[bool | None]) -> tuple[float, float]:
    """(proven, best still possible) points: rules of one group count once, the best of them."""
    proven: dict[str, float] = {}
    possible: dict[str, float] = {}
    for index, (rule, result) in enumerate(zip(model.evidence, held, strict=True)):
        key = rule.group or f"#{index}"
        if result is True:
            proven[key] = max(proven.get(key, 0.0), rule.points)
        if result is not False:
            possible[key] = max(possible.get(key, 0.0), rule.points)
    return sum(proven.values()), sum(possible.values())


def _strength(thresholds: dict[str, float], points: float) -> str:
    strength = "none"
    for name in STRENGTHS[1:]:
        if points >= thresholds[name]:
            strength = name
    return strength


def circular_models(framework: Framework, ctx: UnitContext) -> list[CircularModelResult]:
    """Strength of each circular model: proven by the evidence that holds, and the best still
    possible if every unknown rule turned out to hold (decided when both are the same)."""
    cf = ctx.cf
    results: list[CircularModelResult] = []
    for model in framework.circular_models:
        evidence: list[EvidenceResult] = []
        unknown: list[str] = []
        held: list[bool | None] = []
        for rule, when, excluded in cf.model_rules[model.id]:
            result = when(ctx)
            if result is None and excluded is not None and excluded(ctx) is True:
                result = False
            held.append(result)
            if result is True:
                evidence.append({"rule": rule.id, "points": rule.points, "label": rule.label})
            elif result is None:
                unknown.append(rule.id)
        points, best = _points(model, held)
        thresholds: dict[str, float] = {str(k): v for k, v in model.thresholds.items()}
        strength, possible = _strength(thresholds, points), _strength(thresholds, best)
        ctx.models[model.id] = (strength, possible)
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
        held = True if candidate.when is None else cf.condition(candidate.when)(ctx)
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
