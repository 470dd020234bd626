"""A tile map of the 19 municipalities of the Brussels-Capital Region, drawn server-side as SVG.

No boundary data of the municipalities can be installed here (no package of the registries this
project uses ships them), so each municipality is one square tile, placed in its approximate
geographic arrangement (north at the top); the legend says the map is a tile map. Tiles are
coloured by the chosen measure on a sequential scale of up to five classes cut at quantiles; every tile writes its short name
and its number (colour is never the only carrier) in a text colour of at least 4.5:1 contrast on
its fill, and carries the municipality's full name and figure as its accessible name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

__all__ = ["LAYOUT", "PALETTE", "MapTile", "classes", "tile_map"]

#: (French name as in regions.yaml, column, row, short name fr, short name nl); north is row 0.
LAYOUT: tuple[tuple[str, int, int, str, str], ...] = (
    ("Ganshoren", 1, 0, "Ganshoren", "Ganshoren"),
    ("Jette", 2, 0, "Jette", "Jette"),
    ("Bruxelles", 3, 0, "Bruxelles", "Brussel"),
    ("Evere", 4, 0, "Evere", "Evere"),
    ("Berchem-Sainte-Agathe", 0, 1, "Berchem-|Ste-Agathe", "St-Agatha-|Berchem"),
    ("Koekelberg", 1, 1, "Koekelberg", "Koekelberg"),
    ("Molenbeek-Saint-Jean", 2, 1, "Molenbeek", "Molenbeek"),
    ("Saint-Josse-ten-Noode", 3, 1, "St-Josse", "St-Joost"),
    ("Schaerbeek", 4, 1, "Schaerbeek", "Schaarbeek"),
    ("Woluwe-Saint-Lambert", 5, 1, "Woluwe-|St-Lambert", "St-Lambr.-|Woluwe"),
    ("Anderlecht", 1, 2, "Anderlecht", "Anderlecht"),
    ("Saint-Gilles", 2, 2, "St-Gilles", "St-Gillis"),
    ("Ixelles", 3, 2, "Ixelles", "Elsene"),
    ("Etterbeek", 4, 2, "Etterbeek", "Etterbeek"),
    ("Woluwe-Saint-Pierre", 5, 2, "Woluwe-|St-Pierre", "St-Pieters-|Woluwe"),
    ("Forest", 1, 3, "Forest", "Vorst"),
    ("Uccle", 2, 3, "Uccle", "Ukkel"),
    ("Watermael-Boitsfort", 3, 3, "Watermael-|Boitsfort", "Watermaal-|Bosvoorde"),
    ("Auderghem", 4, 3, "Auderghem", "Oudergem"),
)

#: Fill and text colour of each class, lightest first (text contrast on fill ≥ 4.5:1, tested).
PALETTE: tuple[tuple[str, str], ...] = (
    ("#eef5fb", "#1a1a1a"),
    ("#c6dbef", "#1a1a1a"),
    ("#6baed6", "#1a1a1a"),
    ("#2171b5", "#ffffff"),
    ("#08306b", "#ffffff"),
)

TILE, GAP, COLUMNS, ROWS = 64, 2, 6, 4


@dataclass(frozen=True, slots=True)
class MapTile:
    """One municipality: its key (French name), name in the reader's language, value and its text."""

    key: str
    name: str
    value: int
    text: str


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


def tile_map(
    tiles: dict[str, MapTile], *, title: str, language: str, legend_title: str, number: object = str
) -> SafeString:
    """The tile map as inline SVG: ``tiles`` by French name; ``number`` formats a legend bound."""
    bounds = classes([t.value for t in tiles.values()])
    width, height = COLUMNS * (TILE + GAP), ROWS * (TILE + GAP)
    legend_y = height + 10
    total_h = legend_y + 22 + 18 * len(bounds)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_h}" class="tile-map" '
        f'role="group" aria-labelledby="tile-map-title"><title id="tile-map-title">{escape(title)}</title>'
    ]
    for key, col, row, short_fr, short_nl in LAYOUT:
        tile = tiles.get(key)
        if tile is None:
            continue
        fill, ink = _colour(_class_of(tile.value, bounds), bounds)
        x, y = col * (TILE + GAP), row * (TILE + GAP)
        lines = (short_nl if language == "nl" else short_fr).split("|")
        label = f"{tile.name}: {tile.text}"
        parts.append(
            f'<g role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>'
            f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="3" fill="{fill}" stroke="#5a6b7a" stroke-width="0.6"></rect>'
        )
        for i, line in enumerate(lines):
            parts.append(
                f'<text x="{x + TILE / 2}" y="{y + 15 + 11 * i}" text-anchor="middle" font-size="9.5" fill="{ink}">{escape(line)}</text>'
            )
        parts.append(
            f'<text x="{x + TILE / 2}" y="{y + TILE - 11}" text-anchor="middle" font-size="15" font-weight="bold" fill="{ink}">{escape(tile.text)}</text></g>'
        )
    parts.append(f'<text x="0" y="{legend_y + 12}" font-size="11" font-weight="bold" fill="#1a1a1a">{escape(legend_title)}</text>')
    fmt = number if callable(number) else str
    for i, (low, high) in enumerate(bounds):
        fill, _ink = _colour(i, bounds)
        y = legend_y + 22 + 18 * i
        text = fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"
        parts.append(
            f'<rect x="0" y="{y}" width="22" height="14" fill="{fill}" stroke="#5a6b7a" stroke-width="0.6"></rect>'
            f'<text x="30" y="{y + 11}" font-size="11" fill="#1a1a1a">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
