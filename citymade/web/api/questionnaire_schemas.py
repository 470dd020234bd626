"""What ``GET /api/diagnostics/{id}/questionnaire`` answers: steps, their questions and the answers so far."""

from typing import Any

from ninja import Field, Schema

__all__ = ["OptionOut", "QuestionOut", "QuestionnaireOut", "StepOut"]


class OptionOut(Schema):
    value: str
    label: str


class QuestionOut(Schema):
    id: str
    type: str
    label: str
    help: str
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    required: bool
    options: list[OptionOut]
    shown: bool = Field(description="Whether the question applies given the answers so far.")
    answer: Any = None


class StepOut(Schema):
    key: str
    level: str
    title: str
    product_index: int | None = None
    done: bool
    questions: list[QuestionOut]


class QuestionnaireOut(Schema):
    diagnostic_id: int
    status: str
    loaded_at: str
    steps: list[StepOut]
