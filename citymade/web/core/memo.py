"""Values that never change under their key, kept in the process's memory as they are.

The caches (``settings.CACHES``) hand back a copy of what they hold: the in-memory cache unpickles
every value on every read. For small values read by the hundred on a page — a finished diagnostic's
summary, read for every company on the company page's peer figures, the dashboard and the review —
that copy costs more than the page's use of it (~10 µs apiece, ~1 ms a page). A :class:`Memo` keeps
the objects themselves, in front of the cache.

Only for keys whose value can never change (a finished diagnostic's id and submission time): a
value here is never refreshed. Callers must not change what they get (it is the same object for
every caller of the process); a test runs the portfolio pages and checks that nothing changed.
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["Memo", "forget_all"]

_ALL: list[Memo] = []


class Memo:
    """A bounded map of immutable values, emptied whole when it is full (the next reads refill it)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._values: dict[str, Any] = {}
        self._lock = threading.Lock()
        _ALL.append(self)

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        values = self._values
        return {key: values[key] for key in keys if key in values}

    def set_many(self, values: dict[str, Any]) -> None:
        with self._lock:
            if len(self._values) + len(values) > self.limit:
                self._values = {}
            self._values.update(values)

    def clear(self) -> None:
        with self._lock:
            self._values = {}

    def __len__(self) -> int:
        return len(self._values)


def forget_all() -> None:
    """Empty every memo (tests that rewrite stored data under the same key)."""
    for memo in _ALL:
        memo.clear()
