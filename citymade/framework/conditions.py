"""Conditions compiled once into plain functions, evaluated with three-valued logic.

A compiled condition takes a :class:`Context` and returns ``True``, ``False`` or ``None``
(unknown: an answer it needs is "don't know" or missing). ``all`` is false as soon as one part is
false, ``any`` true as soon as one part is true; otherwise unknown parts make the whole unknown.
A model's strength and the stage are known as ranges (proven … best still possible): a test on
them is decided only when it holds, or fails, for every value of the range.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Protocol

from citymade.framework.model import STRENGTHS, Condition

__all__ = [
    "MANY",
    "CompiledCondition",
    "Context",
    "UNKNOWN",
    "any_of_results",
    "compile_condition",
    "over_range",
    "simple_answer_tests",
    "value_checks",
    "value_test",
]

UNKNOWN: Any = object()
"""Marker for an answer or value that is not known ("don't know", missing, not computable)."""

MANY: Any = object()
"""Marker from :meth:`Context.answer`: the question has several answers (one per product)."""

Tri = bool | None
CompiledCondition = Callable[["Context"], Tri]


class Context(Protocol):
    """What a condition can look at; each method returns :data:`UNKNOWN` when not known."""

    def answers(self, question_id: str) -> Sequence[Any]: ...
    def answer(self, question_id: str) -> Any:
        """The one answer (or :data:`UNKNOWN`), or :data:`MANY` to read them with ``answers``:
        conditions read answers more than anything else, and nearly always a single one."""
        ...

    def derived(self, derived_id: str) -> Any: ...
    def score(self, score_id: str) -> Any: ...
    def flag(self, flag_id: str) -> bool: ...
    def model(self, model_id: str) -> tuple[str, str]: ...
    def stage(self) -> Any: ...


def value_checks(cond: Condition) -> list[Callable[[Any], bool]]:
    """The tests a known value must pass; comparisons with a constant are C-level partials
    (``bound <= v`` is ``v >= bound`` for the bools, numbers and strings answers hold)."""
    checks: list[Callable[[Any], bool]] = []
    if cond.equals is not None:
        checks.append(partial(operator.eq, cond.equals))
    if cond.in_ is not None:
        checks.append(partial(operator.contains, list(cond.in_)))
    if cond.contains is not None:
        item = cond.contains
        checks.append(lambda v: isinstance(v, list) and item in v)
    for op, bound in (("gte", cond.gte), ("lte", cond.lte), ("gt", cond.gt), ("lt", cond.lt)):
        if bound is not None:
            checks.append(_comparison(op, bound))
    if cond.at_least is not None:
        rank = STRENGTHS.index(cond.at_least)
        checks.append(lambda v: STRENGTHS.index(v) >= rank)
    return checks


def value_test(cond: Condition) -> Callable[[Any], Tri]:
    checks = value_checks(cond)
    known = cond.known
    if known is not None:
        return lambda value: (value is not UNKNOWN) == known
    if len(checks) == 1:
        only = checks[0]

        def test_one(value: Any) -> Tri:
            if value is UNKNOWN:
                return None
            try:
                return only(value)
            except TypeError:
                return False

        return test_one

    def test(value: Any) -> Tri:
        if value is UNKNOWN:
            return None
        try:
            return all(check(value) for check in checks)
        except TypeError:
            return False

    return test


def _comparison(op: str, bound: float) -> Callable[[Any], bool]:
    if op == "gte":
        return partial(operator.le, bound)
    if op == "lte":
        return partial(operator.ge, bound)
    if op == "gt":
        return partial(operator.lt, bound)
    return partial(operator.gt, bound)


def any_of_results(results: Sequence[Tri]) -> Tri:
    if True in results:
        return True
    if None in results:
        return None
    return False


def compile_condition(cond: Condition) -> CompiledCondition:
    """Turn a :class:`Condition` into a fast function of a :class:`Context`."""
    if cond.all is not None:
        simple = simple_answer_tests(cond.all)
        if simple is not None:
            return _combined_answers(simple, decisive=False)
        parts = [compile_condition(c) for c in cond.all]

        def all_of(ctx: Context) -> Tri:
            unknown = False
            for part in parts:
                result = part(ctx)
                if result is False:
                    return False
                if result is None:
                    unknown = True
            return None if unknown else True

        return all_of
    if cond.any is not None:
        simple = simple_answer_tests(cond.any)
        if simple is not None:
            return _combined_answers(simple, decisive=True)
        options = [compile_condition(c) for c in cond.any]

        def any_of(ctx: Context) -> Tri:
            unknown = False
            for option in options:
                result = option(ctx)
                if result is True:
                    return True
                if result is None:
                    unknown = True
            return None if unknown else False

        return any_of
    if cond.not_ is not None:
        inner = compile_condition(cond.not_)

        def negate(ctx: Context) -> Tri:
            result = inner(ctx)
            return None if result is None else not result

        return negate
    test = value_test(cond)
    if cond.question is not None:
        qid = cond.question
        checks = value_checks(cond)
        if cond.known is None and len(checks) == 1:
            return _on_answer(qid, checks[0], test)

        def on_answers(ctx: Context) -> Tri:
            value = ctx.answer(qid)
            if value is MANY:
                return any_of_results([test(v) for v in ctx.answers(qid)])
            return test(value)

        return on_answers
    if cond.derived is not None:
        did = cond.derived
        return _on_value(did, cond, test, derived=True)
    if cond.score is not None:
        sid = cond.score
        return _on_value(sid, cond, test, derived=False)
    if cond.flag is not None:
        fid = cond.flag
        return lambda ctx: ctx.flag(fid)
    if cond.model is not None:
        mid = cond.model

        def on_model(ctx: Context) -> Tri:
            low, high = ctx.model(mid)
            if low == high:
                return test(low)
            return over_range(test, STRENGTHS[STRENGTHS.index(low) : STRENGTHS.index(high) + 1])

        return on_model

    def on_stage(ctx: Context) -> Tri:
        found = ctx.stage()
        if found is UNKNOWN:
            return None
        low, high = found
        if low == high:
            return test(low)
        return over_range(test, range(low, high + 1))

    return on_stage


def _on_value(ref: str, cond: Condition, test: Callable[[Any], Tri], *, derived: bool) -> CompiledCondition:
    """A test on a derived value or a score; one comparison (the common case) is inlined, as in
    :func:`_on_answer`, so that a recommendation's ``score < 50`` costs two calls, not four."""
    checks = value_checks(cond)
    if cond.known is not None or len(checks) != 1:
        if derived:
            return lambda ctx: test(ctx.derived(ref))
        return lambda ctx: test(ctx.score(ref))
    only = checks[0]

    def on_value(ctx: Context) -> Tri:
        value = ctx.derived(ref) if derived else ctx.score(ref)
        if value is UNKNOWN:
            return None
        try:
            return only(value)
        except TypeError:
            return False

    return on_value


def _on_answer(qid: str, only: Callable[[Any], bool], test: Callable[[Any], Tri]) -> CompiledCondition:
    """A single test on an answer, the commonest condition, with the test inlined for one value."""

    def on_answer(ctx: Context) -> Tri:
        value = ctx.answer(qid)
        if value is UNKNOWN:
            return None
        if value is MANY:
            return any_of_results([test(v) for v in ctx.answers(qid)])
        try:
            return only(value)
        except TypeError:
            return False

    return on_answer


SimpleTest = tuple[str, Callable[[Any], bool], Callable[[Any], Tri]]


def simple_answer_tests(parts: list[Condition]) -> list[SimpleTest] | None:
    """(question, check, test) of each part when every part is one test on an answer (the common
    ``all``/``any``), so the combinator reads the answers itself instead of calling each part."""
    found: list[SimpleTest] = []
    for part in parts:
        if part.all is not None or part.any is not None or part.not_ is not None or part.question is None or part.known is not None:
            return None
        checks = value_checks(part)
        if len(checks) != 1:
            return None
        found.append((part.question, checks[0], value_test(part)))
    return found


def _answer_result(ctx: Context, qid: str, only: Callable[[Any], bool], test: Callable[[Any], Tri]) -> Tri:
    value = ctx.answer(qid)
    if value is UNKNOWN:
        return None
    if value is MANY:
        return any_of_results([test(v) for v in ctx.answers(qid)])
    try:
        return only(value)
    except TypeError:
        return False


def _combined_answers(tests: list[SimpleTest], decisive: bool) -> CompiledCondition:
    """``all`` (``decisive=False``) or ``any`` (``decisive=True``) of single answer tests, with
    the same verdict as ``all_of`` / ``any_of`` over :func:`_on_answer`: the first part that gives
    the decisive answer decides, otherwise an unknown part makes the whole unknown."""

    def combined(ctx: Context) -> Tri:
        answer = ctx.answer
        unknown = False
        for qid, only, test in tests:
            value = answer(qid)
            if value is UNKNOWN:
                unknown = True
                continue
            if value is MANY:
                result = _answer_result(ctx, qid, only, test)
            else:
                try:
                    result = only(value)
                except TypeError:
                    result = False
            if result is decisive:
                return decisive
            if result is None:
                unknown = True
        return None if unknown else not decisive

    return combined


def over_range(test: Callable[[Any], Tri], values: Sequence[Any]) -> Tri:
    """A verdict known only as a range (at least ``values[0]``, at most ``values[-1]``): the test
    is decided when it gives the same answer for every value still possible."""
    first = test(values[0])
    for value in values[1:]:
        if test(value) != first:  # two different answers: undecided, the rest need not be tested
            return None
    return first
