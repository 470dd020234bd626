"""The annual review as the board reads it: figures beside the year before, the cluster's targets
and the distance to them, breakdowns of the members, charts and the cluster's own words on the
year — on the page, in a PDF of a few pages (Typst) and in a formatted workbook.

Plain data in (:class:`Board`), bytes out; the web app gathers the data
(:mod:`citymade.web.portfolio.board`). Texts reach the PDF as strings (``sys.inputs``), never as
markup, and charts are the SVG of :mod:`citymade.reports.charts` with their numbers as text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citymade.i18n import _, use_language
from citymade.portfolio import vocabulary
from citymade.portfolio.breakdowns import BREAKDOWNS, UNKNOWN, Breakdown
from citymade.portfolio.document import (
    RATIOS,
    FigureRow,
    figure_rows,
    support_family_rows,
    support_rows,
)
from citymade.portfolio.review import Review
from citymade.portfolio.tabular import write_xlsx
from citymade.portfolio.targets import number
from citymade.reports.charts import Bar, Chart, bar_chart
from citymade.text import strip_control_deep

__all__ = ["Board", "board_charts", "breakdown_tables", "render_board_pdf", "render_board_xlsx"]

TEMPLATE = Path(__file__).resolve().parent / "templates" / "board.typ"

#: The municipalities a chart shows (the biggest); the table lists them all.
CHART_MUNICIPALITIES = 10


@dataclass(frozen=True, kw_only=True)
class Board:
    review: Review
    previous: Review | None = None
    #: ``{figure key: target}`` of the year (a ratio's 0–1)
    targets: Mapping[str, float] = field(default_factory=dict)
    narrative: str = ""
    breakdowns: Mapping[str, Breakdown] = field(default_factory=dict)
    cluster: str = "citymade"
    #: the day the document is made, written as the language writes a date
    generated: str = ""
    logo: bytes | None = None
    logo_format: str = ""

    @property
    def year(self) -> int:
        return self.review.year

    def rows(self) -> list[FigureRow]:
        """The figures (the year itself left out), beside the previous year and the targets."""
        return [r for r in figure_rows(self.review, self.previous, self.targets) if r.key != "year"]


def _titles() -> dict[str, str]:
    return {
        "stage": _("Members by maturity stage"),
        "model": _("Members by circular model"),
        "municipality": _("Members by municipality"),
    }


def group_label(kind: str, key: str) -> str:
    """A breakdown's group as a reader names it."""
    if key == UNKNOWN:
        return _("municipality not known") if kind == "municipality" else _("not diagnosed yet")
    if kind == "stage":
        return _("Stage %(number)s · %(name)s") % {"number": key, "name": vocabulary.label("stage", int(key))}
    if kind == "model":
        return vocabulary.label("model", key)
    return municipality_name(key)


def municipality_name(name: str) -> str:
    """A municipality as the reader's language names it ("Saint-Gilles" is "Sint-Gillis" in Dutch),
    found by any of its names in the shipped regions; a name not found stays as recorded."""
    from citymade.i18n import active_language
    from citymade.register.regions import load_regions

    wanted = name.strip().casefold()
    for found in load_regions().values():
        for municipality in found.municipalities:
            if wanted in {n.casefold() for n in (municipality.fr, municipality.nl, municipality.en) if n}:
                return municipality.name(active_language())
    return name


def _signed(change: int) -> str:
    return _("no change") if change == 0 else ("+" if change > 0 else "−") + str(abs(change))


def breakdown_tables(board: Board) -> list[dict[str, Any]]:
    """Each breakdown as a titled table: ``{kind, title, rows: [{label, count, previous, change}]}``."""
    titles = _titles()
    tables = []
    for kind in BREAKDOWNS:
        found = board.breakdowns.get(kind)
        if found is None:
            continue
        rows = [
            {"label": group_label(kind, r.key), "count": r.count, "previous": r.previous, "change": _signed(r.change)}
            for r in found.rows
        ]
        tables.append({"kind": kind, "title": titles[kind], "rows": rows, "members": found.members})
    return tables


def board_charts(board: Board) -> list[Chart]:
    """The charts of the review: how far each figure is towards its target (when targets are set),
    support actions by type, and the members by stage, circular model and municipality."""
    charts = []
    toward = [
        (r.label, number(r.value), float(r.target))
        for r in board.rows()
        if r.target is not None and float(r.target) > 0 and number(r.value) is not None
    ]
    if toward:
        charts.append(
            bar_chart(
                chart_id="review-targets",
                title=_("Share of each target reached (%(year)d)") % {"year": board.year},
                bars=[Bar(label=label, value=min(100.0, round(100 * (value or 0) / target, 1))) for label, value, target in toward],
                maximum=100,
                unit=" %",
            )
        )
    support = support_rows(board.review)
    charts.append(
        bar_chart(
            chart_id="review-support",
            title=_("Support actions by type (%(year)d)") % {"year": board.year},
            bars=[Bar(label=label, value=float(n)) for _t, label, n in support],
            maximum=float(max([n for *_x, n in support] + [1])),
        )
    )
    for table in breakdown_tables(board):
        rows = table["rows"][:CHART_MUNICIPALITIES] if table["kind"] == "municipality" else table["rows"]
        charts.append(
            bar_chart(
                chart_id=f"review-{table['kind']}",
                title=f"{table['title']} ({board.year})",
                bars=[Bar(label=r["label"], value=float(r["count"])) for r in rows],
                maximum=float(max([r["count"] for r in rows] + [1])),
            )
        )
    return charts


def _strings() -> dict[str, str]:
    return {
        "figure": _("Figure"),
        "previous": _("Previous year"),
        "change": _("Change"),
        "target": _("Target"),
        "distance": _("Distance to the target"),
        "definition": _("Definition"),
        "definitions": _("Definitions"),
        "narrative": _("The year in a few words"),
        "figures": _("Key figures"),
        "charts": _("In pictures"),
        "breakdowns": _("Who the members are"),
        "group": _("Group"),
        "page": _("Page"),
        "generated": _("Made on"),
        "no_targets": _("No target was set for this year."),
        "traceable": _("Every figure can be traced to its records on the review page of citymade."),
        "support": _("Support by family and type"),
        "type": _("Type"),
    }


def support_table(board: Board) -> list[dict[str, Any]]:
    """The support actions of the year as rows: each family with its total, then its types."""
    rows: list[dict[str, Any]] = []
    for family, total, types in support_family_rows(board.review):
        rows.append({"label": family, "count": total, "family": True})
        rows += [{"label": label, "count": n, "family": False} for label, n in types]
    return rows


def render_board_pdf(board: Board, *, language: str) -> bytes:
    """The review of one year as a short A4 board document in ``language``."""
    import typst

    with use_language(language):
        rows = board.rows()
        data: dict[str, Any] = {
            "language": language,
            "cluster": board.cluster,
            "year": str(board.year),
            "previous_year": str(board.year - 1),
            "title": _("Annual review %(year)d") % {"year": board.year},
            "generated": board.generated,
            "narrative": board.narrative.strip(),
            "has_targets": any(r.target is not None for r in rows),
            "figures": [
                {"label": r.label, "value": r.text, "previous": r.previous_text, "change": r.change_text,
                 "target": r.target_text, "distance": r.distance_text, "definition": r.definition}
                for r in rows
            ],
            "breakdowns": breakdown_tables(board),
            "support": support_table(board),
            "charts": [{"svg": c.svg, "title": c.title, "text": c.text, "width": c.width} for c in board_charts(board)],
            "logo": list(board.logo) if board.logo else None,
            "logo_format": board.logo_format,
            "strings": _strings(),
        }
    pdf: bytes = typst.compile(
        TEMPLATE.read_bytes(),
        sys_inputs={"data": json.dumps(strip_control_deep(data), ensure_ascii=False)},
        ignore_system_fonts=True,
    )
    return pdf


def record_kinds() -> dict[str, str]:
    """What each kind of record behind a figure is, in words."""
    return {
        "status": _("Membership status change"),
        "partner": _("Partner"),
        "attendance": _("Invitation to an event"),
        "event": _("Event"),
        "support_action": _("Support action"),
        "diagnostic": _("Diagnostic"),
        "milestone": _("Milestone"),
        "jobs": _("Jobs figure"),
    }


def _cell(key: str, value: Any) -> Any:
    found = number(value)
    if found is None or key in RATIOS:
        return found
    return int(found) if found.is_integer() else found


def render_board_xlsx(board: Board, *, language: str, records: Sequence[tuple[str, str, str, str]]) -> bytes:
    """The review as a workbook in ``language``: the figures beside the previous year, the change,
    the target and the distance to it (ratios as percentages, a ratio's change and distance in
    percentage points), the definitions, the breakdowns, support by type, the narrative and every
    record behind the figures. Headers in words, header rows frozen, columns sized to their text.

    ``records`` are ``(figure key, record kind, record id, description)`` rows; the sheet names
    the kind in words and leaves the id out (the description names the record).
    """
    with use_language(language):
        rows = board.rows()
        labels = {r.key: r.label for r in rows}

        def points(key: str, value: float | None) -> float | None:
            return value / 100 if key in RATIOS and value is not None else value

        def gap(row: FigureRow) -> float | None:
            return None if row.distance is None else (row.distance if row.key in RATIOS else round(row.distance, 1))

        figures = [
            (r.label, _cell(r.key, r.value), _cell(r.key, r.previous), points(r.key, r.change),
             None if r.target is None else float(r.target), gap(r), r.distance_text if r.target is not None else "")
            for r in rows
        ]
        ratio_rows = [i for i, r in enumerate(rows) if r.key in RATIOS]
        fte_rows = [i for i, r in enumerate(rows) if r.key == "jobs_fte"]  # full-time equivalents: one decimal
        kinds = record_kinds()
        headers = [
            _("Figure"), str(board.year), _("Previous year") + f" ({board.year - 1})", _("Change"),
            _("Target") + f" ({board.year})", _("Distance to the target"), _("In words"),
        ]
        breakdown_rows = [
            (t["title"], r["label"], r["count"], r["previous"], r["count"] - r["previous"])
            for t in breakdown_tables(board)
            for r in t["rows"]
        ]
        sheets: list[tuple[Any, ...]] = [
            (_("Review %(year)d") % {"year": board.year}, headers, figures,
             {"percent_rows": ratio_rows, "decimal_rows": fte_rows, "widths": [36, 12, 20, 12, 16, 22, 30]}),
            (_("Definitions"), [_("Figure"), _("Definition"), _("Key (for scripts)")],
             [(r.label, r.definition, r.key) for r in rows], {"widths": [34, 90, 24], "wrap": (1,)}),
            (_("Breakdowns"), [_("Breakdown"), _("Group"), str(board.year), _("Previous year") + f" ({board.year - 1})", _("Change")],
             breakdown_rows, {"widths": [32, 40, 10, 20, 10]}),
            (_("Support by type"), [_("Family"), _("Type"), _("Number")],
             [(family, label, n) for family, _total, types in support_family_rows(board.review) for label, n in types],
             {"widths": [28, 40, 10]}),
            (_("Narrative"), [_("The year in a few words")], [(line,) for line in board.narrative.splitlines()] or [("",)],
             {"widths": [100], "wrap": (0,)}),
            (_("Records"), [_("Figure"), _("Record"), _("Description")],
             [(labels.get(key, key), kinds.get(kind, kind), text) for key, kind, _rid, text in records]),
        ]
        return write_xlsx(sheets)
