"""The framework precompiled into plain structures, once per framework object.

Scoring thousands of assessments must not re-walk pydantic models or re-interpret conditions:
this module turns questions into small slot classes with their points tables, bands into sorted
tuples and conditions into functions (:mod:`citymade.framework.conditions`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from citymade.framework.model import Condition, Framework, Question
from citymade.indicators.registry import INDICATORS
from citymade.scoring.tri import Node, compile_tri
from citymade.scoring.verdicts_compiled import (
    ComponentSpec,
    ModelSpec,
    RecommendationSpec,
    build_verdicts,
    grade_bounds,
    grade_table,
    rounded_bounds,
)

__all__ = ["CHOICE", "INPUT_CONSTANT", "INPUT_LIST", "NUMERIC", "CompiledFramework", "QuestionSpec", "compiled", "interpolate"]

Text = dict[str, str]
CHOICE, NUMERIC, OTHER = 1, 2, 3
INPUT_CONSTANT, INPUT_LIST, INPUT_ID = 1, 2, 3


def interpolate(xs: tuple[float, ...], ys: tuple[float, ...], x: float) -> float:
    """Piecewise-linear value of the curve (xs, ys) at ``x``, flat beyond both ends."""
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    i = bisect_right(xs, x)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


@dataclass(slots=True)
class QuestionSpec:
    id: str
    level: str
    type: str
    weight: float
    label: Text
    unit: str | None
    condition: Node | None
    option_points: dict[str, float]
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    yes: float
    no: float
    combine_min: bool
    #: the question its condition tests (a follow-up of a question that does not apply does not apply)
    depends_on: str | None = None

    def points(self, value: Any) -> float:
        """Points 0–100 that a (known, valid) answer gives."""
        kind = self.type
        if kind == "choice":
            return self.option_points[value]
        if kind == "multi_choice":
            pts = [self.option_points[v] for v in value]
            if self.combine_min:
                return min(pts) if pts else 100.0
            return min(100.0, sum(pts))
        if kind == "yes_no":
            return self.yes if value else self.no
        return interpolate(self.xs, self.ys, float(value))


@dataclass(slots=True)
class IndicatorItem:
    id: str
    derived: str
    weight: float
    label: Text
    xs: tuple[float, ...]
    ys: tuple[float, ...]


@dataclass(slots=True)
class CriterionSpec:
    key: str
    label: Text
    weight: float
    questions: list[QuestionSpec]
    indicators: list[IndicatorItem]
    # the scored questions flattened for the inner loop: (id, weight, kind, points table, xs, ys, label, spec)
    items: list[tuple[str, float, int, dict[str, float], tuple[float, ...], tuple[float, ...], Text, QuestionSpec]] = field(
        default_factory=list
    )
    #: (question id, weight, level) of the scored questions, for "ask next"
    weights: list[tuple[str, float, str]] = field(default_factory=list)
    #: the largest weight of one scored question: bounds how far one answer can move the value
    max_weight: float = 0.0

    def __post_init__(self) -> None:
        self.weights = [(q.id, q.weight, q.level) for q in self.questions]
        self.max_weight = max((q.weight for q in self.questions), default=0.0)
        for q in self.questions:
            kind = CHOICE if q.type == "choice" else NUMERIC if q.type in ("number", "scale") else OTHER
            self.items.append((q.id, q.weight, kind, q.option_points, q.xs, q.ys, q.label, q))


@dataclass(slots=True)
class DimensionSpec:
    id: str
    label: Text
    level: str
    section: str | None
    criteria: list[CriterionSpec]
    #: the sum of the criterion weights (added in order, as the mean divides by it) and their keys
    weight: float = 0.0
    keys: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for crit in self.criteria:
            self.weight += crit.weight
        self.keys = frozenset(c.key for c in self.criteria)


@dataclass(slots=True)
class DerivedSpec:
    id: str
    label: Text
    compute: Callable[..., float | None]
    # (parameter, source, divide-by-100) where source is a question/derived id, a list of ids or a constant
    inputs: list[tuple[str, str | list[str] | float, bool]]
    #: the inputs sorted out once, in input order (a share sum adds them in that order):
    #: (parameter, constant as a float / list of ids / id, its kind, divide-by-100)
    plan: list[tuple[str, Any, int, bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for param, source, percent in self.inputs:
            if isinstance(source, (int, float)):
                self.plan.append((param, float(source), INPUT_CONSTANT, percent))
            else:
                self.plan.append((param, source, INPUT_LIST if isinstance(source, list) else INPUT_ID, percent))


@dataclass(slots=True)
class FlagSpec:
    id: str
    family: str
    level: str
    criterion: str
    cap: float
    when: Node
    label: Text
    source: Condition


@dataclass(slots=True)
class CompiledFramework:
    framework: Framework
    dimensions: dict[str, list[DimensionSpec]] = field(default_factory=dict)
    questions: dict[str, list[QuestionSpec]] = field(default_factory=dict)
    question_by_id: dict[str, QuestionSpec] = field(default_factory=dict)
    conditional: dict[str, list[QuestionSpec]] = field(default_factory=dict)
    derived: dict[str, list[DerivedSpec]] = field(default_factory=dict)
    flags: dict[str, list[FlagSpec]] = field(default_factory=dict)
    grades: list[tuple[float, str]] = field(default_factory=list)
    conditions: dict[int, Node] = field(default_factory=dict)
    refs: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    category_rank: dict[str, int] = field(default_factory=dict)
    question_order: dict[str, int] = field(default_factory=dict)
    nodes: dict[int, tuple[list[Condition], str | None, str | None]] = field(default_factory=dict)
    trees: dict[int, tuple[list[Condition], str | None, str | None, Node]] = field(default_factory=dict)
    #: per grade, the values that get it: ``low <= value < high`` (grade minimums descending)
    grade_bounds: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: per grade (None: no grade yet), the values whose ``round(v, 2)`` gets it: ``low <= v < high``
    swing_bounds: dict[str | None, tuple[float, float]] = field(default_factory=dict)
    #: grades by bisection (``grade_table[bisect_right(grade_minimums, value)]``), a C-level look-up
    #: for the inner loops: the minimums ascending, and the grade below, at and above each
    grade_minimums: list[float] = field(default_factory=list)
    grade_table: list[str] = field(default_factory=list)
    #: per circular model: (rule, compiled when, compiled excluded_by or None)
    model_rules: dict[str, list[tuple[Any, Node, Node | None]]] = field(default_factory=dict)
    models: list[ModelSpec] = field(default_factory=list)
    recommendations: list[RecommendationSpec] = field(default_factory=list)
    components: list[ComponentSpec] = field(default_factory=list)
    #: per level, (id, label, weight) of every question, in order: the data to collect
    to_collect: dict[str, list[tuple[str, Text, float]]] = field(default_factory=dict)
    #: every question listed once per level (as a checked framework has it): an answer's place
    #: in "ask next" then belongs to one row of the data to collect
    collect_unique: bool = True
    #: guide distance to dwellings of each nuisance category
    distances: dict[str, float | None] = field(default_factory=dict)

    def condition(self, cond: Condition) -> Node:
        """The compiled form of a condition of this framework (compiled once, then reused)."""
        key = id(cond)
        found = self.conditions.get(key)
        if found is None:
            found = self.conditions[key] = compile_tri(cond)
        return found

    def node(self, cond: Condition) -> tuple[list[Condition], str | None, str | None]:
        """A condition's parts (for a combinator), or the question or derived value it reads."""
        key = id(cond)
        found = self.nodes.get(key)
        if found is None:
            children = (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ is not None else [])
            found = self.nodes[key] = (children, cond.question, cond.derived)
        return found

    def tree(self, cond: Condition) -> tuple[list[Condition], str | None, str | None, Node]:
        """:meth:`node` and :meth:`condition` of a condition in one look-up (walked by "ask next")."""
        key = id(cond)
        found = self.trees.get(key)
        if found is None:
            found = self.trees[key] = (*self.node(cond), self.condition(cond))
        return found

    def references(self, cond: Condition) -> list[tuple[str, str]]:
        """What a condition refers to (computed once)."""
        key = id(cond)
        found = self.refs.get(key)
        if found is None:
            found = self.refs[key] = cond.references()
        return found

    def grade(self, value: float | None) -> str | None:
        """The first grade whose minimum ``value`` reaches (the last grade below all of them)."""
        if value is None:
            return None
        return self.grade_table[bisect_right(self.grade_minimums, value)]


def _question_spec(q: Question, level: str) -> QuestionSpec:
    if q.bands:
        xs, ys = tuple(float(b[0]) for b in q.bands), tuple(float(b[1]) for b in q.bands)
    elif q.type == "scale" and q.min is not None and q.max is not None:
        xs, ys = (q.min, q.max), (0.0, 100.0)
    else:
        xs, ys = (0.0,), (0.0,)
    return QuestionSpec(
        id=q.id,
        level=level,
        type=q.type,
        weight=q.weight,
        label=q.label,
        unit=q.unit,
        condition=compile_tri(q.condition) if q.condition else None,
        option_points={o.value: float(o.points) for o in q.options if o.points is not None},
        xs=xs,
        ys=ys,
        yes=float(q.yes_points or 0),
        no=float(q.no_points or 0),
        combine_min=q.combine == "min",
        depends_on=q.condition.question if q.condition else None,
    )


def _build(framework: Framework) -> CompiledFramework:
    cf = CompiledFramework(framework=framework)
    for level in ("product", "company", "site"):
        cf.dimensions[level] = []
        cf.questions[level] = []
        cf.derived[level] = []
        cf.flags[level] = []
    for dim in framework.dimensions:
        criteria = []
        for crit in dim.criteria:
            specs = [_question_spec(q, dim.level) for q in crit.questions]
            cf.questions[dim.level].extend(specs)
            cf.question_by_id.update((s.id, s) for s in specs)
            if crit.weight <= 0:
                continue
            indicators = [
                IndicatorItem(
                    id=i.id,
                    derived=i.derived,
                    weight=i.weight,
                    label=i.label,
                    xs=tuple(float(b[0]) for b in i.bands),
                    ys=tuple(float(b[1]) for b in i.bands),
                )
                for i in crit.indicators
            ]
            criteria.append(
                CriterionSpec(f"{dim.id}.{crit.id}", crit.label, crit.weight, [s for s in specs if s.weight > 0], indicators)
            )
        cf.dimensions[dim.level].append(DimensionSpec(dim.id, dim.label, dim.level, dim.section, criteria))
    for derived in framework.derived:
        spec = INDICATORS[derived.indicator]
        inputs: list[tuple[str, str | list[str] | float, bool]] = []
        for param, source in derived.inputs.items():
            percent = (
                spec.params.get(param) == "fraction"
                and isinstance(source, str)
                and framework.has_question(source)
                and framework.question(source).unit == "%"
            )
            inputs.append((param, source, percent))
        cf.derived[derived.level].append(DerivedSpec(derived.id, derived.label, spec.compute, inputs))
    for flag in framework.red_flags:
        cf.flags[flag.level].append(
            FlagSpec(flag.id, flag.family, flag.level, flag.criterion, flag.cap, compile_tri(flag.when), flag.label, flag.when)
        )
    cf.grades = [(g.min, g.grade) for g in framework.grades]
    cf.grade_bounds = grade_bounds(cf.grades)
    cf.swing_bounds = rounded_bounds(cf.grade_bounds)
    cf.grade_minimums, cf.grade_table = grade_table(cf.grades)
    cf.question_order = {q.id: i for i, q in enumerate(framework.questions())}
    cf.model_rules = {
        m.id: [(r, cf.condition(r.when), cf.condition(r.excluded_by) if r.excluded_by is not None else None) for r in m.evidence]
        for m in framework.circular_models
    }
    build_verdicts(cf, framework)
    cf.to_collect = {level: [(q.id, q.label, q.weight) for q in specs] for level, specs in cf.questions.items()}
    cf.collect_unique = all(len({q.id for q in specs}) == len(specs) for specs in cf.questions.values())
    cf.conditional = {level: [q for q in specs if q.condition is not None] for level, specs in cf.questions.items()}
    return cf


def compiled(framework: Framework) -> CompiledFramework:
    """The compiled form of ``framework``, built on first use and kept on the framework object."""
    private = framework.__pydantic_private__  # direct read: pydantic's __getattr__ is slow
    assert private is not None
    found = private.get("_compiled")
    if found is None:
        found = private["_compiled"] = _build(framework)
    assert isinstance(found, CompiledFramework)
    return found
