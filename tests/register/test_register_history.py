"""The store keeps the figures of earlier extracts, so the Region page shows the change since the
last one: a Full import carries the history of the store it replaces, a refused import changes none."""

from __future__ import annotations

import datetime as dt

import pytest

from citymade.errors import CitymadeError
from citymade.register.history import TOTAL, previous_figures
from citymade.register.importer import import_extract
from citymade.register.store import open_store
from tests.register.kbo_factory import SMALL, write_full


def _previous(path, current):
    with open_store(path) as store:
        return previous_figures(store, "brussels", current)


def test_history_follows_the_extracts(tmp_path):
    path = tmp_path / "register.duckdb"
    import_extract(write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL), store_path=path)
    assert _previous(path, 140) is None
    smaller = {**SMALL, "enterprise": [e for e in SMALL["enterprise"] if e[0] != "0401.574.852"]}
    import_extract(write_full(tmp_path / "KboOpenData_0141_2025_11_01_Full", smaller, number=141,
                              snapshot=dt.date(2025, 11, 1)), store_path=path)
    previous = _previous(path, 141)
    assert previous is not None and previous.extract_number == 140
    assert previous.snapshot_date == dt.date(2025, 10, 1)
    assert previous.counts[TOTAL] == (4, 2)  # production enterprises, establishments of extract 140
    assert previous.counts["Bruxelles"][0] == 2
    # a third extract: the one before is 141, and 140 is still kept
    import_extract(write_full(tmp_path / "KboOpenData_0142_2025_12_01_Full", SMALL, number=142,
                              snapshot=dt.date(2025, 12, 1)), store_path=path)
    assert _previous(path, 142).extract_number == 141
    assert _previous(path, 141).extract_number == 140


def test_a_refused_import_leaves_the_history_alone(tmp_path):
    path = tmp_path / "register.duckdb"
    import_extract(write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL), store_path=path)
    import_extract(write_full(tmp_path / "KboOpenData_0141_2025_11_01_Full", SMALL, number=141,
                              snapshot=dt.date(2025, 11, 1)), store_path=path)
    with pytest.raises(CitymadeError):
        import_extract(write_full(tmp_path / "KboOpenData_0139_2025_09_01_Full", SMALL, number=139,
                                  snapshot=dt.date(2025, 9, 1)), store_path=path)
    assert _previous(path, 141).extract_number == 140


def test_a_store_from_before_the_history_gives_its_own_figures(tmp_path):
    """A store imported by an older citymade has no history: its extract's figures are computed
    when the next extract replaces it, so the change shows at once."""
    path = tmp_path / "register.duckdb"
    import_extract(write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL), store_path=path)
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("DROP TABLE figures_history")
    con.close()
    import_extract(write_full(tmp_path / "KboOpenData_0141_2025_11_01_Full", SMALL, number=141,
                              snapshot=dt.date(2025, 11, 1)), store_path=path)
    previous = _previous(path, 141)
    assert previous is not None and previous.extract_number == 140 and previous.counts[TOTAL] == (4, 2)
