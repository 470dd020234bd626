"""Answers to a framework: one company, its products and its site, each a mapping question id → answer.

The answers file (YAML or JSON) has top-level ``company``, ``products`` (a list, one mapping per
product, each may carry a ``name``), ``site`` and optionally ``framework`` (the version it was
written for) and ``pivots``. Every question accepts :data:`DONT_KNOW` (``"?"``). A missing answer
counts as unknown too. :func:`parse_answers` refuses unknown ids, wrong types, out-of-range values
and wrong units, naming each question and what it expects.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from citymade.errors import CitymadeError, Location
from citymade.framework.asking import apply_implied, implied_questions
from citymade.framework.conditions import UNKNOWN, compile_condition
from citymade.framework.consistency import breaches, describe
from citymade.framework.model import Framework, Question
from citymade.framework.yaml_source import SourceMap, read_yaml
from citymade.i18n import _
from citymade.text import strip_control

__all__ = [
    "DONT_KNOW",
    "NOT_APPLICABLE",
    "MAX_PRODUCTS",
    "MAX_TEXT_CHARS",
    "AnswersTooLarge",
    "AnswerValue",
    "Answers",
    "Pivot",
    "check_answers",
    "load_answers",
    "normalise_answer",
    "parse_answers",
    "visible_questions",
]

DONT_KNOW = "?"
"""The answer "don't know", accepted for every question; it lowers confidence, never counts as 0."""

NOT_APPLICABLE = "n/a"
"""The answer "not applicable", accepted for every question: the question does not count at all
(like a follow-up whose condition is not met), and neither do its follow-ups; it is not asked
again. Distinct from "don't know", which leaves the answer open."""

PRODUCT_NAME_KEY = "name"
#: Bounded work for every document: products per answers document, characters per text answer.
MAX_PRODUCTS = 50
MAX_TEXT_CHARS = 5000
_MAX_MAGNITUDE = 1e15


class AnswersTooLarge(CitymadeError):
    """An answers document with more than :data:`MAX_PRODUCTS` products, refused before any check."""
AnswerValue = bool | int | float | str | list[str]
_YES = {"yes", "oui", "ja", "true"}
_NO = {"no", "non", "nee", "false"}
_UNIT_ALIASES = {"m2": "m²", "m^2": "m²", "m3": "m³", "db(a)": "dB(A)", "dba": "dB(A)", "eur": "€", "euro": "€"}
_NUMBER_WITH_UNIT = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(.*?)\s*$")


class Pivot(BaseModel):
    """One entry of the pivot log: when, what changed, why."""

    model_config = ConfigDict(extra="forbid")

    date: str
    change: str
    reason: str = ""


class Answers(BaseModel):
    """A validated answers document; ``model_dump(mode="json")`` is plain JSON."""

    model_config = ConfigDict(extra="forbid")

    framework: str | None = None
    company: dict[str, AnswerValue] = {}
    products: list[dict[str, AnswerValue]] = []
    site: dict[str, AnswerValue] = {}
    pivots: list[Pivot] = []

    def for_level(self, level: str) -> list[dict[str, AnswerValue]]:
        """The answer mappings of a level: one per product, or the single company/site mapping."""
        if level == "product":
            return self.products
        return [self.company if level == "company" else self.site]


def _canonical_unit(unit: str) -> str:
    return _UNIT_ALIASES.get(unit.strip().lower(), unit.strip())


def _expected(q: Question) -> str:
    if q.type in ("choice", "multi_choice"):
        values = ", ".join(o.value for o in q.options)
        if q.type == "choice":
            return _("one of: %(values)s") % {"values": values}
        return _("a list of: %(values)s") % {"values": values}
    if q.type == "yes_no":
        return _("yes or no (true/false)")
    if q.type == "text":
        return _("a text")
    kind = _("a whole number") if q.type == "scale" else _("a number")
    if q.unit:
        kind += " " + _("in %(unit)s") % {"unit": q.unit}
    low = "" if q.min is None else f"{q.min:g}"
    high = "" if q.max is None else f"{q.max:g}"
    if low or high:
        kind += " " + _("between %(low)s and %(high)s") % {"low": low or "−∞", "high": high or "∞"}
    return kind


def normalise_answer(q: Question, value: Any) -> AnswerValue:
    """The stored form of an answer to ``q``; ``ValueError`` with a readable message if wrong."""
    if isinstance(value, str) and value in (DONT_KNOW, NOT_APPLICABLE):
        return value
    if q.type == "choice":
        if isinstance(value, str) and value in q.option_values():
            return value
        raise _wrong(q, value)
    if q.type == "multi_choice":
        allowed = q.option_values()
        if isinstance(value, list) and all(isinstance(v, str) and v in allowed for v in value):
            return list(dict.fromkeys(value))
        raise _wrong(q, value)
    if q.type == "yes_no":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _YES | _NO:
            return value.strip().lower() in _YES
        raise _wrong(q, value)
    if q.type == "text":
        if isinstance(value, str):
            if len(value) > MAX_TEXT_CHARS:
                raise ValueError(_("at most %(limit)d characters") % {"limit": MAX_TEXT_CHARS})
            return strip_control(value)  # a control character would break the report
        raise _wrong(q, value)
    number = _number(q, value)
    if q.type == "scale" and number != int(number):
        raise _wrong(q, value)
    if (q.min is not None and number < q.min) or (q.max is not None and number > q.max):
        raise _wrong(q, value)
    return int(number) if q.type == "scale" else number


def _wrong(q: Question, value: Any) -> ValueError:
    return ValueError(_("expected %(expected)s (or “?” for don't know), got %(value)r") % {"expected": _expected(q), "value": value})


def _number(q: Question, value: Any) -> int | float:
    if isinstance(value, bool):
        raise _wrong(q, value)
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")) or abs(value) > _MAX_MAGNITUDE:
            raise _wrong(q, value)
        return value
    if isinstance(value, str):
        match = _NUMBER_WITH_UNIT.match(value)
        if match:
            number = float(match.group(1).replace(",", "."))
            if not abs(number) <= _MAX_MAGNITUDE:
                raise _wrong(q, value)
            unit = match.group(2)
            if not unit or (q.unit and _canonical_unit(unit) == _canonical_unit(q.unit)):
                return int(number) if number.is_integer() and q.type == "scale" else number
            raise ValueError(_("wrong unit “%(unit)s”: expected %(expected)s") % {"unit": unit, "expected": _expected(q)})
    raise _wrong(q, value)


def _check_mapping(
    framework: Framework, level: str, mapping: Any, path: tuple[str | int, ...], sources: SourceMap | None
) -> tuple[dict[str, AnswerValue], dict[str, str]]:
    """Normalised answers and, per key, the problem found."""
    problems: dict[str, str] = {}
    clean: dict[str, AnswerValue] = {}
    if mapping is None:
        return clean, problems
    if not isinstance(mapping, Mapping):
        problems[""] = _("expected a mapping of question ids to answers")
        return clean, problems
    for key, value in mapping.items():
        qid = str(key)
        if level == "product" and qid == PRODUCT_NAME_KEY:
            if isinstance(value, str) and len(value) <= MAX_TEXT_CHARS:
                clean[qid] = strip_control(value)  # a control character would break the report
            elif isinstance(value, str):
                problems[qid] = _("at most %(limit)d characters") % {"limit": MAX_TEXT_CHARS}
            else:
                problems[qid] = _("a product name must be a text")
            continue
        if not framework.has_question(qid):
            close = difflib.get_close_matches(qid, [q.id for q in framework.questions_for_level(level)], n=1)
            hint = _(" (did you mean “%(id)s”?)") % {"id": close[0]} if close else ""
            problems[qid] = _("unknown question “%(id)s”%(hint)s") % {"id": qid, "hint": hint}
            continue
        asked_at = framework.level_of(qid)
        if asked_at != level:
            where = "products" if asked_at == "product" else asked_at
            problems[qid] = _("“%(id)s” is a %(level)s question: put it under “%(where)s”") % {"id": qid, "level": asked_at, "where": where}
            continue
        if value is None:
            continue
        try:
            clean[qid] = normalise_answer(framework.question(qid), value)
        except ValueError as exc:
            problems[qid] = str(exc)
    apply_implied(framework, level, clean)
    return clean, problems


def parse_answers(
    framework: Framework, data: Mapping[str, Any], *, source: str | None = None, sources: SourceMap | None = None
) -> Answers:
    """Validate a whole answers document; :class:`CitymadeError` lists every bad answer."""
    sources = sources or SourceMap(default_file=source)
    if not isinstance(data, Mapping):
        raise CitymadeError(_("An answers file must be a mapping with company, products and site."), location=Location(file=source))
    problems: list[str] = []
    allowed = {"framework", "company", "products", "site", "pivots"}
    for key in data:
        if key not in allowed:
            problems.append(f"{sources.where([str(key)])}: " + _("unknown section “%(key)s” (allowed: %(allowed)s)") % {"key": key, "allowed": ", ".join(sorted(allowed))})
    parsed: dict[str, Any] = {"framework": None if data.get("framework") is None else str(data.get("framework"))}
    for level in ("company", "site"):
        parsed[level] = _collect(framework, level, data.get(level), (level,), sources, problems)
    products = data.get("products") or []
    if not isinstance(products, list):
        problems.append(f"{sources.where(['products'])}: " + _("“products” must be a list, one mapping per product"))
        products = []
    if len(products) > MAX_PRODUCTS:
        raise AnswersTooLarge(
            _("An answers document holds at most %(limit)d products; this one has %(count)d.")
            % {"limit": MAX_PRODUCTS, "count": len(products)},
            location=Location(file=source or sources.default_file, field="products"),
        )
    parsed["products"] = [_collect(framework, "product", p, ("products", i), sources, problems) for i, p in enumerate(products)]
    pivots = data.get("pivots") or []
    try:
        parsed["pivots"] = [Pivot.model_validate(p) for p in pivots]
    except Exception:
        problems.append(f"{sources.where(['pivots'])}: " + _("each pivot needs a date and a change (and may give a reason)"))
    if problems:
        raise CitymadeError(
            _("The answers are not valid: %(count)d problem(s).") % {"count": len(problems)},
            location=Location(file=source or sources.default_file),
            problems=problems,
        )
    return Answers.model_validate(parsed)


def _collect(
    framework: Framework, level: str, mapping: Any, path: tuple[str | int, ...], sources: SourceMap, problems: list[str]
) -> dict[str, AnswerValue]:
    clean, found = _check_mapping(framework, level, mapping, path, sources)
    for key, message in found.items():
        where = sources.where([*path, key] if key else list(path))
        problems.append(f"{where}: {message}")
    for breach in breaches(framework, level, clean):
        places = _(" and ").join(sources.where([*path, q]) for q in breach.questions)
        problems.append(f"{places}: {describe(framework, breach)}")
    return clean


def load_answers(path: str | Path, framework: Framework | None = None) -> Answers:
    """Read and validate an answers YAML (or JSON) file; errors name the file and line."""
    from citymade.framework.loader import load_framework

    framework = framework or load_framework()
    file = Path(path)
    data, node = read_yaml(file)
    sources = SourceMap(default_file=str(file))
    if node is not None:
        sources.record(node, (), str(file))
    return parse_answers(framework, data if data is not None else {}, source=str(file), sources=sources)


def check_answers(
    framework: Framework, level: str, answers: Mapping[str, Any], *, visible: Collection[str] | None = None
) -> dict[str, str]:
    """Problems of one questionnaire step (one level): question id → message; empty when fine.

    Also names the visible required questions left unanswered ("?" counts as an answer).
    ``visible``: the ids of ``visible_questions(framework, level, answers)`` when already known.
    """
    clean, problems = _check_mapping(framework, level, answers, (), None)
    for breach in breaches(framework, level, clean):
        message = describe(framework, breach)
        for qid in breach.questions:
            problems.setdefault(qid, message)
    if visible is None:
        shown = visible_questions(framework, level, answers)
    else:
        shown = [q for q in framework.questions_for_level(level) if q.id in visible]
    for q in shown:
        if q.required and q.id not in answers and q.id not in problems:
            problems[q.id] = _("an answer is required (“?” if you don't know)")
    return problems


class _AnswerContext:
    def __init__(self, answers: Mapping[str, Any]) -> None:
        self._answers = answers

    def answers(self, question_id: str) -> Sequence[Any]:
        value = self._answers.get(question_id, UNKNOWN)
        return [UNKNOWN if value in (DONT_KNOW, NOT_APPLICABLE, None) else value]

    def answer(self, question_id: str) -> Any:
        return self.answers(question_id)[0]

    def derived(self, derived_id: str) -> Any:
        return UNKNOWN

    def score(self, score_id: str) -> Any:
        return UNKNOWN

    def flag(self, flag_id: str) -> bool:
        return False

    def model(self, model_id: str) -> tuple[str, str]:
        return ("none", "none")

    def stage(self) -> Any:
        return UNKNOWN


def visible_questions(framework: Framework, level: str, answers: Mapping[str, Any]) -> list[Question]:
    """The questions of ``level`` to show given the answers so far (conditions applied, in order).

    A conditional question is shown only when its condition holds; when the answer it depends on
    is missing or "don't know", it stays hidden. A question another answer settles (see
    :func:`~citymade.framework.asking.apply_implied`) is not shown either.
    """
    settled = implied_questions(framework, level, answers)
    if settled:
        answers = dict(answers)
        apply_implied(framework, level, answers)
    ctx = _AnswerContext(answers)
    return [q for q, test in _conditions(framework, level) if q.id not in settled and (test is None or test(ctx) is True)]


def _conditions(framework: Framework, level: str) -> list[tuple[Question, Any]]:
    """The questions of ``level`` with their compiled condition (``None`` when always asked): the
    framework never changes, so they are compiled once."""

    def make() -> list[tuple[Question, Any]]:
        return [
            (q, None if q.condition is None else compile_condition(q.condition))
            for q in framework.questions_for_level(level)
        ]

    found: list[tuple[Question, Any]] = framework.memo(("answers.conditions", level), make)
    return found
