"""The JSON Schema of an answers file, generated from the framework's questions."""

from __future__ import annotations

from typing import Any

from citymade.framework.answers import DONT_KNOW, NOT_APPLICABLE, PRODUCT_NAME_KEY
from citymade.framework.model import Framework, Question
from citymade.i18n import resolve

__all__ = ["answers_schema"]


def _question_schema(q: Question) -> dict[str, Any]:
    dont_know: dict[str, Any] = {"const": DONT_KNOW, "description": "don't know"}
    not_applicable: dict[str, Any] = {"const": NOT_APPLICABLE, "description": "not applicable"}
    values = [o.value for o in q.options]
    if q.type == "choice":
        answer: dict[str, Any] = {"type": "string", "enum": values}
    elif q.type == "multi_choice":
        answer = {"type": "array", "items": {"type": "string", "enum": values}, "uniqueItems": True}
    elif q.type == "yes_no":
        answer = {"type": "boolean"}
    elif q.type == "text":
        answer = {"type": "string"}
    else:
        answer = {"type": "integer" if q.type == "scale" else "number"}
        if q.min is not None:
            answer["minimum"] = q.min
        if q.max is not None:
            answer["maximum"] = q.max
    description = resolve(q.label, "en") + (f" [{q.unit}]" if q.unit else "")
    return {"description": description, "anyOf": [answer, dont_know, not_applicable]}


def _level_schema(framework: Framework, level: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    properties = {q.id: _question_schema(q) for q in framework.questions_for_level(level)}
    properties.update(extra or {})
    return {"type": "object", "properties": properties, "additionalProperties": False}


def answers_schema(framework: Framework) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of an answers document for ``framework``."""
    product = _level_schema(framework, "product", {PRODUCT_NAME_KEY: {"type": "string", "description": "product name"}})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"citymade answers (framework {framework.version})",
        "type": "object",
        "properties": {
            "framework": {"type": "string", "description": "framework version the answers were written for"},
            "company": _level_schema(framework, "company"),
            "products": {"type": "array", "items": product},
            "site": _level_schema(framework, "site"),
            "pivots": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"date": {"type": "string"}, "change": {"type": "string"}, "reason": {"type": "string"}},
                    "required": ["date", "change"],
                    "additionalProperties": False,
                },
            },
        },
        "additionalProperties": False,
    }
