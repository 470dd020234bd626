"""Cohabitation from the nuisances (section H): components → category → distance, zones, mitigations.

Each component (noise, odour, traffic …) is known from any of its questions, measured ("dB(A) at
the boundary") or qualitative ("loud machines heard by neighbours"). Like the models and the stage,
the verdict is three-valued: the category *proven* by the known components, and the highest still
*possible* while some are unknown. A zone is compatible, conditional or incompatible only when every
value still possible gives the same answer; otherwise it is ``undecided``. The zone check also holds
the land-use plan's ceiling on productive floor area per building (PRAS), indicative like the rest.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from citymade.framework.conditions import UNKNOWN
from citymade.framework.model import Framework, ZoneType
from citymade.indicators.nuisance import nuisance_category
from citymade.scoring.results import (
    Cohabitation,
    ComponentResult,
    FloorAreaResult,
    MitigationResult,
    ZoneResult,
)
from citymade.scoring.units import UnitContext
from citymade.scoring.verdicts_compiled import ComponentSpec

__all__ = ["STATUSES", "cohabitation", "grade_cap"]

#: zone statuses from best to worst
STATUSES = ("compatible", "conditional", "incompatible")


def _category(comp: ComponentSpec, value: Any, ranks: dict[str, int]) -> str | None:
    """The category one known answer gives (a list of choices: its largest), or None."""
    if isinstance(value, str):
        return comp.choices.get(value)
    if isinstance(value, list):
        found = [comp.choices[v] for v in value if v in comp.choices]
        return max(found, key=ranks.__getitem__) if found else None
    if isinstance(value, bool) or not comp.thresholds:
        return None
    return nuisance_category(float(value), comp.thresholds)


def _component(ctx: UnitContext, comp: ComponentSpec, ranks: dict[str, int]) -> ComponentResult:
    answers = ctx.answers
    deciding = comp.deciding
    proven: str | None = None
    proven_rank = -1
    shown: Any = None
    unknown_unit = False
    if len(comp.questions) == 1:  # one question (the commonest): each of its answers is a unit
        for value in answers(comp.questions[0]):
            cat = None if value is UNKNOWN else _category(comp, value, ranks)
            if cat is None or deciding == 0:
                unknown_unit = True
            if cat is not None and (proven is None or ranks[cat] > proven_rank):
                proven, proven_rank, shown = cat, ranks[cat], value
        return _component_result(comp, proven, proven_rank, shown, unknown_unit, ranks)
    for unit in zip_longest(*[answers(q) for q in comp.questions], fillvalue=UNKNOWN):
        unit_cat: str | None = None
        unit_rank = -1
        unit_value: Any = None
        decided = False
        for position, value in enumerate(unit):
            if value is UNKNOWN:
                continue
            cat = _category(comp, value, ranks)
            if cat is None:
                continue
            decided = decided or position < deciding
            rank = ranks[cat]
            if unit_cat is None or rank > unit_rank:
                unit_cat, unit_rank, unit_value = cat, rank, value
        if not decided:
            unknown_unit = True
        if unit_cat is not None and (proven is None or unit_rank > proven_rank):
            proven, proven_rank, shown = unit_cat, unit_rank, unit_value
    return _component_result(comp, proven, proven_rank, shown, unknown_unit, ranks)


def _component_result(comp: ComponentSpec, proven: str | None, proven_rank: int, shown: Any, unknown_unit: bool, ranks: dict[str, int]) -> ComponentResult:
    """A component's verdict: the proven category, and its ceiling while a unit is undecided."""
    possible = proven
    ceiling = comp.ceiling
    if unknown_unit and ceiling is not None and (possible is None or ranks[ceiling] > proven_rank):
        possible = ceiling
    return {
        "id": comp.id,
        "label": comp.label,
        "category": proven,
        "possible": possible,
        "decided": not unknown_unit,
        "value": shown,
        "questions": list(comp.questions),
    }


def _status(zone: ZoneType, rank: int, ranks: dict[str, int]) -> int:
    if rank <= ranks[zone.max_category]:
        return 0
    if zone.conditional_category and rank <= ranks[zone.conditional_category]:
        return 1
    return 2


def _floor(zone: ZoneType, area: float | None) -> tuple[int, int, FloorAreaResult | None]:
    """(best, worst) status indexes that the floor-area ceiling allows, and what to show."""
    limit = zone.floor_area
    if limit is None:
        return 0, 0, None
    shown: FloorAreaResult = {
        "max_m2": limit.max_m2,
        "extended_max_m2": limit.extended_max_m2,
        "extended_when": limit.extended_when,
        "prescription": limit.prescription,
        "area_m2": area,
        "status": "unknown",
    }
    if area is None:
        return 0, 2, shown
    if area <= limit.max_m2:
        shown["status"] = "within"
        return 0, 0, shown
    if limit.extended_max_m2 is not None and area <= limit.extended_max_m2:
        shown["status"] = "special_measures"
        return 1, 1, shown
    shown["status"] = "exceeds"
    return 2, 2, shown


def _number(ctx: UnitContext, question: str | None) -> float | None:
    value = ctx.value(question) if question else UNKNOWN
    return None if value is UNKNOWN else float(value)


def cohabitation(framework: Framework, ctx: UnitContext) -> Cohabitation:
    """The cohabitation verdict of the site (see the module's docstring)."""
    spec = framework.cohabitation
    ranks = ctx.cf.category_rank
    distances = ctx.cf.distances
    components = [_component(ctx, comp, ranks) for comp in ctx.cf.components]
    known = [c for c in components if c["category"] is not None]
    category = limiting = limiting_label = None
    for comp_result in known:
        if category is None or ranks[str(comp_result["category"])] > ranks[category]:
            category, limiting, limiting_label = comp_result["category"], comp_result["id"], comp_result["label"]
    possibles = [c["possible"] for c in components if c["possible"] is not None]
    possible = max(possibles, key=ranks.__getitem__) if possibles else category
    low = ranks[category] if category else 0
    high = ranks[possible] if possible else low
    area = _number(ctx, spec.floor_area_question)
    zones: list[ZoneResult] = []
    for zone in spec.zones:
        floor_best, floor_worst, floor = _floor(zone, area)
        best = max(_status(zone, low, ranks), floor_best)
        worst = max(_status(zone, high, ranks), floor_worst)
        zones.append(
            {
                "id": zone.id,
                "label": zone.label,
                "status": STATUSES[best] if best == worst else "undecided",
                "best": STATUSES[best],
                "worst": STATUSES[worst],
                "floor_area": floor,
            }
        )
    settings = framework.settings
    site_zone = ctx.value(settings.site_zone_question) if settings.site_zone_question else UNKNOWN
    site_zone = None if site_zone is UNKNOWN else str(site_zone)
    site_status = next((z["status"] for z in zones if z["id"] == site_zone), None)
    zone_spec = next((z for z in spec.zones if z.id == site_zone), None)
    threshold = zone_spec.max_category if zone_spec is not None else spec.mitigate_above
    above = {c["id"] for c in known if ranks[str(c["category"])] > ranks[threshold]}
    mitigations: list[MitigationResult] = [{"id": m.id, "component": m.component, "label": m.label} for m in spec.mitigations if m.component in above]
    dwelling_m = _number(ctx, settings.dwelling_distance_question)
    distance = distances[category] if category else None
    distance_possible = distances[possible] if possible else None
    sufficient: bool | None = None
    if dwelling_m is not None and distance is not None:
        if dwelling_m < distance:
            sufficient = False
        elif distance_possible is not None and dwelling_m >= distance_possible:
            sufficient = True
    permit = permit_possible = None
    if category is not None:
        permit = next((cls for cat, cls in spec.permit_classes if ranks[cat] >= low), None)
        permit_possible = next((cls for cat, cls in spec.permit_classes if ranks[cat] >= high), None)
    decided = [c for c in components if c["decided"]]
    return {
        "category": category,
        "category_possible": possible,
        "decided": all(c["decided"] for c in components),
        "distance_m": distance,
        "distance_possible_m": distance_possible,
        "limiting_nuisance": limiting,
        "limiting_label": limiting_label,
        "components": components,
        "zones": zones,
        "site_zone": site_zone,
        "site_zone_status": site_status,
        "distance_to_dwellings_m": dwelling_m,
        "distance_sufficient": sufficient,
        "mitigations": mitigations,
        "permit_class_estimate": permit,
        "permit_class_possible": permit_possible,
        "indicative": spec.zones_indicative,
        "confidence": round(len(decided) / len(components), 3) if components else 0.0,
    }


def grade_cap(framework: Framework, cohab: Cohabitation) -> tuple[float, str] | None:
    """The highest value the cohabitation grade may keep, and why (a cap key), or None."""
    caps = framework.cohabitation.grade_caps
    found: list[tuple[float, str]] = []
    if cohab["distance_sufficient"] is False and "distance_not_met" in caps:
        found.append((caps["distance_not_met"], "distance_not_met"))
    status = cohab["site_zone_status"]
    if status == "conditional" and "zone_conditional" in caps:
        found.append((caps["zone_conditional"], "zone_conditional"))
    if status == "incompatible" and "zone_incompatible" in caps:
        found.append((caps["zone_incompatible"], "zone_incompatible"))
    return min(found) if found else None
