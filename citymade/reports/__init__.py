"""Charts and documents shared by the web pages and the command line (no Django here).

* :mod:`citymade.reports.charts` — SVG charts with text alternatives (radar, bars, before/after).
* :mod:`citymade.reports.diagnostic` — the diagnostic report model built from a scored assessment.
* :mod:`citymade.reports.pdf` — that report typeset as PDF with Typst, in fr, nl or en.
"""

from citymade.reports.charts import (
    Axis,
    Bar,
    Change,
    Chart,
    bar_chart,
    comparison_chart,
    radar_chart,
)
from citymade.reports.diagnostic import Report, ReportInfo, build_report, dimension_scores
from citymade.reports.pdf import render_pdf

__all__ = [
    "Axis",
    "Bar",
    "Change",
    "Chart",
    "Report",
    "ReportInfo",
    "bar_chart",
    "build_report",
    "comparison_chart",
    "dimension_scores",
    "radar_chart",
    "render_pdf",
]
