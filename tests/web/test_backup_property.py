"""Property: any installation → backup → restore into an empty data directory gives the same rows.

Runs on SQLite and, in ``make test``, on PostgreSQL (the ids, the tokens' owners, the many-to-many
links and the register store must all come back exactly).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from citymade.web.operations.backup import (
    _clear_tables,
    create_backup,
    restore_backup,
    table_counts,
)
from tests.web.backup_world import build, installations, register_digest, rows


class _DataDir:
    """A fresh, empty data directory for the block (the property runs many examples per test)."""

    def __enter__(self) -> Path:
        self.saved = os.environ.get("CITYMADE_DATA_DIR")
        self.path = Path(tempfile.mkdtemp(prefix="citymade-backup-prop-"))
        os.environ["CITYMADE_DATA_DIR"] = str(self.path)
        return self.path

    def __exit__(self, *exc: object) -> None:
        if self.saved is None:
            os.environ.pop("CITYMADE_DATA_DIR", None)
        else:
            os.environ["CITYMADE_DATA_DIR"] = self.saved


@pytest.mark.django_db(transaction=True)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=installations())
def test_backup_then_restore_into_an_empty_installation_gives_identical_rows(spec, tmp_path):
    from django.db import transaction

    with transaction.atomic():
        _clear_tables()
    with _DataDir() as origin:
        build(spec)
        before, store_before = rows(), register_digest()
        backup = origin / "backup.zip"
        create_backup(backup)
    with transaction.atomic():
        _clear_tables()
    assert sum(table_counts().values()) == 0
    with _DataDir() as fresh:
        assert not any(fresh.iterdir())
        summary = restore_backup(backup)
        assert rows() == before
        assert register_digest() == store_before
        assert summary.tables == table_counts()
        assert sorted(p.name for p in fresh.iterdir()) == (["register.duckdb"] if store_before else [])
