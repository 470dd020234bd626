"""The backup file: what it holds, how it is sealed, and the checks a restore makes before acting.

A backup (format 2) is a zip archive with

* ``database.json`` — every row of every application table (Django's JSON serialisation, with
  plain primary keys, so rows restore in any order and keep their ids; only references to
  Django's own permission and content-type rows, which every installation rebuilds with its own
  ids, are written by natural key);
* ``register.duckdb`` — the register store, when there is one;
* ``manifest.json`` — format, citymade version, date, database engine, the migrations the
  database was at, rows per table, and the size and SHA-256 of every other member;
* ``seal.json`` — the SHA-256 of ``manifest.json`` (hence of the whole archive, since the manifest
  lists every member's SHA-256) and an HMAC-SHA-256 of it keyed with the installation's secret
  key (``CITYMADE_SECRET_KEY``).

What a restore can check, and why: the zip's CRCs, the SHA-256s and the row counts catch a
damaged, truncated or carelessly edited file anywhere, in any installation. They cannot catch a
deliberate edit by someone who recomputes them (say a user promoted to admin in
``database.json``): only the HMAC can, and only an installation that knows the secret key that
wrote it. So a restore requires the HMAC to match this installation's secret key. Restoring into
an installation with another secret key (a new server set up with a new key) is refused unless the
operator says ``--unverified``: then only the integrity checks apply, and the operator vouches
that nobody edited the file. Keeping the secret key with the backups (not inside them) lets a new
server verify them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from citymade.errors import CitymadeError, Location

FORMAT_VERSION = 2
MANIFEST, SEAL, DATABASE, REGISTER = "manifest.json", "seal.json", "database.json", "register.duckdb"
MEMBERS = {MANIFEST, SEAL, DATABASE, REGISTER}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def seal(manifest: bytes) -> bytes:
    """The ``seal.json`` of a manifest: its SHA-256 and its HMAC with this installation's key."""
    key = settings.SECRET_KEY.encode()
    body = {
        "manifest_sha256": sha256(manifest),
        "hmac_sha256": hmac.new(key, manifest, hashlib.sha256).hexdigest(),
    }
    return json.dumps(body, indent=2).encode()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class VerifiedBackup:
    """A backup whose every check passed; ``database`` is the parsed ``database.json``."""

    source: Path
    manifest: dict[str, Any]
    database: str
    tables: dict[str, int]
    has_register: bool
    signed_here: bool


def _refuse(source: Path, message: str, problems: list[str] | None = None) -> CitymadeError:
    return CitymadeError(message, location=Location(file=str(source)), problems=problems)


def _read(archive: zipfile.ZipFile, name: str, source: Path) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise _refuse(source, _("The member %(member)s of the backup is damaged (%(detail)s).") % {"member": name, "detail": exc}) from None


def _json(data: bytes, name: str, source: Path) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _refuse(source, _("The member %(member)s of the backup is not valid JSON (%(detail)s).") % {"member": name, "detail": exc}) from None


def _check_members(archive: zipfile.ZipFile, source: Path) -> set[str]:
    names = archive.namelist()
    if len(names) != len(set(names)):
        raise _refuse(source, _("The backup holds the same member twice."))
    if not {MANIFEST, DATABASE} <= set(names):
        raise _refuse(source, _("This file is not a citymade backup: manifest.json or database.json is missing."))
    unknown = sorted(set(names) - MEMBERS)
    if unknown:
        raise _refuse(source, _("The backup holds unexpected members: %(names)s.") % {"names": ", ".join(unknown)})
    try:
        damaged = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise _refuse(source, _("The backup file is damaged (%(detail)s).") % {"detail": exc}) from None
    if damaged:
        raise _refuse(source, _("The member %(member)s of the backup is damaged (its zip checksum does not match).") % {"member": damaged})
    return set(names)


def _check_seal(archive: zipfile.ZipFile, manifest_bytes: bytes, source: Path, *, unverified: bool) -> bool:
    if SEAL not in archive.namelist():
        raise _refuse(source, _("The backup has no seal.json: it was not written by this version of citymade or it was edited."))
    found = _json(_read(archive, SEAL, source), SEAL, source)
    if not isinstance(found, dict) or found.get("manifest_sha256") != sha256(manifest_bytes):
        raise _refuse(source, _("manifest.json does not match its checksum in seal.json: the backup is damaged or was edited."))
    expected = json.loads(seal(manifest_bytes))["hmac_sha256"]
    signed_here = hmac.compare_digest(str(found.get("hmac_sha256", "")), expected)
    if not signed_here and not unverified:
        raise _refuse(
            source,
            _(
                "The backup's signature does not match this installation's secret key: it was edited, or written by an "
                "installation with another CITYMADE_SECRET_KEY. Restore with that secret key, or add --unverified to rely "
                "on the checksums alone (only if you are sure nobody changed the file)."
            ),
        )
    return signed_here


def _check_manifest(manifest: Any, names: set[str], source: Path) -> dict[str, int]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise _refuse(
            source,
            _("Unsupported backup format %(found)s (this citymade reads format %(expected)s).")
            % {"found": found, "expected": FORMAT_VERSION},
        )
    tables, members = manifest.get("tables"), manifest.get("members")
    if not isinstance(tables, dict) or not isinstance(members, dict) or not all(
        isinstance(n, int) and n >= 0 for n in tables.values()
    ):
        raise _refuse(source, _("manifest.json lacks the rows per table or the members' checksums."))
    listed = set(members) | {MANIFEST, SEAL}
    if listed != names:
        raise _refuse(
            source,
            _("The members of the backup differ from those its manifest lists."),
            problems=sorted(listed ^ names),
        )
    unknown = sorted(label for label in tables if _model(label) is None)
    if unknown:
        raise _refuse(source, _("The backup holds tables this citymade does not know: %(names)s.") % {"names": ", ".join(unknown)})
    _check_migrations(manifest.get("migrations"), source)
    return {str(k): int(v) for k, v in tables.items()}


def _model(label: str) -> type | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _check_migrations(migrations: Any, source: Path) -> None:
    if not isinstance(migrations, list):
        raise _refuse(source, _("manifest.json lacks the migrations the database was at."))
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = sorted(f"{a}.{n}" for a, n in (tuple(m) for m in migrations) if (a, n) not in known)
    if newer:
        raise _refuse(
            source,
            _("The backup was written by a newer citymade (its database has migrations this version lacks); upgrade first."),
            problems=newer,
        )


def _check_member_sums(archive: zipfile.ZipFile, members: dict[str, Any], source: Path) -> bytes:
    """Check every member's size and SHA-256 against the manifest; return ``database.json``."""
    database = b""
    for name, expected in sorted(members.items()):
        if name == REGISTER:
            digest = hashlib.sha256()
            size = 0
            try:
                with archive.open(name) as fh:
                    for block in iter(lambda: fh.read(1 << 20), b""):
                        digest.update(block)
                        size += len(block)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                raise _refuse(source, _("The member %(member)s of the backup is damaged (%(detail)s).") % {"member": name, "detail": exc}) from None
            actual = digest.hexdigest()
        else:
            data = _read(archive, name, source)
            size, actual = len(data), sha256(data)
            database = data
        if not isinstance(expected, dict) or expected.get("sha256") != actual or expected.get("size") != size:
            raise _refuse(source, _("The member %(member)s does not match its checksum in the manifest: the backup is damaged or was edited.") % {"member": name})
    return database


def _check_rows(database: bytes, tables: dict[str, int], source: Path) -> str:
    text = database.decode("utf-8")
    rows = _json(database, DATABASE, source)
    if not isinstance(rows, list) or not all(isinstance(r, dict) and isinstance(r.get("model"), str) for r in rows):
        raise _refuse(source, _("database.json is not a list of rows."))
    found = Counter(r["model"] for r in rows)
    wrong = [
        _("%(table)s: %(found)d rows, the manifest says %(expected)d") % {"table": label, "found": found.get(label, 0), "expected": n}
        for label, n in sorted(tables.items())
        if found.get(label, 0) != n
    ] + [
        _("%(table)s: %(found)d rows, the manifest says %(expected)d") % {"table": label, "found": n, "expected": 0}
        for label, n in sorted(found.items())
        if label not in tables
    ]
    if wrong:
        raise _refuse(source, _("The rows in database.json differ from the manifest: the backup is incomplete or was edited."), problems=wrong)
    return text


def verify_backup(source: Path, *, unverified: bool = False) -> VerifiedBackup:
    """Every check a restore makes before it touches anything; a :class:`CitymadeError` says what failed."""
    source = Path(source)
    if not source.is_file():
        raise CitymadeError(_("No backup file at %(path)s.") % {"path": source})
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _refuse(source, _("This file is not a citymade backup (not a zip archive).")) from exc
    with archive:
        names = _check_members(archive, source)
        manifest_bytes = _read(archive, MANIFEST, source)
        signed_here = _check_seal(archive, manifest_bytes, source, unverified=unverified)
        manifest = _json(manifest_bytes, MANIFEST, source)
        tables = _check_manifest(manifest, names, source)
        database = _check_member_sums(archive, manifest["members"], source)
        text = _check_rows(database, tables, source)
    return VerifiedBackup(
        source=source,
        manifest=manifest,
        database=text,
        tables=tables,
        has_register=REGISTER in names,
        signed_here=signed_here,
    )


def extract_register(source: Path, target: Path) -> None:
    """Copy the (verified) register store out of the backup to ``target``."""
    with zipfile.ZipFile(source) as archive, archive.open(REGISTER) as src, target.open("wb") as dst:
        while block := src.read(1 << 20):
            dst.write(block)


__all__ = ["FORMAT_VERSION", "VerifiedBackup", "extract_register", "file_sha256", "seal", "sha256", "verify_backup"]
