"""The map of the 19 municipalities: real boundaries (areas as Statbel gives them, no ring crossing
itself, neighbours sharing their borders), each municipality's figure written inside it, classes
that cover every value, text readable on every fill (WCAG contrast ≥ 4.5:1)."""

from __future__ import annotations

import pytest

from citymade.register.regions import region
from citymade.web.region.maps import (
    PALETTE,
    MapTile,
    _distance_to_edges,
    _inside,
    boundaries,
    classes,
    region_map,
)

#: Areas in km² of the municipalities (Statbel, land register); the simplified boundaries stay within 4 %.
AREAS = {
    "Anderlecht": 17.74, "Auderghem": 9.03, "Berchem-Sainte-Agathe": 2.95, "Bruxelles": 32.61, "Etterbeek": 3.15,
    "Evere": 5.02, "Forest": 6.25, "Ganshoren": 2.46, "Ixelles": 6.34, "Jette": 5.04, "Koekelberg": 1.17,
    "Molenbeek-Saint-Jean": 5.89, "Saint-Gilles": 2.52, "Saint-Josse-ten-Noode": 1.14, "Schaerbeek": 7.90,
    "Uccle": 22.91, "Watermael-Boitsfort": 12.93, "Woluwe-Saint-Lambert": 7.22, "Woluwe-Saint-Pierre": 8.85,
}


def _area(ring) -> float:
    return abs(sum(ring[i][0] * ring[i - 1][1] - ring[i - 1][0] * ring[i][1] for i in range(len(ring)))) / 2


def _crosses(a, b, c, d) -> bool:
    def side(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_every_municipality_of_brussels_has_its_boundary():
    assert {m.name for m in boundaries()} == {m.fr for m in region("brussels").municipalities}
    assert len(boundaries()) == 19 and len({m.nis for m in boundaries()}) == 19


@pytest.mark.parametrize("municipality", boundaries(), ids=lambda m: m.name)
def test_boundaries_are_real_and_clean(municipality):
    area = sum(_area(r) for r in municipality.rings) / 1e6
    assert abs(area / AREAS[municipality.name] - 1) < 0.04, area
    for ring in municipality.rings:
        n = len(ring)
        for i in range(n):
            for j in range(i + 2, n):
                if (i, j) != (0, n - 1):
                    assert not _crosses(ring[i], ring[(i + 1) % n], ring[j], ring[(j + 1) % n]), (i, j)
    # its figure is written well inside it
    assert _inside(municipality.label, municipality.rings)
    assert _distance_to_edges(municipality.label, municipality.rings) > 150


def test_neighbours_share_their_borders():
    """Most of each municipality's corners are corners of a neighbour too: one map, not 19 drawings."""
    corners = {m.name: {p for ring in m.rings for p in ring} for m in boundaries()}
    for name, points in corners.items():
        others = set().union(*(v for k, v in corners.items() if k != name))
        assert len(points & others) / len(points) > 0.3, name


def test_the_region_is_as_large_as_it_is():
    total = sum(_area(r) for m in boundaries() for r in m.rings) / 1e6
    assert abs(total - 161.4) < 3


def test_text_on_every_fill_has_enough_contrast():
    for fill, ink in PALETTE:
        la, lb = sorted((_luminance(fill), _luminance(ink)), reverse=True)
        assert (la + 0.05) / (lb + 0.05) >= 4.5, (fill, ink)


def test_classes_cover_every_value_once():
    for values in ([0, 3, 56, 3, 0, 1, 6, 1, 7, 5, 12, 2, 11, 6, 6, 1, 8, 2, 4], [0] * 19, [5, 5, 9], list(range(40))):
        bounds = classes(values)
        assert len(bounds) <= len(PALETTE)
        for v in values:
            assert sum(1 for low, high in bounds if low <= v <= high) == 1
        assert all(low <= high for low, high in bounds)
        assert all(bounds[i][1] + 1 == bounds[i + 1][0] for i in range(len(bounds) - 1))


def test_the_svg_names_each_municipality_and_escapes_names():
    tiles = {m.name: MapTile(key=m.name, name=m.name, value=i, text=str(i)) for i, m in enumerate(boundaries())}
    tiles["Uccle"] = MapTile(key="Uccle", name='Uccle <"x">', value=3, text="3")
    svg = str(region_map(tiles, title="Map", legend_title="Number"))
    assert svg.count('<path role="img"') == 19
    assert 'aria-label="Uccle &lt;&quot;x&quot;&gt;: 3"' in svg
    assert svg.count('aria-hidden="true"') == 19  # the figures written on the map repeat the names' labels
