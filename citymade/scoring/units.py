"""Scoring one unit of answers (a product, or the company with its site) into explained scores.

A criterion's value is the weighted mean of the points its known answers give; "don't know" and
missing answers are left out of the mean and lower the confidence (known weight ÷ applicable
weight). Hidden questions (condition not met) do not apply at all. A red flag caps its criterion.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from citymade.framework.answers import DONT_KNOW, NOT_APPLICABLE
from citymade.framework.conditions import MANY, UNKNOWN
from citymade.scoring.compiled import (
    CHOICE,
    INPUT_CONSTANT,
    INPUT_LIST,
    NUMERIC,
    CompiledFramework,
    CriterionSpec,
    DimensionSpec,
    interpolate,
)
from citymade.scoring.results import DimensionScore, Effect, FlagResult, Score
from citymade.scoring.rounding import round_to

__all__ = ["UnitContext", "compute_derived", "score_dimension"]

def known_only(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers that are known (neither "don't know", "not applicable" nor empty)."""
    # an answer is a bool, number, string or list: only the strings "?" and "n/a" equal the markers,
    # so only strings are compared (comparing a number with a string costs two failed comparisons)
    return {k: v for k, v in answers.items() if v is not None and (not isinstance(v, str) or (v != DONT_KNOW and v != NOT_APPLICABLE))}


def not_applicable(answers: Mapping[str, Any]) -> set[str]:
    """The questions answered "not applicable": they do not count at all, like a hidden question."""
    return {k for k, v in answers.items() if isinstance(v, str) and v == NOT_APPLICABLE}


class _AnswerLists(dict[str, tuple[Any, ...]]):
    """Each question's answers as conditions read them (one per product for a product question
    read at company level), built on first read and then found by a plain dict lookup: conditions
    read the same answers many times. It refers to the unit's parts, not to the unit (no cycle)."""

    __slots__ = ("known", "products", "question_by_id", "is_product")

    def __init__(self, values: dict[str, Any], products: Sequence[Mapping[str, Any]], cf: CompiledFramework, is_product: bool) -> None:
        super().__init__()
        self.known, self.products, self.question_by_id, self.is_product = values, products, cf.question_by_id, is_product

    def __missing__(self, question_id: str) -> tuple[Any, ...]:
        values = self.known
        if self.is_product or question_id in values:
            found: tuple[Any, ...] = (values.get(question_id, UNKNOWN),)
        else:
            spec = self.question_by_id.get(question_id)
            if spec is not None and spec.level == "product":
                found = tuple([p.get(question_id, UNKNOWN) for p in self.products]) or (UNKNOWN,)
            else:
                found = (UNKNOWN,)
        self[question_id] = found
        return found


class _Known(dict[str, Any]):
    """A unit's known answers; reading one that is not known (``[]``, never ``get`` or ``in``)
    gives what conditions see: ``UNKNOWN``, or for a product question read at company level the
    product's answer (one product) or ``MANY``. Known answers are thus read at C speed."""

    __slots__ = ("products", "question_by_id", "is_product")
    products: Sequence[Mapping[str, Any]]
    question_by_id: dict[str, Any]
    is_product: bool

    def __missing__(self, question_id: str) -> Any:
        if self.is_product:
            return UNKNOWN
        spec = self.question_by_id.get(question_id)
        if spec is None or spec.level != "product":
            return UNKNOWN
        products = self.products
        if len(products) > 1:
            return MANY
        return products[0].get(question_id, UNKNOWN) if products else UNKNOWN


class UnitContext:
    """What conditions see: answers of this product (if any), the company and site, derived values,
    scores, flags, circular-model strengths and the stage.

    ``answer(question_id)`` and ``answers(question_id)`` are look-ups of per-unit dicts (see
    :class:`_Known` and :class:`_AnswerLists`), not methods: they are the calls conditions make
    most often. Both live only as long as the unit, so nothing is shared between assessments."""

    __slots__ = ("cf", "values", "is_product", "products", "derived_values", "scores", "flags", "models", "stage_number", "hidden", "gaps", "open_flags", "weights", "totals", "_lists", "answers", "answer")

    def __init__(
        self,
        cf: CompiledFramework,
        *,
        entity: Mapping[str, Any],
        product: Mapping[str, Any] | None = None,
        products: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        self.cf = cf
        self.is_product = product is not None
        known = _Known(entity)
        if product is not None:
            known.update(product)
        self.values: dict[str, Any] = known
        known.products, known.question_by_id, known.is_product = products, cf.question_by_id, self.is_product
        #: the one answer conditions read (see :class:`_Known`)
        self.answer: Callable[[str], Any] = known.__getitem__
        self.products = products
        self.derived_values: dict[str, Any] = {}
        self.scores: dict[str, float | None] = {}
        self.flags: set[str] = set()
        self.models: dict[str, tuple[str, str]] = {}
        self.stage_number: Any = UNKNOWN
        self.hidden: set[str] = set()
        #: derived values that could not be computed: (answers missing, inputs in conflict)
        self.gaps: dict[str, tuple[list[str], bool]] = {}
        #: red flags whose rule is unknown for this unit (they fire only once it is known)
        self.open_flags: list[Any] = []
        #: per criterion key: (known weight, unknown weight) of its scored answers and indicators
        self.weights: dict[str, tuple[float, float]] = {}
        #: per dimension id: (weighted sum, weight) of its known criteria, as combined
        self.totals: dict[str, tuple[float, float]] = {}
        self._lists = _AnswerLists(self.values, products, cf, self.is_product)
        #: the answers of a question, as conditions read them (a tuple, one per product or one)
        self.answers: Callable[[str], Sequence[Any]] = self._lists.__getitem__

    def value(self, question_id: str) -> Any:
        """The known answer of this unit (product first, then company/site), or ``UNKNOWN``."""
        return self.values.get(question_id, UNKNOWN)

    def forget(self, question_id: str) -> None:
        """Count this answer as unknown from now on (its condition is not met or undecided)."""
        self.values.pop(question_id, None)
        self._lists.pop(question_id, None)

    def derived(self, derived_id: str) -> Any:
        return self.derived_values.get(derived_id, UNKNOWN)

    def score(self, score_id: str) -> Any:
        value = self.scores.get(score_id)
        return UNKNOWN if value is None else value

    def flag(self, flag_id: str) -> bool:
        return flag_id in self.flags

    def model(self, model_id: str) -> tuple[str, str]:
        return self.models.get(model_id, ("none", "none"))

    def stage(self) -> Any:
        return self.stage_number


def apply_visibility(ctx: UnitContext, level: str) -> None:
    """Apply the conditions of ``level``'s questions for this unit.

    A question whose condition is false does not apply (hidden), nor does one whose condition tests
    a question that does not apply (answered "not applicable", or itself hidden). One whose
    condition cannot be decided (the answer it depends on is unknown) counts as unknown, even if
    answered: so more "don't know" can never raise a confidence.
    """
    hidden = ctx.hidden
    for spec in ctx.cf.conditional[level]:
        if spec.condition is None:
            continue
        shown = spec.condition.test(ctx)
        if shown is not True:
            ctx.forget(spec.id)
            if shown is False or spec.depends_on in hidden:
                hidden.add(spec.id)


def compute_derived(ctx: UnitContext, level: str) -> None:
    """Compute the derived values of ``level``; unknown when an input is unknown or impossible."""
    derived_values, values, gaps = ctx.derived_values, ctx.values, ctx.gaps
    for spec in ctx.cf.derived[level]:
        kwargs: dict[str, Any] = {}
        missing: list[str] = []
        for param, source, kind, percent in spec.plan:
            if kind == INPUT_CONSTANT:
                kwargs[param] = source
                continue
            if kind == INPUT_LIST:
                items = [values.get(s, UNKNOWN) for s in source]
                if UNKNOWN in items:
                    missing.extend(s for s, v in zip(source, items, strict=True) if v is UNKNOWN)
                    continue
                kwargs[param] = items
                continue
            if source in derived_values:
                item = derived_values[source]
                if item is UNKNOWN:
                    missing.extend(gaps.get(source, ([source], False))[0])
                    continue
            else:
                item = values.get(source, UNKNOWN)
                if item is UNKNOWN:
                    missing.append(source)
                    continue
            kwargs[param] = item / 100 if percent else item
        if missing:
            derived_values[spec.id] = UNKNOWN
            gaps[spec.id] = (list(dict.fromkeys(missing)), False)
            continue
        try:
            value = spec.compute(**kwargs)
        except (ValueError, ArithmeticError):
            value = None
        if value is None:
            derived_values[spec.id] = UNKNOWN
            gaps[spec.id] = ([], True)
        else:
            derived_values[spec.id] = value


def _caps(dim: DimensionSpec, flags: list[FlagResult]) -> dict[str, list[FlagResult]] | None:
    """The red flags that cap a criterion of ``dim``, by criterion key (in the flags' order)."""
    caps: dict[str, list[FlagResult]] = {}
    for flag in flags:
        if flag["criterion"] in dim.keys:
            caps.setdefault(flag["criterion"], []).append(flag)
    return caps or None


def score_dimension(ctx: UnitContext, dim: DimensionSpec, flags: list[FlagResult]) -> DimensionScore:
    """Score every criterion of ``dim`` for this unit, cap flagged ones, then combine them.

    One pass over the criteria does all three (no call, no re-read of each criterion's dict per
    step): a criterion's value is the weighted mean of its known answers' points, capped by its red
    flags, then rounded as :func:`combine` rounds it; sums are added in the same order as there."""
    caps = _caps(dim, flags) if flags else None
    values, hidden, weights = ctx.values, ctx.hidden, ctx.weights
    cf = ctx.cf
    minimums, grades = cf.grade_minimums, cf.grade_table
    criteria: list[Score] = []
    known: list[tuple[CriterionSpec, float]] = []
    total = weight_known = confidence = 0.0
    for crit in dim.criteria:
        points = known_weight = unknown_weight = 0.0
        explanation: list[Effect] = []
        for qid, weight, kind, table, xs, ys, label, spec in crit.items:
            value = values.get(qid, UNKNOWN)
            if value is UNKNOWN:
                if qid not in hidden:
                    unknown_weight += weight
                continue
            if kind == CHOICE:
                contribution = weight * table[value]
            elif kind == NUMERIC:  # interpolate(xs, ys, value), inlined: the commonest kind of answer
                if value <= xs[0]:
                    contribution = weight * ys[0]
                elif value >= xs[-1]:
                    contribution = weight * ys[-1]
                else:
                    i = bisect_right(xs, value)
                    x0, y0 = xs[i - 1], ys[i - 1]
                    contribution = weight * (y0 + (ys[i] - y0) * (value - x0) / (xs[i] - x0))
            else:
                contribution = weight * spec.points(value)
            points += contribution
            known_weight += weight
            explanation.append({"question": qid, "answer": value, "points": contribution, "rule": qid, "text": label})
        if crit.indicators:
            derived = ctx.derived_values
            for ind in crit.indicators:
                value = derived.get(ind.derived, UNKNOWN)
                if value is UNKNOWN:
                    unknown_weight += ind.weight
                    continue
                contribution = ind.weight * interpolate(ind.xs, ind.ys, float(value))
                points += contribution
                known_weight += ind.weight
                explanation.append({"question": None, "answer": round_to(float(value), 4), "points": contribution, "rule": ind.id, "text": ind.label})
        applicable = known_weight + unknown_weight
        weights[crit.key] = (known_weight, unknown_weight)
        crit_confidence = known_weight / applicable if applicable else 0.0
        confidence += crit.weight * crit_confidence
        score: float | None = None
        grade: str | None = None
        if known_weight:
            for effect in explanation:
                effect["points"] /= known_weight
            score = points / known_weight
            if caps is not None and crit.key in caps:
                for flag in caps[crit.key]:
                    if score > flag["cap"]:
                        explanation.append({"question": None, "answer": None, "points": round_to(flag["cap"] - score, 2), "rule": flag["id"], "text": flag["label"]})
                        score = flag["cap"]
            score = round_to(score, 2)
            total += crit.weight * score
            weight_known += crit.weight
            known.append((crit, score))
            grade = grades[bisect_right(minimums, score)]
        criteria.append({"id": crit.key, "label": crit.label, "value": score, "confidence": crit_confidence, "grade": grade, "explanation": explanation})
    ctx.totals[dim.id] = (total, weight_known)
    return _dimension_score(cf, dim, criteria, known, total, weight_known, confidence)


def combine(cf: CompiledFramework, dim: DimensionSpec, criteria: list[Score]) -> DimensionScore:
    """A dimension score from its criterion scores (weighted mean of the known ones, each rounded
    to 2 decimals and graded here): how the products' criteria are combined in the profile."""
    total = weight_known = confidence = 0.0
    minimums, table = cf.grade_minimums, cf.grade_table
    known: list[tuple[CriterionSpec, float]] = []
    for crit, score in zip(dim.criteria, criteria, strict=True):
        value = score["value"]
        weight = crit.weight
        confidence += weight * score["confidence"]
        if value is not None:
            value = round_to(value, 2)
            score["value"] = value
            total += weight * value
            weight_known += weight
            known.append((crit, value))
            score["grade"] = table[bisect_right(minimums, value)]
        else:
            score["grade"] = None
    return _dimension_score(cf, dim, criteria, known, total, weight_known, confidence)


def _dimension_score(
    cf: CompiledFramework,
    dim: DimensionSpec,
    criteria: list[Score],
    known: list[tuple[CriterionSpec, float]],
    total: float,
    weight_known: float,
    confidence: float,
) -> DimensionScore:
    """The dimension's own score from the sums over its criteria (see :func:`combine`)."""
    explanation: list[Effect] = [
        {"question": None, "answer": value, "points": crit.weight * value / weight_known, "rule": crit.key, "text": crit.label} for crit, value in known
    ]
    weight_all = dim.weight
    value = round_to(total / weight_known, 2) if weight_known else None
    return {
        "id": dim.id,
        "label": dim.label,
        "level": dim.level,
        "section": dim.section,
        "value": value,
        "confidence": round_to(confidence / weight_all, 3) if weight_all else 0.0,
        "grade": None if value is None else cf.grade_table[bisect_right(cf.grade_minimums, value)],
        "explanation": explanation,
        "criteria": criteria,
    }


def red_flags(ctx: UnitContext, level: str, product: int | None) -> list[FlagResult]:
    """The red flags of ``level`` that hold for this unit."""
    fired: list[FlagResult] = []
    for flag in ctx.cf.flags[level]:
        held = flag.when.test(ctx)
        if held is None:
            ctx.open_flags.append(flag)
        elif held is True:
            fired.append(
                {"id": flag.id, "family": flag.family, "label": flag.label, "criterion": flag.criterion, "cap": flag.cap, "product": product}
            )
    return fired
