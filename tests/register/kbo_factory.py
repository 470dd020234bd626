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


def _seat(entity: str, zipcode: str, street: str, town: str) -> tuple[object, ...]:
    return (entity, "REGO", None, None, zipcode, town, town, street, street, "5", "", "", None)


#: SMALL plus two enterprises for the prospect list: F with three establishments in Brussels that
#: all repair shoes (one reason, not three), a keyword in its own name and one in an establishment's;
#: G making and renting bicycles in Molenbeek.
PROSPECTS: dict[str, list[tuple[object, ...]]] = {
    table: list(rows) for table, rows in SMALL.items()
}
PROSPECTS["enterprise"] += [
    ("0410.555.567", "AC", "000", "2", "014", None, "01-01-2018"),  # F
    ("0410.666.623", "AC", "000", "1", None, None, "01-01-2019"),   # G
]
PROSPECTS["establishment"] += [
    ("2.000.000.011", "01-01-2018", "0410.555.567"),
    ("2.000.000.012", "01-01-2018", "0410.555.567"),
    ("2.000.000.013", "01-01-2018", "0410.555.567"),
    ("2.000.000.021", "01-01-2019", "0410.666.623"),
]
PROSPECTS["address"] += [
    _seat("0410.555.567", "1000", "Rue du Siège", "Bruxelles"),
    address("2.000.000.011", "BAET", "1000"),
    address("2.000.000.012", "BAET", "1060", "Saint-Gilles"),
    address("2.000.000.013", "BAET", "1190", "Forest"),
    address("2.000.000.021", "BAET", "1080", "Molenbeek-Saint-Jean"),
]
PROSPECTS["denomination"] += [
    ("0410.555.567", "1", "001", "Atelier Réemploi SRL"),
    ("2.000.000.011", "1", "003", "Cordonnerie du Midi"),
    ("2.000.000.013", "2", "003", "Fiets Hub"),
    ("0410.666.623", "0", "001", "Dupont, Marc"),
    ("2.000.000.021", "1", "003", "Cycles Dupont"),
]
PROSPECTS["activity"] += [
    ("0410.555.567", "001", "2008", "95230", "MAIN"),
    ("0410.555.567", "001", "2025", "95230", "MAIN"),
    ("2.000.000.011", "001", "2008", "95230", "MAIN"),
    ("2.000.000.012", "001", "2008", "95230", "MAIN"),
    ("2.000.000.013", "001", "2008", "95230", "MAIN"),
    ("2.000.000.021", "001", "2008", "30920", "MAIN"),  # makes bicycles (production) …
    ("2.000.000.021", "001", "2008", "77210", "SECO"),  # … and rents them
]
