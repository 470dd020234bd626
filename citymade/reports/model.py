"""The diagnostic report's parts as plain data: what both deliveries (web page, PDF) read.

Everything here is already worded in the report's language; the builders live in
:mod:`citymade.reports.diagnostic` (the whole report), :mod:`citymade.reports.summary` (page one)
and the ``sections_*`` modules (the appendix, one part of the vision each).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from citymade.reports import charts

__all__ = [
    "Action",
    "Block",
    "ClusterInfo",
    "PlanItem",
    "Reason",
    "Report",
    "ReportInfo",
    "ScoreView",
    "Section",
    "Summary",
]


@dataclass(frozen=True, kw_only=True)
class ClusterInfo:
    """The cluster that issues the report, as its settings name it: printed on page one.

    ``logo`` holds the image file's bytes (PNG, JPEG or SVG, told by ``logo_format``); the core
    never reads settings or files itself."""

    name: str = "citymade"
    contact: str = ""
    logo: bytes | None = None
    logo_format: str = ""


@dataclass(frozen=True, kw_only=True)
class ReportInfo:
    """Who and what the report is about (page one).

    ``assessor`` is a person's name (the web passes the full name, the user name only when no name
    is set); ``advisor`` the cluster advisor who follows the company (default: the assessor).
    ``assessed_on`` and ``next_meeting`` are dates, written for the language by the report; the
    plan's deadlines are counted from them."""

    company: str
    date: str
    framework_version: str
    assessor: str = ""
    enterprise_number: str = ""
    version: int = 1
    state: str = ""
    language: str = "fr"
    assessed_on: dt.date | None = None
    next_meeting: dt.date | None = None
    advisor: str = ""
    validation_note: str = ""
    cluster: ClusterInfo = field(default_factory=ClusterInfo)


@dataclass(frozen=True, kw_only=True)
class Reason:
    """One line of an explanation: the rule, the answer behind it and the points it moved."""

    text: str
    question: str = ""
    answer: str = ""
    points: float | None = None
    rule: str = ""
    #: the answer's share of its criterion's weight (0–1) and the points 0–100 it earned there:
    #: ``earned × weight = points``, and the points of a criterion add up to its score
    weight: float | None = None
    earned: float | None = None


@dataclass(kw_only=True)
class ScoreView:
    """One figure: its value 0–100 (``None`` = not known), grade, confidence and why."""

    id: str
    label: str
    value: float | None
    grade: str | None = None
    confidence: float | None = None
    reasons: list[Reason] = field(default_factory=list)
    children: list[ScoreView] = field(default_factory=list)
    #: where the score could lie once the unknown answers are known (lowest and highest points for
    #: each), red-flag caps left aside; equal to ``value`` when everything is known
    low: float | None = None
    high: float | None = None

    @property
    def is_range(self) -> bool:
        return self.value is not None and self.low is not None and self.high is not None and self.high - self.low >= 1

    @property
    def confidence_percent(self) -> int | None:
        return None if self.confidence is None else round(self.confidence * 100)


@dataclass(kw_only=True)
class Block:
    """Facts about one thing (label → value rows), its red flags, notes and reasons."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)


@dataclass(kw_only=True)
class Section:
    id: str
    title: str
    intro: str = ""
    scores: list[ScoreView] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    charts: list[charts.Chart] = field(default_factory=list)


@dataclass(kw_only=True)
class Action:
    title: str
    text: str
    support: str
    impact: float | None
    because: list[str] = field(default_factory=list)
    #: The support type's id in the framework (``networking``, ``advice`` …).
    support_type: str = ""


@dataclass(kw_only=True)
class PlanItem:
    """One line of page one's action plan: what, who, by when, with which support of the cluster."""

    what: str
    who: str
    by_when: str
    support: str


@dataclass(kw_only=True)
class Summary:
    """Page one: the company, its strengths and priorities, the plan and who follows it up."""

    products: list[str]
    strengths: list[ScoreView]
    priorities: list[ScoreView]
    plan: list[PlanItem]
    #: How the plan's dates were chosen, in one sentence.
    plan_dates: str
    #: Actions left off page one (they are in the appendix).
    more_actions: int
    next_meeting: str
    advisor: str
    note: str
    date: str


@dataclass(kw_only=True)
class Report:
    info: ReportInfo
    title: str
    profile: list[ScoreView]
    profile_chart: charts.Chart
    sections: list[Section]
    actions: list[Action]
    unknowns: list[str]
    moved: Section | None = None
    summary: Summary | None = None

    def as_json(self) -> dict[str, Any]:
        """Plain data for the PDF template (dates as ISO text, the logo as a list of bytes)."""
        data = asdict(self)
        info = data["info"]
        for key in ("assessed_on", "next_meeting"):
            info[key] = info[key].isoformat() if info[key] is not None else None
        logo = info["cluster"]["logo"]
        info["cluster"]["logo"] = list(logo) if logo else None
        return data
