"""A map of the 19 municipalities of the Brussels-Capital Region, drawn server-side as SVG.

The boundaries are real: Statbel's statistical sectors dissolved by municipality (CC BY 4.0), as
simplified in the ``belgium-geographic-data`` project (MIT), shipped in
``data/brussels-municipalities.txt`` (Belgian Lambert 72, whole metres; the file says where it
comes from and what was changed). Municipalities are coloured by the chosen measure on a sequential
scale of up to five classes cut at quantiles; each writes its figure at a point well inside it (in
a text colour of at least 4.5:1 contrast on its fill, so colour is never the only carrier) and
carries its full name and figure as its accessible name; the legend gives the numbers of each
class. The SVG scales to the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe

__all__ = ["BOUNDARIES", "PALETTE", "MapTile", "Municipality", "boundaries", "classes", "region_map"]

BOUNDARIES = Path(__file__).resolve().parent / "data" / "brussels-municipalities.txt"

#: Fill and text colour of each class, lightest first (text contrast on fill ≥ 4.5:1, tested).
PALETTE: tuple[tuple[str, str], ...] = (
    ("#eef5fb", "#1a1a1a"),
    ("#c6dbef", "#1a1a1a"),
    ("#6baed6", "#1a1a1a"),
    ("#2171b5", "#ffffff"),
    ("#08306b", "#ffffff"),
)

WIDTH = 400  # viewBox units of the map (the legend is drawn below it)
MARGIN = 6

Point = tuple[int, int]


@dataclass(frozen=True, slots=True)
class MapTile:
    """One municipality's figure: its key (French name), name in the reader's language, value, text."""

    key: str
    name: str
    value: int
    text: str


@dataclass(frozen=True, slots=True)
class Municipality:
    """A municipality's boundary: NIS code, French name, rings (Lambert 72 metres), label point."""

    nis: str
    name: str
    rings: tuple[tuple[Point, ...], ...]
    label: Point


def _inside(point: tuple[float, float], rings: Sequence[Sequence[Point]]) -> bool:
    x, y = point
    inside = False
    for ring in rings:
        n = len(ring)
        for i in range(n):
            (x1, y1), (x2, y2) = ring[i], ring[(i + 1) % n]
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _distance_to_edges(point: tuple[float, float], rings: Sequence[Sequence[Point]]) -> float:
    px, py = point
    best = float("inf")
    for ring in rings:
        n = len(ring)
        for i in range(n):
            (x1, y1), (x2, y2) = ring[i], ring[(i + 1) % n]
            dx, dy = x2 - x1, y2 - y1
            t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy or 1)))
            best = min(best, ((px - x1 - t * dx) ** 2 + (py - y1 - t * dy) ** 2) ** 0.5)
    return best


def _label_point(rings: Sequence[Sequence[Point]]) -> Point:
    """Where a municipality's figure is written (stored in the file as ``@ x,y``; computed when a
    line has none, and checked by the tests): a point well inside the municipality: the farthest from its edges on a 9 × 9 grid over its
    box, then on a finer grid around the best one (a centroid can fall outside a bent shape)."""
    xs = [x for ring in rings for x, _y in ring]
    ys = [y for ring in rings for _x, y in ring]
    best: tuple[float, tuple[float, float]] = (-1.0, (sum(xs) / len(xs), sum(ys) / len(ys)))
    cx, cy, w, h = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, max(xs) - min(xs), max(ys) - min(ys)
    for _round in range(3):
        for i in range(-4, 5):
            for j in range(-4, 5):
                p = (cx + w * i / 9, cy + h * j / 9)
                if _inside(p, rings):
                    d = _distance_to_edges(p, rings)
                    if d > best[0]:
                        best = (d, p)
        (cx, cy), w, h = best[1], w / 4, h / 4
    return (round(best[1][0]), round(best[1][1]))


@lru_cache(maxsize=1)
def boundaries(path: Path = BOUNDARIES) -> tuple[Municipality, ...]:
    """The municipalities of the boundary file, in its order."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, body = line.split(": ", 1)
        head, _at, label = head.partition(" @ ")
        nis, name = head.split(" ", 1)
        rings = tuple(
            tuple((int(x), int(y)) for x, y in (p.split(",") for p in ring.split())) for ring in body.split(" ; ")
        )
        lx, ly = (int(v) for v in label.split(",")) if label else _label_point(rings)
        out.append(Municipality(nis=nis, name=name, rings=rings, label=(lx, ly)))
    return tuple(out)


def classes(values: Sequence[int], count: int = len(PALETTE)) -> list[tuple[int, int]]:
    """Up to ``count`` classes ``(low, high)`` of whole numbers from the smallest value to the
    largest, cut at quantiles so that one large municipality does not leave all others pale."""
    ordered = sorted(int(v) for v in values)
    if not ordered:
        return [(0, 0)]
    n = len(ordered)
    cuts = sorted({ordered[min(-(-i * n // count), n - 1)] for i in range(1, count)} - {ordered[0]})
    lows = [ordered[0], *cuts]
    return [(low, (lows[i + 1] - 1) if i + 1 < len(lows) else ordered[-1]) for i, low in enumerate(lows)]


def _class_of(value: int, bounds: list[tuple[int, int]]) -> int:
    for i, (low, high) in enumerate(bounds):
        if low <= value <= high:
            return i
    return len(bounds) - 1


def _colour(index: int, bounds: list[tuple[int, int]]) -> tuple[str, str]:
    # spread the classes over the palette so that few classes still use its extremes
    if len(bounds) == 1:
        return PALETTE[0]
    return PALETTE[round(index * (len(PALETTE) - 1) / (len(bounds) - 1))]


def region_map(
    tiles: dict[str, MapTile], *, title: str, legend_title: str, number: Callable[[int], str] = str
) -> SafeString:
    """The map as inline SVG: ``tiles`` by French name; ``number`` formats a legend bound."""
    shapes = boundaries()
    bounds = classes([t.value for t in tiles.values()])
    xs = [x for m in shapes for ring in m.rings for x, _y in ring]
    ys = [y for m in shapes for ring in m.rings for _x, y in ring]
    scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
    height = round((max(ys) - min(ys)) * scale) + 2 * MARGIN

    def at(point: Point) -> str:
        return f"{(point[0] - min(xs)) * scale + MARGIN:.1f},{(max(ys) - point[1]) * scale + MARGIN:.1f}"

    legend_y = height + 8
    total_h = legend_y + 22 + 18 * len(bounds)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total_h}" class="region-map-svg" '
        f'role="group" aria-labelledby="region-map-title"><title id="region-map-title">{escape(title)}</title>'
    ]
    labels = []
    for m in shapes:
        tile = tiles.get(m.name)
        if tile is None:
            continue
        fill, ink = _colour(_class_of(tile.value, bounds), bounds)
        d = " ".join("M" + " L".join(at(p) for p in ring) + " Z" for ring in m.rings)
        label = f"{tile.name}: {tile.text}"
        parts.append(
            f'<path role="img" aria-label="{escape(label)}" d="{d}" fill="{fill}" stroke="#ffffff" '
            f'stroke-width="1.2" stroke-linejoin="round"><title>{escape(label)}</title></path>'
        )
        x, y = at(m.label).split(",")
        labels.append(
            f'<text x="{x}" y="{float(y) + 4:.1f}" text-anchor="middle" font-size="12" font-weight="bold" fill="{ink}" '
            f'stroke="{fill}" stroke-width="3" paint-order="stroke" aria-hidden="true">{escape(tile.text)}</text>'
        )
    parts += labels
    parts.append(f'<text x="0" y="{legend_y + 12}" font-size="12" font-weight="bold" fill="#1a1a1a">{escape(legend_title)}</text>')
    for i, (low, high) in enumerate(bounds):
        fill, _ink = _colour(i, bounds)
        y = legend_y + 22 + 18 * i
        text = number(low) if low == high else f"{number(low)}–{number(high)}"
        parts.append(
            f'<rect x="0" y="{y}" width="22" height="14" fill="{fill}" stroke="#5a6b7a" stroke-width="0.6"></rect>'
            f'<text x="30" y="{y + 11}" font-size="12" fill="#1a1a1a">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
