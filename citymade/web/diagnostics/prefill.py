"""Answers the records already give, so a diagnostic does not ask them again: the site's zone,
floor area and cost, adjoining dwellings; the product's unit mass and monthly output; the years
since the company was founded; what the product is, when its category says so. Each is normalised
like a typed answer; a value the framework does not take (a zone type it does not list) is left out.

:func:`origins` tells the questionnaire which answers of a step came from the records or from the
previous diagnostic, so they are shown as such, to confirm, until the step is saved."""

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


#: What a product is, where its category says it for certain (a textile may be clothing or a
#: consumable wipe, so it is asked).
NATURE_BY_CATEGORY = {"food": "food", "cosmetics": "consumable", "construction": "material"}


def product_prefill(framework: Framework, product: Any) -> dict[str, Any]:
    """Answers the product record already gives: its unit mass, how many are made per month and,
    for some categories, what it is."""
    known = {
        "p_unit_mass": getattr(product, "unit_mass_kg", None),
        "p_units_per_month": getattr(product, "units_per_month", None),
        "p_nature": NATURE_BY_CATEGORY.get(str(getattr(product, "category", ""))),
    }
    return _prefill(framework, "product", known)


def company_prefill(framework: Framework, company: Any, today: dt.date) -> dict[str, Any]:
    """Answers the company record gives: years since it was founded."""
    founded = getattr(company, "founded_on", None)
    years = round((today - founded).days / 365.25, 1) if founded is not None and founded <= today else None
    return _prefill(framework, "company", {"c_years_active": years})


def origins(framework: Framework, diagnostic: Any, level: str, product_index: int | None, mapping: dict[str, Any]) -> dict[str, str]:
    """Question id → ``"records"`` or ``"previous"`` for the answers of this step that still hold
    what the company's records or its previous diagnostic gave."""
    from django.utils import timezone

    company = diagnostic.company
    refs = diagnostic.products
    ref = refs[product_index] if product_index is not None and product_index < len(refs) else {}
    if level == "company":
        from_records = company_prefill(framework, company, diagnostic.assessed_on or timezone.localdate())
    elif level == "site":
        site = getattr(company, "current_site", None)
        from_records = site_prefill(framework, site) if site is not None else {}
    else:
        product = company.products.filter(pk=ref.get("id")).first() if ref.get("id") else None
        from_records = product_prefill(framework, product) if product is not None else {}
    before: dict[str, Any] = {}
    previous = diagnostic.previous
    if previous is not None:
        answers = previous.answers or {}
        if level == "product":
            by_id = {r.get("id"): m for r, m in zip(previous.products, answers.get("products") or [], strict=False)}
            before = by_id.get(ref.get("id")) or {}
        else:
            before = answers.get(level) or {}
    found: dict[str, str] = {}
    for qid, value in mapping.items():
        if qid in from_records and from_records[qid] == value:
            found[qid] = "records"
        elif qid in before and before[qid] == value:
            found[qid] = "previous"
    return found
