"""The figures of earlier extracts, kept in the store so a page can show the change since the last one.

Each import records, for the default region and production definition, the counts of every
municipality of the extract just imported (table ``figures_history``) and carries over the rows of
the extracts the store held before: a Full import builds a new file, so the rows of the store it
replaces are copied into it. At most :data:`KEEP` extracts are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from citymade.register.store import RegisterStore

__all__ = ["KEEP", "Previous", "carry_over", "previous_figures", "record_figures"]

KEEP = 36
_TABLE = "figures_history"
_COLUMNS = (
    "extract_number INTEGER, snapshot_date DATE, region VARCHAR, municipality VARCHAR, "
    "production_enterprises INTEGER, production_establishments INTEGER"
)
#: The row of a region's totals (not a municipality) in ``figures_history``.
TOTAL = ""


@dataclass(frozen=True, slots=True)
class Previous:
    """The figures of the extract before the store's current one: ``{municipality_fr: (enterprises,
    establishments)}`` and the region's totals under :data:`TOTAL`."""

    extract_number: int
    snapshot_date: Any
    counts: dict[str, tuple[int, int]]


def _ensure(store: RegisterStore) -> None:
    store.execute(f"CREATE TABLE IF NOT EXISTS {_TABLE} ({_COLUMNS})")


def carry_over(store: RegisterStore, previous_store: Path | None) -> None:
    """Copy the history of ``previous_store`` (the store being replaced) into ``store``; a store
    written before the history was kept gives the figures of its own extract instead."""
    _ensure(store)
    if previous_store is None or not previous_store.exists() or store.path == previous_store:
        return
    own = _figures_of(previous_store)
    try:
        store.execute(f"ATTACH '{str(previous_store).replace(chr(39), chr(39) * 2)}' AS previous_store (READ_ONLY)")
    except duckdb.Error:
        return  # an unreadable old store has no history to give
    try:
        tables = {r[0] for r in store.fetchall(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'previous_store'"
        )}
        if _TABLE in tables:
            store.execute(f"DELETE FROM {_TABLE}")
            store.execute(f"INSERT INTO {_TABLE} SELECT * FROM previous_store.main.{_TABLE}")
    finally:
        store.execute("DETACH previous_store")
    if own is not None:
        known = store.scalar(f"SELECT count(*) FROM {_TABLE} WHERE extract_number = ?", [own["extract_number"]])
        if not known:
            record_figures(store, own)


def _figures_of(path: Path) -> dict[str, Any] | None:
    """The figures of the extract a store holds (``None`` when it cannot be read)."""
    from citymade.errors import CitymadeError
    from citymade.register.figures import compute_figures

    try:
        with RegisterStore.open(path, read_only=True) as old:
            return compute_figures(old, language="fr")
    except (CitymadeError, duckdb.Error):
        return None


def record_figures(store: RegisterStore, figures: dict[str, Any]) -> None:
    """Record the figures of the store's extract (from :func:`compute_figures`), replacing any row of
    the same extract, and keep only the latest :data:`KEEP` extracts."""
    _ensure(store)
    number, date, key = figures["extract_number"], figures["snapshot_date"], figures["region"]["key"]
    store.execute(f"DELETE FROM {_TABLE} WHERE extract_number = ? AND region = ?", [number, key])
    rows = [(TOTAL, figures["enterprises"]["production"], figures["establishments"]["production"])]
    rows += [(m["municipality_fr"], m["production_enterprises"], m["production_establishments"])
             for m in figures["by_municipality"]]
    for name, ent, est in rows:
        store.execute(f"INSERT INTO {_TABLE} VALUES (?, ?, ?, ?, ?, ?)", [number, date, key, name, ent, est])
    store.execute(
        f"DELETE FROM {_TABLE} WHERE extract_number NOT IN "
        f"(SELECT DISTINCT extract_number FROM {_TABLE} ORDER BY extract_number DESC LIMIT {KEEP})"
    )


def previous_figures(store: RegisterStore, region_key: str, current: int) -> Previous | None:
    """The recorded figures of the latest extract before ``current`` (``None``: the store holds none)."""
    if _TABLE not in store.tables():
        return None
    number = store.scalar(
        f"SELECT max(extract_number) FROM {_TABLE} WHERE region = ? AND extract_number < ?", [region_key, current]
    )
    if number is None:
        return None
    rows = store.fetchall(
        f"SELECT snapshot_date, municipality, production_enterprises, production_establishments "
        f"FROM {_TABLE} WHERE region = ? AND extract_number = ?",
        [region_key, number],
    )
    return Previous(
        extract_number=int(number),
        snapshot_date=rows[0][0] if rows else None,
        counts={str(name): (int(ent), int(est)) for _date, name, ent, est in rows},
    )
