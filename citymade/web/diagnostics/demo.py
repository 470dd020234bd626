"""Demo diagnostics: three yearly diagnostics for most demo companies, with real movement.

The answers are written from each company's record in ``demo_cluster.yaml`` (its circular models,
maturity stage, employees over three years, products and site) and from the year (0 = two years
ago, 2 = this year): stage evidence, readiness, eco-design and local sourcing improve, and the first
diagnostic has more "don't know" answers than the last. Everything is deterministic (a random
generator seeded with the company's slug) and scored by the real engine through the same services
as the web pages. A company that already has a diagnostic is left alone, so loading twice changes
nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from typing import Any

from citymade.framework import DONT_KNOW
from citymade.web.accounts.models import User
from citymade.web.diagnostics import services
from citymade.web.diagnostics.models import Diagnostic

YEARS = 3
#: Every n-th company gets no diagnostic ("most companies", not all: the portfolio shows gaps).
SKIP_EVERY = 9

SECTOR = {
    "food": "food",
    "textile": "textile",
    "wood": "wood",
    "mobility": "bicycles",
    "metal": "metal",
    "construction": "construction",
}
#: Belgian legal forms of the demo records → the framework's forms of enterprise
LEGAL_FORMS = {"SRL": "commercial", "SA": "commercial", "SC": "cooperative", "ASBL": "nonprofit"}
SIZE_M = {"mobility": 1.8, "wood": 1.6, "metal": 2.2, "construction": 2.5, "food": 0.3, "textile": 0.6}
HAZARDS = {"metal": ["irritant", "gas_pressure"], "cosmetics": ["irritant"], "plastics": ["irritant", "flammable"]}
UNKNOWN_BY_YEAR = (
    ("c_water_m3", "c_energy_kwh", "c_value_added", "c_lm3_round1", "c_turnover_3y"),
    ("c_water_m3", "c_lm3_round1"),
    (),
)
PRODUCT_UNKNOWN_BY_YEAR = (("p_noise_boundary", "p_sector_lifetime_years", "p_floor_load"), ("p_floor_load",), ())


def _stage_in_year(stage: int, year: int) -> int:
    if stage >= 5:
        return stage - (1 if year == 0 else 0)
    return max(0, stage - (YEARS - 1 - year))


def company_answers(record: dict[str, Any], year: int, rng: random.Random, *, years_active: float) -> dict[str, Any]:
    """Company-level answers for one year of a demo company."""
    models = set(record.get("models") or [])
    stage = _stage_in_year(int(record.get("stage", 2)), year)
    employees = [float(e) for e in record.get("employees") or [3, 3, 3]]
    now_fte = employees[year]
    category = (record.get("products") or [{}])[0].get("category", "other")
    turnover = round(max(now_fte, 1) * rng.uniform(60_000, 90_000) * (1 + 0.08 * year), -3)
    in_house = "in_house"
    answers: dict[str, Any] = {
        "c_human_hours_share": round(rng.uniform(55, 85) + 2 * year),
        "c_machine_role": "assist" if rng.random() < 0.7 else "mixed",
        "c_fte_production": round(now_fte * 0.6, 1),
        "c_apprentices": rng.randint(0, 2) + (1 if year == 2 else 0),
        "c_training_hours": 8 + 6 * year,
        "c_warranty_years": (2 + year) if "make_it_last" in models else 1,
        "c_repair_offer": "make_it_last" in models,
        "c_spare_parts_years": (5 + 2 * year) if "make_it_last" in models else 1,
        "c_refurbish_resell": "make_it_last" in models and year >= 1,
        "c_service_revenue_share": (15 + 12 * year) if "use_over_ownership" in models else 0,
        "c_use_offer": "some" if "use_over_ownership" in models else "none",
        "c_life_extension": ("main" if year == 2 else "some") if "make_it_last" in models else "none",
        "c_waste_inputs_band": "most" if "close_the_loop" in models else ("some" if "less_is_more" in models else "none"),
        "c_renewable_inputs": category in ("food", "wood", "textile"),
        "c_legal_form": LEGAL_FORMS.get(str(record.get("legal_form", "")), "commercial"),
        "c_energy_kwh": round(rng.uniform(8_000, 60_000), -2),
        "c_renewable_share": min(100, 15 + 20 * year + (20 if "less_is_more" in models else 0)),
        "c_energy_per_unit": year >= 1,
        "c_inflow_total_t": 10.0,
        "c_inflow_reused_t": (1.5 + year) if "less_is_more" in models or "make_it_last" in models else 0.2,
        "c_inflow_recycled_t": (2.0 + year) if "less_is_more" in models else 0.5,
        "c_inflow_renewable_t": 2.0 if category in ("food", "wood", "textile") else 0.5,
        "c_waste_input_t": (3.0 + 1.5 * year) if "close_the_loop" in models else 0,
        "c_scrap_rate": max(2, 14 - 4 * year),
        "c_scrap_reuse": year >= 1 or "close_the_loop" in models,
        "c_byproducts_given": "close_the_loop" in models,
        "c_savings": (["material", "energy", "water"][: 1 + year]) if "less_is_more" in models else (["energy"] if year else []),
        "c_water_m3": round(rng.uniform(30, 400)),
        "c_waste_sorting": ["basic", "basic", "full"][year] if "less_is_more" not in models else "full",
        "c_reusable_packaging": year >= 1 and bool(models & {"less_is_more", "close_the_loop"}),
        "c_step_design": in_house,
        "c_step_sourcing": "regional_partner" if year else "partner_elsewhere",
        "c_step_transformation": in_house,
        "c_step_assembly": in_house,
        "c_step_distribution": in_house if year >= 1 else "regional_partner",
        "c_step_repair": in_house if "make_it_last" in models else "absent",
        "c_step_takeback": in_house if models & {"close_the_loop", "make_it_last"} else ("regional_partner" if year == 2 else "absent"),
        "c_turnover": turnover,
        "c_value_added": round(turnover * rng.uniform(0.38, 0.55), -3),
        "c_sector": SECTOR.get(category, "other"),
        "c_employees": now_fte,
        "c_jobs_low_medium_share": round(rng.uniform(45, 80)),
        "c_employees_region_share": round(rng.uniform(55, 90)),
        "c_insertion_jobs": float(rng.randint(0, 2)),
        "c_local_purchases_share": round(rng.uniform(20, 45) + 8 * year),
        "c_local_sales_share": round(rng.uniform(45, 85)),
        "c_lm3_round1": 100_000.0,
        "c_lm3_round2": 42_000.0 + 4_000 * year,
        "c_lm3_round3": 15_000.0 + 2_000 * year,
        "c_open_days": ["never", "yearly", "regularly"][min(2, year + (1 if stage >= 3 else 0))],
        "c_in_house_design": True,
        "c_rnd": stage >= 2,
        "c_years_active": round(years_active, 1),
        "c_prototype": stage >= 1,
        "c_recurring_sales": stage >= 2,
        "c_break_even": stage >= 3 and record.get("legal_form") != "ASBL",
        "c_covers_costs_with_subsidies": stage >= 3,
        "c_years_profitable": float(max(0, stage - 2) + (1 if stage >= 5 else 0)),
        "c_documented_processes": stage >= 4,
        "c_capacity_headroom": stage >= 4,
        "c_growth_funding": "secured" if stage >= 5 else ("identified" if stage >= 4 else "none"),
        "c_employees_1y": employees[year - 1] if year >= 1 else round(now_fte * 0.9, 1),
        "c_employees_2y": employees[year - 2] if year >= 2 else round(employees[0] * 0.85, 1),
        "c_employees_3y": round(employees[0] * 0.8, 1),
        "c_turnover_3y": round(turnover * 0.75, -3),
    }
    readiness_base = 1 + stage + year // 2
    for axis in ("customer", "product", "business_model", "team", "funding", "ip"):
        answers[f"c_ready_{axis}"] = max(1, min(9, readiness_base + rng.randint(-1, 1)))
    for qid in UNKNOWN_BY_YEAR[year]:
        answers[qid] = DONT_KNOW
    return answers


def product_answers(record: dict[str, Any], product: Any, year: int, rng: random.Random, *, share: float, area: float) -> dict[str, Any]:
    """Answers for one product of a demo company in one year."""
    models = set(record.get("models") or [])
    category = getattr(product, "category", "other")
    mass = float(product.unit_mass_kg) if product.unit_mass_kg is not None else 5.0
    loop = "close_the_loop" in models
    less = "less_is_more" in models
    last = "make_it_last" in models
    recycled_in = min(60, (20 + 10 * year) if less or loop else 5 * year)
    reused_in = min(30, (10 + 5 * year) if last or loop else 0)
    bio_in = 40 if category in ("food", "wood") else 5
    bio_in = min(bio_in, 100 - recycled_in - reused_in)
    end_reuse = (20 + 10 * year) if last else 5
    end_compost = 50 if category == "food" else 0
    end_recycled = min(100 - end_reuse - end_compost, (30 + 5 * year) if loop or less else 20)
    noise = {"metal": 68.0, "wood": 58.0, "construction": 62.0}.get(category, 45.0) - 3 * year
    nature = {"food": "food", "cosmetics": "consumable", "paper": "consumable", "construction": "material"}.get(category, "durable")
    answers: dict[str, Any] = {
        "name": product.name,
        "p_nature": nature,
        "p_unit_mass": mass,
        "p_largest_dimension": SIZE_M.get(category, 0.8),
        "p_transport": "by_hand" if mass < 20 else ("van" if mass < 300 else "truck"),
        "p_units_per_month": float(product.units_per_month or 50),
        "p_hazard_classes": HAZARDS.get(category, ["none"]),
        "p_hazard_storage_kg": 120.0 if category in HAZARDS else 0.0,
        "p_dust": "low" if category in ("wood", "metal", "construction") else "none",
        "p_voc": "low" if category in ("wood", "plastics", "cosmetics") and year < 2 else "none",
        "p_odour": "slight" if category == "food" else "none",
        "p_revenue_share": round(share, 1),
        "p_customers_region": round(rng.uniform(40, 85)),
        "p_on_demand": "made_to_order" if rng.random() < 0.5 else "small_batches",
        "p_service": "use_over_ownership" in models,
        "p_proximity_benefit": rng.randint(3, 5),
        "p_floor_area": round(area, 1),
        "p_floor_load": 800.0 if category in ("metal", "construction") else 300.0,
        "p_power_kw": 35.0 if category in ("metal", "construction") else round(rng.uniform(3, 15), 1),
        "p_noise_boundary": noise,
        "p_noise_level": "heard_day" if noise >= 55 else "not_heard",
        "p_vibration": "perceptible" if category in ("metal", "construction") else "none",
        "p_working_hours": "day",
        "p_incoming_size": "truck" if category in ("metal", "construction") else "van",
        "p_air_emissions": "filtered" if category in ("metal", "wood") else "none",
        "p_repairability": ["spare_parts", "standard_tools", "modular", "repair_manual"][: (2 + year) if last else 1],
        "p_take_back": loop or last,
        "p_end_route": "compost" if category == "food" else ("refurbish" if last else "recycle"),
        "p_local_channel": loop or year == 2,
        "p_hazardous_waste": category in HAZARDS,
        "p_recycled_input": float(recycled_in),
        "p_reused_input": float(reused_in),
        "p_bio_input": float(max(bio_in, 0)),
        "p_reused_end": float(end_reuse),
        "p_recycled_end": float(max(end_recycled, 0)),
        "p_composted_end": float(end_compost),
        "p_lifetime_years": (8.0 + 2 * year) if last else 4.0,
        "p_sector_lifetime_years": 5.0,
        "p_design_checklist": ["modular", "disassembly", "mono_material", "no_substances_of_concern", "documented_repair"][
            : 1 + year + (1 if less else 0)
        ],
        "p_packaging": ["single_use", "recycled", "reusable"][min(2, year + (1 if less else 0))],
    }
    if nature != "durable":  # repair and take-back are not asked of food, consumables, materials
        answers.pop("p_repairability")
        answers.pop("p_take_back")
        answers["p_durable"] = False
    if category in HAZARDS:
        answers["p_hazardous_waste_channel"] = year >= 1
    for qid in PRODUCT_UNKNOWN_BY_YEAR[year]:
        answers[qid] = DONT_KNOW
    return answers


def site_answers(record: dict[str, Any], site: Any, year: int, rng: random.Random) -> dict[str, Any]:
    models = set(record.get("models") or [])
    area = float(site.floor_area_m2 or 200) if site else 200.0
    cost = float(site.yearly_cost_eur or 20_000) if site else 20_000.0
    adjacent = bool(site and site.dwellings_adjacent)
    answers: dict[str, Any] = {
        "s_existing_building": True,
        "s_reused_fitout": "less_is_more" in models or year == 2,
        "s_shared": ["machines", "storage", "logistics"][: year] if rng.random() < 0.6 else [],
        "s_street_front": "shop" if "use_over_ownership" in models or "make_it_last" in models else "window",
        "s_epb_class": DONT_KNOW if year == 0 else ["E", "D", "C"][year],
        "s_loading": "inside" if area > 400 else "street_bay",
        "s_truck_movements": float(max(0, rng.randint(1, 4) - year)),
        "s_goods_traffic": "few_vans",
        "s_incoming_mode": ["van", "cargo_bike"] if "close_the_loop" in models else ["van"],
        "s_delivery_windows": year >= 1,
        "s_cargo_bike": year >= 1 or "close_the_loop" in models,
        "s_distance_dwellings": 5.0 if adjacent else float(rng.choice([40, 80, 150, 300])),
        "s_enclosed_storage": True,
        "s_floor_area": area,
        "s_cost_per_m2": round(cost / area, 1),
    }
    zone = getattr(site, "zone_type", None)
    if zone in ("housing", "mixed", "strong_mix", "zemu", "ziu", "zapt"):
        answers["s_zone"] = zone
    return answers


#: The note the demo advisor types when validating a company's latest diagnostic (printed on its PDF).
DEMO_NOTE = "Bon échange avec l'équipe : on commence par la première action du plan et on fait le point au prochain rendez-vous."


def load_demo(companies: list[Any], *, now: dt.datetime) -> str:
    """Create the demo diagnostics; returns what ``citymade demo`` prints."""
    advisor = User.objects.filter(username="advisor").first()
    created = 0
    for index, company in enumerate(companies):
        if index % SKIP_EVERY == SKIP_EVERY - 1 or Diagnostic.objects.filter(company=company).exists():
            continue
        record = getattr(company, "demo_record", {}) or {}
        rng = random.Random(zlib.crc32(company.slug.encode()))
        products = list(company.products.all())
        site = company.current_site
        owner = User.objects.filter(username=company.slug).first()
        for year in range(YEARS):
            assessed_on = now.date() - dt.timedelta(days=365 * (YEARS - 1 - year) + 10 + (index * 7) % 60)
            at = dt.datetime.combine(assessed_on, dt.time(10, 0), tzinfo=now.tzinfo or dt.UTC)
            # The middle year is a self-diagnostic by the company; the others are run by the advisor.
            assessor = owner if year == 1 and owner is not None else advisor
            diagnostic = services.start_diagnostic(
                company=company, user=assessor, products=products, site=site, assessed_on=assessed_on, at=at
            )
            founded = company.founded_on or (assessed_on - dt.timedelta(days=365 * 3))
            answers = {
                "company": company_answers(
                    record, year, rng, years_active=max(0.0, (assessed_on - founded).days / 365.25)
                ),
                "products": [
                    product_answers(
                        record,
                        product,
                        year,
                        rng,
                        share=100 / len(products),
                        area=float((site.floor_area_m2 if site else 200) or 200) * 0.6 / len(products),
                    )
                    for product in products
                ],
                "site": site_answers(record, site, year, rng),
            }
            services.replace_answers(diagnostic, user=assessor, answers=answers, at=at)
            diagnostic = services.submit(diagnostic, user=assessor, at=at + dt.timedelta(hours=1))
            if year < YEARS - 1 or index % 3 == 0:
                latest = year == YEARS - 1
                services.validate(
                    diagnostic,
                    user=advisor,
                    note=DEMO_NOTE if latest else "",
                    next_meeting_on=(at + dt.timedelta(days=7 + 60)).date() if latest else None,
                    at=at + dt.timedelta(days=7),
                )
            created += 1
    return f"{created} diagnostics"
