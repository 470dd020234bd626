"""Finding an extract on disk: a zip or a folder, its name, its ``meta.csv`` and its files.

Archive names come in two patterns (REGISTER.md): ``KboOpenData_<n>_<yyyy>_<mm>_Full.zip`` (older)
and ``KboOpenData_<n>_<yyyy>_<mm>_<dd>_<Full|Update>.zip`` (current). Both are accepted zipped or
unzipped; ``meta.csv`` inside is authoritative and must agree with the name when the name follows
a pattern.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from citymade.errors import CitymadeError, Location
from citymade.i18n import _
from citymade.register.dialect import META_HEADER, TABLES
from citymade.register.integrity import MAX_HEADER_BYTES, check_archive

__all__ = ["Extract", "ExtractName", "open_extract", "parse_extract_name"]

_NAME = re.compile(
    r"^KboOpenData_(?P<number>\d+)_(?P<year>\d{4})_(?P<month>\d{2})(?:_(?P<day>\d{2}))?_(?P<type>Full|Update)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ExtractName:
    number: int
    year: int
    month: int
    day: int | None
    type: str  # "full" or "update"


def parse_extract_name(name: str) -> ExtractName | None:
    """Read ``KboOpenData_0147_2025_10_12_Update(.zip)``; None when the name follows no pattern."""
    stem = name[:-4] if name.lower().endswith(".zip") else name
    m = _NAME.match(stem)
    if not m:
        return None
    return ExtractName(
        number=int(m["number"]),
        year=int(m["year"]),
        month=int(m["month"]),
        day=int(m["day"]) if m["day"] else None,
        type=m["type"].lower(),
    )


@dataclass(frozen=True, slots=True)
class Extract:
    """An extract unpacked in a folder, with what its ``meta.csv`` says."""

    folder: Path
    source: Path
    type: str
    number: int
    snapshot_date: dt.date
    timestamp: str
    version: str

    def file(self, name: str) -> Path:
        return self.folder / name

    def expected_files(self) -> list[str]:
        files = ["meta.csv", "code.csv"]
        for table in TABLES:
            if self.type == "full":
                files.append(f"{table}.csv")
            else:
                files += [f"{table}_delete.csv", f"{table}_insert.csv"]
        return files


def _parse_date(text: str, *, file: str, line: int) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%d-%m-%Y").date()
    except ValueError:
        raise CitymadeError(
            _("“%(value)s” is not a date in the form dd-mm-yyyy.") % {"value": text},
            location=Location(file=file, line=line, field="SnapshotDate"),
        ) from None


def _read_meta(folder: Path, source: Path) -> Extract:
    meta = folder / "meta.csv"
    if not meta.is_file():
        raise CitymadeError(
            _("%(source)s is not a KBO/BCE extract: meta.csv is missing.") % {"source": source.name},
            location=Location(file=str(source)),
        )
    values: dict[str, tuple[str, int]] = {}
    with meta.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(bounded_lines(fh, "meta.csv"))
        header = next(reader, None)
        if tuple(header or ()) != META_HEADER:
            raise CitymadeError(
                _("Unexpected header %(found)s; expected %(expected)s.")
                % {"found": ",".join(header or []), "expected": ",".join(META_HEADER)},
                location=Location(file="meta.csv", line=1),
            )
        for row in reader:
            if len(row) == 2:
                values[row[0]] = (row[1], reader.line_num)
    missing = [k for k in ("SnapshotDate", "ExtractType", "ExtractNumber") if k not in values]
    if missing:
        raise CitymadeError(
            _("meta.csv lacks %(names)s.") % {"names": ", ".join(missing)},
            location=Location(file="meta.csv"),
        )
    kind = values["ExtractType"][0].strip().lower()
    if kind not in ("full", "update"):
        raise CitymadeError(
            _("Unknown extract type “%(value)s” (expected full or update).") % {"value": kind},
            location=Location(file="meta.csv", line=values["ExtractType"][1], field="ExtractType"),
        )
    number_text, number_line = values["ExtractNumber"]
    if not number_text.strip().isdigit():
        raise CitymadeError(
            _("The extract number “%(value)s” is not a whole number.") % {"value": number_text},
            location=Location(file="meta.csv", line=number_line, field="ExtractNumber"),
        )
    snapshot_text, snapshot_line = values["SnapshotDate"]
    return Extract(
        folder=folder,
        source=source,
        type=kind,
        number=int(number_text),
        snapshot_date=_parse_date(snapshot_text, file="meta.csv", line=snapshot_line),
        timestamp=values.get("ExtractTimestamp", ("", 0))[0],
        version=values.get("Version", ("", 0))[0],
    )


def bounded_lines(fh: TextIO, file: str, limit: int = MAX_HEADER_BYTES) -> Iterator[str]:
    """The lines of a text file, refusing one longer than ``limit`` (and text that is not UTF-8)
    with the file and the line, before the csv module sees it."""
    readline = fh.readline
    number = 0
    while True:
        number += 1
        try:
            line = readline(limit + 1)
        except UnicodeDecodeError:
            raise CitymadeError(_("The file is not UTF-8 text."), location=Location(file=file, line=number)) from None
        if not line:
            return
        if len(line) > limit:
            raise CitymadeError(
                _("Line longer than %(limit)d characters: this is not a register file.") % {"limit": limit},
                location=Location(file=file, line=number),
            )
        yield line


def _check(extract: Extract) -> None:
    named = parse_extract_name(extract.source.name)
    if named and (named.type != extract.type or named.number != extract.number):
        raise CitymadeError(
            _("The name says extract %(name_number)d (%(name_type)s) but meta.csv says %(meta_number)d (%(meta_type)s).")
            % {
                "name_number": named.number,
                "name_type": named.type,
                "meta_number": extract.number,
                "meta_type": extract.type,
            },
            location=Location(file=str(extract.source)),
        )
    missing = [f for f in extract.expected_files() if not extract.file(f).is_file()]
    if missing:
        raise CitymadeError(
            _("The %(type)s extract %(source)s lacks files: %(files)s.")
            % {"type": extract.type, "source": extract.source.name, "files": ", ".join(missing)},
            location=Location(file=str(extract.source)),
        )


@contextmanager
def open_extract(path: Path | str, *, work_dir: Path | None = None) -> Iterator[Extract]:
    """Yield the extract at ``path`` (zip or folder); a zip is unpacked into a temporary folder."""
    source = Path(path)
    if source.is_dir():
        # A folder holding one extract folder (an unzipped archive) is accepted too.
        if not (source / "meta.csv").exists():
            inner = [p for p in source.iterdir() if p.is_dir() and (p / "meta.csv").exists()]
            if len(inner) == 1:
                source = inner[0]
        extract = _read_meta(source, source)
        _check(extract)
        yield extract
        return
    if not source.exists():
        raise CitymadeError(
            _("No file or folder at %(path)s.") % {"path": source}, location=Location(file=str(source))
        )
    if not zipfile.is_zipfile(source):
        raise CitymadeError(
            _("%(path)s is neither a folder nor a zip archive.") % {"path": source},
            location=Location(file=str(source)),
        )
    # The folder names this process (see citymade.tempfiles: a killed import's folder is removed
    # at the next import or by ``citymade serve``).
    tmp = Path(tempfile.mkdtemp(prefix=f"citymade-extract-{os.getpid()}-", dir=work_dir))
    try:
        try:
            with zipfile.ZipFile(source) as archive:
                check_archive(archive, source, tmp)
                for member in archive.infolist():
                    name = Path(member.filename).name
                    if member.is_dir() or not name.lower().endswith(".csv"):
                        continue
                    with archive.open(member) as src, (tmp / name).open("wb") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise CitymadeError(
                _("The archive is damaged (%(detail)s).") % {"detail": exc}, location=Location(file=str(source))
            ) from None
        extract = _read_meta(tmp, source)
        _check(extract)
        yield extract
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
