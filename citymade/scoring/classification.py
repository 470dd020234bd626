"""Classifications from evidence: circular models, maturity stage and growth, cohabitation category."""

from __future__ import annotations

from typing import Any

from citymade.framework.answers import Answers
from citymade.framework.conditions import UNKNOWN
from citymade.framework.model import STRENGTHS, Framework
from citymade.indicators.growth import is_high_growth, series_growth
from citymade.indicators.nuisance import nuisance_category
from citymade.scoring.results import (
    CircularModelResult,
    Cohabitation,
    ComponentResult,
    EvidenceResult,
    Maturity,
    MitigationResult,
    ReadinessResult,
    ZoneResult,
)
from citymade.scoring.units import UnitContext

__all__ = ["circular_models", "cohabitation", "maturity"]


def circular_models(framework: Framework, ctx: UnitContext) -> list[CircularModelResult]:
    """Strength of each circular model from the evidence rules that hold."""
    cf = ctx.cf
    results: list[CircularModelResult] = []
    for model in framework.circular_models:
        points = 0.0
        evidence: list[EvidenceResult] = []
        unknown: list[str] = []
        for rule in model.evidence:
            held = cf.condition(rule.when)(ctx)
            if held is True:
                points += rule.points
                evidence.append({"rule": rule.id, "points": rule.points, "label": rule.label})
            elif held is None:
                unknown.append(rule.id)
        strength = "none"
        for name in STRENGTHS[1:]:
            if points >= model.thresholds[name]:  # type: ignore[index]
                strength = name
        ctx.models[model.id] = strength
        results.append(
            {
                "id": model.id,
                "number": model.number,
                "label": model.label,
                "strength": strength,
                "points": points,
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
    ctx.stage_number = stage.number
    evidence = [ref for kind, ref in cf.references(stage.when) if kind in ("question", "derived")] if stage.when else []
    could_be_higher = [n for n in could_be_higher if n > stage.number]

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
    long_standing = None if years is None else (years >= spec.long_standing_min_years and stage.number <= spec.long_standing_max_stage)
    readiness: list[ReadinessResult] = []
    for axis in spec.readiness:
        value = ctx.value(axis.question)
        readiness.append({"id": axis.id, "label": axis.label, "value": None if value is UNKNOWN else int(value)})
    return {
        "stage": stage.number,
        "stage_id": stage.id,
        "label": stage.label,
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


def cohabitation(framework: Framework, ctx: UnitContext) -> Cohabitation:
    """Nuisance components → category (the largest decides) → distance, zones, mitigations."""
    spec = framework.cohabitation
    ranks = ctx.cf.category_rank
    distances = {c.id: c.distance_m for c in spec.categories}
    components: list[ComponentResult] = []
    for comp in spec.components:
        category: str | None = None
        shown: Any = None
        for qid in comp.questions:
            for value in ctx.answers(qid):
                if value is UNKNOWN:
                    continue
                cat = comp.choices.get(str(value)) if comp.choices else nuisance_category(float(value), comp.thresholds)
                if cat is not None and (category is None or ranks[cat] > ranks[category]):
                    category, shown = cat, value
        components.append({"id": comp.id, "label": comp.label, "category": category, "value": shown})
    known = [c for c in components if c["category"] is not None]
    category = limiting = limiting_label = None
    for comp_result in known:
        if category is None or ranks[str(comp_result["category"])] > ranks[category]:
            category, limiting, limiting_label = comp_result["category"], comp_result["id"], comp_result["label"]
    rank = ranks[category] if category else None
    zones: list[ZoneResult] = []
    for zone in spec.zones:
        status = "unknown"
        if rank is not None:
            if rank <= ranks[zone.max_category]:
                status = "compatible"
            elif zone.conditional_category and rank <= ranks[zone.conditional_category]:
                status = "conditional"
            else:
                status = "incompatible"
        zones.append({"id": zone.id, "label": zone.label, "status": status})
    settings = framework.settings
    site_zone = ctx.value(settings.site_zone_question) if settings.site_zone_question else UNKNOWN
    site_zone = None if site_zone is UNKNOWN else str(site_zone)
    site_status = next((z["status"] for z in zones if z["id"] == site_zone), None)
    threshold = spec.mitigate_above
    zone_spec = next((z for z in spec.zones if z.id == site_zone), None)
    if zone_spec is not None:
        threshold = zone_spec.max_category
    above = {c["id"] for c in known if ranks[str(c["category"])] > ranks[threshold]}
    mitigations: list[MitigationResult] = [{"id": m.id, "component": m.component, "label": m.label} for m in spec.mitigations if m.component in above]
    dwelling = ctx.value(settings.dwelling_distance_question) if settings.dwelling_distance_question else UNKNOWN
    dwelling_m = None if dwelling is UNKNOWN else float(dwelling)
    distance = distances[category] if category else None
    permit = None
    if rank is not None:
        permit = next((cls for cat, cls in spec.permit_classes if ranks[cat] >= rank), None)
    return {
        "category": category,
        "distance_m": distance,
        "limiting_nuisance": limiting,
        "limiting_label": limiting_label,
        "components": components,
        "zones": zones,
        "site_zone": site_zone,
        "site_zone_status": site_status,
        "distance_to_dwellings_m": dwelling_m,
        "distance_sufficient": None if dwelling_m is None or distance is None else dwelling_m >= distance,
        "mitigations": mitigations,
        "permit_class_estimate": permit,
        "indicative": spec.zones_indicative,
        "confidence": round(len(known) / len(components), 3) if components else 0.0,
    }
