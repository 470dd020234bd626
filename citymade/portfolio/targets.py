"""The cluster's targets for the annual review's figures, and the distance of each figure to its target.

A target is a number in the figure's own unit: a count, full-time equivalents, or — for a ratio —
a fraction 0–1 (entered and shown as a percentage). Every figure of the review counts something the
cluster wants more of, so a figure at or above its target has reached it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel.numbers import format_decimal

from citymade.i18n import _, active_language

__all__ = ["RATIOS", "TARGET_MAX", "distance_to", "number", "target_keys"]

#: Figures that are ratios 0–1 (shown as percentages; their distances in percentage points).
RATIOS: tuple[str, ...] = ("share_companies", "participation_rate")

#: The largest target an advisor may set (a count or FTE); a ratio's is 1 (100 %).
TARGET_MAX = 1_000_000


def number(value: Any) -> float | None:
    """A figure as one number: a count, FTE, a ratio, or the total of a per-type figure."""
    if isinstance(value, Mapping):
        return float(sum(v for v in value.values() if isinstance(v, (int, float))))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def target_keys(keys: Any, figures: Mapping[str, Any]) -> list[str]:
    """The figures a target can be set for: every figure but the year (a per-type figure by its total)."""
    return [k for k in keys if k != "year" and (number(figures.get(k)) is not None or figures.get(k) is None)]


def _shown(key: str, amount: float) -> str:
    if key in RATIOS:
        text = format_decimal(round(abs(amount) * 100, 1), format="0.0", locale=active_language())
        return _("%(value)s points") % {"value": text}
    # full-time equivalents with their one decimal, as the figure and its target are written
    return format_decimal(round(abs(amount), 1), format="0.0" if key == "jobs_fte" else "0.#", locale=active_language())


def distance_to(key: str, value: Any, target: float | None) -> tuple[float | None, str]:
    """How far ``value`` is from ``target``: ``(target − value, words)``; ``(None, "—")`` without
    a target or a value. A ratio's distance is in percentage points, as its change is."""
    now = number(value)
    if target is None or now is None:
        return None, "—"
    gap = float(target) - now
    if key in RATIOS:
        gap = round(gap, 4)
    else:
        gap = round(gap, 1)
    if gap <= 0:
        if gap == 0:
            return 0.0, _("target reached")
        return gap, _("target exceeded by %(amount)s") % {"amount": _shown(key, gap)}
    return gap, _("%(amount)s to go") % {"amount": _shown(key, gap)}
