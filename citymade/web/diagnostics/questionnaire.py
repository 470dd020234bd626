"""The guided questionnaire, generated from the framework: its steps and one form per step.

One step per dimension: company- and site-level dimensions once, product-level dimensions once per
product of the diagnostic. Each question becomes a form field plus a "don't know" checkbox; only the
questions that are visible given the answers so far (``visible_questions``) are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citymade.framework import DONT_KNOW, Framework, visible_questions
from citymade.framework.model import Dimension, Question
from citymade.framework.units import unit_label
from citymade.i18n import resolve, use_language

LEVEL_ORDER = ("company", "product", "site")
DONT_KNOW_SUFFIX = "__dont_know"


@dataclass(frozen=True)
class Step:
    """One page of the questionnaire."""

    key: str
    level: str
    dimension: Dimension
    product_index: int | None = None

    def title(self, products: list[dict[str, Any]], language: str) -> str:
        label = resolve(self.dimension.label, language)
        if self.product_index is None:
            return label
        name = product_name(products, self.product_index)
        return f"{label} — {name}"


def product_name(products: list[dict[str, Any]], index: int) -> str:
    if index < len(products) and products[index].get("name"):
        return str(products[index]["name"])
    return _("Product %(number)d") % {"number": index + 1}


def steps_for(framework: Framework, product_count: int) -> list[Step]:
    """Every step of a diagnostic with ``product_count`` products, in the order they are asked."""
    steps: list[Step] = []
    for level in LEVEL_ORDER:
        dimensions = framework.dimensions_for_level(level)
        if level == "product":
            for index in range(product_count):
                steps.extend(Step(f"product-{index}-{d.id}", level, d, index) for d in dimensions)
        else:
            steps.extend(Step(f"{level}-{d.id}", level, d) for d in dimensions)
    return steps


def find_step(steps: list[Step], key: str) -> Step | None:
    return next((s for s in steps if s.key == key), None)


def level_answers(answers: dict[str, Any], step: Step) -> dict[str, Any]:
    """The answer mapping a step writes into (a product's mapping, or the company's or site's)."""
    if step.level == "product":
        products = answers.setdefault("products", [])
        while len(products) <= (step.product_index or 0):
            products.append({})
        mapping: dict[str, Any] = products[step.product_index or 0]
        return mapping
    result: dict[str, Any] = answers.setdefault(step.level, {})
    return result


def step_questions(step: Step) -> list[Question]:
    return [q for c in step.dimension.criteria for q in c.questions]


def shown_questions(framework: Framework, step: Step, mapping: dict[str, Any]) -> list[Question]:
    """The step's questions that are relevant given the answers of its level so far."""
    visible = {q.id for q in visible_questions(framework, step.level, mapping)}
    return [q for q in step_questions(step) if q.id in visible]


def _field(question: Question, language: str) -> forms.Field:
    label = resolve(question.label, language)
    if question.unit:
        with use_language(language):
            label = f"{label} ({unit_label(question.unit)})"
    help_text = resolve(question.help, language) if question.help else ""
    common: dict[str, Any] = {"label": label, "help_text": help_text, "required": False}
    if question.type == "choice":
        options = [(o.value, resolve(o.label, language)) for o in question.options]
        if len(options) <= 4:
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        return forms.ChoiceField(choices=[("", "—"), *options], **common)
    if question.type == "multi_choice":
        return forms.MultipleChoiceField(
            choices=[(o.value, resolve(o.label, language)) for o in question.options],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if question.type == "yes_no":
        return forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **common)
    if question.type == "text":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, **common)
    if question.type == "scale" and question.levels:
        levels = [(str(n), f"{n} — {resolve(text, language)}") for n, text in sorted(question.levels.items())]
        return forms.ChoiceField(choices=levels, widget=forms.RadioSelect(attrs={"class": "levels"}), **common)
    attrs: dict[str, Any] = {"step": "1" if question.type == "scale" else "any"}
    if question.min is not None:
        attrs["min"] = f"{question.min:g}"
    if question.max is not None:
        attrs["max"] = f"{question.max:g}"
    # Numbers travel as text so the server, not the browser, says what is wrong (in the user's language).
    return forms.CharField(widget=forms.NumberInput(attrs=attrs), max_length=40, **common)


class StepForm(forms.Form):
    """A form built from a step's visible questions; each has a "don't know" checkbox."""

    def __init__(
        self, *args: Any, questions: list[Question], language: str, initial_answers: dict[str, Any], **kwargs: Any
    ) -> None:
        initial: dict[str, Any] = {}
        for q in questions:
            value = initial_answers.get(q.id)
            if value == DONT_KNOW:
                initial[q.id + DONT_KNOW_SUFFIX] = True
            elif isinstance(value, bool):
                initial[q.id] = "yes" if value else "no"
            elif isinstance(value, float) and value.is_integer():
                initial[q.id] = int(value)
            elif value is not None:
                initial[q.id] = value
        super().__init__(*args, initial=initial, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[q.id] = _field(q, language)
            self.fields[q.id + DONT_KNOW_SUFFIX] = forms.BooleanField(label=DONT_KNOW_LABEL, required=False)

    def raw_answers(self) -> dict[str, Any]:
        """Answers as typed: ``"?"`` for don't know, ``None`` for left blank (call after is_valid)."""
        out: dict[str, Any] = {}
        for q in self.questions:
            if self.cleaned_data.get(q.id + DONT_KNOW_SUFFIX):
                out[q.id] = DONT_KNOW
                continue
            value = self.cleaned_data.get(q.id)
            if value in ("", None, []):
                out[q.id] = None
            elif q.type == "yes_no":
                out[q.id] = value == "yes"
            else:
                out[q.id] = value
        return out

    def rows(self) -> list[dict[str, Any]]:
        """For the template: each question with its field, its don't-know box and its metadata."""
        return [
            {"question": q, "field": self[q.id], "dont_know": self[q.id + DONT_KNOW_SUFFIX]} for q in self.questions
        ]


DONT_KNOW_LABEL = gettext_lazy("I don't know")


def answered_count(questions: list[Question], mapping: dict[str, Any]) -> int:
    return sum(1 for q in questions if mapping.get(q.id) is not None)
