"""The engine's conditions: a tree of compiled objects that read a :class:`UnitContext` directly.

The framework compiles a condition into closures over any context
(:func:`citymade.framework.conditions.compile_condition`: the questionnaire and the answers'
validation use them). The engine evaluates a few hundred conditions per assessment, always on its
own :class:`~citymade.scoring.units.UnitContext`; compiled with the rest of the engine (mypyc),
these nodes call each other and read the unit's dicts without going through the interpreter.

The three-valued logic is the framework's, part for part: ``all`` is false as soon as one part is
false, ``any`` true as soon as one part is true, otherwise an unknown part makes the whole unknown;
a model's strength and the stage are ranges, decided only when the test gives the same answer over
the whole range. What a known value satisfies (equals, in, contains, the comparisons, at least) is
the framework's own test functions (:func:`~citymade.framework.conditions.value_checks`,
:func:`~citymade.framework.conditions.value_test`), so the two cannot disagree on a value;
``tests/scoring/test_tri.py`` checks that every condition of the framework gives the same verdict
both ways on thousands of units.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from citymade.framework.conditions import (
    MANY,
    UNKNOWN,
    any_of_results,
    over_range,
    simple_answer_tests,
    value_checks,
    value_test,
)
from citymade.framework.model import STRENGTHS, Condition

if TYPE_CHECKING:
    from citymade.scoring.units import UnitContext

__all__ = ["Node", "compile_tri"]

Check = Callable[[Any], bool]
ValueTest = Callable[[Any], "bool | None"]


class Node:
    """A compiled condition: ``node.test(unit)`` is True, False or None (unknown)."""

    def test(self, ctx: UnitContext) -> bool | None:
        # the base of the node classes below, never built itself (compile_tri makes only those)
        raise NotImplementedError

    def __call__(self, ctx: UnitContext) -> bool | None:
        return self.test(ctx)


class _Junction(Node):
    """``all`` (``decisive`` False) or ``any`` (True) of parts: the first part that gives the
    decisive answer decides, otherwise an unknown part makes the whole unknown."""

    def __init__(self, parts: list[Node], decisive: bool) -> None:
        self.parts, self.decisive = parts, decisive

    def test(self, ctx: UnitContext) -> bool | None:
        decisive = self.decisive
        unknown = False
        for part in self.parts:
            result = part.test(ctx)
            if result is decisive:
                return decisive
            if result is None:
                unknown = True
        return None if unknown else not decisive


class _Not(Node):
    def __init__(self, inner: Node) -> None:
        self.inner = inner

    def test(self, ctx: UnitContext) -> bool | None:
        result = self.inner.test(ctx)
        return None if result is None else not result


def _answer(ctx: UnitContext, qid: str, only: Check, test: ValueTest) -> bool | None:
    """One check on an answer (the framework's ``_on_answer``)."""
    value = ctx.values[qid]  # the unit's known answers: UNKNOWN or MANY when not one known value
    if value is UNKNOWN:
        return None
    if value is MANY:
        return any_of_results([test(v) for v in ctx._lists[qid]])
    try:
        return only(value)
    except TypeError:
        return False


class _OnAnswer(Node):
    def __init__(self, qid: str, only: Check, value_test: ValueTest) -> None:
        self.qid, self.only, self.value_test = qid, only, value_test

    def test(self, ctx: UnitContext) -> bool | None:
        return _answer(ctx, self.qid, self.only, self.value_test)


class _OnAnswers(Node):
    """Any other test of an answer (``known``, or several checks at once)."""

    def __init__(self, qid: str, value_test: ValueTest) -> None:
        self.qid, self.value_test = qid, value_test

    def test(self, ctx: UnitContext) -> bool | None:
        value = ctx.values[self.qid]
        if value is MANY:
            return any_of_results([self.value_test(v) for v in ctx._lists[self.qid]])
        return self.value_test(value)


class _Combined(Node):
    """``all`` (``decisive`` False) or ``any`` (True) of single checks on answers, read in place."""

    def __init__(self, tests: list[tuple[str, Check, ValueTest]], decisive: bool) -> None:
        self.tests, self.decisive = tests, decisive

    def test(self, ctx: UnitContext) -> bool | None:
        decisive = self.decisive
        values = ctx.values
        unknown = False
        for qid, only, test in self.tests:
            value = values[qid]
            if value is UNKNOWN:
                unknown = True
                continue
            result = _answer(ctx, qid, only, test) if value is MANY else _checked(only, value)
            if result is decisive:
                return decisive
            if result is None:
                unknown = True
        return None if unknown else not decisive


def _checked(only: Check, value: Any) -> bool | None:
    try:
        return only(value)
    except TypeError:
        return False


class _OnValue(Node):
    """A test on a derived value (``derived``) or a score; ``only`` when it is one check."""

    def __init__(self, ref: str, derived: bool, only: Check | None, value_test: ValueTest) -> None:
        self.ref, self.derived, self.only, self.value_test = ref, derived, only, value_test

    def test(self, ctx: UnitContext) -> bool | None:
        if self.derived:
            value = ctx.derived_values.get(self.ref, UNKNOWN)
        else:
            score = ctx.scores.get(self.ref)
            value = UNKNOWN if score is None else score
        only = self.only
        if only is None:
            return self.value_test(value)
        if value is UNKNOWN:
            return None
        return _checked(only, value)


class _OnFlag(Node):
    def __init__(self, flag: str) -> None:
        self.flag = flag

    def test(self, ctx: UnitContext) -> bool | None:
        return self.flag in ctx.flags


class _OnModel(Node):
    def __init__(self, model: str, value_test: ValueTest) -> None:
        self.model, self.value_test = model, value_test

    def test(self, ctx: UnitContext) -> bool | None:
        low, high = ctx.models.get(self.model, ("none", "none"))
        if low == high:
            return self.value_test(low)
        return over_range(self.value_test, STRENGTHS[STRENGTHS.index(low) : STRENGTHS.index(high) + 1])


class _OnStage(Node):
    def __init__(self, value_test: ValueTest) -> None:
        self.value_test = value_test

    def test(self, ctx: UnitContext) -> bool | None:
        found = ctx.stage_number
        if found is UNKNOWN:
            return None
        low, high = found
        if low == high:
            return self.value_test(low)
        return over_range(self.value_test, range(low, high + 1))


def compile_tri(cond: Condition) -> Node:
    """The engine's compiled form of ``cond`` (the same verdicts as ``compile_condition``)."""
    if cond.all is not None:
        simple = simple_answer_tests(cond.all)
        return _Combined(simple, False) if simple is not None else _Junction([compile_tri(c) for c in cond.all], False)
    if cond.any is not None:
        simple = simple_answer_tests(cond.any)
        return _Combined(simple, True) if simple is not None else _Junction([compile_tri(c) for c in cond.any], True)
    if cond.not_ is not None:
        return _Not(compile_tri(cond.not_))
    test = value_test(cond)
    checks = value_checks(cond)
    only = checks[0] if cond.known is None and len(checks) == 1 else None
    if cond.question is not None:
        return _OnAnswer(cond.question, only, test) if only is not None else _OnAnswers(cond.question, test)
    if cond.derived is not None:
        return _OnValue(cond.derived, True, only, test)
    if cond.score is not None:
        return _OnValue(cond.score, False, only, test)
    if cond.flag is not None:
        return _OnFlag(cond.flag)
    if cond.model is not None:
        return _OnModel(cond.model, test)
    return _OnStage(test)
