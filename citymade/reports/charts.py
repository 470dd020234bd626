"""Charts drawn as plain SVG, one definition for the web page (inline) and the PDF (embedded).

Every chart is accessible: the SVG carries a ``<title>`` and a ``<desc>`` referenced by
``aria-labelledby``, and :attr:`Chart.text` is a sentence-per-value text alternative that pages and
documents print next to (or instead of) the picture. Values that are not known are drawn as gaps and
said "not known", never as zero.

Sizes are print sizes: one SVG user unit is one typographic point when the PDF prints the chart at
:attr:`Chart.width` points (the template does), so every font size written here is its printed size
and none is below :data:`MIN_FONT` (8 pt). Labels are wrapped onto several lines, never cut. The
``width``/``height`` attributes are :data:`SCREEN_SCALE` times larger, for a readable size on screen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from html import escape as _html_escape

from citymade.framework.units import format_number
from citymade.i18n import _
from citymade.text import strip_control

__all__ = [
    "Axis",
    "Bar",
    "Chart",
    "Change",
    "GRADE_COLOURS",
    "MIN_FONT",
    "bar_chart",
    "comparison_chart",
    "radar_chart",
]

def escape(text: str) -> str:
    """``text`` for SVG: XML-escaped, without the control characters XML cannot hold."""
    return _html_escape(strip_control(text))


#: Colour per grade, the same as the web stylesheet's ``--grade-*`` variables: as text on white
#: (a radar's score labels) and under white text (badges) each is at least 4.5:1 (WCAG 2.1 AA).
GRADE_COLOURS: dict[str, str] = {
    "A": "#2e7d32",
    "B": "#55781a",
    "C": "#8a6500",
    "D": "#b04a00",
    "E": "#b3261e",
}
BRAND = "#1f6f5c"
MUTED = "#5b6570"
LINE = "#d8dde3"
BEFORE = "#7d8792"  # a mark: at least 3:1 on white
FONT = "DejaVu Sans, Noto Sans, Liberation Sans, Arial, sans-serif"
#: The smallest font size of any chart text, in points as printed.
MIN_FONT = 8.0
LABEL_FONT = 9.0
SCREEN_SCALE = 1.6
#: Average advance of a character, in em, used to wrap labels (generous for sans and serif faces).
_CHAR_EM = 0.56


@dataclass(frozen=True, kw_only=True)
class Axis:
    """One spoke of a radar: a label, a value (``None`` = not known) and an optional grade."""

    label: str
    value: float | None
    grade: str | None = None


@dataclass(frozen=True, kw_only=True)
class Bar:
    label: str
    value: float | None
    grade: str | None = None


@dataclass(frozen=True, kw_only=True)
class Change:
    """One row of a before/after comparison."""

    label: str
    before: float | None
    after: float | None


@dataclass(frozen=True, kw_only=True)
class Chart:
    """A rendered chart: the SVG markup, its text alternative and its print size in points."""

    id: str
    title: str
    description: str
    svg: str
    lines: tuple[str, ...] = field(default_factory=tuple)
    width: float = 0
    height: float = 0

    @property
    def text(self) -> str:
        """The text alternative: one sentence per value."""
        return " ".join(self.lines)


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return _("not known")
    digits = 0 if abs(value - round(value)) < 0.05 or abs(value) >= 10 else 1
    return f"{format_number(half_up(value, digits), digits=digits)}{unit}"


def half_up(value: float, digits: int = 0) -> float:
    """``value`` rounded half away from zero (34.5 → 35), as the PDF template and people round."""
    shown = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return float(shown)


def _line(label: str, value: float | None, grade: str | None = None, unit: str = "") -> str:
    if value is None:
        return _("{label}: not known.").format(label=label)
    if grade:
        return _("{label}: {value} (grade {grade}).").format(label=label, value=_num(value, unit), grade=grade)
    return _("{label}: {value}.").format(label=label, value=_num(value, unit))


def _open_svg(chart_id: str, box: tuple[float, float, float, float], title: str, description: str) -> list[str]:
    x, y, width, height = box
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x:.0f} {y:.0f} {width:.0f} {height:.0f}" '
        f'width="{width * SCREEN_SCALE:.0f}" height="{height * SCREEN_SCALE:.0f}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}" font-size="{LABEL_FONT:g}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def wrap(label: str, width: float, size: float = LABEL_FONT) -> list[str]:
    """``label`` broken into lines that fit ``width`` points at ``size`` points, by words; a word
    longer than a line keeps its own line. Nothing is cut."""
    limit = max(8, int(width / (size * _CHAR_EM)))
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def text_width(text: str, size: float = LABEL_FONT) -> float:
    """The estimated printed width of ``text`` in points."""
    return len(text) * size * _CHAR_EM


def _text(x: float, y: float, lines: Sequence[str], *, anchor: str = "start", size: float = LABEL_FONT,
          fill: str = "#1d232b", extra: str = "") -> str:
    """A ``<text>`` of one or more lines (``<tspan>`` per line), the first line's baseline at ``y``."""
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size * 1.2:.1f}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" font-size="{size:g}"{extra}>{spans}</text>'


def _radar_geometry(count: int, cx: float, cy: float, radius: float, i: int, share: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / count
    return cx + radius * share * math.cos(angle), cy + radius * share * math.sin(angle)


def radar_chart(
    *,
    chart_id: str,
    title: str,
    axes: Sequence[Axis],
    minimum: float = 0,
    maximum: float = 100,
    rings: Sequence[float] = (20, 40, 60, 80, 100),
    unit: str = "",
    width: float = 480,
    radius: float = 78,
) -> Chart:
    """A radar of several scores (dimensions 0–100, readiness 1–9) with grades at the tips.

    ``width`` is the printed width in points; the height follows from the labels, which are wrapped
    to the room beside their spoke."""
    count = max(len(axes), 3)
    cx, cy = width / 2, 0.0
    span = maximum - minimum or 1.0
    known = [a for a in axes if a.value is not None]
    description = _("Radar chart of {count} values from {low} to {high}; {known} known.").format(
        count=len(axes), low=_num(minimum), high=_num(maximum), known=len(known)
    )
    body: list[str] = []
    for ring in rings:
        share = (ring - minimum) / span
        points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (_radar_geometry(count, cx, cy, radius, i, share) for i in range(count))
        )
        body.append(f'<polygon points="{points}" fill="none" stroke="{LINE}" stroke-width="0.8"/>')
        lx, ly = _radar_geometry(count, cx, cy, radius, 0, share)
        body.append(_text(lx + 3, ly + 3, [_num(ring)], size=MIN_FONT, fill=MUTED))
    for i in range(count):
        x, y = _radar_geometry(count, cx, cy, radius, i, 1.0)
        body.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{LINE}" stroke-width="0.8"/>')
    shape = [
        _radar_geometry(count, cx, cy, radius, i, max(0.0, min(1.0, ((a.value or minimum) - minimum) / span)))
        for i, a in enumerate(axes)
    ]
    if known:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape)
        body.append(f'<polygon points="{points}" fill="{BRAND}" fill-opacity="0.25" stroke="{BRAND}" stroke-width="1.5"/>')
    top, bottom = -radius - 4, radius + 4
    step = LABEL_FONT * 1.2
    for i, axis in enumerate(axes):
        lx, ly = _radar_geometry(count, cx, cy, radius + 10, i, 1.0)
        anchor = "middle" if abs(lx - cx) < 12 else ("start" if lx > cx else "end")
        room = {"middle": 150.0, "start": width - lx - 2, "end": lx - 2}[anchor]
        lines = wrap(axis.label, room)
        tag = _("not known") if axis.value is None else _num(axis.value, unit) + (f" · {axis.grade}" if axis.grade else "")
        rows = len(lines) + 1
        sin = (ly - cy) / (radius + 10)
        if sin < -0.5:
            first = ly - (rows - 1) * step - 3  # above the spoke's tip
        elif sin > 0.5:
            first = ly + LABEL_FONT + 2  # below it
        else:
            first = ly - (rows - 1) * step / 2 + LABEL_FONT * 0.35  # centred beside it
        body.append(_text(lx, first, lines, anchor=anchor))
        colour = MUTED if axis.value is None else GRADE_COLOURS.get(axis.grade or "", BRAND)
        weight = ' font-style="italic"' if axis.value is None else ' font-weight="bold"'
        body.append(_text(lx, first + len(lines) * step, [tag], anchor=anchor, fill=colour, extra=weight))
        top, bottom = min(top, first - LABEL_FONT), max(bottom, first + len(lines) * step + 3)
        if axis.value is not None:
            px, py = shape[i]
            body.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>')
    box = (0.0, math.floor(top - 4), width, math.ceil(bottom - top + 8))
    out = [*_open_svg(chart_id, box, title, description), *body, "</svg>"]
    lines_alt = tuple(_line(a.label, a.value, a.grade, unit) for a in axes)
    return Chart(id=chart_id, title=title, description=description, svg="\n".join(out), lines=lines_alt,
                 width=box[2], height=box[3])


def bar_chart(
    *, chart_id: str, title: str, bars: Sequence[Bar], maximum: float = 100, unit: str = ""
) -> Chart:
    """Horizontal bars, one per value, coloured by grade; unknown values are marked, not drawn."""
    label_w, bar_w, bar_h = 180, 190, 12.0
    width = label_w + bar_w + 60
    description = _("Bar chart of {count} values on a scale to {high}.").format(
        count=len(bars), high=_num(maximum, unit)
    )
    body: list[str] = []
    y = 4.0
    step = LABEL_FONT * 1.2
    for bar in bars:
        lines = wrap(bar.label, label_w - 8)
        row = max(20.0, len(lines) * step + 8)
        middle = y + row / 2
        body.append(_text(label_w - 8, middle - (len(lines) - 1) * step / 2 + LABEL_FONT * 0.35, lines, anchor="end"))
        body.append(f'<rect x="{label_w}" y="{middle - bar_h / 2:.1f}" width="{bar_w}" height="{bar_h:g}" fill="#eef1ee"/>')
        baseline = middle + LABEL_FONT * 0.35
        if bar.value is None:
            body.append(_text(label_w + 5, baseline, [_("not known")], fill=MUTED, extra=' font-style="italic"'))
        else:
            share = max(0.0, min(1.0, bar.value / (maximum or 1)))
            colour = GRADE_COLOURS.get(bar.grade or "", BRAND)
            body.append(
                f'<rect x="{label_w}" y="{middle - bar_h / 2:.1f}" width="{bar_w * share:.1f}" height="{bar_h:g}" fill="{colour}"/>'
            )
            tag = _num(bar.value, unit) + (f" · {bar.grade}" if bar.grade else "")
            body.append(_text(label_w + bar_w + 5, baseline, [tag]))
        y += row
    box = (0.0, 0.0, float(width), math.ceil(max(y, 20.0) + 4))
    out = [*_open_svg(chart_id, box, title, description), *body, "</svg>"]
    lines_alt = tuple(_line(b.label, b.value, b.grade, unit) for b in bars)
    return Chart(id=chart_id, title=title, description=description, svg="\n".join(out), lines=lines_alt,
                 width=box[2], height=box[3])


def comparison_chart(
    *, chart_id: str, title: str, changes: Sequence[Change], maximum: float = 100
) -> Chart:
    """Pairs of bars, before (grey) and after (brand colour), with the difference written out."""
    label_w, bar_w, bar_h = 180, 190, 9.0
    width = label_w + bar_w + 50
    description = _("Comparison of {count} values before and after.").format(count=len(changes))
    body = [
        f'<rect x="{label_w}" y="4" width="8" height="8" fill="{BEFORE}"/>',
        _text(label_w + 12, 11.5, [_("before")], size=MIN_FONT),
        f'<rect x="{label_w + 80}" y="4" width="8" height="8" fill="{BRAND}"/>',
        _text(label_w + 92, 11.5, [_("after")], size=MIN_FONT),
    ]
    lines = []
    y = 20.0
    step = LABEL_FONT * 1.2
    for change in changes:
        label_lines = wrap(change.label, label_w - 8)
        row = max(2 * bar_h + 12, len(label_lines) * step + 8)
        middle = y + row / 2
        body.append(
            _text(label_w - 8, middle - (len(label_lines) - 1) * step / 2 + LABEL_FONT * 0.35, label_lines, anchor="end")
        )
        for top, value, colour in ((middle - bar_h - 1, change.before, BEFORE), (middle + 1, change.after, BRAND)):
            if value is None:
                body.append(_text(label_w + 4, top + bar_h - 1, [_("not known")], size=MIN_FONT, fill=MUTED))
                continue
            share = max(0.0, min(1.0, value / (maximum or 1)))
            body.append(f'<rect x="{label_w}" y="{top:.1f}" width="{bar_w * share:.1f}" height="{bar_h:g}" fill="{colour}"/>')
        delta = _delta(change.before, change.after)
        body.append(_text(label_w + bar_w + 8, middle + LABEL_FONT * 0.35, [delta], extra=' font-weight="bold"'))
        lines.append(
            _("{label}: {before} before, {after} after.").format(
                label=change.label, before=_num(change.before), after=_num(change.after)
            )
        )
        y += row
    box = (0.0, 0.0, float(width), math.ceil(y + 4))
    out = [*_open_svg(chart_id, box, title, description), *body, "</svg>"]
    return Chart(id=chart_id, title=title, description=description, svg="\n".join(out), lines=tuple(lines),
                 width=box[2], height=box[3])


def _delta(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return "—"
    diff = after - before
    if abs(diff) < 0.5:
        return "="
    return f"{diff:+.0f}"
