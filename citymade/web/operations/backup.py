"""Backups: one sealed file holding a consistent snapshot of the application database and the register.

:func:`create_backup` reads every application table in one read transaction (REPEATABLE READ on
PostgreSQL), so the snapshot is consistent and engine-neutral: a SQLite backup restores into
PostgreSQL and the other way round. The file's layout and what its seal proves are described in
:mod:`citymade.web.operations.archive`.

:func:`restore_backup` first verifies everything (zip CRCs, the seal, every member's SHA-256, the
format and migrations, rows per table) and copies the register store out of the file, before it
touches anything. It then refuses to overwrite data unless ``force`` is given, and in one database
transaction replaces every row, checks every reference, puts the new register store in place and
commits; if anything fails, the transaction is rolled back and the previous store put back, so the
installation is exactly as before and no temporary file is left. (Only a machine crash in the instant
between the store's rename and the commit could leave them apart.)
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.timezone import is_aware
from django.utils.translation import gettext as _

from citymade import __version__
from citymade.errors import CitymadeError, Location
from citymade.paths import data_dir
from citymade.tempfiles import owned_name, remove_leftovers
from citymade.web.operations.archive import (
    DATABASE,
    FORMAT_VERSION,
    MANIFEST,
    REGISTER,
    SEAL,
    extract_register,
    file_sha256,
    seal,
    sha256,
    verify_backup,
)

#: Tables Django rebuilds by itself (migrate) or that hold nothing worth keeping.
SKIPPED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session", "accounts.loginfailure"}
#: Rows every installation creates with its own ids: references to them are kept by natural key.
BY_NATURAL_KEY = {"contenttypes.contenttype", "auth.permission"}
#: Tables a restore keeps (rebuilt by migrate, referenced by natural key); every other one is emptied.
KEPT_TABLES = {"django_content_type", "auth_permission", "django_migrations"}


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    tables: dict[str, int]
    register: bool
    verified: bool = True


def _models() -> list[type]:
    return [
        m
        for m in apps.get_models(include_auto_created=False)
        if m._meta.label_lower not in SKIPPED_MODELS and m._meta.managed and not m._meta.proxy
    ]


def table_counts() -> dict[str, int]:
    """Rows per application model (the manifest's and the comparison's unit)."""
    return {m._meta.label_lower: m._default_manager.count() for m in _models()}


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's rounds them to milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, (dt.datetime, dt.time)) and not (isinstance(o, dt.time) and is_aware(o)):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class _Serializer(JSONSerializer):
    """Plain primary keys, except for references to rows each installation numbers itself."""

    def _natural(self, field: Any) -> None:
        self.use_natural_foreign_keys = field.remote_field.model._meta.label_lower in BY_NATURAL_KEY

    def handle_fk_field(self, obj: Any, field: Any) -> None:
        self._natural(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: Any, field: Any) -> None:
        self._natural(field)
        super().handle_m2m_field(obj, field)


def serialise() -> tuple[str, dict[str, int]]:
    """Every application row as JSON, read in one transaction, and the rows per table."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        objects = []
        counts = {}
        for model in _models():
            rows = list(model._default_manager.order_by("pk"))
            counts[model._meta.label_lower] = len(rows)
            objects.extend(rows)
        stream = io.StringIO()
        _Serializer().serialize(objects, stream=stream, cls=_Encoder)
    return stream.getvalue(), counts


def register_store_path() -> Path:
    return data_dir() / "register.duckdb"


def _applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def create_backup(target: Path) -> BackupSummary:
    """Write a backup to ``target`` (written to a temporary file, then renamed: never half a file)."""
    target = Path(target)
    if target.exists() and target.is_dir():
        raise CitymadeError(_("%(path)s is a folder; give a file name for the backup.") % {"path": target})
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target.parent, (".backup-",))
    data, counts = serialise()
    database = data.encode("utf-8")
    store = register_store_path()
    tmp = target.parent / owned_name(".backup-", ".zip")
    try:
        members: dict[str, dict[str, Any]] = {DATABASE: {"size": len(database), "sha256": sha256(database)}}
        store_copy = None
        if store.exists():
            # A copy first: the importer may replace the store meanwhile, the copy stays one store.
            store_copy = target.parent / owned_name(".backup-", ".duckdb")
            _snapshot(store, store_copy)
            members[REGISTER] = {"size": store_copy.stat().st_size, "sha256": file_sha256(store_copy)}
        manifest = {
            "format": FORMAT_VERSION,
            "citymade": __version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database_engine": connection.vendor,
            "migrations": _applied_migrations(),
            "tables": counts,
            "register_store": store_copy is not None,
            "members": members,
        }
        manifest_bytes = json.dumps(manifest, indent=2).encode()
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, manifest_bytes)
            archive.writestr(SEAL, seal(manifest_bytes))
            archive.writestr(DATABASE, database)
            if store_copy is not None:
                archive.write(store_copy, REGISTER)
        os.replace(tmp, target)
    finally:
        for leftover in target.parent.glob(f".backup-{os.getpid()}-*"):
            leftover.unlink(missing_ok=True)
    return BackupSummary(path=target, tables=counts, register=store_copy is not None)


def _snapshot(store: Path, target: Path) -> None:
    """A hard link when possible (instant; the importer replaces the store, never edits it), else a copy."""
    try:
        os.link(store, target)
    except OSError:
        shutil.copyfile(store, target)


class _StoreSwap:
    """Put a new register store in place, able to put the previous one back until :meth:`done`."""

    def __init__(self, store: Path, new: Path | None) -> None:
        self.store, self.new = store, new
        self.previous: Path | None = None
        self.applied = False

    def apply(self) -> None:
        self.applied = True
        if self.store.exists():
            self.previous = self.store.with_name(owned_name(".restore-", ".previous.duckdb"))
            os.replace(self.store, self.previous)
        if self.new is not None:
            os.replace(self.new, self.store)
            self.new = None

    def undo(self) -> None:
        if not self.applied:
            return
        if self.previous is not None:
            os.replace(self.previous, self.store)
            self.previous = None
        elif self.new is None and self.store.exists():
            self.store.unlink()

    def done(self) -> None:
        if self.previous is not None:
            self.previous.unlink(missing_ok=True)
            self.previous = None


def _clear_tables() -> None:
    """Empty every table a restore fills (and sessions, which would name the old users)."""
    tables = [t for t in connection.introspection.django_table_names(only_existing=True) if t not in KEPT_TABLES]
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=True)
    connection.ops.execute_sql_flush(statements)


def _load(payload: str, source: Path) -> None:
    try:
        objects = list(serializers.deserialize("json", io.StringIO(payload)))
    except DeserializationError as exc:
        raise CitymadeError(
            _("database.json holds a row this citymade cannot read: %(detail)s") % {"detail": exc},
            location=Location(file=str(source)),
        ) from None
    _clear_tables()
    for obj in objects:
        obj.save()


def _reset_sequences() -> None:
    """On PostgreSQL, move id sequences past the restored ids so new rows do not collide."""
    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def restore_backup(source: Path, *, force: bool = False, unverified: bool = False) -> BackupSummary:
    """Restore a backup into this installation's database and data directory; all or nothing."""
    source = Path(source)
    store = register_store_path()
    remove_leftovers(store.parent, (".restore-",))
    backup = verify_backup(source, unverified=unverified)
    new_store: Path | None = None
    swap: _StoreSwap | None = None
    try:
        if backup.has_register:
            new_store = store.parent / owned_name(".restore-", ".duckdb")
            extract_register(source, new_store)
            if file_sha256(new_store) != backup.manifest["members"][REGISTER]["sha256"]:  # changed since checked
                raise CitymadeError(
                    _("The member %(member)s does not match its checksum in the manifest: the backup is damaged or was edited.")
                    % {"member": REGISTER},
                    location=Location(file=str(source)),
                )
            _check_store(new_store, source)
        call_command("migrate", interactive=False, verbosity=0)
        existing = {label: n for label, n in table_counts().items() if n}
        if (existing or store.exists()) and not force:
            raise CitymadeError(
                _("The database or the register store already holds data; add --force to replace it."),
                problems=[f"{label}: {n}" for label, n in sorted(existing.items())]
                + ([str(store)] if store.exists() else []),
            )
        swap = _StoreSwap(store, new_store)
        with transaction.atomic():
            _load(backup.database, source)
            connection.check_constraints()
            restored = table_counts()
            if restored != {label: backup.tables.get(label, 0) for label in restored}:
                raise CitymadeError(_("The restored rows differ from the manifest."), location=Location(file=str(source)))
            _reset_sequences()
            swap.apply()
        swap.done()
    except DatabaseError as exc:
        if swap is not None:
            swap.undo()
        raise CitymadeError(
            _("The backup's rows do not fit together (%(detail)s); nothing was changed.") % {"detail": str(exc).splitlines()[0]},
            location=Location(file=str(source)),
        ) from None
    except BaseException:
        if swap is not None:
            swap.undo()
        raise
    finally:
        if new_store is not None:
            new_store.unlink(missing_ok=True)
    return BackupSummary(path=source, tables=backup.tables, register=backup.has_register, verified=backup.signed_here)


def _check_store(path: Path, source: Path) -> None:
    import duckdb

    try:
        with duckdb.connect(str(path), read_only=True) as con:
            con.execute("SELECT count(*) FROM information_schema.tables").fetchone()
    except duckdb.Error as exc:
        raise CitymadeError(
            _("The register store in the backup cannot be opened (%(detail)s).") % {"detail": str(exc).splitlines()[0]},
            location=Location(file=str(source)),
        ) from None
