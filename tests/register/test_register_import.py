"""Import: Full and Update extracts, the real update sample, atomicity, refusals."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from citymade.errors import CitymadeError
from citymade.i18n import use_language
from citymade.register.importer import import_extract
from citymade.register.store import RegisterStore
from citymade.register.synth import generate_full

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "kbo" / "KboOpenData_0147_2025_10_12_Update"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def keys(name: str) -> list[str]:
    with (FIXTURE / name).open(encoding="utf-8") as fh:
        return [row[0] for row in list(csv.reader(fh))[1:]]


def num(text: str) -> int:
    return int(text.replace(".", ""))


def append(path: Path, *lines: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A small synthetic Full (extract 146) that also holds entities the real update names."""
    out = tmp_path_factory.mktemp("base")
    folder = generate_full(out, scale=0.002, extract_number=146, snapshot_date=dt.date(2025, 10, 10)).folder
    replaced = sorted(set(keys("enterprise_delete.csv")) & set(keys("enterprise_insert.csv")))[:3]
    removed = sorted(set(keys("enterprise_delete.csv")) - set(keys("enterprise_insert.csv")))[:3]
    for number in replaced + removed:
        append(folder / "enterprise.csv", f'"{number}","AC","000","2","014",,01-01-2000')
        append(folder / "denomination.csv", f'"{number}","1","001","Old name of {number}"')
        append(folder / "activity.csv", f'"{number}","001","2025","10711","MAIN"')
        append(folder / "address.csv", f'"{number}","REGO",,,"1000","Brussel","Bruxelles","Wetstraat","Rue de la Loi","1","","",')
    return {"folder": folder, "replaced": replaced, "removed": removed}


@pytest.fixture
def store(tmp_path, base):
    path = tmp_path / "register.duckdb"
    import_extract(base["folder"], store_path=path)
    return path


def test_full_import_stores_typed_rows(store, base):
    with RegisterStore.open(store) as s:
        info = s.info()
        assert (info.extract_number, info.extract_type) == (146, "full")
        assert s.scalar("SELECT typeof(number) FROM enterprise LIMIT 1") == "BIGINT"
        assert s.scalar("SELECT typeof(start_date) FROM enterprise LIMIT 1") == "DATE"
        assert s.scalar("SELECT count(*) FROM denomination WHERE denomination LIKE '%\"%'") > 0
        # "" stays an empty string, nothing between commas is NULL
        assert s.scalar("SELECT count(*) FROM address WHERE extra_address_info = ''") > 0
        assert s.scalar("SELECT count(*) FROM address WHERE country_nl IS NULL") > 0
        assert s.scalar("SELECT count(*) FROM activity WHERE nace_version = 2008") > 0


def test_real_update_applies_delete_then_insert(store, base):
    result = import_extract(FIXTURE, store_path=store)
    assert result.extract_number == 147
    assert result.deleted_keys["enterprise"] == len(set(keys("enterprise_delete.csv")))
    with RegisterStore.open(store) as s:
        assert s.info().snapshot_date == dt.date(2025, 10, 11)
        for number in base["removed"]:
            assert s.scalar("SELECT count(*) FROM enterprise WHERE number = ?", [num(number)]) == 0
            # its leftover activity does not count: no unit of an enterprise no longer listed
            assert s.scalar("SELECT count(*) FROM unit WHERE enterprise = ?", [num(number)]) == 0
        for number in base["replaced"]:
            assert s.scalar("SELECT count(*) FROM enterprise WHERE number = ?", [num(number)]) == 1
            if number in keys("denomination_delete.csv"):
                names = {r[0] for r in s.fetchall("SELECT denomination FROM denomination WHERE entity = ?", [num(number)])}
                assert f"Old name of {number}" not in names
        # every row of the insert files is there (activities: the ones the store keeps), all parsed
        for table, key in (("activity", "entity"), ("denomination", "entity"), ("establishment", "number")):
            with (FIXTURE / f"{table}_insert.csv").open(encoding="utf-8") as fh:
                inserted = list(csv.reader(fh))[1:]
            if table == "activity":
                inserted = [r for r in inserted if kept_activity(r)]
            listed = {num(r[0]) for r in inserted}
            found = s.scalar(f"SELECT count(*) FROM {table} WHERE {key} IN ({','.join(map(str, listed))})")
            assert found == len(inserted)
        assert s.scalar("SELECT count(*) FROM code WHERE category = 'Nace2025'") > 6000


# The prospect signals' NACE prefixes (data/prospects.yaml), written out here on purpose.
SIGNAL_PREFIXES = ("331", "37", "383", "3821", "772", "773", "951", "952")


def kept_activity(row: list[str]) -> bool:
    """The default store's rule: MAIN, employer (006), or a code a prospect signal looks for."""
    _entity, group, _version, code, classification = row
    return classification == "MAIN" or group == "006" or code.startswith(SIGNAL_PREFIXES)


def test_the_store_keeps_the_activities_the_product_reads(tmp_path, base):
    lean, full = tmp_path / "lean.duckdb", tmp_path / "full.duckdb"
    import_extract(base["folder"], store_path=lean)
    import_extract(base["folder"], store_path=full, all_activities=True)
    with (base["folder"] / "activity.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    with RegisterStore.open(lean) as s:
        assert s.info().activities_kept.startswith("classifications=MAIN;group=006;prefixes=")
        assert s.scalar("SELECT count(*) FROM activity") == sum(kept_activity(r) for r in rows) < len(rows)
        assert s.scalar("SELECT count(*) FROM activity WHERE classification <> 'MAIN' AND activity_group <> 6") > 0
        lean_units = s.fetchall("SELECT * FROM unit ORDER BY unit")
    with RegisterStore.open(full) as s:
        assert s.info().activities_kept == "all"
        assert s.scalar("SELECT count(*) FROM activity") == len(rows)
        # the same base table for the figures either way
        assert s.fetchall("SELECT * FROM unit ORDER BY unit") == lean_units
    # an Update keeps what its store keeps
    import_extract(FIXTURE, store_path=full)
    with RegisterStore.open(full) as s:
        assert s.info().activities_kept == "all"
        with (FIXTURE / "activity_insert.csv").open(encoding="utf-8") as fh:
            inserted = list(csv.reader(fh))[1:]
        listed = ",".join(str(n) for n in {num(r[0]) for r in inserted})
        assert s.scalar(f"SELECT count(*) FROM activity WHERE entity IN ({listed})") == len(inserted)


def test_all_activities_on_an_update_of_a_lean_store_is_refused(store, base):
    before = digest(store)
    with pytest.raises(CitymadeError, match="--all-activities"):
        import_extract(FIXTURE, store_path=store, all_activities=True)
    assert digest(store) == before


def test_update_is_never_applied_twice(store):
    import_extract(FIXTURE, store_path=store)
    before = digest(store)
    with use_language("en"), pytest.raises(CitymadeError, match="not newer"):
        import_extract(FIXTURE, store_path=store)
    assert digest(store) == before


def test_update_without_store_is_refused(tmp_path):
    with use_language("nl"), pytest.raises(CitymadeError, match="Full-extract"):
        import_extract(FIXTURE, store_path=tmp_path / "none.duckdb")


def _corrupt(src: Path, dst: Path, file: str, line: int, old: str, new: str) -> Path:
    shutil.copytree(src, dst)
    path = dst / file
    lines = path.read_text(encoding="utf-8").split("\n")
    if old == "<last field>":
        lines[line - 1] = lines[line - 1].rsplit(",", 1)[0] + "," + new
    else:
        assert old in lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return dst


def test_corrupt_full_is_refused_with_file_and_line_and_store_unchanged(store, base, tmp_path):
    before = digest(store)
    bad = _corrupt(base["folder"], tmp_path / "KboOpenData_0150_2025_11_01_Full", "activity.csv", 7, "<last field>", '"MAYBE"')
    meta = bad / "meta.csv"
    meta.write_text(meta.read_text().replace('"146"', '"150"'))
    bad_line = (bad / "activity.csv").read_text().split("\n")[6]
    if "MAYBE" not in bad_line:
        pytest.fail("corruption not written")
    with pytest.raises(CitymadeError) as err:
        import_extract(bad, store_path=store)
    assert err.value.location.file == "activity.csv"
    assert err.value.location.line == 7
    assert "MAYBE" in str(err.value)
    assert digest(store) == before
    assert not list(store.parent.glob(".*importing*"))


def test_corrupt_update_is_refused_and_store_unchanged(store, tmp_path):
    before = digest(store)
    bad = _corrupt(FIXTURE, tmp_path / "KboOpenData_0147_2025_10_12_Update", "establishment_insert.csv", 3, "01-12-2012", "31-13-2012")
    with pytest.raises(CitymadeError) as err:
        import_extract(bad, store_path=store)
    assert (err.value.location.file, err.value.location.line) == ("establishment_insert.csv", 3)
    assert digest(store) == before


def test_malformed_enterprise_number_names_the_line(store, tmp_path):
    before = digest(store)
    bad = _corrupt(FIXTURE, tmp_path / "KboOpenData_0147_2025_10_12_Update", "enterprise_delete.csv", 4, '"', '"X')
    with pytest.raises(CitymadeError) as err:
        import_extract(bad, store_path=store)
    assert (err.value.location.file, err.value.location.line) == ("enterprise_delete.csv", 4)
    assert digest(store) == before


def test_wrong_header_is_refused(store, tmp_path):
    bad = _corrupt(FIXTURE, tmp_path / "KboOpenData_0147_2025_10_12_Update", "contact_insert.csv", 1, '"Value"', '"Valeur"')
    with pytest.raises(CitymadeError) as err:
        import_extract(bad, store_path=store)
    assert (err.value.location.file, err.value.location.line) == ("contact_insert.csv", 1)


def test_zipped_crlf_full_with_old_name_pattern(base, tmp_path, store):
    archive = tmp_path / "KboOpenData_0146_2025_10_Full.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in base["folder"].iterdir():
            zf.writestr(f.name, f.read_bytes().replace(b"\n", b"\r\n"))
    target = tmp_path / "zipped.duckdb"
    import_extract(archive, store_path=target)
    with RegisterStore.open(target) as a, RegisterStore.open(store) as b:
        assert a.row_counts() == b.row_counts()


def test_name_and_meta_must_agree(base, tmp_path):
    wrong = tmp_path / "KboOpenData_0099_2025_10_Full"
    shutil.copytree(base["folder"], wrong)
    with pytest.raises(CitymadeError, match="meta.csv"):
        import_extract(wrong, store_path=tmp_path / "x.duckdb")


def test_dry_run_checks_without_touching_the_store(store):
    before = digest(store)
    result = import_extract(FIXTURE, store_path=store, dry_run=True)
    assert result.dry_run and result.extract_number == 147
    assert result.deleted_keys["enterprise"] > 0
    assert digest(store) == before
    assert not list(store.parent.glob(".*importing*"))
