"""What a diagnostic asks: its kind (quick scan or full), detail questions, answers settled by others.

A **quick scan** asks the few questions its kind lists (qualitative first, the evidence routes of
the verdicts), plus their follow-ups; the **full diagnostic** asks every question except the
``detail`` ones — figures read from documents (kWh, tonnes, dB(A), LM3 rounds…) — which a step
shows on request or once answered. A quick scan grows into a full diagnostic by asking the rest:
its answers are the same answers.

An option may **imply** other answers at its level (a product that is food is not a durable good):
:func:`apply_implied` fills them in, and :func:`implied_questions` names them so they are not asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any

from citymade.framework.model import Framework, Question

__all__ = [
    "DETAIL",
    "FULL",
    "KINDS",
    "QUICK",
    "apply_implied",
    "asked_in",
    "implied_questions",
    "minutes_for",
]

QUICK = "quick"
FULL = "full"
KINDS = (QUICK, FULL)
#: what :func:`asked_in` says of a full diagnostic's figure questions
DETAIL = "detail"


def asked_in(framework: Framework, kind: str, question: Question) -> str | None:
    """How a diagnostic of ``kind`` asks ``question``: ``"asked"``, ``"detail"`` (on request) or
    ``None`` (not at all). A framework without kinds asks everything in full."""
    spec = framework.kinds.get(kind)
    if spec is None:
        return "asked" if kind == FULL or not framework.kinds else None
    if kind == QUICK:
        return "asked" if question.id in spec.questions or _follows_up(framework, spec.questions, question) else None
    return DETAIL if question.id in spec.detail else "asked"


def _follows_up(framework: Framework, listed: Iterable[str], question: Question) -> bool:
    # a follow-up of a listed question (its condition tests one) belongs to the quick scan too
    cond = question.condition
    return cond is not None and cond.question is not None and cond.question in set(listed)


def _implying(framework: Framework, level: str) -> dict[str, dict[str, Mapping[str, Any]]]:
    """The choice questions of ``level`` with an option that settles other answers: question id →
    option value → what that option ``implies`` (the first option of a value; computed once)."""

    def make() -> dict[str, dict[str, Mapping[str, Any]]]:
        table: dict[str, dict[str, Mapping[str, Any]]] = {}
        for question in framework.questions_for_level(level):
            if question.type != "choice" or not any(o.implies for o in question.options):
                continue
            by_value: dict[str, Mapping[str, Any]] = {}
            for option in question.options:
                by_value.setdefault(option.value, option.implies)  # the first option of a value
            table[question.id] = by_value
        return table

    found: dict[str, dict[str, Mapping[str, Any]]] = framework.memo(("asking.implying", level), make)
    return found


def apply_implied(framework: Framework, level: str, mapping: MutableMapping[str, Any]) -> None:
    """Fill in the answers that known answers of ``level`` settle (they replace an older answer)."""
    table = _implying(framework, level)
    for qid, value in list(mapping.items()):
        by_value = table.get(qid)
        if by_value is not None and isinstance(value, str):
            mapping.update(by_value.get(value, {}))


def implied_questions(framework: Framework, level: str, mapping: Mapping[str, Any]) -> set[str]:
    """The questions of ``level`` whose answer another known answer settles (not to be asked)."""
    found: set[str] = set()
    table = _implying(framework, level)
    for qid, value in mapping.items():
        by_value = table.get(qid)
        if by_value is not None and isinstance(value, str):
            found.update(by_value.get(value, {}))
    return found


def minutes_for(framework: Framework, kind: str, questions: int) -> int:
    """About how many minutes ``questions`` questions of ``kind`` take (at least one)."""
    spec = framework.kinds.get(kind)
    seconds = spec.seconds_per_question if spec is not None else 45.0
    return max(1, round(questions * seconds / 60))
