"""WCAG 2.1 AA contrast of the colours citymade draws with, computed from the stylesheet and the
chart module themselves: every grade badge (white text on its colour), every chart label colour on
the chart's white, chart marks, and the focus ring against what surrounds it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citymade.reports import charts

CSS = (Path(__file__).resolve().parents[2] / "citymade" / "web" / "static" / "citymade" / "app.css").read_text(encoding="utf-8")
TEXT, LARGE_OR_MARK = 4.5, 3.0


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(a: str, b: str) -> float:
    """The WCAG contrast ratio of two sRGB colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _var(name: str) -> str:
    found = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{3,6}})", CSS)
    assert found, f"--{name} is not in app.css"
    return found.group(1)


def _rule(selector: str) -> str:
    found = re.search(rf"(?m)(?:^|\}})\s*{re.escape(selector)}\s*\{{([^}}]*)\}}", CSS)
    assert found, f"{selector} is not in app.css"
    return found.group(1)


def _resolve(value: str) -> str:
    value = value.strip()
    var = re.fullmatch(r"var\(--([\w-]+)\)", value)
    return _var(var.group(1)) if var else value


def test_the_ratio_is_wcags():
    assert ratio("#000", "#fff") == pytest.approx(21)
    assert ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("grade", "ABCDE")
def test_every_grade_badge_reads_at_4_5_to_1(grade):
    base = _rule(".grade")
    text = re.search(r"(?<![-\w])color:\s*([^;]+)", base).group(1)
    own = _rule(f".grade-{grade}")
    override = re.search(r"(?<![-\w])color:\s*([^;]+)", own)
    text = override.group(1) if override else text
    background = _resolve(re.search(r"background:\s*([^;]+)", own).group(1))
    assert background.lower() == charts.GRADE_COLOURS[grade].lower(), "web and charts use the same grade colours"
    measured = ratio(_resolve(text), background)
    assert measured >= TEXT, f"grade {grade}: {measured:.2f}:1"


@pytest.mark.parametrize("grade", "ABCDE")
def test_every_chart_label_and_mark_colour_reads_on_the_chart(grade):
    colour = charts.GRADE_COLOURS[grade]
    # Radar score labels are text in the grade's colour on the chart's white card.
    assert ratio(colour, "#ffffff") >= TEXT, f"{grade} label: {ratio(colour, '#ffffff'):.2f}:1"
    # Bars and radar dots are marks: 3:1 against the bar's track and the card.
    assert ratio(colour, "#eef1ee") >= LARGE_OR_MARK


def test_the_other_chart_colours_read_on_white():
    assert ratio(charts.MUTED, "#ffffff") >= TEXT  # ring numbers, "not known"
    assert ratio("#1d232b", "#ffffff") >= TEXT  # labels
    for mark in (charts.BRAND, charts.BEFORE):  # the comparison's bars and legend squares
        assert ratio(mark, "#ffffff") >= LARGE_OR_MARK, mark


def test_the_focus_ring_stands_out_from_the_page_the_cards_and_the_header():
    ring = _resolve(re.search(r"outline:\s*\S+\s+solid\s+([^;]+)", _rule(":focus-visible")).group(1))
    for background in (_var("bg"), _var("card"), "#eef1ee"):
        assert ratio(ring, background) >= LARGE_OR_MARK, f"focus ring on {background}: {ratio(ring, background):.2f}:1"
    header_ring = _resolve(re.search(r"outline-color:\s*([^;]+)", _rule(".site-header :focus-visible")).group(1))
    assert ratio(header_ring, _var("brand")) >= LARGE_OR_MARK


def test_body_text_and_muted_text_read_on_the_page():
    for text in (_var("ink"), _var("muted"), _var("brand"), _var("bad")):
        for background in (_var("bg"), _var("card")):
            assert ratio(text, background) >= TEXT, (text, background)


def test_the_board_review_charts_draw_their_marks_and_text_with_enough_contrast():
    """Every fill and text colour of the annual review's charts, read from their SVG."""
    import datetime as dt

    from citymade.i18n import use_language
    from citymade.portfolio.board import Board, board_charts
    from citymade.portfolio.breakdowns import breakdowns
    from citymade.portfolio.records import DiagnosticRecord, StatusRecord
    from citymade.portfolio.review import compute_review

    statuses = [StatusRecord(id=1, company_id=1, status="member", date=dt.date(2024, 1, 1))]
    diagnostics = [DiagnosticRecord(id=1, company_id=1, date=dt.date(2024, 2, 1), stage=2)]
    review = compute_review(2024, statuses=statuses, diagnostics=diagnostics, support_types=["advice"])
    board = Board(review=review, targets={"members_total": 2}, breakdowns=breakdowns(2024, statuses=statuses, diagnostics=diagnostics, stages=[1, 2]))
    with use_language("fr"):
        found = board_charts(board)
    assert {c.id for c in found} >= {"review-targets", "review-support", "review-stage", "review-model", "review-municipality"}
    for chart in found:
        assert f"<title id=\"{chart.id}-title\">" in chart.svg and chart.lines, chart.id
        fills = set(re.findall(r'<rect [^>]*fill="(#[0-9a-fA-F]{6})"', chart.svg))
        marks = fills - {"#eef1ee"}
        assert marks, chart.id
        for colour in marks:
            assert ratio(colour, "#ffffff") >= LARGE_OR_MARK and ratio(colour, "#eef1ee") >= LARGE_OR_MARK, (chart.id, colour)
        for colour in set(re.findall(r'<text [^>]*fill="(#[0-9a-fA-F]{6})"', chart.svg)):
            assert ratio(colour, "#ffffff") >= TEXT, (chart.id, colour)
