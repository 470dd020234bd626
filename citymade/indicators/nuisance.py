"""Environmental categories in the style of VNG *Bedrijven en milieuzonering* (2009).

Each nuisance component (noise, vibration, odour, dust, danger, traffic, hours) gets a category;
the largest component decides the company's category and its indicative distance to dwellings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "CATEGORY_DISTANCES",
    "category_distance",
    "category_rank",
    "largest_category",
    "nuisance_category",
]

CATEGORY_DISTANCES: dict[str, float] = {
    "1": 10,
    "2": 30,
    "3.1": 50,
    "3.2": 100,
    "4.1": 200,
    "4.2": 300,
    "5.1": 500,
    "5.2": 700,
    "5.3": 1000,
    "6": 1500,
}
"""Indicative distance (m) from each VNG category to a quiet residential area."""


def category_rank(category: str, order: Sequence[str] = tuple(CATEGORY_DISTANCES)) -> int:
    """Position of ``category`` from the quietest (0) upwards."""
    try:
        return list(order).index(category)
    except ValueError:
        raise ValueError(f"unknown category {category!r}; allowed: {', '.join(order)}") from None


def nuisance_category(value: float, thresholds: Sequence[tuple[float, str]]) -> str:
    """The category of a measured nuisance: the last threshold whose value is ≤ ``value``.

    ``thresholds`` are increasing ``(from_value, category)`` pairs, e.g. for noise at the boundary
    ``[(0, "1"), (45, "2"), (55, "3.1")…]``; a value below the first threshold takes its category.
    """
    if not thresholds:
        raise ValueError("no thresholds given")
    category = thresholds[0][1]
    for start, cat in thresholds:
        if value >= start:
            category = cat
        else:
            break
    return category


def largest_category(categories: Iterable[str], order: Sequence[str] = tuple(CATEGORY_DISTANCES)) -> str:
    """The most demanding of several categories (the largest component decides)."""
    ranked = sorted(categories, key=lambda c: category_rank(c, order))
    if not ranked:
        raise ValueError("no category given")
    return ranked[-1]


def category_distance(category: str, distances: Mapping[str, float] = CATEGORY_DISTANCES) -> float:
    """Indicative distance (m) to dwellings for ``category``."""
    try:
        return float(distances[category])
    except KeyError:
        raise ValueError(f"unknown category {category!r}; allowed: {', '.join(distances)}") from None
