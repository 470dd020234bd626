"""Backups: one file holding a consistent snapshot of the application database and the register.

A backup is a zip archive with

* ``manifest.json`` — format version, citymade version, date, database engine, rows per table;
* ``database.json`` — every row of every application table, serialised by Django in one
  read transaction (REPEATABLE READ on PostgreSQL), so it is consistent and engine-neutral: a SQLite
  backup restores into PostgreSQL and the other way round;
* ``register.duckdb`` — the register store, when there is one (the importer replaces that file
  atomically, so a copy is always a whole store).

:func:`restore_backup` refuses to overwrite a database that holds data unless ``force`` is given,
and loads everything in one transaction: a failed restore leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.utils.translation import gettext as _

from citymade import __version__
from citymade.errors import CitymadeError, Location
from citymade.paths import data_dir

FORMAT_VERSION = 1
#: Tables Django rebuilds by itself (migrate) or that hold nothing worth keeping.
SKIPPED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session", "accounts.loginfailure"}


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    tables: dict[str, int]
    register: bool


def _models() -> list[type]:
    return [
        m
        for m in apps.get_models(include_auto_created=False)
        if m._meta.label_lower not in SKIPPED_MODELS and m._meta.managed and not m._meta.proxy
    ]


def table_counts() -> dict[str, int]:
    """Rows per application model (the manifest's and the comparison's unit)."""
    return {m._meta.label_lower: m._default_manager.count() for m in _models()}


def _serialise() -> tuple[str, dict[str, int]]:
    models = _models()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        objects = []
        counts = {}
        for model in models:
            rows = list(model._default_manager.order_by("pk"))
            counts[model._meta.label_lower] = len(rows)
            objects.extend(rows)
        data = serializers.serialize("json", objects, use_natural_foreign_keys=True)
    return data, counts


def register_store_path() -> Path:
    return data_dir() / "register.duckdb"


def create_backup(target: Path) -> BackupSummary:
    """Write a backup to ``target`` (written to a temporary file, then renamed: never half a file)."""
    target = Path(target)
    if target.exists() and target.is_dir():
        raise CitymadeError(_("%(path)s is a folder; give a file name for the backup.") % {"path": target})
    data, counts = _serialise()
    store = register_store_path()
    manifest = {
        "format": FORMAT_VERSION,
        "citymade": __version__,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database_engine": connection.vendor,
        "tables": counts,
        "register_store": store.exists(),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".backup-", suffix=".zip")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp_name, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
            archive.writestr("database.json", data)
            if store.exists():
                archive.write(store, "register.duckdb")
        os.replace(tmp_name, target)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return BackupSummary(path=target, tables=counts, register=store.exists())


def _read_manifest(archive: zipfile.ZipFile, source: Path) -> dict[str, object]:
    names = set(archive.namelist())
    if not {"manifest.json", "database.json"} <= names:
        raise CitymadeError(
            _("This file is not a citymade backup: manifest.json or database.json is missing."),
            location=Location(file=str(source)),
        )
    manifest = json.loads(archive.read("manifest.json"))
    if manifest.get("format") != FORMAT_VERSION:
        raise CitymadeError(
            _("Unsupported backup format %(found)s (this citymade reads format %(expected)s).")
            % {"found": manifest.get("format"), "expected": FORMAT_VERSION},
            location=Location(file=str(source)),
        )
    return manifest


def restore_backup(source: Path, *, force: bool = False) -> BackupSummary:
    """Restore a backup into this installation's database and data directory."""
    source = Path(source)
    if not source.is_file():
        raise CitymadeError(_("No backup file at %(path)s.") % {"path": source})
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile as exc:
        raise CitymadeError(
            _("This file is not a citymade backup (not a zip archive)."), location=Location(file=str(source))
        ) from exc
    with archive:
        manifest = _read_manifest(archive, source)
        call_command("migrate", interactive=False, verbosity=0)
        existing = {label: n for label, n in table_counts().items() if n}
        store = register_store_path()
        if (existing or store.exists()) and not force:
            raise CitymadeError(
                _("The database or the register store already holds data; add --force to replace it."),
                problems=[f"{label}: {n}" for label, n in sorted(existing.items())]
                + ([str(store)] if store.exists() else []),
            )
        payload = archive.read("database.json").decode("utf-8")
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            objects = list(serializers.deserialize("json", io.StringIO(payload), handle_forward_references=True))
            for obj in objects:
                obj.save()
            for obj in objects:
                if obj.deferred_fields:
                    obj.save_deferred_fields()
            _reset_sequences()
        has_register = "register.duckdb" in archive.namelist()
        if has_register:
            fd, tmp_name = tempfile.mkstemp(dir=store.parent, prefix=".restore-", suffix=".duckdb")
            os.close(fd)
            with archive.open("register.duckdb") as src, open(tmp_name, "wb") as dst:
                shutil.copyfileobj(src, dst)
            os.replace(tmp_name, store)
    tables = manifest.get("tables")
    return BackupSummary(path=source, tables=dict(tables) if isinstance(tables, dict) else {}, register=has_register)


def _reset_sequences() -> None:
    """On PostgreSQL, move id sequences past the restored ids so new rows do not collide."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
