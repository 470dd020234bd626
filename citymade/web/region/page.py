"""What the Region page shows: the figures of the store for one measure (enterprises or
establishments), municipalities sorted by size, the tile map, the change since the previous extract,
dates and numbers written the reader's way (Babel)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from django.utils.translation import gettext as _

from citymade.errors import CitymadeError
from citymade.i18n import resolve
from citymade.register.figures import compute_figures
from citymade.register.history import TOTAL, previous_figures
from citymade.register.production import default_definition
from citymade.register.regions import region
from citymade.register.store import open_store
from citymade.web.region.charts import bar_chart
from citymade.web.region.maps import MapTile, region_map
from citymade.web.region.services import store_path

__all__ = ["MEASURES", "babel_locale", "long_date", "measure_from", "number", "region_page"]

MEASURES = ("enterprises", "establishments")
_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}


def babel_locale(language: str) -> str:
    return _LOCALES.get((language or "fr")[:2], "fr_BE")


def long_date(value: dt.date | str | None, language: str) -> str:
    """``1 octobre 2025`` / ``1 oktober 2025`` / ``1 October 2025``."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return format_date(value, format="long", locale=babel_locale(language))


def number(value: int | float, language: str) -> str:
    return format_decimal(value, locale=babel_locale(language))


def signed(value: int, language: str) -> str:
    if value == 0:
        return _("no change")
    return ("+" if value > 0 else "−") + number(abs(value), language)


def measure_from(value: str | None) -> str:
    return value if value in MEASURES else MEASURES[0]


def measure_label(measure: str) -> str:
    return _("production enterprises") if measure == "enterprises" else _("production establishments")


def _store_state(language: str) -> dict[str, Any]:
    """The figures and what the store says about itself; ``figures`` is ``None`` without a store."""
    path = store_path()
    if not path.exists():
        return {"figures": None, "problem": ""}
    try:
        with open_store(path) as store:
            figures = compute_figures(store, language=language)
            info = store.info()
            previous = previous_figures(store, figures["region"]["key"], info.extract_number)
    except CitymadeError as exc:
        return {"figures": None, "problem": exc.message}
    return {"figures": figures, "info": info, "previous": previous, "problem": ""}


def region_page(language: str, measure: str) -> dict[str, Any]:
    """The context of the Region page (``figures`` is ``None`` when the store has no data)."""
    state = _store_state(language)
    context: dict[str, Any] = {"figures": None, "problem": state["problem"], "measure": measure,
                               "measures": [(m, measure_label(m)) for m in MEASURES]}
    figures = state["figures"]
    if figures is None:
        return context
    info, previous = state["info"], state["previous"]
    key = f"production_{measure}"
    index = 0 if measure == "enterprises" else 1
    label = measure_label(measure)

    def fmt(value: int) -> str:
        return number(value, language)

    municipalities = [m for m in figures["by_municipality"] if m["municipality_fr"] != _other_fr(figures)]
    others = [m for m in figures["by_municipality"] if m["municipality_fr"] == _other_fr(figures)]
    municipalities.sort(key=lambda m: (-m[key], m["municipality"]))
    rows = []
    for m in [*municipalities, *others]:
        change = None
        if previous is not None and m["municipality_fr"] in previous.counts:
            change = m[key] - previous.counts[m["municipality_fr"]][index]
        rows.append({
            "name": m["municipality"],
            "postal_codes": " ".join(m["postal_codes"]),
            "value": number(m[key], language),
            "active": number(m[f"active_{measure}"], language),
            "change": signed(change, language) if change is not None else "",
            "other": m in others,
        })
    chart_title = _("Production by municipality — %(measure)s") % {"measure": label}
    bars = [(m["municipality"], int(m[key])) for m in [*municipalities, *others]]
    tiles = {
        m["municipality_fr"]: MapTile(key=m["municipality_fr"], name=m["municipality"], value=int(m[key]),
                                      text=number(m[key], language))
        for m in municipalities
    }
    map_svg = region_map(
        tiles,
        title=_("Map of the 19 municipalities — %(measure)s") % {"measure": label},
        legend_title=_("Number of %(measure)s") % {"measure": label},
        number=fmt,
    ) if tiles else None

    divisions = sorted(figures["by_nace_division"], key=lambda d: (-d[key], d["division"]))
    years = [y for y in figures["by_start_year"] if y["year"] >= 1990]
    total = figures[measure]["production"]
    total_change = None
    if previous is not None and TOTAL in previous.counts:
        total_change = signed(total - previous.counts[TOTAL][index], language)
    context.update({
        "figures": figures,
        "measure_label": label,
        "snapshot": long_date(info.snapshot_date, language),
        "imported": long_date(info.imported_at, language),
        "extract_number": info.extract_number,
        "previous": previous and {"number": previous.extract_number, "date": long_date(previous.snapshot_date, language)},
        "total": number(total, language),
        "total_change": total_change,
        "cards": {
            "enterprises": number(figures["enterprises"]["production"], language),
            "enterprises_active": number(figures["enterprises"]["active"], language),
            "establishments": number(figures["establishments"]["production"], language),
            "establishments_active": number(figures["establishments"]["active"], language),
            "share": format_decimal(figures["production_share"]["enterprises"] * 100, format="0.#", locale=babel_locale(language)),
            "employer_share": format_decimal(figures["employer_share"] * 100, format="0.#", locale=babel_locale(language)),
            "employers": number(figures["employers"]["production"], language),
        },
        "municipality_rows": rows,
        "municipality_chart": bar_chart(chart_title, bars, number=fmt),
        "municipality_title": chart_title,
        "map": map_svg,
        "others": [(m["municipality"], number(m[key], language)) for m in others if m[key]],
        "division_title": _("Production by NACE division — %(measure)s") % {"measure": label},
        "division_chart": bar_chart(
            _("Production by NACE division — %(measure)s") % {"measure": label},
            [(f"{d['division']} {d['label']}", int(d[key])) for d in divisions], number=fmt,
        ),
        "division_rows": [(d["division"], d["label"], number(d[key], language)) for d in divisions],
        "year_title": _("Production by start year — %(measure)s") % {"measure": label},
        "year_chart": bar_chart(
            _("Production by start year — %(measure)s") % {"measure": label},
            [(str(y["year"]), int(y[key])) for y in years], number=fmt,
        ),
        "year_rows": [(y["year"], number(y[key], language)) for y in figures["by_start_year"]],
        "definition": default_definition().describe(language),
    })
    return context


def _other_fr(figures: dict[str, Any]) -> str:
    return resolve(region(figures["region"]["key"]).other, "fr")
