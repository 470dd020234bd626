"""Write small KBO/BCE extracts in the exact dialect, row by row, for tests that need known answers."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from citymade.register.dialect import TABLES
from citymade.register.nace import CODES_PATH

DATE_COLUMNS = {"StartDate", "DateStrikingOff"}


def _cell(column: str, value: object) -> str:
    if value is None:
        return ""
    if column in DATE_COLUMNS:
        return str(value)
    return '"' + str(value).replace('"', '""') + '"'


def write_full(folder: Path, rows: dict[str, list[tuple[object, ...]]], *, number: int = 140,
               snapshot: dt.date = dt.date(2025, 10, 1)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta.csv").write_text(
        '"Variable","Value"\n'
        f'"SnapshotDate","{snapshot:%d-%m-%Y}"\n"ExtractTimestamp","{snapshot:%d-%m-%Y} 07:00:00"\n'
        f'"ExtractType","full"\n"ExtractNumber","{number}"\n"Version","1.0.0"\n',
        encoding="utf-8",
    )
    shutil.copyfile(CODES_PATH, folder / "code.csv")
    for name, table in TABLES.items():
        lines = [",".join(f'"{c}"' for c in table.header)]
        for row in rows.get(name, []):
            lines.append(",".join(_cell(c, v) for c, v in zip(table.header, row, strict=True)))
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def address(entity: str, kind: str, zipcode: str, town: str = "Bruxelles") -> tuple[object, ...]:
    return (entity, kind, None, None, zipcode, town, town, "Rue X", "Rue X", "1", "", "", None)


#: A tiny register with known answers (see test_register_figures.py).
SMALL: dict[str, list[tuple[object, ...]]] = {
    "enterprise": [
        ("0403.170.701", "AC", "000", "2", "014", None, "01-02-2001"),  # A: seat 1000, food, employer
        ("0202.239.951", "AC", "000", "2", "014", None, "15-06-2010"),  # B: seat Antwerp, est 1050 recovery
        ("0417.497.106", "AC", "000", "2", "014", None, "01-01-2015"),  # C: seat 1030, 2025 disposal
        ("0400.378.485", "AC", "000", "1", None, None, "03-03-2020"),   # D: natural person, est 1070 repair
        ("0401.574.852", "AC", "000", "2", "610", None, "04-04-2020"),  # E: seat 1000, 2025 recovery
    ],
    "establishment": [
        ("2.000.000.001", "01-01-2011", "0202.239.951"),
        ("2.000.000.002", "01-01-2021", "0400.378.485"),
        ("2.000.000.003", "01-01-2021", "0999.999.999"),  # enterprise the register no longer lists
    ],
    "address": [
        address("0403.170.701", "REGO", "1000"),
        address("0202.239.951", "REGO", "2000", "Antwerpen"),
        address("0417.497.106", "REGO", "1030", "Schaerbeek"),
        address("0401.574.852", "REGO", "1000"),
        address("2.000.000.001", "BAET", "1050", "Ixelles"),
        address("2.000.000.002", "BAET", "1070", "Anderlecht"),
        address("2.000.000.003", "BAET", "1000"),
    ],
    "denomination": [
        ("0403.170.701", "1", "001", 'Boulangerie "Le Pain", Dupont'),
        ("0202.239.951", "2", "001", "Metaal Recuperatie NV"),
        ("0417.497.106", "1", "001", "Déchets SA"),
        ("0400.378.485", "0", "001", "Peeters, Jan"),
        ("2.000.000.002", "1", "003", "Fietsatelier Vélo"),
        ("0401.574.852", "1", "001", "Matériaux SRL"),
    ],
    "activity": [
        ("0403.170.701", "001", "2025", "10711", "MAIN"),
        ("0403.170.701", "001", "2008", "10711", "MAIN"),
        ("0403.170.701", "006", "2025", "10711", "MAIN"),
        ("0202.239.951", "001", "2008", "46770", "MAIN"),
        ("2.000.000.001", "001", "2008", "38320", "MAIN"),
        ("0417.497.106", "001", "2025", "38300", "MAIN"),
        ("0417.497.106", "001", "2025", "10711", "SECO"),
        ("2.000.000.002", "001", "2008", "95290", "MAIN"),
        ("0401.574.852", "001", "2025", "38210", "MAIN"),
        ("2.000.000.003", "001", "2025", "10711", "MAIN"),
    ],
}
