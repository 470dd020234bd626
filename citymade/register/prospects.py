"""Prospects: enterprises with production establishments in a region whose activities or names
suggest one of the cluster's circular models.

One prospect per enterprise, its establishments (production, in the region) listed inside. Each
reason says what matched, once per enterprise:

* an **activity** of the enterprise or of one of those establishments whose NACE code belongs to a
  family tied to a model (repair → Make it Last, materials recovery → Close the Loop …), with the
  code and its label in the reader's language;
* a **word** in one of the enterprise's own names, or of one of its listed establishments' names
  (fr/nl/en keywords: repair, réemploi, upcycling, fiets …, matched without case or accents); the
  reason quotes that name and the word as it is written there, never a name of another entity.

Signals live in ``data/prospects.yaml``. Filters (model, municipality, NACE division) and the
enterprises to leave out (dismissed by an advisor) apply before the limit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from citymade.i18n import _, resolve
from citymade.register.nace import division_of, dotted, format_code
from citymade.register.production import ProductionDefinition, default_definition, nace_case_sql
from citymade.register.prospect_details import (
    Establishment,
    NaceCode,
    code_labels,
    division_labels,
    enterprise_record,
    fill_details,
    format_enterprise,
    format_establishment,
    prospects_to_csv,
    prospects_to_json,
)
from citymade.register.regions import DEFAULT_REGION, Region, region
from citymade.register.store import RegisterStore
from citymade.register.units import units_for

__all__ = [
    "Establishment",
    "NaceCode",
    "Prospect",
    "ProspectList",
    "Reason",
    "enterprise_record",
    "find_prospects",
    "format_enterprise",
    "format_establishment",
    "matched_word",
    "prospects_to_csv",
    "prospects_to_json",
    "signals",
]

SIGNALS_PATH = Path(__file__).resolve().parent / "data" / "prospects.yaml"


@dataclass(slots=True)
class Reason:
    model: str
    #: ``activity`` (a NACE code of the model's families) or ``name`` (a keyword in a name)
    kind: str
    text: str
    code: str = ""
    version: str = ""
    label: str = ""
    word: str = ""
    name: str = ""
    #: the establishment whose name or activity matched (empty: the enterprise itself)
    establishment: str = ""


@dataclass(slots=True)
class Prospect:
    enterprise_number: str
    name: str
    street: str = ""
    postal_code: str = ""
    municipality: str = ""
    establishments: list[Establishment] = field(default_factory=list)
    nace_codes: list[NaceCode] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)

    @property
    def address(self) -> str:
        """The seat's address on one line: ``Rue du Moulin 92, 1040 Etterbeek``."""
        return ", ".join(x for x in (self.street, f"{self.postal_code} {self.municipality}".strip()) if x)


@dataclass(slots=True)
class ProspectList:
    prospects: list[Prospect]
    #: prospects matching the filters, before the limit
    total: int
    #: the filters' choices among all prospects of the region: (key, label)
    models: list[tuple[str, str]] = field(default_factory=list)
    municipalities: list[tuple[str, str]] = field(default_factory=list)
    divisions: list[tuple[str, str]] = field(default_factory=list)


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in folded if not unicodedata.combining(c))


def matched_word(name: str, keyword: str) -> str:
    """The word(s) of ``name`` holding ``keyword`` (compared without case or accents), as written
    in ``name``: ``("Fietsatelier Vélo", "velo")`` → ``"Vélo"``; ``keyword`` when not found."""
    folded, origin = [], []
    for i, char in enumerate(name):
        for piece in _plain(char):
            folded.append(piece)
            origin.append(i)
    at = "".join(folded).find(keyword)
    if at < 0 or not keyword:
        return keyword
    start, end = origin[at], origin[at + len(keyword) - 1] + 1
    while start > 0 and name[start - 1].isalnum():
        start -= 1
    while end < len(name) and name[end].isalnum():
        end += 1
    return name[start:end]


@lru_cache(maxsize=1)
def signals() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SIGNALS_PATH.read_text(encoding="utf-8"))
    return data


_ENTITIES = """
    SELECT DISTINCT unit AS entity, enterprise FROM prospect_base
    UNION SELECT DISTINCT enterprise AS entity, enterprise FROM prospect_base
"""


def _activity_reasons(store: RegisterStore, models: dict[str, Any], labels: Any, lang: str) -> dict[int, list[Reason]]:
    code_case = nace_case_sql(signals()["nace"], version_col="a.nace_version", code_col="a.nace_code")
    out: dict[int, list[Reason]] = {}
    seen: set[tuple[int, str, int]] = set()
    for enterprise, version, code, model in store.fetchall(
        f"""
        WITH e AS ({_ENTITIES}),
        m AS (SELECT DISTINCT e.enterprise, a.nace_version, a.nace_code, {code_case} AS model
              FROM activity a JOIN e ON a.entity = e.entity)
        SELECT * FROM m WHERE model IS NOT NULL ORDER BY 1, 2 DESC, 3
        """
    ):
        if (int(enterprise), model, int(code)) in seen:  # the same code in an older NACE version
            continue
        seen.add((int(enterprise), model, int(code)))
        text_code = format_code(int(code))
        label = labels(f"Nace{version}", text_code)
        reason = Reason(
            model=model,
            kind="activity",
            code=dotted(text_code),
            version=str(version),
            label=label,
            text="",
        )
        params = {"code": reason.code, "label": label or "—", "version": version, "model": resolve(models[model], lang)}
        reason.text = _("activity %(code)s “%(label)s” (NACE %(version)s): %(model)s") % params
        out.setdefault(int(enterprise), []).append(reason)
    return out


def _name_reasons(store: RegisterStore, models: dict[str, Any], lang: str) -> dict[int, list[Reason]]:
    keywords = [(m, _plain(k)) for m, kws in signals()["keywords"].items() for k in kws]
    kw_values = ", ".join("('{}', '{}')".format(m, k.replace("'", "''")) for m, k in keywords)
    rows = store.fetchall(
        f"""
        WITH kw(model, keyword) AS (VALUES {kw_values}),
        e AS ({_ENTITIES}),
        n AS (SELECT e.enterprise, e.entity, d.denomination FROM denomination d JOIN e ON d.entity = e.entity)
        SELECT DISTINCT n.enterprise, n.entity, kw.model, kw.keyword, n.denomination FROM n
        JOIN kw ON contains(strip_accents(lower(n.denomination)), kw.keyword)
        ORDER BY 1, 3, 4, (n.entity <> n.enterprise), 2, 5
        """
    )
    out: dict[int, list[Reason]] = {}
    seen: set[tuple[int, str, str]] = set()
    words: set[tuple[int, str, str, str]] = set()
    for enterprise, entity, model, keyword, name in rows:
        key = (int(enterprise), model, keyword)
        if key in seen:  # one reason per keyword: the enterprise's own name first, then an establishment's
            continue
        seen.add(key)
        word = matched_word(str(name), keyword)
        if (int(enterprise), model, str(name), word) in words:  # "Fietsatelier" holds fiets and atelier
            continue
        words.add((int(enterprise), model, str(name), word))
        own = int(entity) == int(enterprise)
        params = {"name": name, "word": word, "model": resolve(models[model], lang)}
        if own:
            text = _("the name “%(name)s” contains “%(word)s”: %(model)s") % params
        else:
            params["number"] = format_establishment(int(entity))
            text = _("the establishment name “%(name)s” (%(number)s) contains “%(word)s”: %(model)s") % params
        out.setdefault(int(enterprise), []).append(
            Reason(
                model=model, kind="name", text=text, word=word, name=str(name),
                establishment="" if own else format_establishment(int(entity)),
            )
        )
    return out


def find_prospects(
    store: RegisterStore,
    *,
    region_key: str | Region = DEFAULT_REGION,
    definition: ProductionDefinition | None = None,
    language: str | None = None,
    limit: int | None = None,
    model: str | None = None,
    municipality: str | None = None,
    division: str | None = None,
    exclude: Collection[str] = (),
    only: Collection[str] | None = None,
) -> ProspectList:
    """Enterprises with production establishments in the region and at least one circular signal.

    ``model`` (a model key), ``municipality`` (the first postal code of a municipality of the
    region) and ``division`` (two digits) narrow the list; ``exclude`` leaves out enterprise
    numbers (``0123.456.789``), ``only`` keeps just those. ``limit`` applies last.
    """
    definition = definition or default_definition()
    reg = region_key if isinstance(region_key, Region) else region(region_key)
    lang = language or "fr"
    table = units_for(store, definition)
    models = signals()["models"]
    store.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE prospect_base AS
        SELECT unit, enterprise, postal_code FROM {table}
        WHERE is_establishment AND production AND postal_code IS NOT NULL
          AND {reg.contains_sql("postal_code")}
        """
    )
    try:
        labels = code_labels(store, lang)
        reasons = _activity_reasons(store, models, labels, lang)
        for enterprise, found in _name_reasons(store, models, lang).items():
            reasons.setdefault(enterprise, []).extend(found)
        postal: dict[int, set[int]] = {}
        for enterprise, pc in store.fetchall("SELECT DISTINCT enterprise, postal_code FROM prospect_base"):
            postal.setdefault(int(enterprise), set()).add(int(pc))
        divisions: dict[int, set[int]] = {}
        for enterprise, code in store.fetchall(
            f"""WITH e AS ({_ENTITIES}) SELECT DISTINCT e.enterprise, a.nace_code FROM activity a
                JOIN e ON a.entity = e.entity WHERE a.classification = 'MAIN'"""
        ):
            divisions.setdefault(int(enterprise), set()).add(division_of(int(code)))
        for enterprise, found in reasons.items():
            divisions.setdefault(enterprise, set()).update(
                int(r.code[:2]) for r in found if r.kind == "activity" and r.code[:2].isdigit()
            )
        choices = _choices(reasons, postal, divisions, reg, models, store, lang)
        excluded = {n for n in exclude}
        kept = None if only is None else set(only)
        muni = next((m for m in reg.municipalities if str(m.postal_codes[0]) == municipality), None)
        chosen = []
        for enterprise in sorted(reasons):
            number = format_enterprise(enterprise)
            if number in excluded or (kept is not None and number not in kept):
                continue
            if model and not any(r.model == model for r in reasons[enterprise]):
                continue
            if municipality and (muni is None or not postal.get(enterprise, set()) & set(muni.postal_codes)):
                continue
            if division and (not division.isdigit() or int(division) not in divisions.get(enterprise, set())):
                continue
            chosen.append(enterprise)
        total = len(chosen)
        chosen = chosen[: limit or None]
        prospects = [
            Prospect(
                enterprise_number=format_enterprise(e),
                name="",
                models=sorted({r.model for r in reasons[e]}),
                reasons=reasons[e],
            )
            for e in chosen
        ]
        fill_details(store, prospects, reg, lang, labels)
    finally:
        store.execute("DROP TABLE IF EXISTS prospect_base")
    return ProspectList(prospects=prospects, total=total, **choices)


def _choices(
    reasons: dict[int, list[Reason]],
    postal: dict[int, set[int]],
    divisions: dict[int, set[int]],
    reg: Region,
    models: dict[str, Any],
    store: RegisterStore,
    lang: str,
) -> dict[str, list[tuple[str, str]]]:
    """The filters' choices: the models, municipalities and divisions some prospect has."""
    found_models = {r.model for found in reasons.values() for r in found}
    codes = {pc for e in reasons for pc in postal.get(e, set())}
    found_divisions = sorted({d for e in reasons for d in divisions.get(e, set())})
    names = division_labels(store, lang)
    return {
        "models": [(key, resolve(label, lang)) for key, label in models.items() if key in found_models],
        "municipalities": sorted(
            ((str(m.postal_codes[0]), m.name(lang)) for m in reg.municipalities if codes & set(m.postal_codes)),
            key=lambda item: _plain(item[1]),
        ),
        "divisions": [(f"{d:02d}", f"{d:02d} · {names.get(d, '')}".rstrip(" ·")) for d in found_divisions],
    }
