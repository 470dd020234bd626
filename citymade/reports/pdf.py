"""The diagnostic report as a PDF, typeset by Typst (the ``typst`` wheel: no system dependency).

The document is a fixed Typst template (``templates/diagnostic.typ``) fed with the report model as
JSON through ``sys.inputs``. User text (company names, answers, notes) therefore reaches Typst as
string values and is printed verbatim: it is never parsed as Typst markup, which is the escaping
that cannot be got wrong. Control characters are dropped from every string first (XML, and so an
embedded SVG chart, cannot hold them). Only the fonts bundled with Typst are used, so the output is the same on
every machine (and compiling skips the scan of system fonts).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import typst

from citymade.i18n import _, use_language
from citymade.reports.diagnostic import Report
from citymade.text import strip_control, strip_control_deep

__all__ = ["TEMPLATE", "escape_markup", "render_pdf", "typst_string"]

TEMPLATE = Path(__file__).resolve().parent / "templates" / "diagnostic.typ"


@lru_cache(maxsize=1)
def _template() -> bytes:
    return TEMPLATE.read_bytes()


def _strings() -> dict[str, str]:
    """The template's UI words, in the active language."""
    return {
        "subtitle": _("Diagnostic: industry in the city"),
        "date": _("Date"),
        "enterprise_number": _("Enterprise number"),
        "assessor": _("Assessor"),
        "framework_version": _("Framework version"),
        "version": _("Version"),
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


def render_pdf(report: Report) -> bytes:
    """Typeset ``report`` in its own language (``report.info.language``) into PDF bytes."""
    with use_language(report.info.language):
        data: dict[str, Any] = report.as_json()
        data["strings"] = _strings()
    # Text stored before control characters were refused (a vertical tab in a product name) must
    # not break the document: Typst refuses it in an embedded SVG chart.
    data = strip_control_deep(data)
    pdf: bytes = typst.compile(
        _template(),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        ignore_system_fonts=True,
    )
    return pdf


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
