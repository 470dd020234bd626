"""SVG charts: accessible, escaped, honest about unknown values."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from citymade.i18n import use_language
from citymade.reports.charts import (
    MIN_FONT,
    Axis,
    Bar,
    Change,
    bar_chart,
    comparison_chart,
    radar_chart,
)

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
    # two background tracks and one value bar, half the track
    track = max(widths)
    assert sorted(widths) == [track / 2, track, track]


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


def _font_sizes(svg: str) -> list[float]:
    root = _parse(svg)
    sizes = [float(root.get("font-size"))]
    sizes += [float(e.get("font-size")) for e in root.iter() if e.get("font-size")]
    return sizes


def test_chart_text_is_at_least_8_pt_as_printed_and_labels_are_never_cut():
    """One SVG unit is one point as printed (the PDF prints a chart at ``chart.width`` pt), so the
    font sizes in the SVG are the printed sizes; labels wrap onto more lines instead of being cut."""
    long = "Soutenabilité financière du site et de son bâtiment partagé"
    with use_language("fr"):
        made = [
            radar_chart(chart_id="p", title="t", axes=[Axis(label=long, value=60.4, grade="B")] * 11),
            radar_chart(chart_id="r", title="t", axes=[Axis(label=long, value=3)] * 6, maximum=9, rings=(1, 3, 5, 7, 9)),
            bar_chart(chart_id="b", title="t", bars=[Bar(label=long, value=0.93), Bar(label="x", value=None)]),
            comparison_chart(chart_id="c", title="t", changes=[Change(label=long, before=40, after=None)]),
        ]
    for chart in made:
        assert min(_font_sizes(chart.svg)) >= MIN_FONT >= 8
        assert 0 < chart.width <= 482, "fits the A4 text width at 1 unit = 1 pt"
        assert "…" not in chart.svg
        words = " ".join(t.text or "" for t in _parse(chart.svg).iter(f"{SVG}tspan"))
        assert long in words, "the whole label is drawn, over several lines"
    assert "0,9" in made[2].svg, "numbers are written for the language"
