"""The diagnostic report as a PDF, typeset by Typst (the ``typst`` wheel: no system dependency).

The document is a fixed Typst template (``templates/diagnostic.typ``) fed with the report model as
JSON through ``sys.inputs``. User text (company names, answers, notes) therefore reaches Typst as
string values and is printed verbatim: it is never parsed as Typst markup, which is the escaping
that cannot be got wrong. Control characters are dropped from every string first (XML, and so an
embedded SVG chart, cannot hold them). Only the fonts bundled with Typst are used, so the output is the same on
every machine (and compiling skips the scan of system fonts).

Typst writes a tagged PDF whose ``/MarkInfo`` says ``/Suspects false``. That is valid PDF (and the
default value), but poppler up to 25.11 reports any ``/Suspects`` that is not ``true`` as "Syntax
Error: Suspects object is wrong type (boolean)" — every ``pdfinfo`` or ``pdftotext`` run printed it.
:func:`without_default_suspects` blanks that redundant entry (same length, so every byte offset of
the cross-reference table stays right): the PDF means the same and poppler reads it silently.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import typst
from babel.numbers import get_decimal_symbol

from citymade.i18n import _, ngettext, use_language
from citymade.reports.model import Report
from citymade.text import strip_control, strip_control_deep

__all__ = ["TEMPLATE", "escape_markup", "render_pdf", "typst_string", "without_default_suspects"]

TEMPLATE = Path(__file__).resolve().parent / "templates" / "diagnostic.typ"


@lru_cache(maxsize=1)
def _template() -> bytes:
    return TEMPLATE.read_bytes()


def _strings(language: str) -> dict[str, str]:
    """The template's UI words and signs, in the active language."""
    return {
        "decimal": str(get_decimal_symbol(language)),
        "colon": _(": "),
        "percent": "\u00a0%",
        "subtitle": _("Diagnostic: industry in the city"),
        "products": _("Products:"),
        "strengths": _("Three strengths"),
        "no_strengths": _("None yet: no dimension known so far is graded A or B."),
        "no_priorities": _("None: every dimension known so far is graded A or B."),
        "priorities": _("Three priorities"),
        "what": _("What"),
        "who": _("Who"),
        "by_when": _("By when"),
        "support": _("Support of the cluster"),
        "next_meeting": _("Next meeting"),
        "not_set": _("not set yet"),
        "advisor": _("Advisor"),
        "note": _("Note at validation"),
        "contact": _("Contact"),
        "appendix": _("Appendix: the details"),
        "cover_note": _(
            "Every score in this report is explained by the answers and rules behind it. "
            "Answers given as “I don't know” lower the confidence of a score; they are listed at the end as data to collect."
        ),
        "profile": _("Profile at a glance"),
        "figure": _("Figure"),
        "score": _("Score"),
        "grade": _("Grade"),
        "confidence": _("Confidence"),
        "why": _("Why:"),
        "points": _("points"),
        "red_flags": _("Red flags"),
        "not_known": _("not known"),
        "action_plan": _("Action plan"),
        "no_actions": _("No action is recommended from these answers."),
        "because": _("Because of:"),
        "unknowns": _("Data to collect"),
        "unknowns_intro": _("These answers were “I don't know”; collecting them will make the scores more reliable."),
        "no_unknowns": _("Nothing: every question was answered."),
    }


def _meta(report: Report) -> str:
    """The line under the company's name: date, version and state, framework, enterprise number."""
    info = report.info
    date = report.summary.date if report.summary else info.date
    parts = [_("Diagnostic of {date}").format(date=date)]
    parts.append(_("version {number}").format(number=info.version) + (f" ({info.state.lower()})" if info.state else ""))
    parts.append(_("framework {version}").format(version=info.framework_version))
    if info.enterprise_number:
        parts.append(_("enterprise number {number}").format(number=info.enterprise_number))
    return " · ".join(parts)


def _more(report: Report) -> str:
    count = report.summary.more_actions if report.summary else 0
    if not count:
        return ""
    return ngettext("One more action is in the appendix.", "{count} more actions are in the appendix.", count).format(
        count=count
    )


_SUSPECTS = re.compile(rb"(/MarkInfo\s*<<[^<>]*?)(/Suspects\s*false)")


def without_default_suspects(pdf: bytes) -> bytes:
    """``pdf`` with a ``/Suspects false`` entry of its ``/MarkInfo`` replaced by spaces (see the module)."""
    return _SUSPECTS.sub(lambda m: m.group(1) + b" " * len(m.group(2)), pdf, count=1)


def render_pdf(report: Report) -> bytes:
    """Typeset ``report`` in its own language (``report.info.language``) into PDF bytes."""
    with use_language(report.info.language):
        data: dict[str, Any] = report.as_json()
        data["strings"] = _strings(report.info.language)
        data["meta"] = _meta(report)
        data["more"] = _more(report)
        note = " ".join(report.info.validation_note.split())
        data["full_note"] = report.info.validation_note if report.summary and note != report.summary.note else ""
    # Text stored before control characters were refused (a vertical tab in a product name) must
    # not break the document: Typst refuses it in an embedded SVG chart.
    data = strip_control_deep(data)
    pdf: bytes = typst.compile(
        _template(),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        ignore_system_fonts=True,
    )
    return without_default_suspects(pdf)


_MARKUP_SPECIALS = set("\\#*_`$<>@[]~=-+/\"'")


def escape_markup(text: str) -> str:
    """``text`` as literal Typst markup (for callers that write markup by hand): every character
    Typst reads as syntax is backslash-escaped, line breaks become spaces."""
    out = []
    for char in strip_control(text).replace("\r", "").replace("\n", " "):
        out.append("\\" + char if char in _MARKUP_SPECIALS else char)
    return "".join(out)


def typst_string(text: str) -> str:
    """``text`` as a Typst string literal (code mode)."""
    escaped = strip_control(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'
