"""A small, real assessment to build reports from (scored by the engine, no Django)."""

from __future__ import annotations

from typing import Any

import pytest

from citymade.framework import DONT_KNOW, load_framework
from citymade.reports.diagnostic import ReportInfo
from citymade.scoring import evaluate

ANSWERS: dict[str, Any] = {
    "company": {
        "c_sector": "wood",
        "c_human_hours_share": 80,
        "c_machine_role": "assist",
        "c_repair_offer": True,
        "c_warranty_years": 5,
        "c_renewable_share": 40,
        "c_inflow_total_t": 10,
        "c_inflow_reused_t": 6,
        "c_employees": 6,
        "c_ready_customer": 5,
        "c_ready_team": 4,
        "c_recurring_sales": True,
        "c_water_m3": DONT_KNOW,
        "c_energy_kwh": DONT_KNOW,
    },
    "products": [
        {
            "name": "Table en chêne de réemploi",
            "p_unit_mass": 40,
            "p_transport": "van",
            "p_noise_boundary": 55,
            "p_reused_input": 70,
            "p_lifetime_years": 30,
            "p_sector_lifetime_years": 12,
            "p_hazard_classes": ["none"],
        }
    ],
    "site": {"s_zone": "mixed", "s_floor_area": 300, "s_distance_dwellings": DONT_KNOW},
}


@pytest.fixture(scope="session")
def framework():
    return load_framework()


def assess(framework, answers: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = evaluate(framework, answers).model_dump(mode="json")
    return result


@pytest.fixture(scope="session")
def result(framework) -> dict[str, Any]:
    return assess(framework, ANSWERS)


def info(language: str = "fr", company: str = "Bois de Réemploi") -> ReportInfo:
    return ReportInfo(
        company=company, date="17/11/2026", framework_version="2026.1", assessor="Anna Advisor", language=language
    )
