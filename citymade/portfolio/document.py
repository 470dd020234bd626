"""The annual review as a document: figure labels and definitions, PDF (Typst) and XLSX workbook.

Like the diagnostic report (:mod:`citymade.reports.pdf`), the PDF is a fixed Typst template fed
with JSON through ``sys.inputs``: names and texts are printed as strings, never parsed as markup.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

from citymade.i18n import _, active_language, use_language
from citymade.portfolio import vocabulary
from citymade.portfolio.review import REVIEW_KEYS, Review
from citymade.portfolio.tabular import write_xlsx
from citymade.reports.charts import Bar, bar_chart
from citymade.text import strip_control_deep

__all__ = ["FigureRow", "definitions", "figure_rows", "format_value", "render_review_pdf", "render_review_xlsx"]

TEMPLATE = Path(__file__).resolve().parent / "templates" / "review.typ"


def definitions() -> dict[str, tuple[str, str]]:
    """``{figure key: (label, definition)}`` in the active language (the same text as docs/portfolio.md)."""
    return {
        "year": (_("Year"), _("The calendar year of the review; “at the end of the year” means on 31 December.")),
        "members_total": (_("Members"), _("Companies whose membership status is “member” at the end of the year.")),
        "members_new": (_("New members"), _("Members at the end of the year that were not members at the end of the previous year.")),
        "partners_total": (_("Partners"), _("Support organisations and public bodies that are partners at the end of the year.")),
        "partners_new": (_("New partners"), _("Partners that joined during the year.")),
        "share_companies": (_("Share of companies"), _("Members divided by members plus partners at the end of the year.")),
        "participation_rate": (_("Participation rate"), _("Invitations to the year's events (visits, open days, working-group meetings) that were attended, divided by all invitations.")),
        "support_actions_by_type": (_("Individual support actions by type"), _("Support actions dated in the year, counted per support type.")),
        "simple_advice": (_("Simple advice"), _("Support actions of the type “simple advice” dated in the year.")),
        "diagnostics_done": (
            _("Companies diagnosed"),
            _("Companies with a diagnostic dated in the year, counted once however many versions; a self-diagnostic counts once an advisor validated it."),
        ),
        "stage_progressions": (_("Stage progressions"), _("Companies whose latest diagnostic of the year finds a higher maturity stage than their latest diagnostic before the year.")),
        "industrialised_projects": (_("Industrialised projects"), _("Companies that reached their first industrialised production during the year.")),
        "break_even_reached": (_("Break-even reached"), _("Companies that reached break-even during the year.")),
        "jobs_fte": (_("Jobs (FTE)"), _("Sum of the latest jobs figure (full-time equivalents) known at the end of the year, over the members at the end of the year.")),
    }


def format_value(key: str, value: Any) -> str:
    if value is None:
        return _("not known")
    if key in ("share_companies", "participation_rate"):
        return format_decimal(value * 100, format="0.0", locale=active_language()) + " %"
    if key == "jobs_fte":
        return format_decimal(value, format="0.0", locale=active_language())
    if isinstance(value, dict):
        return str(sum(value.values()))
    return str(value)


@dataclass(frozen=True, kw_only=True)
class FigureRow:
    key: str
    label: str
    value: Any
    text: str
    definition: str
    records: int


def figure_rows(review: Review) -> list[FigureRow]:
    """One row per figure of the review, labelled in the active language."""
    labels = definitions()
    return [
        FigureRow(
            key=key,
            label=labels[key][0],
            value=review.figures[key],
            text=format_value(key, review.figures[key]),
            definition=labels[key][1],
            records=len(review.sources.get(key, [])),
        )
        for key in REVIEW_KEYS
    ]


def support_rows(review: Review) -> list[tuple[str, str, int]]:
    """``(type id, label, count)`` of the support actions by type."""
    by_type: Mapping[str, int] = review.figures["support_actions_by_type"]
    return [(t, vocabulary.label("support", t), n) for t, n in by_type.items()]


def render_review_pdf(review: Review, *, language: str, generated: str) -> bytes:
    """The review of one year as an A4 PDF in ``language``."""
    import typst

    with use_language(language):
        rows = support_rows(review)
        chart = bar_chart(
            chart_id="review-support",
            title=_("Individual support actions by type"),
            bars=[Bar(label=label, value=float(n)) for _t, label, n in rows],
            maximum=float(max([n for *_x, n in rows] + [1])),
        )
        data: dict[str, Any] = {
            "language": language,
            "title": _("Annual review %(year)d") % {"year": review.year},
            "generated": generated,
            "figures": [
                {"label": r.label, "value": r.text, "definition": r.definition}
                for r in figure_rows(review)
                if r.key not in ("year", "support_actions_by_type")
            ],
            "support": [{"label": label, "value": n} for _t, label, n in rows],
            "chart": {"svg": chart.svg, "title": chart.title, "lines": list(chart.lines)},
            "strings": {
                "cluster": _("Circular production cluster — citymade"),
                "figure": _("Figure"),
                "value": _("Value"),
                "definition": _("Definition"),
                "support": _("Individual support actions by type"),
                "type": _("Type"),
                "count": _("Number"),
                "generated": _("Generated on"),
                "traceable": _("Every figure can be traced to its records on the review page of citymade."),
            },
        }
    pdf: bytes = typst.compile(
        TEMPLATE.read_bytes(),
        sys_inputs={"data": json.dumps(strip_control_deep(data), ensure_ascii=False)},
        ignore_system_fonts=True,
    )
    return pdf


def render_review_xlsx(review: Review, *, language: str, records: Sequence[tuple[str, str, str, str]]) -> bytes:
    """The review as a workbook: the figures, support actions by type, and every record behind them.

    ``records`` are ``(figure key, record kind, record id, description)`` rows.
    """
    with use_language(language):
        rows = figure_rows(review)
        figures = [(r.label, r.value if not isinstance(r.value, dict) else sum(r.value.values()), r.definition, r.key) for r in rows]
        support = [(label, n, t) for t, label, n in support_rows(review)]
        return write_xlsx(
            [
                (_("Review %(year)d") % {"year": review.year}, [_("Figure"), _("Value"), _("Definition"), _("Key")], figures),
                (_("Support by type"), [_("Type"), _("Number"), _("Key")], support),
                (_("Records"), [_("Figure"), _("Record"), _("Id"), _("Description")], list(records)),
            ]
        )
