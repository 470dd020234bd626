"""Import a KBO/BCE extract (Full or Update) into the register store, atomically.

Source: the Crossroads Bank for Enterprises open data (FPS Economy), monthly Full extracts and
daily/monthly Update extracts, zipped or unzipped (see :mod:`citymade.register.extract`).

Atomicity: a Full extract is loaded into a new temporary DuckDB file; an Update is applied to a
temporary copy of the store. Only when every file was read and checked does the temporary file
replace the store (``os.replace``), so a refused extract leaves the store exactly as it was.
Update rule (REGISTER.md): for every key of ``<table>_delete.csv`` delete all rows of that key, then
insert ``<table>_insert.csv``. The store remembers the extract number and refuses an Update that is
not newer than what it holds.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from citymade.errors import CitymadeError, Location
from citymade.i18n import _
from citymade.register.dialect import CODE_HEADER, ENUMS, TABLES, Table, read_csv_sql
from citymade.register.extract import Extract, bounded_lines, open_extract
from citymade.register.integrity import check_complete
from citymade.register.production import ProductionDefinition, default_definition
from citymade.register.retention import ActivityRetention
from citymade.register.store import SCHEMA_VERSION, RegisterStore, StoreInfo, default_store_path
from citymade.register.units import build_units
from citymade.tempfiles import remove_leftovers

__all__ = ["ImportResult", "Progress", "import_extract"]

#: ``progress(description, advance)``: called as work is done; the total is announced first with
#: ``advance`` negative (``-total``).
Progress = Callable[[str, int], None]

_LINE = re.compile(r"CSV Error on Line: (\d+)")


@dataclass(frozen=True, slots=True)
class ImportResult:
    extract_type: str
    extract_number: int
    snapshot_date: dt.date
    rows: dict[str, int]
    deleted_keys: dict[str, int]
    store: Path
    dry_run: bool = False


def _check_header(path: Path, expected: tuple[str, ...]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        first = next(bounded_lines(fh, path.name), "")
    if first.startswith("\ufeff"):
        raise CitymadeError(
            _("The file starts with a byte-order mark; the register's files are UTF-8 without one."),
            location=Location(file=path.name, line=1),
        )
    header = next(csv.reader([first.rstrip("\r\n")]), [])
    if tuple(header) != expected:
        raise CitymadeError(
            _("Unexpected header: found %(found)s, expected %(expected)s.")
            % {"found": ",".join(header) or _("nothing"), "expected": ",".join(expected)},
            location=Location(file=path.name, line=1),
        )


def _csv_error(path: Path, exc: duckdb.Error) -> CitymadeError:
    """Turn DuckDB's CSV error into a message naming the file, the line and what is wrong."""
    text = str(exc)
    m = _LINE.search(text)
    lines = [ln.strip() for ln in text.splitlines()]
    detail = ""
    field = None
    for i, ln in enumerate(lines):
        if ln.startswith("Original Line"):
            detail = next((x for x in lines[i + 1 :] if x), "")
            break
    if not detail:
        detail = lines[0] if lines else text
    col = re.search(r'column "([^"]+)"', detail)
    if col:
        field = col.group(1)
    return CitymadeError(
        _("Malformed row: %(detail)s") % {"detail": detail},
        location=Location(file=path.name, line=int(m.group(1)) if m else None, field=field),
    )


class _Loader:
    def __init__(
        self, store: RegisterStore, extract: Extract, progress: Progress, retention: ActivityRetention
    ) -> None:
        self.store = store
        self.extract = extract
        self.progress = progress
        self.retention = retention

    def read(self, table: Table, path: Path) -> str:
        cols = tuple((c.csv, c.csv_type) for c in table.columns)
        return read_csv_sql(str(path), cols)

    def rows_sql(self, table: Table, path: Path) -> str:
        """The rows of ``path`` the store keeps, in the store's columns.

        ``activity`` is read as text and only the rows of :attr:`retention` are converted (see
        :mod:`citymade.register.retention`); every other table is read with its types directly.
        """
        if table.name != "activity" or self.retention.keeps_all:
            return table.select_sql(self.read(table, path))
        source = read_csv_sql(str(path), tuple((c.csv, "VARCHAR") for c in table.columns))
        exprs = []
        for c in table.columns:
            value = f'replace("{c.csv}", \'.\', \'\')' if c.number else f'"{c.csv}"'
            exprs.append(f"CAST({value} AS {c.store_type}) AS {c.name}")
        where = self.retention.where_sql(
            group='"ActivityGroup"', code='"NaceCode"', classification='"Classification"'
        )
        return f"SELECT {', '.join(exprs)} FROM {source} WHERE {where}"

    def run(self, sql: str, path: Path, table: Table | None = None) -> None:
        try:
            self.store.execute(sql)
        except duckdb.Error as exc:
            if table is not None and table.name == "activity" and not self.retention.keeps_all:
                raise self._locate(table, path, exc) from None
            if isinstance(exc, (duckdb.InvalidInputException, duckdb.ConversionException)):
                raise _csv_error(path, exc) from None
            raise

    def _locate(self, table: Table, path: Path, exc: duckdb.Error) -> CitymadeError:
        """A value failed to convert on the fast path: read the file again with the typed reader,
        which names the line and the column; failing that, report DuckDB's message with the file."""
        try:
            self.store.execute(f"CREATE OR REPLACE TEMP TABLE located AS {table.select_sql(self.read(table, path))}")
        except (duckdb.InvalidInputException, duckdb.ConversionException) as typed:
            return _csv_error(path, typed)
        finally:
            self.store.execute("DROP TABLE IF EXISTS located")
        return CitymadeError(
            _("Malformed row: %(detail)s") % {"detail": str(exc).splitlines()[0]},
            location=Location(file=path.name),
        )

    def load_codes(self) -> None:
        path = self.extract.file("code.csv")
        _check_header(path, CODE_HEADER)
        source = read_csv_sql(str(path), tuple((c, "VARCHAR") for c in CODE_HEADER))
        self.run(
            "CREATE OR REPLACE TABLE code AS SELECT Category AS category, Code AS code, "
            f"Language AS language, Description AS description FROM {source}",
            path,
        )
        self.progress("code.csv", path.stat().st_size)

    def load_full(self) -> dict[str, int]:
        for name, values in ENUMS.items():
            listed = ", ".join(f"'{v}'" for v in values)
            self.store.execute(f"CREATE TYPE {name} AS ENUM ({listed})")
        for table in TABLES.values():
            _check_header(self.extract.file(f"{table.name}.csv"), table.header)
        deleted: dict[str, int] = {}
        for table in TABLES.values():
            path = self.extract.file(f"{table.name}.csv")
            self.store.execute(table.create_sql())
            self.run(f"INSERT INTO {table.name} {self.rows_sql(table, path)}", path, table)
            self.progress(path.name, path.stat().st_size)
        return deleted

    def apply_update(self) -> dict[str, int]:
        for table in TABLES.values():
            _check_header(self.extract.file(f"{table.name}_delete.csv"), (table.key,))
            _check_header(self.extract.file(f"{table.name}_insert.csv"), table.header)
        deleted: dict[str, int] = {}
        for table in TABLES.values():
            key = table.key_column
            delete_path = self.extract.file(f"{table.name}_delete.csv")
            self.store.execute("CREATE OR REPLACE TEMP TABLE delete_keys (k BIGINT)")
            source = read_csv_sql(str(delete_path), ((key.csv, "BIGINT"),))
            self.run(f'INSERT INTO delete_keys SELECT "{key.csv}" FROM {source}', delete_path)
            deleted[table.name] = int(self.store.scalar("SELECT count(DISTINCT k) FROM delete_keys"))
            self.store.execute(
                f"DELETE FROM {table.name} WHERE {key.name} IN (SELECT k FROM delete_keys)"
            )
            self.progress(delete_path.name, delete_path.stat().st_size)
            insert_path = self.extract.file(f"{table.name}_insert.csv")
            self.store.execute(
                f"CREATE OR REPLACE TEMP TABLE staged AS SELECT * FROM {table.name} LIMIT 0"
            )
            self.run(f"INSERT INTO staged {self.rows_sql(table, insert_path)}", insert_path, table)
            self.store.execute(f"INSERT INTO {table.name} SELECT * FROM staged")
            self.progress(insert_path.name, insert_path.stat().st_size)
        self.store.execute("DROP TABLE IF EXISTS staged")
        self.store.execute("DROP TABLE IF EXISTS delete_keys")
        return deleted


def _write_meta(
    store: RegisterStore, extract: Extract, definition: ProductionDefinition, retention: ActivityRetention
) -> None:
    store.execute(
        """
        CREATE OR REPLACE TABLE store_meta (
            schema_version INTEGER, extract_number INTEGER, snapshot_date DATE, extract_type VARCHAR,
            extract_timestamp VARCHAR, version VARCHAR, definition_name VARCHAR,
            definition_version INTEGER, definition_fingerprint VARCHAR, imported_at VARCHAR,
            activities_kept VARCHAR)
        """
    )
    store.execute(
        "INSERT INTO store_meta VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            SCHEMA_VERSION,
            extract.number,
            extract.snapshot_date,
            extract.type,
            extract.timestamp,
            extract.version,
            definition.name,
            definition.version,
            definition.fingerprint,
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            retention.to_text(),
        ],
    )
    store.execute(
        "CREATE TABLE IF NOT EXISTS import_log (extract_number INTEGER, extract_type VARCHAR, "
        "snapshot_date DATE, source VARCHAR, imported_at TIMESTAMP)"
    )
    store.execute(
        "INSERT INTO import_log VALUES (?, ?, ?, ?, current_timestamp)",
        [extract.number, extract.type, extract.snapshot_date, extract.source.name],
    )


def _refuse_if_stale(extract: Extract, store_path: Path, *, force: bool) -> StoreInfo | None:
    """The store's current :class:`StoreInfo` (``None`` when there is no store yet)."""
    if not store_path.exists():
        if extract.type == "update":
            raise CitymadeError(
                _("There is no register store yet: import a Full extract before applying an Update."),
                location=Location(file=str(extract.source)),
            )
        return None
    with RegisterStore.open(store_path, read_only=True) as current:
        info = current.info()
    if extract.type == "update" and extract.number <= info.extract_number:
        raise CitymadeError(
            _("Update extract %(number)d is not newer than the store (extract %(current)d of %(date)s): refused, it would be applied twice.")
            % {"number": extract.number, "current": info.extract_number, "date": info.snapshot_date.isoformat()},
            location=Location(file=str(extract.source)),
        )
    if extract.type == "full" and extract.number < info.extract_number and not force:
        raise CitymadeError(
            _("Full extract %(number)d is older than the store (extract %(current)d); use --force to go back.")
            % {"number": extract.number, "current": info.extract_number},
            location=Location(file=str(extract.source)),
        )
    return info


def _retention(
    extract: Extract, info: StoreInfo | None, definition: ProductionDefinition, all_activities: bool
) -> ActivityRetention:
    """A Full extract keeps what this import asks for; an Update keeps what the store keeps."""
    if extract.type == "full":
        return ActivityRetention.keep_all() if all_activities else ActivityRetention.for_product(definition)
    assert info is not None  # an Update without a store was refused
    retention = ActivityRetention.from_text(info.activities_kept)
    if all_activities and not retention.keeps_all:
        raise CitymadeError(
            _("--all-activities applies to a Full extract: this store keeps only some activities, so import a Full extract with --all-activities first."),
            location=Location(file=str(extract.source)),
        )
    retention.check_covers(definition.classifications)
    return retention


def import_extract(
    path: Path | str,
    *,
    store_path: Path | str | None = None,
    definition: ProductionDefinition | None = None,
    progress: Progress | None = None,
    force: bool = False,
    dry_run: bool = False,
    all_activities: bool = False,
) -> ImportResult:
    """Import the Full or Update extract at ``path`` into the store; all or nothing.

    With ``dry_run`` everything is read and checked into the temporary file, which is then thrown
    away: the store is not touched. ``all_activities`` keeps every activity row of a Full extract
    instead of the ones the product reads (:mod:`citymade.register.retention`).
    """
    target = Path(store_path) if store_path else default_store_path()
    definition = definition or default_definition()
    report: Progress = progress or (lambda _d, _n: None)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target.parent, (f".{target.name}.importing-", "citymade-extract-"))
    with open_extract(path, work_dir=target.parent) as extract:
        info = _refuse_if_stale(extract, target, force=force)
        retention = _retention(extract, info, definition, all_activities)
        sizes = sum(extract.file(f).stat().st_size for f in extract.expected_files())
        units_weight = max(sizes // 8, 1)
        report(extract.source.name, -(sizes + units_weight))
        tmp = target.with_name(f".{target.name}.importing-{os.getpid()}")
        _remove(tmp)
        try:
            if extract.type == "update":
                shutil.copyfile(target, tmp)
            store = RegisterStore.open(tmp, read_only=False)
            try:
                loader = _Loader(store, extract, report, retention)
                loader.load_codes()
                if extract.type == "full":
                    deleted = loader.load_full()
                else:
                    deleted = loader.apply_update()
                check_complete(store, extract.folder, extract.type)
                report(_("production and places"), 0)
                build_units(store, definition)
                _write_meta(store, extract, definition, retention)
                _record_history(store, previous=target if info is not None else None)
                rows = store.row_counts()
                store.execute("CHECKPOINT")
                report(_("production and places"), units_weight + extract.file("meta.csv").stat().st_size)
            finally:
                store.close()
            if not dry_run:
                os.replace(tmp, target)
        finally:
            _remove(tmp)
    return ImportResult(
        extract_type=extract.type,
        extract_number=extract.number,
        snapshot_date=extract.snapshot_date,
        rows=rows,
        deleted_keys=deleted,
        store=target,
        dry_run=dry_run,
    )


def _record_history(store: RegisterStore, *, previous: Path | None) -> None:
    """Keep the figures of the extracts before (copied from the store being replaced) and add this one's."""
    from citymade.register.figures import compute_figures
    from citymade.register.history import carry_over, record_figures

    carry_over(store, previous)
    record_figures(store, compute_figures(store, language="fr"))


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
