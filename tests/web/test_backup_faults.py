"""A damaged, incomplete or edited backup is refused before anything is touched (findings 2 and 3).

Each case damages one thing in a good backup, then restores it with ``--force`` over an installation
that changed since: the restore must refuse with a message (exit 2 on the command line, no
traceback) and leave the rows, the register store and the data directory exactly as they were.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import struct
import zipfile
from pathlib import Path

import duckdb
import pytest
from django.conf import settings
from typer.testing import CliRunner

from citymade.cli import app
from citymade.errors import CitymadeError
from citymade.web.accounts.models import ApiToken
from citymade.web.companies.models import Company
from citymade.web.diagnostics import services
from citymade.web.operations.backup import create_backup, restore_backup
from tests.web.backup_world import listing, register_digest, rows


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("CITYMADE_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def backup(world, data_dir, tmp_path) -> Path:
    ApiToken.objects.create(user=world.users["advisor"], name="script", prefix="abc", digest="d" * 64)
    first = services.start_diagnostic(company=world.own, user=world.users["advisor"])
    services.submit(first, user=world.users["advisor"])
    services.start_diagnostic(company=world.own, user=world.users["advisor"])
    with duckdb.connect(str(data_dir / "register.duckdb")) as con:
        con.execute("CREATE TABLE t AS SELECT range AS n FROM range(5000)")
    path = tmp_path / "backup.zip"
    create_backup(path)
    # Changed since the backup: a failed restore must keep this.
    Company.objects.create(name="Added since", slug="added-since")
    with duckdb.connect(str(data_dir / "register.duckdb")) as con:
        con.execute("INSERT INTO t VALUES (-1)")
    return path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path: Path, members: dict[str, bytes]) -> Path:
    out = path.with_name("edited.zip")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def _flip(path: Path, member: str) -> Path:
    """Flip one byte in the middle of a member's stored bytes (what a bad disk sector does)."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    raw[start + info.compress_size // 2] ^= 0x5A
    out = path.with_name(f"flipped-{member}.zip")
    out.write_bytes(bytes(raw))
    return out


def _reseal(members: dict[str, bytes], *, key: str | None) -> dict[str, bytes]:
    """Recompute every checksum as a careful editor would; with ``key`` the HMAC too."""
    manifest = json.loads(members["manifest.json"])
    for name in manifest["members"]:
        manifest["members"][name] = {"size": len(members[name]), "sha256": hashlib.sha256(members[name]).hexdigest()}
    body = json.dumps(manifest, indent=2).encode()
    members["manifest.json"] = body
    mac = hmac.new(key.encode(), body, hashlib.sha256).hexdigest() if key else "0" * 64
    members["seal.json"] = json.dumps({"manifest_sha256": hashlib.sha256(body).hexdigest(), "hmac_sha256": mac}).encode()
    return members


def _database(members: dict[str, bytes]) -> list[dict]:
    return json.loads(members["database.json"])


def _with_database(members: dict[str, bytes], database: list[dict]) -> dict[str, bytes]:
    return {**members, "database.json": json.dumps(database).encode()}


def _promoted(members: dict[str, bytes]) -> dict[str, bytes]:
    database = _database(members)
    for row in database:
        if row["model"] == "accounts.user" and row["fields"]["username"] == "observer1":
            row["fields"]["role"] = "admin"
    return _with_database(members, database)


def _without_diagnostics(members: dict[str, bytes]) -> dict[str, bytes]:
    return _with_database(members, [r for r in _database(members) if r["model"] != "diagnostics.diagnostic"])


def _orphan_token(members: dict[str, bytes]) -> dict[str, bytes]:
    database = _database(members)
    for row in database:
        if row["model"] == "accounts.apitoken":
            row["fields"]["user"] = 999999
    return _with_database(members, database)


def _truncated(path: Path) -> Path:
    out = path.with_name("truncated.zip")
    out.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return out


CASES = {
    "a flipped byte in the register store": lambda p, key: _flip(p, "register.duckdb"),
    "a flipped byte in database.json": lambda p, key: _flip(p, "database.json"),
    "a flipped byte in manifest.json": lambda p, key: _flip(p, "manifest.json"),
    "a flipped byte in seal.json": lambda p, key: _flip(p, "seal.json"),
    "the file cut in half": lambda p, key: _truncated(p),
    "database.json not JSON, checksums kept": lambda p, key: _write(p, {**_members(p), "database.json": b"[{oops"}),
    "database.json not JSON, resealed": lambda p, key: _write(p, _reseal({**_members(p), "database.json": b"[{oops"}, key=key)),
    "rows removed, manifest kept": lambda p, key: _write(p, _without_diagnostics(_members(p))),
    "rows removed, resealed with the key": lambda p, key: _write(p, _reseal(_without_diagnostics(_members(p)), key=key)),
    "a user promoted to admin": lambda p, key: _write(p, _promoted(_members(p))),
    "a user promoted to admin, resealed without the key": lambda p, key: _write(p, _reseal(_promoted(_members(p)), key=None)),
    "a token whose user is missing, resealed with the key": lambda p, key: _write(p, _reseal(_orphan_token(_members(p)), key=key)),
    "the register store not a store, resealed": lambda p, key: _write(p, _reseal({**_members(p), "register.duckdb": b"x" * 4096}, key=key)),
    "the manifest's row counts edited": lambda p, key: _write(
        p, {**_members(p), "manifest.json": _members(p)["manifest.json"].replace(b'"companies.company": 2', b'"companies.company": 3')}
    ),
    "seal.json removed": lambda p, key: _write(p, {k: v for k, v in _members(p).items() if k != "seal.json"}),
    "an extra member": lambda p, key: _write(p, {**_members(p), "extra.txt": b"hi"}),
    "the register store removed": lambda p, key: _write(p, {k: v for k, v in _members(p).items() if k != "register.duckdb"}),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_damaged_or_edited_backup_is_refused_and_nothing_changes(case, backup, data_dir):
    damaged = CASES[case](backup, settings.SECRET_KEY)
    before, store, files = rows(), register_digest(), listing(data_dir)
    with pytest.raises(CitymadeError) as refused:
        restore_backup(damaged, force=True)
    assert refused.value.message
    assert rows() == before
    assert register_digest() == store
    assert listing(data_dir) == files, "no temporary file is left"
    assert Company.objects.filter(slug="added-since").exists()


@pytest.mark.django_db(transaction=True)
def test_the_command_refuses_a_damaged_backup_with_exit_2_in_the_users_language(backup, data_dir):
    damaged = _flip(backup, "register.duckdb")
    runner = CliRunner()
    for lang, words in (("fr", "endommag"), ("nl", "beschadigd"), ("en", "damaged")):
        result = runner.invoke(app, ["--lang", lang, "restore", str(damaged), "--force"])
        assert result.exit_code == 2, result.output
        assert words in result.output and "Traceback" not in result.output
    assert Company.objects.filter(slug="added-since").exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_signed_with_another_secret_key_needs_unverified(backup, data_dir, settings):
    settings.SECRET_KEY = "another-installation-" + "k" * 40
    with pytest.raises(CitymadeError, match="--unverified"):
        restore_backup(backup, force=True)
    assert Company.objects.filter(slug="added-since").exists()
    summary = restore_backup(backup, force=True, unverified=True)
    assert not summary.verified
    assert not Company.objects.filter(slug="added-since").exists()
    with duckdb.connect(str(data_dir / "register.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*), min(n) FROM t").fetchone() == (5000, 0)


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_remove_what_a_killed_backup_or_restore_left(world, data_dir, tmp_path):
    from tests.test_tempfiles import dead_pid

    gone = dead_pid()
    folder = tmp_path / "backups"
    folder.mkdir()
    half_backup = folder / f".backup-{gone}-x1.zip"
    half_restore = data_dir / f".restore-{gone}-x2.duckdb"
    for path in (half_backup, half_restore):
        path.write_bytes(b"half")
    create_backup(folder / "backup.zip")
    assert sorted(p.name for p in folder.iterdir()) == ["backup.zip"]
    restore_backup(folder / "backup.zip", force=True)
    assert not half_restore.exists()
    assert not [p for p in data_dir.iterdir() if p.name.startswith(".")]
