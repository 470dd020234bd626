"""Backup → restore round-trips every table and the register store; restore never overwrites silently."""

from __future__ import annotations

import json
import zipfile

import duckdb
import pytest
from django.core import serializers

from citymade.errors import CitymadeError
from citymade.web.core.audit import log_action
from citymade.web.operations.backup import _models, create_backup, restore_backup, table_counts


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("CITYMADE_DATA_DIR", str(folder))
    return folder


def _dump() -> list[dict]:
    rows = []
    for model in _models():
        rows.extend(json.loads(serializers.serialize("json", model._default_manager.order_by("pk"), use_natural_foreign_keys=True)))
    return rows


def _wipe() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trips_every_table(world, data_dir, tmp_path):
    log_action("company.created", actor=world.users["advisor"], obj=world.own, after={"name": world.own.name})
    store = data_dir / "register.duckdb"
    with duckdb.connect(str(store)) as con:
        con.execute("CREATE TABLE t AS SELECT 42 AS answer")
    before = _dump()
    counts = table_counts()
    assert counts["companies.company"] == 2 and counts["accounts.user"] == 4

    summary = create_backup(tmp_path / "backup.zip")
    assert summary.register and summary.tables == counts

    _wipe()
    store.unlink()
    assert sum(table_counts().values()) == 0

    restore_backup(tmp_path / "backup.zip")
    assert _dump() == before
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT answer FROM t").fetchone() == (42,)
    # The restored users can still log in (password hashes are kept).
    from django.contrib.auth import authenticate

    from tests.web.conftest import PASSWORD

    assert authenticate(username="advisor1", password=PASSWORD) is not None


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_to_overwrite_without_force(world, data_dir, tmp_path):
    create_backup(tmp_path / "backup.zip")
    world.own.name = "Changed after the backup"
    world.own.save()
    with pytest.raises(CitymadeError) as refused:
        restore_backup(tmp_path / "backup.zip")
    assert "--force" in refused.value.message
    assert any("companies.company" in p for p in refused.value.problems)
    world.own.refresh_from_db()
    assert world.own.name == "Changed after the backup"

    restore_backup(tmp_path / "backup.zip", force=True)
    world.own.refresh_from_db()
    assert world.own.name == "Atelier Own"


@pytest.mark.django_db
def test_restore_explains_a_file_that_is_not_a_backup(data_dir, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_text("not a zip")
    with pytest.raises(CitymadeError, match="zip"):
        restore_backup(junk)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CitymadeError, match="manifest.json"):
        restore_backup(other)
    with pytest.raises(CitymadeError):
        restore_backup(tmp_path / "missing.zip")


@pytest.mark.django_db(transaction=True)
def test_a_backup_with_api_tokens_restores_into_an_empty_installation(world, data_dir, tmp_path):
    """Finding 1: references to users were saved by user name and looked up before any user existed."""
    from citymade.web.accounts.models import ApiToken

    ApiToken.objects.create(user=world.users["advisor"], name="script", prefix="abc", digest="d" * 64)
    before = _dump()
    create_backup(tmp_path / "backup.zip")
    _wipe()
    restore_backup(tmp_path / "backup.zip")
    assert _dump() == before
    assert ApiToken.objects.get().user.username == "advisor1"
