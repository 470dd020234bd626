"""A questionnaire step's questions as HTML, built once in Python.

A step shows up to ~40 questions, each a dozen template nodes (its classes, its legend, its origin
note, its help, its "I don't know" and "not applicable" boxes, its error): as a template loop that
was half of the step page's rendering time under load (``benchmarks/load.py``). :func:`rows_html`
writes the markup ``diagnostics/_step_form.html`` wrote, with the same escaping (``{{ value }}``'s)
and the same widgets (:func:`citymade.web.core.templatetags.a11y.field_widget`, which ties each
answer to its help, its error and its origin note for assistive technology).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from citymade.web.core.printed import printed
from citymade.web.core.templatetags.a11y import error_id, field_widget, help_id, is_group

__all__ = ["rows_html"]




class _Words:
    """The fixed texts of the rows, translated once per page."""

    def __init__(self) -> None:
        # as ``{% translate "…" %}`` prints them: a template's literal is safe text, so is its translation
        self.needed_title = gettext("An answer is needed (or “I don’t know”)")
        self.needed = gettext("answer needed")
        self.follow_up = gettext("follow-up")
        self.records = gettext("Filled in from the company's records — please confirm.")
        self.previous = gettext("Filled in from the previous diagnostic — please confirm.")
        self.dont_know = gettext("I don't know")
        self.not_applicable = gettext("Not applicable")


def _row(row: dict[str, Any], focus: str, words: _Words) -> str:
    field, question, problem = row["field"], row["question"], row["problem"]
    label = printed(field.label)
    classes = (
        f"field question q-{printed(question.type)}"
        f"{' invalid' if problem else ''}{' unknown' if row['is_unknown'] else ''}"
    )
    qid = printed(question.id)
    rule = f' data-rule="{printed(row["rule"])}"' if row["rule"] else ""
    legend = label if is_group(field) else f'<label for="{printed(field.id_for_label)}">{label}</label>'
    if question.required:
        legend += (
            f' <span class="required" aria-hidden="true" title="{words.needed_title}">*</span>'
            f'<span class="visually-hidden"> ({words.needed})</span>'
        )
    if row["conditional"]:
        legend += f' <span class="tag">{words.follow_up}</span>'
    widget = field_widget(
        field, invalid=problem, required=question.required, focus=focus, notes="_origin" if row["origin"] else ""
    )
    origin = ""
    if row["origin"] == "records":
        origin = f'<p class="origin" id="{printed(field.auto_id)}_origin">{words.records}</p>'
    elif row["origin"] == "previous":
        origin = f'<p class="origin" id="{printed(field.auto_id)}_origin">{words.previous}</p>'
    help_text = f'<p class="help" id="{printed(help_id(field))}">{printed(field.help_text)}</p>' if field.help_text else ""
    dont_know = row["dont_know"]
    unknown_box = (
        f'<label class="dont-know" for="{printed(dont_know.id_for_label)}">{printed(dont_know)} {words.dont_know}'
        f'<span class="visually-hidden">: {label}</span></label>'
    )
    not_applicable = row["not_applicable"]
    na_box = (
        f'<label class="dont-know not-applicable" for="{printed(not_applicable.id_for_label)}">{printed(not_applicable)} '
        f'{words.not_applicable}<span class="visually-hidden">: {label}</span></label>'
        if not_applicable
        else ""
    )
    error = f'<p class="error" role="alert" id="{printed(error_id(field))}">{printed(problem)}</p>' if problem else ""
    return (
        f'\n    \n    <div class="{classes}" id="q-{qid}" data-question="{qid}"{rule}{" hidden" if row["waiting"] else ""}>\n'
        "      \n"
        '      <fieldset class="choices">\n'
        f"        <legend>{legend}</legend>\n"
        f"        {widget}\n"
        f"        {origin}\n"
        f"        {help_text}\n"
        f"        {unknown_box}\n"
        f"        {na_box}\n"
        f"        {error}\n"
        "      </fieldset>\n"
        "    </div>\n"
        "    \n    "
    )


def rows_html(rows: Iterable[dict[str, Any]], focus: str) -> SafeString:
    """The questions of one group of a step (``focus``: the question to put the focus on)."""
    words = _Words()
    return mark_safe("".join(_row(row, focus, words) for row in rows))  # noqa: S308 - every text in it is escaped here
