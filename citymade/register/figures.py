"""The Region's key figures on production: counts, by municipality, NACE division, start year.

Figures read the unit table built at import (:mod:`citymade.register.units`), so they answer in
milliseconds on a full-size store; asked for another production definition, they build it on the
fly in a temporary table first. An enterprise counts in a region when its seat or one of its
establishments is there; an establishment when its address is. The postal code → municipality map
is approximate (see :mod:`citymade.register.regions`).

The JSON contract (``figures_to_json``) is documented in ``docs/register.md``.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from citymade.i18n import _, active_language, normalise, resolve
from citymade.register.nace import shipped_codes
from citymade.register.production import ProductionDefinition, default_definition
from citymade.register.regions import DEFAULT_REGION, Region, region
from citymade.register.store import RegisterStore
from citymade.register.units import units_for

__all__ = [
    "BREAKDOWNS",
    "FORMATS",
    "breakdown_rows",
    "compute_figures",
    "figures_to_csv",
    "figures_to_json",
    "figures_to_markdown",
    "render_figures",
]

FORMATS = ("json", "csv", "markdown")
#: The tables of the figures, in the order they are shown and exported.
BREAKDOWNS = ("by_municipality", "by_nace_division", "by_start_year")
_DIVISION = "CASE WHEN k % 100000000 >= 100000 THEN (k % 100000000) // 100000 ELSE (k % 100000000) // 1000 END"


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _division_labels(store: RegisterStore, language: str) -> dict[int, str]:
    rows = store.fetchall(
        "SELECT category, code, lower(language), description FROM code "
        "WHERE category IN ('Nace2008', 'Nace2025') AND length(code) = 2"
    )
    table: dict[tuple[str, str], dict[str, str]] = {}
    for category, code, lang, text in rows:
        table.setdefault((category, code), {})[lang] = text
    shipped = shipped_codes()
    labels: dict[int, str] = {}
    for category in ("Nace2008", "Nace2025"):  # 2025 wins
        for (cat, code), names in list(table.items()) + list(shipped.items()):
            if cat != category or len(code) != 2 or not code.isdigit():
                continue
            merged = {**shipped.get((cat, code), {}), **names}
            text = merged.get(language) or merged.get("fr") or ""
            if text:
                labels[int(code)] = text.strip()
    return labels


def compute_figures(
    store: RegisterStore,
    *,
    region_key: str | Region = DEFAULT_REGION,
    definition: ProductionDefinition | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """Compute the key figures of production in a region (default Brussels-Capital)."""
    lang = normalise(language) if language else active_language()
    definition = definition or default_definition()
    reg = region_key if isinstance(region_key, Region) else region(region_key)
    info = store.info()
    table = units_for(store, definition)
    inside = reg.contains_sql("postal_code")
    r = f"(SELECT * FROM {table} WHERE postal_code IS NOT NULL AND {inside})"

    totals = store.fetchone(
        f"""
        SELECT count(DISTINCT enterprise),
               count(DISTINCT enterprise) FILTER (WHERE ent_production),
               count(*) FILTER (WHERE is_establishment),
               count(*) FILTER (WHERE is_establishment AND production),
               count(DISTINCT enterprise) FILTER (WHERE ent_employer),
               count(DISTINCT enterprise) FILTER (WHERE ent_production AND ent_employer)
        FROM {r}
        """
    ) or (0, 0, 0, 0, 0, 0)
    ent_active, ent_prod, est_active, est_prod, emp_active, emp_prod = (int(x) for x in totals)

    mapping = [(pc, i) for i, m in enumerate(reg.municipalities, 1) for pc in m.postal_codes]
    values = ", ".join(f"({pc}, {i})" for pc, i in mapping) or "(NULL, NULL)"
    muni_rows = store.fetchall(
        f"""
        WITH m(pc, idx) AS (VALUES {values}),
        r AS (SELECT u.*, coalesce(m.idx, 0) AS idx FROM {r} u LEFT JOIN m ON m.pc = u.postal_code)
        SELECT idx,
               count(DISTINCT enterprise) FILTER (WHERE ent_production),
               count(*) FILTER (WHERE is_establishment AND production),
               count(DISTINCT enterprise),
               count(*) FILTER (WHERE is_establishment),
               list(DISTINCT postal_code ORDER BY postal_code)
        FROM r GROUP BY idx ORDER BY idx
        """
    )
    found = {int(row[0]): row for row in muni_rows}
    by_municipality = []
    for i, m in enumerate(reg.municipalities, 1):
        row = found.get(i, (i, 0, 0, 0, 0, []))
        by_municipality.append(
            {
                "municipality": m.name(lang),
                "municipality_fr": m.fr,
                "municipality_nl": m.nl,
                "postal_codes": [str(pc) for pc in m.postal_codes],
                "production_enterprises": int(row[1]),
                "production_establishments": int(row[2]),
                "active_enterprises": int(row[3]),
                "active_establishments": int(row[4]),
            }
        )
    if 0 in found:
        row = found[0]
        by_municipality.append(
            {
                "municipality": resolve(reg.other, lang),
                "municipality_fr": resolve(reg.other, "fr"),
                "municipality_nl": resolve(reg.other, "nl"),
                "postal_codes": [str(pc) for pc in row[5]],
                "production_enterprises": int(row[1]),
                "production_establishments": int(row[2]),
                "active_enterprises": int(row[3]),
                "active_establishments": int(row[4]),
            }
        )

    division_rows = store.fetchall(
        f"""
        WITH e AS (SELECT DISTINCT enterprise, ent_primary_key AS k FROM {r} WHERE ent_production),
             s AS (SELECT primary_key AS k FROM {r} WHERE is_establishment AND production),
             both_ AS (SELECT {_DIVISION} AS division, 1 AS ent, 0 AS est FROM e
                       UNION ALL SELECT {_DIVISION}, 0, 1 FROM s)
        SELECT division, sum(ent), sum(est) FROM both_ GROUP BY division ORDER BY division
        """
    )
    labels = _division_labels(store, lang)
    by_nace_division = [
        {
            "division": f"{int(d):02d}",
            "label": labels.get(int(d), ""),
            "production_enterprises": int(e),
            "production_establishments": int(s),
        }
        for d, e, s in division_rows
        if d is not None
    ]

    year_rows = store.fetchall(
        f"""
        WITH e AS (SELECT DISTINCT enterprise, year(ent_start_date) AS y FROM {r} WHERE ent_production),
             s AS (SELECT year(start_date) AS y FROM {r} WHERE is_establishment AND production),
             both_ AS (SELECT y, 1 AS ent, 0 AS est FROM e UNION ALL SELECT y, 0, 1 FROM s)
        SELECT y, sum(ent), sum(est) FROM both_ WHERE y IS NOT NULL GROUP BY y ORDER BY y
        """
    )
    by_start_year = [
        {"year": int(y), "production_enterprises": int(e), "production_establishments": int(s)}
        for y, e, s in year_rows
    ]

    return {
        "snapshot_date": info.snapshot_date.isoformat(),
        "extract_number": info.extract_number,
        "region": {"key": reg.key, "name": reg.label(lang), "postal_codes": list(reg.postal_codes)},
        "production_definition": {
            "name": definition.name,
            "version": definition.version,
            "title": resolve(definition.title, lang),
            "classifications": list(definition.classifications),
            "families": [k for k in definition.enabled_families()],
        },
        "enterprises": {"active": ent_active, "production": ent_prod},
        "establishments": {"active": est_active, "production": est_prod},
        "production_share": {
            "enterprises": _share(ent_prod, ent_active),
            "establishments": _share(est_prod, est_active),
        },
        "employers": {"active": emp_active, "production": emp_prod},
        "employer_share": _share(emp_prod, ent_prod),
        "by_municipality": by_municipality,
        "by_nace_division": by_nace_division,
        "by_start_year": by_start_year,
        "notes": [
            _("An enterprise counts in the region when its seat or one of its establishments is there."),
            _("Municipalities are read from postal codes: the map is approximate."),
            _("The open data holds no employee counts: employers are those registered with the social security office (activity group 006)."),
        ],
    }


def figures_to_json(figures: dict[str, Any]) -> str:
    return json.dumps(figures, ensure_ascii=False, indent=2)


def breakdown_rows(figures: dict[str, Any], name: str) -> tuple[list[str], list[list[Any]]]:
    """(header, rows) of one breakdown table, as shown on the page and downloaded."""
    if name == "by_municipality":
        header = [_("Municipality"), _("Postal codes"), _("Production enterprises"),
                  _("Production establishments"), _("Active enterprises"), _("Active establishments")]
        rows = [[m["municipality"], " ".join(m["postal_codes"]), m["production_enterprises"],
                 m["production_establishments"], m["active_enterprises"], m["active_establishments"]]
                for m in figures["by_municipality"]]
    elif name == "by_nace_division":
        header = [_("NACE division"), _("Label"), _("Production enterprises"), _("Production establishments")]
        rows = [[d["division"], d["label"], d["production_enterprises"], d["production_establishments"]]
                for d in figures["by_nace_division"]]
    elif name == "by_start_year":
        header = [_("Start year"), _("Production enterprises"), _("Production establishments")]
        rows = [[y["year"], y["production_enterprises"], y["production_establishments"]]
                for y in figures["by_start_year"]]
    else:
        raise KeyError(name)
    return header, rows


def _summary_rows(figures: dict[str, Any]) -> list[list[Any]]:
    return [
        [_("Active enterprises"), figures["enterprises"]["active"]],
        [_("Production enterprises"), figures["enterprises"]["production"]],
        [_("Active establishments"), figures["establishments"]["active"]],
        [_("Production establishments"), figures["establishments"]["production"]],
        [_("Share of production among enterprises"), figures["production_share"]["enterprises"]],
        [_("Share of production among establishments"), figures["production_share"]["establishments"]],
        [_("Registered employers among production enterprises"), figures["employers"]["production"]],
        [_("Employer share of production enterprises"), figures["employer_share"]],
    ]


def figures_to_csv(figures: dict[str, Any]) -> str:
    """One CSV: the summary, then each breakdown, each block introduced by its name."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_("Figure"), _("Value")])
    writer.writerows(_summary_rows(figures))
    for name in BREAKDOWNS:
        header, rows = breakdown_rows(figures, name)
        writer.writerow([])
        writer.writerow([name])
        writer.writerow(header)
        writer.writerows(rows)
    return out.getvalue()


def _md_table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def figures_to_markdown(figures: dict[str, Any]) -> str:
    parts = [
        f"# {_('Production in the register')} — {figures['region']['name']}",
        _("Extract %(number)d of %(date)s · definition %(name)s v%(version)d (%(classes)s activities)")
        % {
            "number": figures["extract_number"],
            "date": figures["snapshot_date"],
            "name": figures["production_definition"]["name"],
            "version": figures["production_definition"]["version"],
            "classes": ", ".join(figures["production_definition"]["classifications"]),
        },
        _md_table([_("Figure"), _("Value")], _summary_rows(figures)),
    ]
    titles = {
        "by_municipality": _("By municipality"),
        "by_nace_division": _("By NACE division"),
        "by_start_year": _("By start year"),
    }
    for name in BREAKDOWNS:
        header, rows = breakdown_rows(figures, name)
        parts += [f"## {titles[name]}", _md_table(header, rows)]
    parts += ["", *[f"- {n}" for n in figures["notes"]]]
    return "\n\n".join(parts) + "\n"


def render_figures(figures: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return figures_to_json(figures)
    if fmt == "csv":
        return figures_to_csv(figures)
    return figures_to_markdown(figures)
