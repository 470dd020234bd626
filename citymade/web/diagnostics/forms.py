"""Forms of the diagnostic pages other than the questionnaire steps (see :mod:`.questionnaire`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from citymade.framework import DONT_KNOW, MAX_PRODUCTS
from citymade.framework.asking import FULL, KINDS, minutes_for
from citymade.framework.units import unit_label
from citymade.i18n import resolve, use_language
from citymade.web.diagnostics import engine
from citymade.web.diagnostics.models import Diagnostic, empty_answers
from citymade.web.diagnostics.questionnaire import (
    product_name,
    question_count,
    step_questions,
    steps_for,
)


class StartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of diagnostic"), widget=forms.RadioSelect, initial=FULL, required=False)
    products = forms.ModelMultipleChoiceField(
        label=_("Products to diagnose"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each product gets its own questions on urban fit and eco-design."),
    )

    def __init__(self, *args: Any, company: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = company.products.all()
        field = self.fields["products"]
        field.queryset = queryset  # type: ignore[attr-defined]
        field.initial = list(queryset[:MAX_PRODUCTS])
        choices = kind_choices(max(1, min(queryset.count(), MAX_PRODUCTS)))
        self.fields["kind"].choices = [(value, label) for value, label, _d in choices]  # type: ignore[attr-defined]
        self.kind_descriptions = [description for _v, _l, description in choices]

    def kind_options(self) -> list[dict[str, Any]]:
        """Each kind's radio button with what it gives (for the template)."""
        return [{"radio": radio, "description": text} for radio, text in zip(self["kind"], self.kind_descriptions, strict=True)]

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or FULL

    def clean_products(self) -> Any:
        chosen = self.cleaned_data["products"]
        if len(chosen) > MAX_PRODUCTS:
            from citymade.web.diagnostics.services import too_many_products

            raise forms.ValidationError(too_many_products(len(chosen)), code="too_many")
        return chosen


def kind_choices(product_count: int) -> list[tuple[str, str, str]]:
    """Each kind of diagnostic as (value, label with the questions and minutes to expect for this
    many products, description)."""
    framework = engine.current_framework()
    language = translation.get_language() or "fr"
    choices = []
    for kind in KINDS:
        spec = framework.kinds.get(kind)
        if spec is None:
            continue
        count = question_count(framework, kind, empty_answers() | {"products": [{}] * product_count}, product_count)
        minutes = minutes_for(framework, kind, count)
        expect = ngettext("about %(count)d question", "about %(count)d questions", count) % {"count": count}
        time = ngettext("%(minutes)d minute", "%(minutes)d minutes", minutes) % {"minutes": minutes}
        choices.append((kind, f"{resolve(spec.label, language)} — {expect}, {time}", resolve(spec.description, language)))
    return choices


WHAT_IF_TYPES = ("choice", "yes_no", "number", "scale")
SEP = "__"


class WhatIfForm(forms.Form):
    """Every scored answer of a diagnostic, prefilled; whatever differs is the scenario."""

    def __init__(self, data: Any = None, *, diagnostic: Diagnostic, language: str) -> None:
        super().__init__(data)
        self.diagnostic = diagnostic
        self.groups: list[dict[str, Any]] = []
        self.current: dict[str, Any] = {}
        framework = engine.current_framework()
        answers = engine.relevant_answers(framework, diagnostic.answers)
        products = diagnostic.answers.get("products") or []
        for step in steps_for(framework, len(products)):
            target = f"product-{step.product_index}" if step.level == "product" else step.level
            if step.level == "product":
                mapping = answers["products"][step.product_index or 0] if products else {}
            else:
                mapping = answers[step.level]
            names = []
            for question in step_questions(step):
                if question.type not in WHAT_IF_TYPES or question.id not in mapping:
                    continue
                name = f"{target}{SEP}{question.id}"
                value = mapping[question.id]
                self.current[name] = value
                self.fields[name] = self._field(question, value, language)
                names.append(name)
            if names:
                title = resolve(step.dimension.label, language)
                if step.product_index is not None:
                    title = f"{title} — {product_name(products, step.product_index)}"
                self.groups.append({"title": title, "names": names})
        self._ask_next_first(framework, diagnostic, language)
        if self.is_bound:
            # A scenario link may name only the answers it changes: the others keep their value.
            merged = {name: self.fields[name].initial for name in self.current}
            merged.update({k: v for k, v in self.data.items() if k in self.current})
            self.data = merged

    def _ask_next_first(self, framework: Any, diagnostic: Diagnostic, language: str, limit: int = 6) -> None:
        """The unknown answers that would decide the most verdicts, in a first group of their own."""
        names = []
        for item in ((diagnostic.result or {}).get("ask_next") or [])[: limit * 3]:
            qid, product = item.get("question"), item.get("product")
            if not isinstance(qid, str) or not framework.has_question(qid) or len(names) >= limit:
                continue
            question = framework.question(qid)
            if question.type not in WHAT_IF_TYPES:
                continue
            name = f"product-{product}{SEP}{qid}" if product is not None else f"{framework.level_of(qid)}{SEP}{qid}"
            if name not in self.fields:
                self.current[name] = DONT_KNOW
                self.fields[name] = self._field(question, DONT_KNOW, language)
            for group in self.groups:
                if name in group["names"]:
                    group["names"].remove(name)
            names.append(name)
        self.groups = [g for g in self.groups if g["names"]]
        if names:
            self.groups.insert(0, {"title": _("Ask next: the answers that would decide the most verdicts"), "names": names})

    @staticmethod
    def _field(question: Any, value: Any, language: str) -> forms.Field:
        with use_language(language):
            label = resolve(question.label, language) + (f" ({unit_label(question.unit)})" if question.unit else "")
        dont_know = (DONT_KNOW, _("I don't know"))
        initial = "yes" if value is True else "no" if value is False else value
        if question.type == "choice":
            choices = [(o.value, resolve(o.label, language)) for o in question.options] + [dont_know]
            return forms.ChoiceField(label=label, choices=choices, initial=initial, required=False)
        if question.type == "yes_no":
            return forms.ChoiceField(
                label=label, choices=[("yes", _("Yes")), ("no", _("No")), dont_know], initial=initial, required=False
            )
        return forms.CharField(label=label, initial=initial, required=False, max_length=40)

    def bound_groups(self) -> list[dict[str, Any]]:
        return [{"title": g["title"], "fields": [self[n] for n in g["names"]]} for g in self.groups]

    def changes(self) -> dict[str, dict[str, Any]]:
        """The answers that differ from the diagnostic's, as ``{target: {question: value}}``."""
        out: dict[str, dict[str, Any]] = {}
        for name, old in self.current.items():
            new = self.cleaned_data.get(name)
            if new in (None, ""):
                continue
            if new in ("yes", "no") and isinstance(old, bool):
                new = new == "yes"
            if str(new) == str(old) or _same_number(new, old):
                continue
            target, qid = name.split(SEP, 1)
            out.setdefault(target, {})[qid] = new
        return out

    def add_problem(self, qid: str, message: str) -> None:
        for name in self.fields:
            if name.endswith(SEP + qid):
                self.add_error(name, message)


def _same_number(new: Any, old: Any) -> bool:
    try:
        return float(str(new).replace(",", ".")) == float(old)
    except (TypeError, ValueError):
        return False
