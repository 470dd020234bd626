"""Prospects: production establishments in a region whose activities or names suggest a circular model.

Each prospect carries its reasons: an activity code of a family tied to one of the cluster's four
models (repair → Make it Last, materials recovery → Close the Loop …) or a keyword found in the name
of the establishment or of its enterprise (fr/nl/en: repair, reuse, reclaimed, upcycling,
recycling, second-hand, bicycle, workshop …). Signals live in ``data/prospects.yaml``.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from citymade.i18n import _, resolve
from citymade.register.nace import dotted, format_code
from citymade.register.production import ProductionDefinition, default_definition, nace_case_sql
from citymade.register.regions import DEFAULT_REGION, Region, region
from citymade.register.store import RegisterStore
from citymade.register.units import units_for
from citymade.text import neutralise

__all__ = [
    "Prospect",
    "enterprise_record",
    "find_prospects",
    "format_enterprise",
    "format_establishment",
    "prospects_to_csv",
    "prospects_to_json",
    "signals",
]

SIGNALS_PATH = Path(__file__).resolve().parent / "data" / "prospects.yaml"


@dataclass(slots=True)
class Prospect:
    enterprise_number: str
    establishment_number: str
    name: str
    street: str
    postal_code: str
    municipality: str
    nace_codes: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def format_enterprise(number: int) -> str:
    digits = f"{number:010d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def format_establishment(number: int) -> str:
    digits = f"{number:010d}"
    return f"{digits[0]}.{digits[1:4]}.{digits[4:7]}.{digits[7:]}"


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in folded if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def signals() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SIGNALS_PATH.read_text(encoding="utf-8"))
    return data


def _names_sql(entities: str) -> str:
    # One display name per entity: prefer the official name (001), then commercial, in FR, NL, other.
    return f"""
        SELECT entity, arg_min(denomination, (CASE type WHEN 1 THEN 0 WHEN 3 THEN 1 ELSE 2 END) * 10
                               + CASE language WHEN 1 THEN 0 WHEN 2 THEN 1 ELSE 2 END) AS name
        FROM denomination WHERE entity IN ({entities}) GROUP BY entity
    """


def find_prospects(
    store: RegisterStore,
    *,
    region_key: str | Region = DEFAULT_REGION,
    definition: ProductionDefinition | None = None,
    language: str | None = None,
    limit: int | None = None,
) -> list[Prospect]:
    """Production establishments in the region with at least one circular signal, with reasons."""
    definition = definition or default_definition()
    reg = region_key if isinstance(region_key, Region) else region(region_key)
    table = units_for(store, definition)
    sig = signals()
    models = sig["models"]
    store.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE prospect_base AS
        SELECT unit, enterprise, postal_code FROM {table}
        WHERE is_establishment AND production AND postal_code IS NOT NULL
          AND {reg.contains_sql("postal_code")}
        """
    )
    entities = "SELECT unit FROM prospect_base UNION SELECT enterprise FROM prospect_base"
    reasons: dict[int, list[tuple[str, str]]] = {}

    code_case = nace_case_sql(sig["nace"])
    for unit, version, code, model in store.fetchall(
        f"""
        WITH a AS (SELECT entity, nace_version, nace_code, {code_case} AS model
                   FROM activity WHERE entity IN ({entities}))
        SELECT DISTINCT b.unit, a.nace_version, a.nace_code, a.model FROM prospect_base b
        JOIN a ON a.entity = b.unit OR a.entity = b.enterprise
        WHERE a.model IS NOT NULL ORDER BY 1, 2 DESC, 3
        """
    ):
        text = _("activity %(code)s (NACE %(version)s) suggests %(model)s") % {
            "code": dotted(format_code(int(code))),
            "version": version,
            "model": resolve(models[model], language),
        }
        reasons.setdefault(int(unit), []).append((model, text))

    keywords = [(m, _plain(k)) for m, kws in sig["keywords"].items() for k in kws]
    kw_values = ", ".join(
        "('{}', '{}')".format(m, k.replace("'", "''")) for m, k in keywords
    )
    for unit, model, keyword, name in store.fetchall(
        f"""
        WITH kw(model, keyword) AS (VALUES {kw_values}),
        n AS (SELECT entity, denomination FROM denomination WHERE entity IN ({entities})),
        hits AS (
            SELECT b.unit, n.denomination FROM prospect_base b JOIN n ON n.entity = b.unit
            UNION SELECT b.unit, n.denomination FROM prospect_base b JOIN n ON n.entity = b.enterprise
        )
        SELECT DISTINCT h.unit, kw.model, kw.keyword, h.denomination FROM hits h
        JOIN kw ON contains(strip_accents(lower(h.denomination)), kw.keyword)
        ORDER BY 1, 2, 3
        """
    ):
        text = _("name “%(name)s” contains “%(keyword)s”: %(model)s") % {
            "name": name,
            "keyword": keyword,
            "model": resolve(models[model], language),
        }
        reasons.setdefault(int(unit), []).append((model, text))

    if not reasons:
        return []
    chosen = sorted(reasons)[: limit or None]
    ids = ", ".join(str(u) for u in chosen)
    details = store.fetchall(
        f"""
        WITH b AS (SELECT * FROM prospect_base WHERE unit IN ({ids})),
             own AS ({_names_sql("SELECT unit FROM b")}),
             ent AS ({_names_sql("SELECT enterprise FROM b")}),
             adr AS (SELECT entity, arg_min(coalesce(street_fr, street_nl), 0) AS street_fr,
                            arg_min(coalesce(street_nl, street_fr), 0) AS street_nl,
                            arg_min(house_number, 0) AS house_number, arg_min(box, 0) AS box,
                            arg_min(municipality_fr, 0) AS municipality_fr,
                            arg_min(municipality_nl, 0) AS municipality_nl
                     FROM address WHERE type = 'BAET' AND entity IN (SELECT unit FROM b) GROUP BY entity),
             codes AS (SELECT entity, list(DISTINCT nace_version::VARCHAR || ':' || nace_code::VARCHAR) AS codes
                       FROM activity WHERE classification = 'MAIN' AND entity IN (SELECT unit FROM b UNION SELECT enterprise FROM b)
                       GROUP BY entity)
        SELECT b.unit, b.enterprise, b.postal_code, coalesce(own.name, ent.name, ''),
               adr.street_fr, adr.street_nl, adr.house_number, adr.box, adr.municipality_fr, adr.municipality_nl,
               coalesce(c1.codes, c2.codes, [])
        FROM b LEFT JOIN own ON own.entity = b.unit LEFT JOIN ent ON ent.entity = b.enterprise
        LEFT JOIN adr ON adr.entity = b.unit
        LEFT JOIN codes c1 ON c1.entity = b.unit LEFT JOIN codes c2 ON c2.entity = b.enterprise
        ORDER BY b.unit
        """
    )
    lang = language or "fr"
    out = []
    for unit, enterprise, pc, name, st_fr, st_nl, number, box, mun_fr, mun_nl, codes in details:
        street = st_nl if lang == "nl" and st_nl else (st_fr or st_nl or "")
        street = " ".join(x for x in (street, number or "", f"bte {box}" if box else "") if x)
        muni = reg.municipality_of(int(pc))
        municipality = muni.name(lang) if muni else (mun_nl if lang == "nl" else mun_fr) or ""
        nace = sorted(
            {f"{dotted(format_code(int(c.split(':')[1])))} ({c.split(':')[0]})" for c in codes}
        )
        unit_reasons = reasons[int(unit)]
        out.append(
            Prospect(
                enterprise_number=format_enterprise(int(enterprise)),
                establishment_number=format_establishment(int(unit)),
                name=str(name),
                street=street,
                postal_code=str(pc),
                municipality=municipality,
                nace_codes=nace,
                models=sorted({m for m, _t in unit_reasons}),
                reasons=[t for _m, t in unit_reasons],
            )
        )
    store.execute("DROP TABLE IF EXISTS prospect_base")
    return out


def enterprise_record(store: RegisterStore, enterprise_number: str) -> dict[str, Any] | None:
    """Name, seat (or first establishment) address and MAIN NACE codes of one enterprise."""
    number = int(enterprise_number.replace(".", ""))
    row = store.fetchone("SELECT number, start_date FROM enterprise WHERE number = ?", [number])
    if row is None:
        return None
    name = store.scalar(
        f"SELECT name FROM ({_names_sql(str(number))})"
    ) or ""
    addr = store.fetchone(
        """
        SELECT coalesce(a.street_fr, a.street_nl), a.house_number, a.box, a.zipcode,
               coalesce(a.municipality_fr, a.municipality_nl)
        FROM address a
        WHERE a.entity = ? OR a.entity IN (SELECT number FROM establishment WHERE enterprise = ?)
        ORDER BY CASE a.type WHEN 'REGO' THEN 0 ELSE 1 END, a.entity LIMIT 1
        """,
        [number, number],
    )
    codes = store.fetchall(
        "SELECT DISTINCT nace_version, nace_code FROM activity WHERE classification = 'MAIN' AND "
        "(entity = ? OR entity IN (SELECT number FROM establishment WHERE enterprise = ?)) ORDER BY 1 DESC, 2",
        [number, number],
    )
    street = ""
    if addr:
        street = " ".join(x for x in (addr[0] or "", addr[1] or "", f"bte {addr[2]}" if addr[2] else "") if x)
    return {
        "enterprise_number": format_enterprise(number),
        "name": str(name),
        "street": street,
        "postal_code": (addr[3] or "") if addr else "",
        "municipality": (addr[4] or "") if addr else "",
        "nace_codes": [dotted(format_code(int(c))) for _v, c in codes],
        "start_date": row[1],
    }


def prospects_to_json(prospects: list[Prospect]) -> str:
    return json.dumps([asdict(p) for p in prospects], ensure_ascii=False, indent=2)


def prospects_to_csv(prospects: list[Prospect]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["enterprise_number", "establishment_number", "name", "street", "postal_code",
         "municipality", "nace_codes", "models", "reasons"]
    )
    for p in prospects:
        # Names come from the register: one starting with "=" must not run as a spreadsheet formula.
        writer.writerow(
            [neutralise(v) for v in (
                p.enterprise_number, p.establishment_number, p.name, p.street, p.postal_code,
                p.municipality, " ".join(p.nace_codes), " ".join(p.models), " | ".join(p.reasons))]
        )
    return out.getvalue()
