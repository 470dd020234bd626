"""The register store: one DuckDB file, owned by one thin wrapper (datasette's ``Database`` style).

Everything that reads or writes the store goes through :class:`RegisterStore`; it sets the engine's
threads and memory limit once, opens read-only for readers (the web opens one per request) and
knows the extract the store holds (:class:`StoreInfo`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from citymade.errors import CitymadeError, Location
from citymade.i18n import _
from citymade.paths import data_dir

__all__ = ["RegisterStore", "StoreInfo", "default_store_path", "open_store"]

SCHEMA_VERSION = 2


def default_store_path() -> Path:
    """``<data directory>/register.duckdb``."""
    return data_dir() / "register.duckdb"


def _engine_config() -> dict[str, Any]:
    threads = int(os.environ.get("CITYMADE_DUCKDB_THREADS", os.cpu_count() or 2))
    memory = os.environ.get("CITYMADE_DUCKDB_MEMORY", "2GB")
    return {
        "threads": threads,
        "memory_limit": memory,
        "preserve_insertion_order": False,
    }


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """Which extract the store reflects."""

    extract_number: int
    snapshot_date: dt.date
    extract_type: str
    extract_timestamp: str
    version: str
    definition_name: str
    definition_version: int
    definition_fingerprint: str
    imported_at: str
    #: Which activity rows the store keeps (:class:`~citymade.register.retention.ActivityRetention`).
    activities_kept: str = "all"


class RegisterStore:
    """A connection to the register store with the few operations the package needs."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, *, path: Path | None) -> None:
        self.connection = connection
        self.path = path

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = True) -> RegisterStore:
        path = Path(path)
        if read_only and not path.exists():
            raise CitymadeError(
                _("No register store at %(path)s. Import an extract first: citymade register import <zip or folder>.")
                % {"path": path},
                location=Location(file=str(path)),
            )
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=_engine_config())
        except duckdb.Error as exc:
            raise CitymadeError(
                _("The register store %(path)s cannot be opened: %(error)s")
                % {"path": path, "error": str(exc).splitlines()[0]},
                location=Location(file=str(path)),
            ) from exc
        con.execute("SET enable_progress_bar = false")
        store = cls(con, path=path)
        if read_only:
            store._check_schema()
        return store

    def _check_schema(self) -> None:
        tables = {r[0] for r in self.fetchall("SELECT table_name FROM information_schema.tables")}
        if "store_meta" not in tables:
            raise CitymadeError(
                _("%(path)s is not a citymade register store.") % {"path": self.path},
                location=Location(file=str(self.path)),
            )

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> RegisterStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self.connection.execute(sql, params)

    def fetchall(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, params).fetchall()

    def fetchone(self, sql: str, params: Sequence[Any] | None = None) -> tuple[Any, ...] | None:
        return self.connection.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        row = self.fetchone(sql, params)
        return row[0] if row else None

    def tables(self) -> set[str]:
        return {r[0] for r in self.fetchall("SELECT table_name FROM information_schema.tables")}

    def info(self) -> StoreInfo:
        """The extract the store holds (raises if the store was never filled)."""
        try:
            version = self.scalar("SELECT schema_version FROM store_meta")
            row = self.fetchone(
                "SELECT extract_number, snapshot_date, extract_type, extract_timestamp, version, "
                "definition_name, definition_version, definition_fingerprint, imported_at, "
                "activities_kept FROM store_meta"
            )
        except duckdb.BinderException:
            version, row = 1, None
        if version is not None and int(version) != SCHEMA_VERSION:
            raise CitymadeError(
                _("The register store %(path)s was written by another version of citymade: import the Full extract again.")
                % {"path": self.path},
                location=Location(file=str(self.path)),
            )
        if row is None:
            raise CitymadeError(_("The register store is empty: import a Full extract first."))
        return StoreInfo(
            extract_number=int(row[0]),
            snapshot_date=row[1],
            extract_type=str(row[2]),
            extract_timestamp=str(row[3]),
            version=str(row[4]),
            definition_name=str(row[5]),
            definition_version=int(row[6]),
            definition_fingerprint=str(row[7]),
            imported_at=str(row[8]),
            activities_kept=str(row[9]),
        )

    def row_counts(self) -> dict[str, int]:
        from citymade.register.dialect import TABLES

        return {name: int(self.scalar(f"SELECT count(*) FROM {name}")) for name in TABLES}


@contextmanager
def open_store(path: Path | str | None = None, *, read_only: bool = True) -> Iterator[RegisterStore]:
    """Open the store at ``path`` (default: :func:`default_store_path`) and close it afterwards."""
    store = RegisterStore.open(path or default_store_path(), read_only=read_only)
    try:
        yield store
    finally:
        store.close()
