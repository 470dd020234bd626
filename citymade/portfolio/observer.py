"""The observers' key figures: aggregates of the portfolio under every filter, protected so that no
shown figure, nor any subtraction between shown figures, tells a group of fewer than
:data:`~citymade.portfolio.benchmark.MIN_GROUP` companies.

Every figure is a :class:`Cell`: the set of companies behind it and the value shown (a count of
them, their jobs, their support actions). :class:`Protection` hides

1. every cell of 1 to 4 companies (*primary*: "fewer than 5");
2. then, until nothing changes (*secondary*: "not shown, it would give away a small group"):
   * in every **partition** (a total and the groups that add up to it: the statuses, the stages or
     the municipalities of one view; one view's figure and the same figure under each stage
     filter; a year's support actions and their types), never exactly one hidden part: the
     smallest shown part is hidden with it; a hidden total whose parts are all shown hides one;
   * for two shown figures of the same kind where one's companies are among the other's, the
     companies in the larger and not in the smaller are never those of a hidden figure (else the
     smaller is hidden): a filtered view's total against the whole portfolio, a group under a
     filter against the same group without it, the new members against all members.

Hiding is decided per set of companies and kind, so one group never shows in one place and hides
in another. The core never imports Django; the web builds the cells from its records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from citymade.portfolio.benchmark import MIN_GROUP

__all__ = ["PRIMARY", "SECONDARY", "Cell", "Protection"]

PRIMARY = "small"
SECONDARY = "protects"


@dataclass(frozen=True, slots=True)
class Cell:
    """One shown figure: ``kind`` names what is summed (``companies``, ``jobs@2025-12-31`` …),
    ``members`` the companies behind it, ``value`` the figure."""

    kind: str
    members: frozenset[int]
    value: float

    @property
    def key(self) -> tuple[str, frozenset[int]]:
        return (self.kind, self.members)


#: Kinds whose value is a sum over the companies, so that a difference of sets is a difference of values.
def _additive(kind: str) -> bool:
    return kind == "companies" or kind.startswith("jobs@")


@dataclass
class Protection:
    """Cells by id, the partitions between them, and after :meth:`run` the reason each hidden one is."""

    minimum: int = MIN_GROUP
    cells: dict[str, Cell] = field(default_factory=dict)
    partitions: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    hidden: dict[tuple[str, frozenset[int]], str] = field(default_factory=dict)

    def add(self, cell_id: str, kind: str, members: Iterable[int], value: float | None = None) -> str:
        members = frozenset(members)
        self.cells[cell_id] = Cell(kind=kind, members=members, value=float(len(members) if value is None else value))
        return cell_id

    def partition(self, total: str, parts: Sequence[str]) -> None:
        """``total`` is the sum of ``parts`` (ids of cells added before)."""
        self.partitions.append((total, tuple(parts)))

    def is_hidden(self, cell_id: str) -> bool:
        return self.cells[cell_id].key in self.hidden

    def reason(self, cell_id: str) -> str:
        return self.hidden.get(self.cells[cell_id].key, "")

    def value(self, cell_id: str) -> float | None:
        return None if self.is_hidden(cell_id) else self.cells[cell_id].value

    def _hide(self, cell_id: str) -> bool:
        key = self.cells[cell_id].key
        if key in self.hidden:
            return False
        self.hidden[key] = SECONDARY
        return True

    def run(self) -> Protection:
        for cell in self.cells.values():
            if 0 < len(cell.members) < self.minimum:
                self.hidden[cell.key] = PRIMARY
        changed = True
        while changed:
            changed = self._partitions()
            changed = self._differences() or changed
        return self

    def _partitions(self) -> bool:
        changed = False
        for total, parts in self.partitions:
            nonempty = [p for p in parts if self.cells[p].members]
            hidden = [p for p in nonempty if self.is_hidden(p)]
            shown = sorted((p for p in nonempty if not self.is_hidden(p)), key=lambda p: (self.cells[p].value, p))
            total_hidden = self.is_hidden(total) and bool(self.cells[total].members)
            if (len(hidden) == 1 and not total_hidden) or (total_hidden and not hidden):
                changed = (self._hide(shown[0]) if shown else self._hide(total)) or changed
        return changed

    def _differences(self) -> bool:
        hidden_sets = {key for key in self.hidden if _additive(key[0]) and key[1]}
        by_kind: dict[str, set[frozenset[int]]] = {}
        for cell in self.cells.values():
            if _additive(cell.kind) and cell.members and cell.key not in self.hidden:
                by_kind.setdefault(cell.kind, set()).add(cell.members)
        changed = False
        for kind, sets in by_kind.items():
            ordered = sorted(sets, key=len)
            for i, small in enumerate(ordered):
                for large in ordered[i + 1:]:
                    if (kind, small) in self.hidden:
                        break
                    if small < large and (kind, large - small) in hidden_sets:
                        self.hidden[(kind, small)] = SECONDARY
                        changed = True
        return changed

    def leaks(self) -> list[str]:
        """What a reader could still work out (for the tests): empty when the protection holds."""
        found = []
        for cell_id, cell in self.cells.items():
            if not self.is_hidden(cell_id) and 0 < len(cell.members) < self.minimum:
                found.append(f"{cell_id}: {len(cell.members)} companies shown")
        for total, parts in self.partitions:
            unknown = [p for p in (total, *parts) if self.is_hidden(p) and self.cells[p].members]
            if len(unknown) == 1:
                found.append(f"{unknown[0]} = {total} − the other shown parts")
        shown = {c.key for c in self.cells.values() if _additive(c.kind) and c.members and c.key not in self.hidden}
        for kind, small in shown:
            for other, large in shown:
                if kind == other and small < large and (kind, large - small) in self.hidden:
                    found.append(f"{kind}: {len(large)} − {len(small)} companies = a hidden group")
        return found
