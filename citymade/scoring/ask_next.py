""""Ask next": the unknown answers ranked by what knowing them would decide.

A verdict that is still undecided (a circular model's strength, the stage, a zone's compatibility,
a red flag) rests on rules that evaluated to unknown; the unknown answers those rules read (directly,
or through a derived indicator that could not be computed) are the ones that could decide it. A
dimension's grade could change when one unknown answer, at its lowest or highest points, would move
the dimension across a grade boundary. Each item names the verdicts it could change and an impact:
the number of strength levels or stages still open, one per zone or flag, half a point per grade.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from citymade.framework.conditions import UNKNOWN
from citymade.framework.model import STRENGTHS, Condition, Framework
from citymade.scoring.compiled import CompiledFramework, DimensionSpec
from citymade.scoring.results import (
    AskNext,
    CircularModelResult,
    Cohabitation,
    DimensionScore,
    Maturity,
    UndecidedFlag,
)
from citymade.scoring.units import UnitContext

__all__ = ["ask_next", "undecided_flags"]

GRADE_IMPACT = 0.5
Key = tuple[str, int | None]


class _Collector:
    def __init__(self, cf: CompiledFramework, ctx: UnitContext, products: Sequence[UnitContext]) -> None:
        self.cf, self.ctx, self.products = cf, ctx, products
        self.items: dict[Key, tuple[list[str], float]] = {}

    def unknown(self, question: str) -> list[Key]:
        """Where ``question`` is unknown and applies: the company/site, or each product."""
        spec = self.cf.question_by_id.get(question)
        if spec is None:
            return []
        if spec.level == "product":
            return [(question, i) for i, p in enumerate(self.products) if question not in p.values and question not in p.hidden]
        ctx = self.ctx
        return [] if question in ctx.values or question in ctx.hidden else [(question, None)]

    def leaves(self, cond: Condition, unit: UnitContext | None = None, index: int | None = None) -> list[Key]:
        """The unknown answers an undecided condition reads, in ``unit`` (a product) or the company
        context; only the parts that are themselves undecided are followed (in ``any`` of a true
        part and an unknown one, nothing is left to decide)."""
        if self.cf.condition(cond)(unit if unit is not None else self.ctx) is not None:
            return []
        children = (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ is not None else [])
        if children:
            found: list[Key] = []
            for child in children:
                found.extend(self.leaves(child, unit, index))
            return found
        if cond.question is not None:
            ref = cond.question
            if unit is None:
                return self.unknown(ref)
            if ref not in unit.values and ref not in unit.hidden:
                return [(ref, index) if self.cf.question_by_id[ref].level == "product" else (ref, None)]
            return []
        if cond.derived is not None:
            return self.derived_leaves(cond.derived, unit, index)
        return []

    def derived_leaves(self, derived: str, unit: UnitContext | None, index: int | None) -> list[Key]:
        owner = unit if unit is not None else self.ctx
        gap = owner.gaps.get(derived)
        if gap is not None:
            keys: list[Key] = []
            for q in gap[0]:
                keys.extend(self.unknown(q) if unit is None else [(q, index if self.cf.question_by_id[q].level == "product" else None)])
            return keys
        if unit is None:  # a product indicator averaged over the products: each product's gap
            keys = []
            for i, product in enumerate(self.products):
                for q in product.gaps.get(derived, ([], False))[0]:
                    keys.append((q, i if self.cf.question_by_id[q].level == "product" else None))
            return keys
        return []

    def add(self, keys: Iterable[Key], verdict: str, impact: float) -> None:
        for key in dict.fromkeys(keys):
            decides, total = self.items.get(key, ([], 0.0))
            if verdict not in decides:
                self.items[key] = ([*decides, verdict], total + impact)


def undecided_flags(cf: CompiledFramework, products: Sequence[UnitContext], ctx: UnitContext) -> list[UndecidedFlag]:
    """Red flags whose rule is unknown: they could hold once the answers they read are known."""
    found: list[UndecidedFlag] = []
    collector = _Collector(cf, ctx, products)
    for index, unit in enumerate(products):
        for flag in cf.flags["product"]:
            if flag.when(unit) is None:
                keys = collector.leaves(flag.source, unit, index)
                found.append({"id": flag.id, "family": flag.family, "label": flag.label, "product": index, "questions": [q for q, _i in keys]})
    for level in ("company", "site"):
        for flag in cf.flags[level]:
            if flag.when(ctx) is None:
                found.append({"id": flag.id, "family": flag.family, "label": flag.label, "product": None, "questions": [q for q, _i in collector.leaves(flag.source)]})
    return found


def _grade_swings(collector: _Collector, dim: DimensionSpec, score: DimensionScore, unit: UnitContext, index: int | None) -> None:
    """Unknown answers that, at 0 or 100 points, would give ``dim`` another grade."""
    cf = collector.cf
    values = unit.values
    known_total = sum(c.weight * float(s["value"]) for c, s in zip(dim.criteria, score["criteria"], strict=True) if s["value"] is not None)
    known_weight = sum(c.weight for c, s in zip(dim.criteria, score["criteria"], strict=True) if s["value"] is not None)
    current = cf.grade(score["value"])
    verdict = f"grade:{dim.id}"
    for crit, crit_score in zip(dim.criteria, score["criteria"], strict=True):
        weight_known = sum(w for qid, w, *_rest in crit.items if qid in values)
        weight_known += sum(i.weight for i in crit.indicators if unit.derived_values.get(i.derived, UNKNOWN) is not UNKNOWN)
        value = crit_score["value"]
        points = 0.0 if value is None else float(value) * weight_known
        for qid, weight, *_rest in crit.items:
            if qid in values or qid in unit.hidden or weight <= 0:
                continue
            grades = set()
            for x in (0.0, 100.0):
                crit_value = (points + weight * x) / (weight_known + weight)
                if value is None:
                    total, wsum = known_total + crit.weight * crit_value, known_weight + crit.weight
                else:
                    total, wsum = known_total - crit.weight * float(value) + crit.weight * crit_value, known_weight
                grades.add(cf.grade(round(total / wsum, 2)))
            if grades != {current}:
                level = cf.question_by_id[qid].level
                collector.add([(qid, index if level == "product" else None)], verdict, GRADE_IMPACT)


def ask_next(
    framework: Framework,
    cf: CompiledFramework,
    ctx: UnitContext,
    products: Sequence[UnitContext],
    *,
    models: list[CircularModelResult],
    maturity: Maturity,
    cohabitation: Cohabitation,
    flags: list[UndecidedFlag],
    dimensions: dict[str, DimensionScore],
    product_dimensions: list[list[DimensionScore]],
) -> list[AskNext]:
    """The unknown answers ranked by the verdicts they could decide (see the module docstring)."""
    collector = _Collector(cf, ctx, products)
    for model, result in zip(framework.circular_models, models, strict=True):
        if result["decided"]:
            continue
        gap = float(STRENGTHS.index(result["possible"]) - STRENGTHS.index(result["strength"]))
        for rule in model.evidence:
            if rule.id in result["unknown"]:
                collector.add(collector.leaves(rule.when), f"model:{model.id}", gap)
    if not maturity["decided"]:
        gap = float(maturity["stage_possible"] - maturity["stage"])
        for stage in framework.maturity.stages:
            if stage.when is not None and stage.number > maturity["stage"] and cf.condition(stage.when)(ctx) is None:
                collector.add(collector.leaves(stage.when), "stage", gap)
    undecided_components = [c for c in cohabitation["components"] if not c["decided"]]
    for zone in cohabitation["zones"]:
        if zone["status"] != "undecided":
            continue
        for comp in undecided_components:
            for q in comp["questions"]:
                collector.add(collector.unknown(q), f"zone:{zone['id']}", 1.0)
        floor = zone["floor_area"]
        question = framework.cohabitation.floor_area_question
        if floor is not None and floor["status"] == "unknown" and question:
            collector.add(collector.unknown(question), f"zone:{zone['id']}", 1.0)
    distance_q = framework.settings.dwelling_distance_question
    if cohabitation["distance_sufficient"] is None and distance_q:
        collector.add(collector.unknown(distance_q), "distance", 1.0)
    for flag in flags:
        index = flag["product"]
        collector.add([(q, index if cf.question_by_id[q].level == "product" else None) for q in flag["questions"]], f"flag:{flag['id']}", 1.0)
    for level in ("company", "site"):
        for dim in cf.dimensions[level]:
            _grade_swings(collector, dim, dimensions[dim.id], ctx, None)
    for index, (unit, dims) in enumerate(zip(products, product_dimensions, strict=True)):
        for dim, score in zip(cf.dimensions["product"], dims, strict=True):
            _grade_swings(collector, dim, score, unit, index)
    order = cf.question_order
    ranked = sorted(collector.items.items(), key=lambda kv: (-kv[1][1], -len(kv[1][0]), order.get(kv[0][0], 0), kv[0][1] or 0))
    out: list[AskNext] = []
    for (qid, product), (decides, impact) in ranked:
        spec = cf.question_by_id[qid]
        out.append({"question": qid, "level": spec.level, "product": product, "label": spec.label, "decides": decides, "impact": round(impact, 2)})
    return out
