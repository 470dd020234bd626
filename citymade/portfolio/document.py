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


RATIOS = ("share_companies", "participation_rate")


def _number(value: Any) -> float | None:
    if isinstance(value, dict):
        return float(sum(value.values()))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def change_between(key: str, now: Any, before: Any) -> tuple[float | None, str]:
    """The change of a figure since the previous year: its value (a ratio's in percentage points)
    and how a reader says it ("+3", "−2", "+4,5 points", "no change")."""
    a, b = _number(now), _number(before)
    if a is None or b is None:
        return None, "—"
    if key in RATIOS:
        delta = round((a - b) * 100, 1)
        if delta == 0:
            return 0.0, _("no change")
        text = format_decimal(abs(delta), format="0.0", locale=active_language())
        return delta, ("+" if delta > 0 else "−") + _("%(value)s points") % {"value": text}
    delta = round(a - b, 1)
    if delta == 0:
        return 0.0, _("no change")
    shown = format_decimal(abs(delta), format="0.#", locale=active_language())
    return delta, ("+" if delta > 0 else "−") + shown


@dataclass(frozen=True, kw_only=True)
class FigureRow:
    key: str
    label: str
    value: Any
    text: str
    definition: str
    records: int
    previous: Any = None
    previous_text: str = "—"
    change: float | None = None
    change_text: str = "—"


def figure_rows(review: Review, previous: Review | None = None) -> list[FigureRow]:
    """One row per figure of the review, labelled in the active language, beside the previous
    year's value and the change when ``previous`` is given."""
    labels = definitions()
    rows = []
    for key in REVIEW_KEYS:
        value = review.figures[key]
        before = previous.figures.get(key) if previous is not None else None
        change, change_text = change_between(key, value, before) if previous is not None else (None, "—")
        rows.append(
            FigureRow(
                key=key,
                label=labels[key][0],
                value=value,
                text=format_value(key, value),
                definition=labels[key][1],
                records=len(review.sources.get(key, [])),
                previous=before,
                previous_text=format_value(key, before) if previous is not None else "—",
                change=change,
                change_text=change_text,
            )
        )
    return rows


def support_rows(review: Review) -> list[tuple[str, str, int]]:
    """``(type id, label, count)`` of the support actions by type."""
    by_type: Mapping[str, int] = review.figures["support_actions_by_type"]
    return [(t, vocabulary.label("support", t), n) for t, n in by_type.items()]


def render_review_pdf(review: Review, *, language: str, generated: str, previous: Review | None = None) -> bytes:
    """The review of one year as an A4 PDF in ``language``, each figure beside the previous year's."""
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
                {"label": r.label, "value": r.text, "previous": r.previous_text, "change": r.change_text, "definition": r.definition}
                for r in figure_rows(review, previous)
                if r.key not in ("year", "support_actions_by_type")
            ],
            "support": [{"label": label, "value": n} for _t, label, n in rows],
            "chart": {"svg": chart.svg, "title": chart.title, "lines": list(chart.lines)},
            "strings": {
                "cluster": _("Circular production cluster — citymade"),
                "figure": _("Figure"),
                "value": _("Value"),
                "previous": _("Previous year"),
                "change": _("Change"),
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


def render_review_xlsx(
    review: Review, *, language: str, records: Sequence[tuple[str, str, str, str]], previous: Review | None = None
) -> bytes:
    """The review as a workbook: the figures beside the previous year's and the change (ratios as
    percentages, the change of a ratio in percentage points), their definitions, support actions by
    type, and every record behind the figures; headers in ``language``, header rows frozen.

    ``records`` are ``(figure key, record kind, record id, description)`` rows.
    """
    with use_language(language):
        rows = [r for r in figure_rows(review, previous) if r.key != "year"]
        labels = {r.key: r.label for r in rows}

        def cell(key: str, value: Any) -> Any:
            number = _number(value)
            return number if number is None or key in RATIOS else (int(number) if number.is_integer() else number)

        figures = [
            (r.label, cell(r.key, r.value), cell(r.key, r.previous), (r.change / 100 if r.key in RATIOS and r.change is not None else r.change))
            for r in rows
        ]
        ratio_rows = [i for i, r in enumerate(rows) if r.key in RATIOS]
        support = [(label, n) for _t, label, n in support_rows(review)]
        definitions_rows = [(r.label, r.definition, r.key) for r in rows]
        headers = [_("Figure"), str(review.year), _("Previous year") + f" ({review.year - 1})", _("Change")]
        sheets: list[tuple[Any, ...]] = [
            (_("Review %(year)d") % {"year": review.year}, headers, figures, {"percent_rows": ratio_rows}),
            (_("Definitions"), [_("Figure"), _("Definition"), _("Key (for scripts)")], definitions_rows, {"widths": [34, 90, 24]}),
            (_("Support by type"), [_("Type"), _("Number")], support),
            (
                _("Records"),
                [_("Figure"), _("Record"), _("Id"), _("Description")],
                [(labels.get(key, key), kind, rid, text) for key, kind, rid, text in records],
            ),
        ]
        return write_xlsx(sheets)
