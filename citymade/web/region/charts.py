"""Server-side SVG bar charts; the page shows the same figures in a table as their text alternative."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.utils.safestring import SafeString, mark_safe


def bar_chart(title: str, items: list[tuple[str, int]], *, number: Callable[[int], str] = str, width: int = 400, shown_width: int = 600) -> SafeString:
    """A horizontal bar chart of ``(label, value)`` pairs as inline SVG: ``width`` units wide, drawn
    ``shown_width`` pixels wide on a large screen and shrunk to the screen on a phone (at 390 px its
    12-unit text is still about 10 px); ``number`` writes a value the reader's way."""
    bar_h, gap, top = 18, 6, 8
    shorts = [label if len(label) <= 22 else label[:21] + "…" for label, _v in items]
    # room for the longest label (12-unit text is at most about 7.4 units a character: « Sint-Lambrechts-Woluwe »)
    label_w = min(max(60, round(max((len(s) for s in shorts), default=0) * 7.4) + 10), width // 2)
    height = top * 2 + len(items) * (bar_h + gap)
    peak = max((v for _l, v in items), default=0) or 1
    span = width - label_w - 40
    scale = shown_width / width
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{shown_width}" '
        f'height="{round(height * scale)}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, ((_label, value), short) in enumerate(zip(items, shorts, strict=True)):
        y = top + i * (bar_h + gap)
        w = round(span * value / peak)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end" font-size="12">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="#1f6f54"></rect>'
            f'<text x="{label_w + w + 4}" y="{y + bar_h - 5}" font-size="12">{escape(number(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
