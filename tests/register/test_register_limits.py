"""An extract that is cut short, a zip bomb, an endless header line, and what a killed import left."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest

from citymade.errors import CitymadeError
from citymade.register.importer import import_extract
from citymade.register.integrity import check_archive
from citymade.register.synth import generate_full
from tests.register.kbo_factory import SMALL, write_full
from tests.test_tempfiles import dead_pid


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Path:
    return generate_full(tmp_path_factory.mktemp("synth"), scale=0.002, extract_number=146, snapshot_date=dt.date(2025, 10, 10)).folder


def _copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


def _zip(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{folder.name}/{path.name}")
    return target


def test_an_enterprise_file_cut_on_a_line_boundary_is_refused(full, tmp_path):
    folder = _copy(full, tmp_path)
    lines = (folder / "enterprise.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) > 1000
    (folder / "enterprise.csv").write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    store = tmp_path / "register.duckdb"
    with pytest.raises(CitymadeError) as refused:
        import_extract(folder, store_path=store)
    assert refused.value.location.file == "enterprise.csv"
    assert "enterprise.csv" in str(refused.value)
    assert not store.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]


def test_the_whole_extract_and_a_few_unlisted_enterprises_are_accepted(full, tmp_path):
    # The small register names an enterprise the register no longer lists (as the real one does).
    import_extract(write_full(tmp_path / "small", SMALL), store_path=tmp_path / "small.duckdb")
    result = import_extract(full, store_path=tmp_path / "register.duckdb")
    assert result.rows["enterprise"] > 1000


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path):
    folder = write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL)
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for path in sorted(folder.iterdir()):
            if path.name != "activity.csv":
                out.write(path, path.name)
        with out.open("activity.csv", "w") as member:  # 256 MB of one byte: packs to ~250 KB
            block = b"0" * (1 << 20)
            for _ in range(256):
                member.write(block)
    assert archive.stat().st_size < 2 * 1024**2
    work = tmp_path / "data"
    work.mkdir()
    with pytest.raises(CitymadeError, match="activity.csv") as refused:
        import_extract(archive, store_path=work / "register.duckdb")
    assert "100" in refused.value.message
    assert list(work.iterdir()) == [], "nothing unpacked, nothing left"


def test_an_archive_unpacking_to_more_than_the_limit_is_refused(tmp_path):
    archive = _zip(write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL), tmp_path / "x.zip")
    with zipfile.ZipFile(archive) as opened:
        total = sum(m.file_size for m in opened.infolist())
        check_archive(opened, archive, tmp_path, max_unpacked=total)
        with pytest.raises(CitymadeError, match="unpack"):
            check_archive(opened, archive, tmp_path, max_unpacked=total - 1)


@pytest.mark.parametrize("file", ["enterprise.csv", "meta.csv"])
def test_a_header_line_over_64_kb_names_the_file_and_the_line(tmp_path, file):
    folder = write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL)
    path = folder / file
    path.write_text('"' + "A" * 130_000 + '"\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CitymadeError) as refused:
        import_extract(folder, store_path=tmp_path / "register.duckdb")
    assert refused.value.location.file == file and refused.value.location.line == 1
    assert "65536" in refused.value.message


def test_a_killed_imports_files_are_removed_at_the_next_import(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    gone = dead_pid()
    leftovers = [data / f".register.duckdb.importing-{gone}", data / f".register.duckdb.importing-{gone}.wal"]
    for path in leftovers:
        path.write_bytes(b"half a store")
    (data / f"citymade-extract-{gone}-abcd").mkdir()
    (data / f"citymade-extract-{gone}-abcd" / "activity.csv").write_text("half")
    import_extract(write_full(tmp_path / "small", SMALL), store_path=data / "register.duckdb")
    assert sorted(p.name for p in data.iterdir()) == ["register.duckdb"]
