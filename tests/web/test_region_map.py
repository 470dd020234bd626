"""The tile map of the 19 municipalities: every municipality of the region on it, classes that
cover every value, text readable on every fill (WCAG contrast ≥ 4.5:1)."""

from __future__ import annotations

from citymade.register.regions import region
from citymade.web.region.maps import LAYOUT, PALETTE, MapTile, classes, tile_map


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_every_municipality_of_brussels_has_one_tile():
    names = {m.fr for m in region("brussels").municipalities}
    assert {key for key, *_rest in LAYOUT} == names and len(LAYOUT) == 19
    places = [(col, row) for _k, col, row, *_r in LAYOUT]
    assert len(set(places)) == 19  # no two tiles on one square


def test_text_on_every_fill_has_enough_contrast():
    for fill, ink in PALETTE:
        assert _contrast(fill, ink) >= 4.5, (fill, ink)


def test_classes_cover_every_value_once():
    for values in ([0, 3, 56, 3, 0, 1, 6, 1, 7, 5, 12, 2, 11, 6, 6, 1, 8, 2, 4], [0] * 19, [5, 5, 9], list(range(40))):
        bounds = classes(values)
        assert len(bounds) <= len(PALETTE)
        for v in values:
            assert sum(1 for low, high in bounds if low <= v <= high) == 1
        assert all(low <= high for low, high in bounds)
        assert all(bounds[i][1] + 1 == bounds[i + 1][0] for i in range(len(bounds) - 1))


def test_the_svg_names_each_tile_and_escapes_names():
    tiles = {key: MapTile(key=key, name=key, value=i, text=str(i)) for i, (key, *_r) in enumerate(LAYOUT)}
    tiles["Uccle"] = MapTile(key="Uccle", name='Uccle <"x">', value=3, text="3")
    svg = str(tile_map(tiles, title="Map", language="nl", legend_title="Number"))
    assert svg.count('role="img"') == 19
    assert 'aria-label="Uccle &lt;&quot;x&quot;&gt;: 3"' in svg
    assert ">Ukkel<" in svg and ">Elsene<" in svg  # short names in the reader's language
