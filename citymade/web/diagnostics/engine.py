"""The bridge to the core engine: the framework in use, and answers → scored result (plain JSON)."""

from __future__ import annotations

import copy
from typing import Any

from citymade.framework import (
    DONT_KNOW,
    Framework,
    load_framework,
    parse_answers,
    visible_questions,
)

PRODUCT_NAME_KEY = "name"


def current_framework() -> Framework:
    """The framework new diagnostics are asked and scored with (the shipped default, cached)."""
    return load_framework()


def relevant_answers(framework: Framework, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers without those to questions hidden by a condition (an answer given before the
    answer it depends on changed must not count)."""

    def prune(level: str, mapping: dict[str, Any]) -> dict[str, Any]:
        visible = {q.id for q in visible_questions(framework, level, mapping)}
        return {k: v for k, v in mapping.items() if k in visible or (level == "product" and k == PRODUCT_NAME_KEY)}

    return {
        "company": prune("company", answers.get("company") or {}),
        "products": [prune("product", p or {}) for p in answers.get("products") or []],
        "site": prune("site", answers.get("site") or {}),
    }


def score(framework: Framework, answers: dict[str, Any]) -> dict[str, Any]:
    """Score a diagnostic's answers with the engine; the assessment as plain JSON."""
    from citymade.scoring import evaluate

    parsed = parse_answers(framework, relevant_answers(framework, answers))
    assessment = evaluate(framework, parsed)
    result: dict[str, Any] = assessment.model_dump(mode="json")
    return result


def with_changes(answers: dict[str, Any], changes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A copy of ``answers`` with some answers replaced: ``{"company": {...}, "site": {...},
    "product-0": {...}}``; ``None`` removes an answer."""
    variant = copy.deepcopy(answers)
    for target, values in changes.items():
        if target.startswith("product-"):
            index = int(target.split("-", 1)[1])
            products = variant.setdefault("products", [])
            while len(products) <= index:
                products.append({})
            mapping = products[index]
        else:
            mapping = variant.setdefault(target, {})
        for qid, value in values.items():
            if value is None:
                mapping.pop(qid, None)
            else:
                mapping[qid] = value
    return variant


def unknown_count(answers: dict[str, Any]) -> int:
    """How many answers are "don't know"."""
    mappings = [answers.get("company") or {}, answers.get("site") or {}, *(answers.get("products") or [])]
    return sum(1 for m in mappings for v in m.values() if v == DONT_KNOW)
