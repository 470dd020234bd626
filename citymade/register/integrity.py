"""Is an extract whole? Limits on what an archive may unpack to, and a check that no file was cut short.

The KBO/BCE ``meta.csv`` declares no row counts (its variables are SnapshotDate, ExtractTimestamp,
ExtractType, ExtractNumber and Version: see REGISTER.md), so an extract's own evidence of being
whole is that its files agree with each other: every enterprise the denominations and the
establishments name should be in the enterprise file. The register lists only active entities, so a
few references to an enterprise it no longer lists are normal (a handful per million); an
enterprise file cut on a line boundary leaves a large share of them dangling. :func:`check_complete`
refuses an import when more than :data:`MAX_MISSING_SHARE` of the enterprises the other files name
(and at least :data:`MIN_MISSING`) are missing — for a Full extract from its enterprise file, for an
Update from the store with the Update applied.

:func:`check_archive` bounds what a zip may unpack to before anything is unpacked (a 4 MB zip may
declare gigabytes): the total declared size, each member's compression ratio, and the free space.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from citymade.errors import CitymadeError, Location
from citymade.i18n import _
from citymade.register.dialect import TABLES, read_csv_sql
from citymade.register.store import RegisterStore

__all__ = [
    "MAX_HEADER_BYTES",
    "MAX_MISSING_SHARE",
    "MAX_RATIO",
    "MAX_UNPACKED_BYTES",
    "MIN_MISSING",
    "check_archive",
    "check_complete",
]

#: A Full extract unpacks to ~2.2 GB (October 2025); room for years of growth.
MAX_UNPACKED_BYTES = 16 * 1024**3
#: The register's CSV files compress about 8 to 1; a member packed over 100 to 1 is not a CSV file.
MAX_RATIO = 100
#: Ratios are checked on members over this size (tiny files can pack oddly well).
RATIO_FROM_BYTES = 1024**2
#: The longest header line accepted (the longest real one is under 200 bytes).
MAX_HEADER_BYTES = 64 * 1024
MAX_MISSING_SHARE = 0.05
MIN_MISSING = 50


def check_archive(archive: zipfile.ZipFile, source: Path, work_dir: Path, *, max_unpacked: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse an archive that would unpack to too much, before unpacking anything."""
    members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".csv")]
    for member in members:
        if member.file_size > RATIO_FROM_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise CitymadeError(
                _("%(member)s would unpack from %(packed)s to %(size)s (over %(ratio)d to 1): this is not a register file.")
                % {"member": member.filename, "packed": _size(member.compress_size), "size": _size(member.file_size), "ratio": MAX_RATIO},
                location=Location(file=str(source)),
            )
    total = sum(m.file_size for m in members)
    if total > max_unpacked:
        raise CitymadeError(
            _("The archive would unpack to %(size)s, more than the %(limit)s a register extract may take.")
            % {"size": _size(total), "limit": _size(max_unpacked)},
            location=Location(file=str(source)),
        )
    free = shutil.disk_usage(work_dir).free
    if total > free:
        raise CitymadeError(
            _("The archive unpacks to %(size)s but only %(free)s are free in %(folder)s.")
            % {"size": _size(total), "free": _size(free), "folder": work_dir},
            location=Location(file=str(source)),
        )


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"  # pragma: no cover


def _named_enterprises_sql(denomination: str, establishment: str) -> str:
    """Distinct enterprise numbers (below 2 000 000 000: establishments start with 2) the files name."""
    return (
        f"SELECT entity AS n FROM {denomination} WHERE entity < 2000000000 "
        f"UNION SELECT enterprise AS n FROM {establishment} WHERE enterprise IS NOT NULL"
    )


def _read_column(folder: Path, table: str, column: str) -> str:
    """An Update's insert file, with ``column`` read as a number (the others as text)."""
    columns = tuple((c.csv, "BIGINT" if c.csv == column else "VARCHAR") for c in TABLES[table].columns)
    return read_csv_sql(str(folder / f"{table}_insert.csv"), columns)


def check_complete(store: RegisterStore, folder: Path, extract_type: str) -> None:
    """Refuse when the enterprise file lacks a large share of the enterprises the other files name."""
    if extract_type == "full":
        named = _named_enterprises_sql("denomination", "establishment")
        file = "enterprise.csv"
    else:
        denominations = _read_column(folder, "denomination", "EntityNumber")
        establishments = _read_column(folder, "establishment", "EnterpriseNumber")
        named = _named_enterprises_sql(
            f'(SELECT "EntityNumber" AS entity FROM {denominations})',
            f'(SELECT "EnterpriseNumber" AS enterprise FROM {establishments})',
        )
        file = "enterprise_insert.csv"
    row = store.fetchone(
        f"WITH named AS ({named}) SELECT count(*), count(*) FILTER (WHERE n NOT IN (SELECT number FROM enterprise)) FROM named"
    )
    total, missing = (int(row[0]), int(row[1])) if row else (0, 0)
    if missing >= MIN_MISSING and missing > MAX_MISSING_SHARE * total:
        raise CitymadeError(
            _("%(file)s lacks %(missing)d of the %(total)d enterprises the other files name: it looks cut short. Download the extract again.")
            % {"file": file, "missing": missing, "total": total},
            location=Location(file=file),
        )
