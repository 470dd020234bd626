"""Prospects with their reasons, and the synthetic generator's dialect and distributions."""

from __future__ import annotations

import csv

from citymade.register.enterprise_number import is_valid_enterprise_number
from citymade.register.importer import import_extract
from citymade.register.prospects import enterprise_record, find_prospects
from citymade.register.store import RegisterStore
from citymade.register.synth import generate_full
from tests.register.kbo_factory import SMALL, write_full


def test_prospects_carry_reasons(tmp_path):
    folder = write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL)
    import_extract(folder, store_path=tmp_path / "r.duckdb")
    with RegisterStore.open(tmp_path / "r.duckdb") as s:
        found = {p.establishment_number: p for p in find_prospects(s, language="en")}
        bike = found["2.000.000.002"]
        assert bike.enterprise_number == "0400.378.485"
        assert bike.name == "Fietsatelier Vélo"
        assert "make_it_last" in bike.models
        assert any("fiets" in r for r in bike.reasons)
        assert bike.municipality == "Anderlecht"
        recovery = found["2.000.000.001"]
        assert recovery.models == ["close_the_loop"]
        assert "38.320" in recovery.reasons[0]
        record = enterprise_record(s, "0403.170.701")
        assert record is not None
        assert record["name"] == 'Boulangerie "Le Pain", Dupont'
        assert record["postal_code"] == "1000"
        assert "10.711" in record["nace_codes"]
        assert enterprise_record(s, "0999.999.999") is None


def test_synth_is_deterministic_and_in_dialect(tmp_path):
    a = generate_full(tmp_path / "a", scale=0.002, seed=3)
    b = generate_full(tmp_path / "b", scale=0.002, seed=3)
    for name in ("enterprise.csv", "activity.csv", "denomination.csv"):
        assert sorted((a.folder / name).read_text().splitlines()) == sorted((b.folder / name).read_text().splitlines())
    lines = (a.folder / "enterprise.csv").read_text().splitlines()
    assert lines[0] == '"EnterpriseNumber","Status","JuridicalSituation","TypeOfEnterprise","JuridicalForm","JuridicalFormCAC","StartDate"'
    row = lines[1].split(",")
    assert row[0].startswith('"') and not row[-1].startswith('"')  # text quoted, date not
    with (a.folder / "enterprise.csv").open() as fh:
        numbers = [r[0] for r in list(csv.reader(fh))[1:]]
    assert all(is_valid_enterprise_number(n) for n in numbers)
    with (a.folder / "address.csv").open() as fh:
        seats = {r[0] for r in list(csv.reader(fh))[1:] if r[1] == "REGO"}
    without = 1 - len(seats & set(numbers)) / len(numbers)
    assert 0.3 < without < 0.5
    with (a.folder / "activity.csv").open() as fh:
        rows = list(csv.reader(fh))[1:]
    with_main = {r[0] for r in rows if r[4] == "MAIN" and r[0] in set(numbers)}
    assert 0.5 < len(with_main) / len(numbers) < 0.8
    assert {r[2] for r in rows} >= {"2008", "2025"}
    assert any(r[1] == "006" for r in rows)
