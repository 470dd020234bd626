"""SVG charts: accessible, escaped, honest about unknown values."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from citymade.i18n import use_language
from citymade.reports.charts import Axis, Bar, Change, bar_chart, comparison_chart, radar_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises when the markup is not well-formed


def test_radar_is_accessible_and_names_every_value():
    with use_language("en"):
        chart = radar_chart(
            chart_id="profile",
            title="Profile",
            axes=[Axis(label="Urban fit", value=72, grade="B"), Axis(label="Circular offer", value=None),
                  Axis(label="Local value", value=35, grade="D")],
        )
    root = _parse(chart.svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "profile-title profile-desc"
    assert root.find(f"{SVG}title").text == "Profile"
    assert "3 values" in root.find(f"{SVG}desc").text and "2 known" in root.find(f"{SVG}desc").text
    assert chart.lines[0].startswith("Urban fit: 72") and "B" in chart.lines[0]
    # An unknown value is said, and not drawn as a point at zero.
    assert "Circular offer" in chart.lines[1] and "72" not in chart.lines[1]
    points = root.findall(f"{SVG}circle")
    assert len(points) == 2


def test_radar_text_alternative_follows_the_language():
    axes = [Axis(label="Adéquation", value=None)]
    with use_language("fr"):
        fr = radar_chart(chart_id="r", title="t", axes=axes).text
    with use_language("nl"):
        nl = radar_chart(chart_id="r", title="t", axes=axes).text
    assert "inconnu" in fr and "onbekend" in nl


def test_labels_are_escaped():
    chart = bar_chart(chart_id="b", title="<script>alert(1)</script>", bars=[Bar(label="A & B <i>", value=50)])
    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg
    root = _parse(chart.svg)
    assert root.find(f"{SVG}title").text == "<script>alert(1)</script>"


def test_bars_are_proportional_and_unknown_bars_are_not_drawn():
    chart = bar_chart(chart_id="b", title="t", bars=[Bar(label="half", value=50), Bar(label="none", value=None)])
    root = _parse(chart.svg)
    widths = [float(r.get("width")) for r in root.findall(f"{SVG}rect")]
    # two background tracks (300 wide) and one value bar, half the track
    assert sorted(widths) == [150.0, 300.0, 300.0]


def test_comparison_writes_the_difference():
    with use_language("en"):
        chart = comparison_chart(
            chart_id="c", title="t",
            changes=[Change(label="Urban fit", before=40, after=65), Change(label="X", before=None, after=10)],
        )
    assert ">+25<" in chart.svg
    assert "—" in chart.svg  # no difference when one side is unknown
    assert chart.lines[0].startswith("Urban fit: 40") and "65" in chart.lines[0]


def test_control_characters_in_labels_leave_the_svg_well_formed():
    with use_language("en"):
        radar = radar_chart(chart_id="p", title="Profile\x0b", axes=[Axis(label="Urban\x0bfit", value=72, grade="B")] * 3)
        bars = bar_chart(chart_id="b", title="Bars", bars=[Bar(label="Chaise\x0c\x00", value=40)])
    for chart in (radar, bars):
        _parse(chart.svg)
        assert "\x0b" not in chart.svg and "\x0c" not in chart.svg
