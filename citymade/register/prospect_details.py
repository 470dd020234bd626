"""What a prospect shows besides its reasons: names, the seat address, its establishments, its
activity codes with their labels; the record a prospect becomes in the portfolio; CSV and JSON.

Labels of NACE codes come from the extract's own ``code.csv`` (stored at import), else from the
table the package ships; the register has French and Dutch labels (English falls back to French
below the division, see :mod:`citymade.register.nace`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from citymade.register.nace import dotted, format_code, label
from citymade.register.regions import Region
from citymade.register.store import RegisterStore
from citymade.text import neutralise

if TYPE_CHECKING:
    from citymade.register.prospects import Prospect

__all__ = [
    "Establishment",
    "NaceCode",
    "code_labels",
    "division_labels",
    "enterprise_record",
    "fill_details",
    "format_enterprise",
    "format_establishment",
    "prospects_to_csv",
    "prospects_to_json",
]


@dataclass(slots=True)
class Establishment:
    number: str
    name: str
    street: str
    postal_code: str
    municipality: str

    @property
    def address(self) -> str:
        return ", ".join(x for x in (self.street, f"{self.postal_code} {self.municipality}".strip()) if x)


@dataclass(slots=True)
class NaceCode:
    code: str
    version: str
    label: str


def format_enterprise(number: int) -> str:
    digits = f"{number:010d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def format_establishment(number: int) -> str:
    digits = f"{number:010d}"
    return f"{digits[0]}.{digits[1:4]}.{digits[4:7]}.{digits[7:]}"


def code_labels(store: RegisterStore, language: str) -> Callable[[str, str], str]:
    """``labels("Nace2008", "95290")`` → the label in ``language``: the store's ``code`` table
    first, then the shipped one; a code neither lists takes its nearest parent's label."""
    table: dict[tuple[str, str], dict[str, str]] = {}
    if "code" in store.tables():
        for category, code, lang, text in store.fetchall(
            "SELECT category, code, lower(language), description FROM code WHERE category LIKE 'Nace%'"
        ):
            table.setdefault((category, code), {})[lang] = str(text).strip()

    def labels(category: str, code: str) -> str:
        # a code the table does not list (38320) takes its nearest parent's label (3832)
        for length in range(len(code), 1, -1):
            found = label(category, code[:length], language, labels=table)
            if found:
                return found.rstrip(" ;")
        return ""

    return labels


def division_labels(store: RegisterStore, language: str) -> dict[int, str]:
    """Division (two digits) → its label, NACE 2025 before 2008."""
    from citymade.register.figures import _division_labels

    return {d: text.rstrip(" ;") for d, text in _division_labels(store, language).items()}


def _street(street: Any, number: Any, box: Any) -> str:
    return " ".join(x for x in (str(street or ""), str(number or ""), f"bte {box}" if box else "") if x)


def _names_sql(entities: str) -> str:
    # One display name per entity: prefer the official name (001), then commercial, in FR, NL, other.
    return f"""
        SELECT entity, arg_min(denomination, (CASE type WHEN 1 THEN 0 WHEN 3 THEN 1 ELSE 2 END) * 10
                               + CASE language WHEN 1 THEN 0 WHEN 2 THEN 1 ELSE 2 END) AS name
        FROM denomination WHERE entity IN ({entities}) GROUP BY entity
    """


_ADDRESS = """
    SELECT entity, arg_min(coalesce(street_fr, street_nl), 0), arg_min(coalesce(street_nl, street_fr), 0),
           arg_min(house_number, 0), arg_min(box, 0), arg_min(zipcode, 0),
           arg_min(coalesce(municipality_fr, municipality_nl), 0), arg_min(coalesce(municipality_nl, municipality_fr), 0)
    FROM address WHERE type = '{kind}' AND entity IN ({entities}) GROUP BY entity
"""


def fill_details(
    store: RegisterStore, prospects: list[Prospect], reg: Region, lang: str, labels: Callable[[str, str], str]
) -> None:
    """Give each prospect its name, seat address, establishments and MAIN codes (one query each)."""
    if not prospects:
        return
    ids = ", ".join(p.enterprise_number.replace(".", "") for p in prospects)
    units = store.fetchall(
        f"SELECT DISTINCT enterprise, unit, postal_code FROM prospect_base WHERE enterprise IN ({ids}) ORDER BY 1, 2"
    )
    entities = ", ".join([ids] + [str(u) for _e, u, _pc in units])
    names = {int(e): str(n) for e, n in store.fetchall(_names_sql(entities))}
    seats = {int(r[0]): r for r in store.fetchall(_ADDRESS.format(kind="REGO", entities=ids))}
    places = {int(r[0]): r for r in store.fetchall(_ADDRESS.format(kind="BAET", entities=entities))}
    owner = {int(u): int(e) for e, u, _pc in units}
    codes: dict[int, set[tuple[int, int]]] = {}
    for entity, version, code in store.fetchall(
        f"SELECT DISTINCT entity, nace_version, nace_code FROM activity "
        f"WHERE classification = 'MAIN' AND entity IN ({entities})"
    ):
        codes.setdefault(owner.get(int(entity), int(entity)), set()).add((int(version), int(code)))

    def municipality(pc: Any, fr: Any, nl: Any) -> str:
        muni = reg.municipality_of(int(pc)) if str(pc or "").isdigit() else None
        return muni.name(lang) if muni else str((nl if lang == "nl" else fr) or fr or "")

    def address(row: Any) -> tuple[str, str, str]:
        _entity, st_fr, st_nl, number, box, zipcode, mun_fr, mun_nl = row
        street = st_nl if lang == "nl" and st_nl else st_fr
        return _street(street, number, box), str(zipcode or ""), municipality(zipcode, mun_fr, mun_nl)

    by_number = {int(p.enterprise_number.replace(".", "")): p for p in prospects}
    for enterprise, unit, pc in units:
        prospect = by_number[int(enterprise)]
        street, zipcode, muni = address(places[int(unit)]) if int(unit) in places else ("", str(pc), municipality(pc, "", ""))
        prospect.establishments.append(
            Establishment(number=format_establishment(int(unit)), name=names.get(int(unit), ""), street=street,
                          postal_code=zipcode, municipality=muni)
        )
    for number, prospect in by_number.items():
        first = prospect.establishments[0] if prospect.establishments else None
        prospect.name = names.get(number) or (first.name if first else "") or prospect.enterprise_number
        if number in seats:
            prospect.street, prospect.postal_code, prospect.municipality = address(seats[number])
        elif first is not None:
            prospect.street, prospect.postal_code, prospect.municipality = first.street, first.postal_code, first.municipality
        prospect.nace_codes = []
        for version, code in sorted(codes.get(number, set()), key=lambda vc: (-vc[0], vc[1])):
            text = dotted(format_code(code))
            if all(c.code != text for c in prospect.nace_codes):  # a code in two NACE versions: the newest
                prospect.nace_codes.append(
                    NaceCode(code=text, version=str(version), label=labels(f"Nace{version}", format_code(code)))
                )


def enterprise_record(store: RegisterStore, enterprise_number: str) -> dict[str, Any] | None:
    """What the portfolio takes from the register for one enterprise: its name, its seat address
    (else its first establishment's) and its distinct MAIN NACE codes, newest version first."""
    number = int(enterprise_number.replace(".", ""))
    row = store.fetchone("SELECT number, start_date FROM enterprise WHERE number = ?", [number])
    if row is None:
        return None
    name = store.scalar(f"SELECT name FROM ({_names_sql(str(number))})") or ""
    addr = store.fetchone(
        """
        SELECT coalesce(a.street_fr, a.street_nl), a.house_number, a.box, a.zipcode,
               coalesce(a.municipality_fr, a.municipality_nl)
        FROM address a
        WHERE (a.entity = ? AND a.type = 'REGO')
           OR (a.type = 'BAET' AND a.entity IN (SELECT number FROM establishment WHERE enterprise = ?))
        ORDER BY CASE a.type WHEN 'REGO' THEN 0 ELSE 1 END, a.entity LIMIT 1
        """,
        [number, number],
    )
    rows = store.fetchall(
        "SELECT DISTINCT nace_version, nace_code FROM activity WHERE classification = 'MAIN' AND "
        "(entity = ? OR entity IN (SELECT number FROM establishment WHERE enterprise = ?)) ORDER BY 1 DESC, 2",
        [number, number],
    )
    codes: list[str] = []
    for _version, code in rows:
        text = dotted(format_code(int(code)))
        if text not in codes:
            codes.append(text)
    return {
        "enterprise_number": format_enterprise(number),
        "name": str(name),
        "street": _street(addr[0], addr[1], addr[2]) if addr else "",
        "postal_code": str(addr[3] or "") if addr else "",
        "municipality": str(addr[4] or "") if addr else "",
        "nace_codes": codes,
        "start_date": row[1],
    }


def prospects_to_json(prospects: list[Prospect]) -> str:
    return json.dumps([asdict(p) for p in prospects], ensure_ascii=False, indent=2, default=str)


def prospects_to_csv(prospects: list[Prospect]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["enterprise_number", "name", "street", "postal_code", "municipality", "establishments",
         "nace_codes", "models", "reasons"]
    )
    for p in prospects:
        # Names come from the register: one starting with "=" must not run as a spreadsheet formula.
        writer.writerow(
            [neutralise(v) for v in (
                p.enterprise_number, p.name, p.street, p.postal_code, p.municipality,
                " | ".join(f"{e.number} {e.name}".strip() for e in p.establishments),
                " | ".join(f"{c.code} {c.label}".strip() for c in p.nace_codes),
                " ".join(p.models), " | ".join(r.text for r in p.reasons))]
        )
    return out.getvalue()

