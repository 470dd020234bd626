"""The verdict rules of a framework precompiled (a part of :mod:`citymade.scoring.compiled`).

Circular models, recommendations, nuisance components and grades are read for every assessment;
their rules are sorted out here once per framework, with conditions compiled, so scoring reads
plain slot classes instead of pydantic models and re-derives nothing per assessment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from citymade.framework.model import STRENGTHS, Framework
from citymade.scoring.tri import Node

if TYPE_CHECKING:
    from citymade.scoring.compiled import CompiledFramework

__all__ = ["ComponentSpec", "ModelSpec", "RecommendationSpec", "RuleSpec", "build_verdicts", "grade_bounds", "grade_table", "rounded_bounds"]

Text = dict[str, str]


@dataclass(slots=True)
class RuleSpec:
    """One evidence rule of a circular model with its compiled conditions and the key of its group
    (rules of one group count once), so scoring a model reads no pydantic attribute."""

    id: str
    points: float
    label: Text
    group: str
    when: Node
    excluded: Node | None


@dataclass(slots=True)
class ModelSpec:
    """A circular model ready to score: its rules and its (strength, minimum points) thresholds."""

    id: str
    number: int
    label: Text
    rules: list[RuleSpec]
    thresholds: list[tuple[str, float]]


@dataclass(slots=True)
class RecommendationSpec:
    """A recommendation with its compiled condition and the (static, de-duplicated) ids of the
    scores, flags and models it is triggered by, computed once instead of per assessment."""

    id: str
    title: Text
    text: Text
    support: str
    support_label: Text
    impact: float
    when: Node
    scores: list[str]
    triggered_by: list[str]


@dataclass(slots=True)
class ComponentSpec:
    """A nuisance component with what scoring it needs, sorted out once: the answers it reads
    (alternatives first, then partial ones), and the worst category any answer could give."""

    id: str
    label: Text
    questions: tuple[str, ...]
    deciding: int
    choices: dict[str, str]
    thresholds: list[tuple[float, str]]
    ceiling: str | None


def build_verdicts(cf: CompiledFramework, framework: Framework) -> None:
    """Fill ``cf``'s models, recommendations, nuisance components and category tables."""
    cf.models = [
        ModelSpec(
            m.id,
            m.number,
            m.label,
            [
                RuleSpec(r.id, r.points, r.label, r.group or f"#{i}", when, excluded)
                for i, (r, when, excluded) in enumerate(cf.model_rules[m.id])
            ],
            [(name, {str(k): v for k, v in m.thresholds.items()}[name]) for name in STRENGTHS[1:]],
        )
        for m in framework.circular_models
    ]
    cf.recommendations = [
        RecommendationSpec(
            rec.id,
            rec.title,
            rec.text,
            rec.support,
            framework.support_types[rec.support],
            rec.impact,
            cf.condition(rec.when),
            list(rec.scores),
            list(dict.fromkeys([*rec.scores, *(ref for kind, ref in cf.references(rec.when) if kind in ("flag", "model"))])),
        )
        for rec in framework.recommendations
    ]
    cf.category_rank = ranks = {c.id: i for i, c in enumerate(framework.cohabitation.categories)}
    for comp in framework.cohabitation.components:
        reachable = [c for _v, c in comp.thresholds] + list(comp.choices.values())
        ceiling = max(reachable, key=ranks.__getitem__) if reachable else None
        questions = (*comp.questions, *comp.partial)
        cf.components.append(ComponentSpec(comp.id, comp.label, questions, len(comp.questions), comp.choices, comp.thresholds, ceiling))
    cf.distances = {c.id: c.distance_m for c in framework.cohabitation.categories}


def grade_bounds(grades: list[tuple[float, str]]) -> dict[str, tuple[float, float]]:
    """``grade(v) == g`` exactly when ``low <= v < high``: :meth:`CompiledFramework.grade` gives
    the first grade whose minimum ``v`` reaches (below every earlier minimum), the last grade
    when none is reached; an empty range (``low >= high``) is a grade never given."""
    if len({g for _m, g in grades}) != len(grades):
        raise ValueError("grades must have distinct names")
    bounds: dict[str, tuple[float, float]] = {}
    high = math.inf
    for i, (minimum, grade) in enumerate(grades):
        bounds[grade] = (-math.inf if i == len(grades) - 1 else minimum, high)
        high = min(high, minimum)
    return bounds


def grade_table(grades: list[tuple[float, str]]) -> tuple[list[float], list[str]]:
    """With minimums descending (as the framework's validation requires), the first grade whose
    minimum a value reaches is the one with the largest minimum at or below it."""
    minimums = [m for m, _g in grades]
    if minimums != sorted(minimums, reverse=True):
        raise ValueError("grades must come with descending minimums")
    ascending = list(reversed(grades))
    return [m for m, _g in ascending], [grades[-1][1], *(g for _m, g in ascending)]


def _rounded_threshold(bound: float) -> float:
    """The smallest float ``v`` with ``round(v, 2) >= bound``, found by bisection over floats.

    ``round(v, 2)`` never decreases as ``v`` grows (it rounds the exact value of ``v``, then takes
    the nearest float), so ``round(v, 2) >= bound`` exactly when ``v >= threshold``."""
    if math.isinf(bound):
        return bound
    low, high = bound - 0.01, bound + 0.01  # round(low, 2) < bound <= round(high, 2)
    while True:
        middle = (low + high) / 2
        if middle in (low, high):  # neighbouring floats
            return high
        if round(middle, 2) >= bound:
            high = middle
        else:
            low = middle


def rounded_bounds(bounds: dict[str, tuple[float, float]]) -> dict[str | None, tuple[float, float]]:
    """Per grade, ``(low, high)`` such that ``low <= v < high`` exactly when the grade's range
    holds ``round(v, 2)``: "ask next" tests many candidate values without rounding each one. No
    grade (None) is an empty range: any value gives a grade."""
    found: dict[str | None, tuple[float, float]] = {grade: (_rounded_threshold(low), _rounded_threshold(high)) for grade, (low, high) in bounds.items()}
    found[None] = (math.inf, -math.inf)
    return found
