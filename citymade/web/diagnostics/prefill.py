"""Answers the records already give, so a diagnostic does not ask them again: the site's zone,
floor area and cost, adjoining dwellings; the product's unit mass and monthly output; the years since
the company was founded. Each is normalised like a typed answer; a value the framework does not take
(a zone type it does not list) is left out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from citymade.framework import Framework, normalise_answer

__all__ = ["company_prefill", "product_prefill", "site_prefill"]


def _prefill(framework: Framework, level: str, known: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for qid, value in known.items():
        if value in (None, "") or not framework.has_question(qid) or framework.level_of(qid) != level:
            continue
        try:
            out[qid] = normalise_answer(framework.question(qid), float(value) if isinstance(value, Decimal) else value)
        except ValueError:
            continue  # e.g. a zone type the framework does not list ("other")
    return out


def site_prefill(framework: Framework, site: Any) -> dict[str, Any]:
    """Answers the company's site record already gives: zone type, floor area, cost per m², and a
    distance of 0 m to dwellings when they adjoin the site."""
    area = getattr(site, "floor_area_m2", None)
    cost = getattr(site, "yearly_cost_eur", None)
    known = {
        "s_zone": getattr(site, "zone_type", None),
        "s_floor_area": area,
        "s_cost_per_m2": round(cost / area, 1) if cost and area else None,
        "s_distance_dwellings": 0 if getattr(site, "dwellings_adjacent", False) else None,
    }
    return _prefill(framework, "site", known)


def product_prefill(framework: Framework, product: Any) -> dict[str, Any]:
    """Answers the product record already gives: its unit mass and how many are made per month."""
    return _prefill(framework, "product", {"p_unit_mass": getattr(product, "unit_mass_kg", None), "p_units_per_month": getattr(product, "units_per_month", None)})


def company_prefill(framework: Framework, company: Any, today: dt.date) -> dict[str, Any]:
    """Answers the company record gives: years since it was founded."""
    founded = getattr(company, "founded_on", None)
    years = round((today - founded).days / 365.25, 1) if founded is not None and founded <= today else None
    return _prefill(framework, "company", {"c_years_active": years})
