"""Charts drawn as plain SVG, one definition for the web page (inline) and the PDF (embedded).

Every chart is accessible: the SVG carries a ``<title>`` and a ``<desc>`` referenced by
``aria-labelledby``, and :attr:`Chart.text` is a sentence-per-value text alternative that pages and
documents print next to (or instead of) the picture. Values that are not known are drawn as gaps and
said "not known", never as zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape as _html_escape

from citymade.i18n import _
from citymade.text import strip_control

__all__ = [
    "Axis",
    "Bar",
    "Chart",
    "Change",
    "GRADE_COLOURS",
    "bar_chart",
    "comparison_chart",
    "radar_chart",
]

def escape(text: str) -> str:
    """``text`` for SVG: XML-escaped, without the control characters XML cannot hold."""
    return _html_escape(strip_control(text))


#: Fill colour per grade, the same as the web stylesheet's ``--grade-*`` variables.
GRADE_COLOURS: dict[str, str] = {
    "A": "#2e7d32",
    "B": "#689f38",
    "C": "#c0a000",
    "D": "#e07b00",
    "E": "#b3261e",
}
BRAND = "#1f6f5c"
MUTED = "#5b6570"
LINE = "#d8dde3"
BEFORE = "#9aa5b1"
FONT = "DejaVu Sans, Noto Sans, Liberation Sans, Arial, sans-serif"


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
    """A rendered chart: the SVG markup and its text alternative."""

    id: str
    title: str
    description: str
    svg: str
    lines: tuple[str, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        """The text alternative: one sentence per value."""
        return " ".join(self.lines)


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return _("not known")
    shown = f"{value:.0f}" if abs(value - round(value)) < 0.05 or abs(value) >= 10 else f"{value:.1f}"
    return f"{shown}{unit}"


def _line(label: str, value: float | None, grade: str | None = None, unit: str = "") -> str:
    if value is None:
        return _("{label}: not known.").format(label=label)
    if grade:
        return _("{label}: {value} (grade {grade}).").format(label=label, value=_num(value, unit), grade=grade)
    return _("{label}: {value}.").format(label=label, value=_num(value, unit))


def _open_svg(chart_id: str, width: int, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT}" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


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
) -> Chart:
    """A radar of several scores (dimensions 0–100, readiness 1–9) with grades at the tips."""
    count = max(len(axes), 3)
    width, height = 800, 460
    cx, cy, radius = width / 2, height / 2 + 5, 140.0
    span = maximum - minimum or 1.0
    known = [a for a in axes if a.value is not None]
    description = _("Radar chart of {count} values from {low} to {high}; {known} known.").format(
        count=len(axes), low=_num(minimum), high=_num(maximum), known=len(known)
    )
    out = _open_svg(chart_id, width, height, title, description)
    for ring in rings:
        share = (ring - minimum) / span
        points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (_radar_geometry(count, cx, cy, radius, i, share) for i in range(count))
        )
        out.append(f'<polygon points="{points}" fill="none" stroke="{LINE}" stroke-width="1"/>')
        lx, ly = _radar_geometry(count, cx, cy, radius, 0, share)
        out.append(f'<text x="{lx + 4:.1f}" y="{ly + 4:.1f}" fill="{MUTED}" font-size="9">{_num(ring)}</text>')
    for i in range(count):
        x, y = _radar_geometry(count, cx, cy, radius, i, 1.0)
        out.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{LINE}"/>')
    shape = [
        _radar_geometry(count, cx, cy, radius, i, max(0.0, min(1.0, ((a.value or minimum) - minimum) / span)))
        for i, a in enumerate(axes)
    ]
    if known:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape)
        out.append(
            f'<polygon points="{points}" fill="{BRAND}" fill-opacity="0.25" stroke="{BRAND}" stroke-width="2"/>'
        )
    for i, axis in enumerate(axes):
        lx, ly = _radar_geometry(count, cx, cy, radius, i, 1.18)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        out.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" fill="#1d232b">{escape(_short(axis.label, 30))}</text>'
        )
        px, py = shape[i]
        if axis.value is None:
            out.append(
                f'<text x="{lx:.1f}" y="{ly + 14:.1f}" text-anchor="{anchor}" fill="{MUTED}" '
                f'font-size="10">{escape(_("not known"))}</text>'
            )
            continue
        colour = GRADE_COLOURS.get(axis.grade or "", BRAND)
        out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" fill="{colour}"/>')
        tag = f"{_num(axis.value, unit)}" + (f" · {axis.grade}" if axis.grade else "")
        out.append(
            f'<text x="{lx:.1f}" y="{ly + 14:.1f}" text-anchor="{anchor}" fill="{colour}" '
            f'font-weight="bold" font-size="11">{escape(tag)}</text>'
        )
    out.append("</svg>")
    lines = tuple(_line(a.label, a.value, a.grade, unit) for a in axes)
    return Chart(id=chart_id, title=title, description=description, svg="\n".join(out), lines=lines)


def bar_chart(
    *, chart_id: str, title: str, bars: Sequence[Bar], maximum: float = 100, unit: str = ""
) -> Chart:
    """Horizontal bars, one per value, coloured by grade; unknown values are marked, not drawn."""
    row, label_w, bar_w = 26, 210, 300
    width, height = label_w + bar_w + 70, row * max(len(bars), 1) + 20
    description = _("Bar chart of {count} values on a scale to {high}.").format(
        count=len(bars), high=_num(maximum, unit)
    )
    out = _open_svg(chart_id, width, height, title, description)
    for i, bar in enumerate(bars):
        y = 10 + i * row
        out.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" fill="#1d232b">{escape(_short(bar.label, 28))}</text>'
        )
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="16" fill="#eef1ee"/>')
        if bar.value is None:
            out.append(
                f'<text x="{label_w + 6}" y="{y + 15}" fill="{MUTED}" font-style="italic">{escape(_("not known"))}</text>'
            )
            continue
        share = max(0.0, min(1.0, bar.value / (maximum or 1)))
        colour = GRADE_COLOURS.get(bar.grade or "", BRAND)
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w * share:.1f}" height="16" fill="{colour}"/>')
        tag = _num(bar.value, unit) + (f" · {bar.grade}" if bar.grade else "")
        out.append(f'<text x="{label_w + bar_w + 6}" y="{y + 15}" fill="#1d232b">{escape(tag)}</text>')
    out.append("</svg>")
    lines = tuple(_line(b.label, b.value, b.grade, unit) for b in bars)
    return Chart(id=chart_id, title=title, description=description, svg="\n".join(out), lines=lines)


def comparison_chart(
    *, chart_id: str, title: str, changes: Sequence[Change], maximum: float = 100
) -> Chart:
    """Pairs of bars, before (grey) and after (brand colour), with the difference written out."""
    row, label_w, bar_w = 40, 210, 280
    width, height = label_w + bar_w + 110, row * max(len(changes), 1) + 40
    description = _("Comparison of {count} values before and after.").format(count=len(changes))
    out = _open_svg(chart_id, width, height, title, description)
    out.append(f'<rect x="{label_w}" y="4" width="10" height="10" fill="{BEFORE}"/>')
    out.append(f'<text x="{label_w + 14}" y="13" font-size="10">{escape(_("before"))}</text>')
    out.append(f'<rect x="{label_w + 80}" y="4" width="10" height="10" fill="{BRAND}"/>')
    out.append(f'<text x="{label_w + 94}" y="13" font-size="10">{escape(_("after"))}</text>')
    lines = []
    for i, change in enumerate(changes):
        y = 24 + i * row
        out.append(
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" fill="#1d232b">{escape(_short(change.label, 28))}</text>'
        )
        for offset, value, colour in ((0, change.before, BEFORE), (16, change.after, BRAND)):
            if value is None:
                out.append(
                    f'<text x="{label_w + 4}" y="{y + offset + 11}" fill="{MUTED}" font-size="10">'
                    f'{escape(_("not known"))}</text>'
                )
                continue
            share = max(0.0, min(1.0, value / (maximum or 1)))
            out.append(
                f'<rect x="{label_w}" y="{y + offset}" width="{bar_w * share:.1f}" height="13" fill="{colour}"/>'
            )
        delta = _delta(change.before, change.after)
        out.append(f'<text x="{label_w + bar_w + 8}" y="{y + 18}" font-weight="bold">{escape(delta)}</text>')
        lines.append(
            _("{label}: {before} before, {after} after.").format(
                label=change.label, before=_num(change.before), after=_num(change.after)
            )
        )
    out.append("</svg>")
    return Chart(id=chart_id, title=title, description=description, svg="\n".join(out), lines=tuple(lines))


def _delta(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return "—"
    diff = after - before
    if abs(diff) < 0.5:
        return "="
    return f"{diff:+.0f}"
