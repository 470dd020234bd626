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
from typing import Any

from citymade.framework.model import STRENGTHS, Condition, Framework
from citymade.scoring.compiled import CompiledFramework, CriterionSpec, DimensionSpec
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
#: every impact is a sum of whole numbers (strength levels, stages, zones, flags) and grade impacts:
#: when a grade impact is a whole number of halves, impacts need no rounding to 2 decimals
_HALVES = (GRADE_IMPACT * 2).is_integer()
Key = tuple[str, int | None]


class _Collector:
    def __init__(self, cf: CompiledFramework, ctx: UnitContext, products: Sequence[UnitContext]) -> None:
        self.cf, self.ctx, self.products = cf, ctx, products
        self.items: dict[Key, list[Any]] = {}
        #: per unit (``id``; None for the company), the leaves found per condition (``id``)
        self.memo: dict[int | None, dict[int, list[Key]]] = {}

    def unknown(self, question: str) -> list[Key]:
        """Where ``question`` is unknown and applies: the company/site, or each product."""
        spec = self.cf.question_by_id.get(question)
        if spec is None:
            return []
        if spec.level == "product":
            return [(question, i) for i, p in enumerate(self.products) if question not in p.values and question not in p.hidden]
        ctx = self.ctx
        return [] if question in ctx.values or question in ctx.hidden else [(question, None)]

    def leaves(self, cond: Condition, unit: UnitContext | None = None, index: int | None = None, *, undecided: bool = False) -> list[Key]:
        """The unknown answers an undecided condition reads, in ``unit`` (a product) or the company
        context; only the parts that are themselves undecided are followed (in ``any`` of a true
        part and an unknown one, nothing is left to decide)."""
        unit_key = None if unit is None else id(unit)
        memo = self.memo.get(unit_key)
        if memo is None:
            memo = self.memo[unit_key] = {}
        return self._leaves(cond, unit, index, undecided, memo)

    def _leaves(self, cond: Condition, unit: UnitContext | None, index: int | None, undecided: bool, memo: dict[int, list[Key]]) -> list[Key]:
        key = id(cond)
        found = memo.get(key)
        if found is not None:
            return found
        node = self.cf.trees.get(key)
        children, question, derived, test = node if node is not None else self.cf.tree(cond)
        found = []
        if children:
            # a leaf on an unknown answer is unknown, so only combinators need evaluating
            if undecided or test.test(unit if unit is not None else self.ctx) is None:
                for child in children:
                    found.extend(self._leaves(child, unit, index, False, memo))
        elif question is not None:
            if unit is None:
                found = self.unknown(question)
            elif question not in unit.values and question not in unit.hidden:
                found = [(question, index) if self.cf.question_by_id[question].level == "product" else (question, None)]
        elif derived is not None:
            found = self.derived_leaves(derived, unit, index)
        memo[key] = found
        return found

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
        items = self.items
        for key in keys:
            found = items.get(key)
            if found is None:
                items[key] = [[verdict], impact]
            elif verdict not in found[0]:
                found[0].append(verdict)
                found[1] += impact

    def add_one(self, key: Key, verdict: str, impact: float) -> None:
        found = self.items.get(key)
        if found is None:
            self.items[key] = [[verdict], impact]
        elif verdict not in found[0]:
            found[0].append(verdict)
            found[1] += impact


def undecided_flags(cf: CompiledFramework, products: Sequence[UnitContext], ctx: UnitContext) -> list[UndecidedFlag]:
    """Red flags whose rule is unknown: they could hold once the answers they read are known."""
    found: list[UndecidedFlag] = []
    collector = _Collector(cf, ctx, products)
    for index, unit in enumerate(products):
        for flag in unit.open_flags:
            keys = collector.leaves(flag.source, unit, index, undecided=True)
            found.append({"id": flag.id, "family": flag.family, "label": flag.label, "product": index, "questions": [q for q, _i in keys]})
    for flag in ctx.open_flags:
        keys = collector.leaves(flag.source, undecided=True)
        found.append({"id": flag.id, "family": flag.family, "label": flag.label, "product": None, "questions": [q for q, _i in keys]})
    return found


#: how far beyond its extreme values the quick check of a criterion looks, so that float rounding
#: in the exact per-answer check can never reach a value the quick check did not cover
_SWING_MARGIN = 1e-6
_NO_WEIGHTS = (0.0, 0.0)


def _grade_swings(collector: _Collector, dim: DimensionSpec, score: DimensionScore, unit: UnitContext, index: int | None) -> None:
    """Unknown answers that, at 0 or 100 points, would give ``dim`` another grade.

    One answer of weight ``w`` moves its criterion between ``points / (known + w)`` and
    ``(points + 100 w) / (known + w)``; both move monotonically with ``w``, which is at most the
    criterion's largest question weight and its unknown weight. The dimension's value, and so its
    grade, moves monotonically with the criterion's: a criterion whose extreme values keep the
    current grade cannot swing it through any answer, and is skipped before its answers are read.
    A grade is kept while the rounded value stays in the grade's range, that is while the value
    itself stays in ``swing_bounds`` (the same test without rounding each candidate).
    """
    cf = collector.cf
    known_total, known_weight = unit.totals[dim.id]  # as combined: the same sum, in the same order
    current = cf.grade(score["value"])
    low_bound, high_bound = cf.swing_bounds[current]
    verdict: str | None = None
    weights = unit.weights
    for crit, crit_score in zip(dim.criteria, score["criteria"], strict=True):
        weight_known, weight_unknown = weights.get(crit.key, _NO_WEIGHTS)
        if weight_unknown <= 0 or not crit.weights:  # nothing unknown, or only indicators
            continue
        value = crit_score["value"]
        cw = crit.weight
        if value is None:
            points = 0.0
            base_total, base_weight = known_total, known_weight + cw
        else:
            points = float(value) * weight_known
            base_total, base_weight = known_total - cw * float(value), known_weight
        if current is not None:
            most = crit.max_weight if crit.max_weight < weight_unknown else weight_unknown
            lowest = points / (weight_known + most)
            highest = (points + most * 100.0) / (weight_known + most)
            if weight_known:
                middle = points / weight_known
                lowest, highest = min(lowest, middle), max(highest, middle)
            if (
                low_bound <= (base_total + cw * (lowest - _SWING_MARGIN)) / base_weight < high_bound
                and low_bound <= (base_total + cw * (highest + _SWING_MARGIN)) / base_weight < high_bound
            ):
                continue
        if verdict is None:
            verdict = f"grade:{dim.id}"
        _answer_swings(collector, crit, unit, index, verdict, (points, weight_known, base_total, base_weight), (low_bound, high_bound))


def _answer_swings(
    collector: _Collector,
    crit: CriterionSpec,
    unit: UnitContext,
    index: int | None,
    verdict: str,
    base: tuple[float, float, float, float],
    bounds: tuple[float, float],
) -> None:
    """The exact check, answer by answer (one per distinct weight), of a criterion that could swing."""
    points, weight_known, base_total, base_weight = base
    low_bound, high_bound = bounds
    cw = crit.weight
    values, hidden = unit.values, unit.hidden
    changes: dict[float, bool] = {}
    for qid, weight, level in crit.weights:
        if qid in values or qid in hidden:
            continue
        changed = changes.get(weight)
        if changed is None:
            low = (points) / (weight_known + weight)
            high = (points + weight * 100.0) / (weight_known + weight)
            changed = changes[weight] = not (
                low_bound <= (base_total + cw * low) / base_weight < high_bound
                and low_bound <= (base_total + cw * high) / base_weight < high_bound
            )
        if changed:
            collector.add_one((qid, index if level == "product" else None), verdict, GRADE_IMPACT)


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
    rank: dict[int | None, dict[str, int]] | None = None,
) -> list[AskNext]:
    """The unknown answers ranked by the verdicts they could decide (see the module docstring);
    ``rank``, when given, receives each answer's position in that order (``rank[product][question]``)."""
    collector = _Collector(cf, ctx, products)
    for model, result in zip(framework.circular_models, models, strict=True):
        if result["decided"]:
            continue
        gap = float(STRENGTHS.index(result["possible"]) - STRENGTHS.index(result["strength"]))
        unknown = set(result["unknown"])
        verdict = f"model:{model.id}"
        for rule in model.evidence:
            if rule.id in unknown:
                collector.add(collector.leaves(rule.when, undecided=True), verdict, gap)
                if rule.excluded_by is not None:  # a known answer could still rule it out
                    collector.add(collector.leaves(rule.excluded_by), verdict, gap)
    if not maturity["decided"]:
        gap = float(maturity["stage_possible"] - maturity["stage"])
        for stage in framework.maturity.stages:
            if stage.when is not None and stage.number > maturity["stage"] and cf.condition(stage.when).test(ctx) is None:
                collector.add(collector.leaves(stage.when), "stage", gap)
    component_keys = [k for c in cohabitation["components"] if not c["decided"] for q in c["questions"] for k in collector.unknown(q)]
    for zone in cohabitation["zones"]:
        if zone["status"] != "undecided":
            continue
        collector.add(component_keys, f"zone:{zone['id']}", 1.0)
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
    items = list(collector.items.items())
    # sort keys built in one pass; the position breaks ties as the stable sort of the items would
    ranked = sorted([(-impact, -len(decides), order.get(qid, 0), product or 0, i) for i, ((qid, product), (decides, impact)) in enumerate(items)])
    by_id = cf.question_by_id
    out: list[AskNext] = []
    for position, row in enumerate(ranked):
        key, (decides, impact) = items[row[4]]
        qid, product = key
        if rank is not None:
            rank.setdefault(product, {})[qid] = position
        spec = by_id[qid]
        # impacts add whole numbers and halves, exact in binary: rounding would not change them
        out.append({"question": qid, "level": spec.level, "product": product, "label": spec.label, "decides": decides, "impact": impact if _HALVES else round(impact, 2)})
    return out
