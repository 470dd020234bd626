"""The guided questionnaire, generated from the framework: its steps and one form per step.

One step per dimension: company- and site-level dimensions once, product-level dimensions once per
product of the diagnostic. Each question becomes a form field plus a "don't know" checkbox; only the
questions that are visible given the answers so far (``visible_questions``) and that the diagnostic's
kind asks (:mod:`citymade.framework.asking`) are shown: a quick scan's few questions, or the full
diagnostic's, with its figures from documents ("detail") on request or once answered. With a single
product, the product's share of turnover is not asked (it is all of it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citymade.framework import DONT_KNOW, NOT_APPLICABLE, Framework, visible_questions
from citymade.framework.asking import DETAIL, FULL, asked_in
from citymade.framework.model import Dimension, Question
from citymade.framework.units import unit_label
from citymade.i18n import resolve, use_language

LEVEL_ORDER = ("company", "product", "site")
DONT_KNOW_SUFFIX = "__dont_know"
NOT_APPLICABLE_SUFFIX = "__not_applicable"


@dataclass(frozen=True)
class Step:
    """One page of the questionnaire."""

    key: str
    level: str
    dimension: Dimension
    product_index: int | None = None
    kind: str = FULL
    #: questions not asked here at all: by the kind, or the product weight with one product
    skipped: frozenset[str] = frozenset()
    #: the full diagnostic's figures from documents, shown on request or once answered
    detail: frozenset[str] = frozenset()

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """The questions this step can ask (computed once: steps are kept per framework)."""
        return tuple(q for c in self.dimension.criteria for q in c.questions if q.id not in self.skipped)

    @cached_property
    def rules(self) -> dict[str, str]:
        """Question id → its :func:`client_rule` as compact JSON ("" when it has none)."""
        out = {}
        for question in self.questions:
            rule = client_rule(self, question)
            out[question.id] = json.dumps(rule, separators=(",", ":")) if rule else ""
        return out

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


def steps_for(framework: Framework, product_count: int, kind: str = FULL) -> list[Step]:
    """Every step of a diagnostic of ``kind`` with ``product_count`` products, in the order they
    are asked; a step with no question the kind asks is left out. They depend on the framework
    alone, so they are made once per framework (and count of products, and kind)."""
    found: tuple[Step, ...] = framework.memo(
        ("questionnaire.steps", product_count, kind), lambda: tuple(_make_steps(framework, product_count, kind))
    )
    return list(found)


def _make_steps(framework: Framework, product_count: int, kind: str) -> list[Step]:
    steps: list[Step] = []
    weight_question = framework.settings.product_weight_question
    for level in LEVEL_ORDER:
        for dimension in framework.dimensions_for_level(level):
            questions = [q for c in dimension.criteria for q in c.questions]
            how = {q.id: asked_in(framework, kind, q) for q in questions}
            skipped = {qid for qid, h in how.items() if h is None}
            if level == "product" and product_count == 1 and weight_question:
                skipped.add(weight_question)
            detail = frozenset(qid for qid, h in how.items() if h == DETAIL)
            if len(skipped) == len(questions):
                continue
            indexes: list[int | None] = list(range(product_count)) if level == "product" else [None]
            for index in indexes:
                key = f"{level}-{dimension.id}" if index is None else f"product-{index}-{dimension.id}"
                steps.append(Step(key, level, dimension, index, kind=kind, skipped=frozenset(skipped), detail=detail))
    # each product is asked dimension after dimension before the next product
    return sorted(steps, key=lambda s: (LEVEL_ORDER.index(s.level), s.product_index or 0))


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
    """The questions this step can ask (the kind's, figures from documents included)."""
    return list(step.questions)


def shown_questions(
    framework: Framework, step: Step, mapping: dict[str, Any], *, detail: bool = False
) -> list[Question]:
    """The step's questions that are relevant given the answers of its level so far: figures from
    documents only with ``detail`` or once answered."""
    return StepState(framework, step, mapping).shown(detail=detail)


def hidden_detail(framework: Framework, step: Step, mapping: dict[str, Any]) -> list[Question]:
    """The figures from documents this step could also take (shown on request)."""
    return StepState(framework, step, mapping).hidden_detail()


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
            elif value == NOT_APPLICABLE:
                initial[q.id + NOT_APPLICABLE_SUFFIX] = True
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
            if not q.required:  # a required answer is one every company has
                self.fields[q.id + NOT_APPLICABLE_SUFFIX] = forms.BooleanField(label=NOT_APPLICABLE_LABEL, required=False)

    def raw_answers(self) -> dict[str, Any]:
        """Answers as typed: ``"?"`` for don't know, ``None`` for left blank (call after is_valid)."""
        out: dict[str, Any] = {}
        for q in self.questions:
            if self.cleaned_data.get(q.id + NOT_APPLICABLE_SUFFIX):
                out[q.id] = NOT_APPLICABLE
                continue
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
            {
                "question": q,
                "field": self[q.id],
                "dont_know": self[q.id + DONT_KNOW_SUFFIX],
                "not_applicable": self[q.id + NOT_APPLICABLE_SUFFIX] if q.id + NOT_APPLICABLE_SUFFIX in self.fields else None,
            }
            for q in self.questions
        ]


DONT_KNOW_LABEL = gettext_lazy("I don't know")
NOT_APPLICABLE_LABEL = gettext_lazy("Not applicable")


def answered_count(questions: list[Question], mapping: dict[str, Any]) -> int:
    return sum(1 for q in questions if mapping.get(q.id) is not None)


def question_count(framework: Framework, kind: str, answers: dict[str, Any], product_count: int) -> int:
    """How many questions a diagnostic of ``kind`` shows with these answers (figures from
    documents not counted: they are asked on request)."""
    total = 0
    for step in steps_for(framework, product_count, kind):
        mapping = dict(level_answers({**answers, "products": [dict(p) for p in answers.get("products") or []]}, step))
        total += len(shown_questions(framework, step, mapping))
    return total


def waiting_questions(framework: Framework, step: Step, mapping: dict[str, Any], *, detail: bool = False) -> list[Question]:
    """Questions of this step not shown now that an answer on this very step could bring up (a
    follow-up, or an answer another one settles): rendered hidden, shown by the page's script as
    soon as their condition holds; without JavaScript they appear when the step is saved."""
    return StepState(framework, step, mapping).waiting(detail=detail)


def client_rule(step: Step, question: Question) -> dict[str, Any] | None:
    """What the page's script needs to show or hide ``question`` as answers change on the step: its
    condition (when it tests a question of the step) and the options that settle its answer."""
    rule: dict[str, Any] = {}
    on_step = step_questions(step)
    cond = question.condition
    if cond is not None and cond.question in {q.id for q in on_step}:
        rule["if"] = cond.model_dump(by_alias=True, exclude_none=True)
        rule["type"] = next(q.type for q in on_step if q.id == cond.question)
    settled = [
        [source.id, option.value, option.implies[question.id]]
        for source in on_step
        for option in source.options
        if question.id in option.implies
    ]
    if settled:
        rule["settled"] = settled
    return rule or None


def form_questions(framework: Framework, step: Step, mapping: dict[str, Any], *, detail: bool = False) -> list[Question]:
    """The questions a step's form carries: those shown and those waiting for an answer on the step
    to bring them up, in the step's order."""
    return StepState(framework, step, mapping).form_questions(detail=detail)


class StepState:
    """A step with the answers of its level as they are now: which of its questions are visible,
    computed once (``visible_questions`` is the costly part), and what follows from it. Make a new
    one when the answers change."""

    def __init__(
        self, framework: Framework, step: Step, mapping: dict[str, Any], *, visible: frozenset[str] | None = None
    ) -> None:
        self.step = step
        self.mapping = mapping
        if visible is None:
            visible = frozenset(q.id for q in visible_questions(framework, step.level, mapping))
        self.visible = visible

    def shown(self, *, detail: bool = False) -> list[Question]:
        """As :func:`shown_questions`."""
        step, mapping, visible = self.step, self.mapping, self.visible
        return [
            q
            for q in step.questions
            if q.id in visible and (detail or q.id not in step.detail or mapping.get(q.id) is not None)
        ]

    def hidden_detail(self) -> list[Question]:
        """As :func:`hidden_detail`."""
        shown = {q.id for q in self.shown()}
        return [q for q in self.shown(detail=True) if q.id not in shown]

    def waiting(self, *, detail: bool = False, shown: set[str] | None = None) -> list[Question]:
        """As :func:`waiting_questions` (``shown``: the ids of ``self.shown(detail=detail)``)."""
        step, mapping = self.step, self.mapping
        if shown is None:
            shown = {q.id for q in self.shown(detail=detail)}
        on_step = {q.id for q in step.questions}
        settled = {target for q in step.questions for o in q.options for target in o.implies}
        out = []
        for q in step.questions:
            if q.id in shown or (q.id in step.detail and not detail and mapping.get(q.id) is None):
                continue
            cond = q.condition
            if (cond is not None and cond.question in on_step) or q.id in settled:
                out.append(q)
        return out

    def form_questions(self, *, detail: bool = False) -> list[Question]:
        """As :func:`form_questions`."""
        ids = {q.id for q in self.shown(detail=detail)}
        ids |= {q.id for q in self.waiting(detail=detail, shown=set(ids))}
        return [q for q in self.step.questions if q.id in ids]
