"""The diagnostic framework: the cluster's vision as versioned data, and the answers to it.

Public interface (stable; the web layer builds on it):

* :func:`load_framework` ``(path=None) -> Framework`` — ``None`` loads the shipped default
  (``citymade/framework/default/*.yaml``, cached).
* :class:`Framework` — ``version``, ordered ``dimensions`` (each with ``id``, ``label``, ``level``,
  ``criteria`` → ``questions``), ``questions_for_level(level)``, ``question(id)``.
* :class:`Question` — ``id``, ``type`` (choice, multi_choice, number, yes_no, scale, text),
  ``label``, ``help``, ``options`` (``value``, ``label``), ``unit``, ``min``, ``max``,
  ``required``, ``condition``.
* :data:`DONT_KNOW` — ``"?"``, the stored "don't know" answer, accepted for every question.
* :func:`visible_questions` ``(framework, level, answers) -> list[Question]`` — conditions applied.
* :func:`parse_answers` ``(framework, data, *, source=None) -> Answers`` and
  :func:`load_answers` ``(path, framework=None) -> Answers`` — validate a whole answers document.
* :func:`check_answers` ``(framework, level, answers) -> dict[question_id, message]`` — one step.
* :func:`answers_schema` ``(framework) -> dict`` — JSON Schema of the answers format.
"""

from citymade.framework.answers import (
    DONT_KNOW,
    MAX_PRODUCTS,
    NOT_APPLICABLE,
    Answers,
    AnswersTooLarge,
    AnswerValue,
    Pivot,
    check_answers,
    load_answers,
    normalise_answer,
    parse_answers,
    visible_questions,
)
from citymade.framework.loader import DEFAULT_FRAMEWORK_DIR, framework_from_data, load_framework
from citymade.framework.model import (
    Condition,
    Criterion,
    Dimension,
    Framework,
    Option,
    Question,
)
from citymade.framework.schema import answers_schema

__all__ = [
    "DEFAULT_FRAMEWORK_DIR",
    "DONT_KNOW",
    "NOT_APPLICABLE",
    "MAX_PRODUCTS",
    "AnswerValue",
    "Answers",
    "AnswersTooLarge",
    "Condition",
    "Criterion",
    "Dimension",
    "Framework",
    "Option",
    "Pivot",
    "Question",
    "answers_schema",
    "check_answers",
    "framework_from_data",
    "load_answers",
    "load_framework",
    "normalise_answer",
    "parse_answers",
    "visible_questions",
]
