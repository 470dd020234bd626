"""Breakdowns of the members and the distance to a target, hand-worked."""

from __future__ import annotations

import datetime as dt

from citymade.i18n import use_language
from citymade.portfolio.breakdowns import UNKNOWN, breakdowns
from citymade.portfolio.records import DiagnosticRecord, StatusRecord
from citymade.portfolio.targets import distance_to

D = dt.date


def test_members_at_the_end_of_the_year_by_stage_model_and_municipality():
    statuses = [
        StatusRecord(id=1, company_id=1, status="member", date=D(2022, 5, 1)),
        StatusRecord(id=2, company_id=2, status="member", date=D(2023, 2, 1)),
        StatusRecord(id=3, company_id=3, status="member", date=D(2023, 6, 1)),
        StatusRecord(id=4, company_id=3, status="alumni", date=D(2024, 12, 31)),  # left on the last day: not counted
        StatusRecord(id=5, company_id=4, status="candidate", date=D(2023, 1, 1)),  # never a member
    ]
    diagnostics = [
        DiagnosticRecord(id=10, company_id=1, date=D(2022, 9, 1), stage=2),
        DiagnosticRecord(id=11, company_id=1, date=D(2024, 3, 1), stage=3),
        DiagnosticRecord(id=12, company_id=2, date=D(2025, 1, 5), stage=5),  # after the year: not read
        DiagnosticRecord(id=13, company_id=3, date=D(2023, 7, 1), stage=1),
    ]
    models = {10: ("less",), 11: ("less", "loop"), 13: ("last",)}
    found = breakdowns(
        2024, statuses=statuses, diagnostics=diagnostics, models=models,
        municipalities={1: "Forest", 2: "", 3: "Anderlecht"}, stages=[1, 2, 3], model_ids=["less", "last", "loop"],
    )
    stage = {r.key: (r.count, r.previous) for r in found["stage"].rows}
    # 2024: members 1 (stage 3) and 2 (no diagnostic by then); 2023: 1 (stage 2), 2, 3 (stage 1)
    assert stage == {"1": (0, 1), "2": (0, 1), "3": (1, 0), UNKNOWN: (1, 1)}
    assert found["stage"].members == 2 and found["stage"].previous_members == 3
    model = {r.key: (r.count, r.previous) for r in found["model"].rows}
    assert model == {"less": (1, 1), "last": (0, 1), "loop": (1, 0), UNKNOWN: (1, 1)}
    place = [(r.key, r.count, r.previous) for r in found["municipality"].rows]
    assert place == [("Forest", 1, 1), ("Anderlecht", 0, 1), (UNKNOWN, 1, 1)]
    assert [r.change for r in found["stage"].rows] == [-1, -1, 1, 0]


def test_the_distance_to_a_target_in_words():
    with use_language("en"):
        assert distance_to("members_total", 17, 20) == (3.0, "3 to go")
        assert distance_to("members_total", 20, 20) == (0.0, "target reached")
        assert distance_to("jobs_fte", 123.5, 120) == (-3.5, "target exceeded by 3.5")
        assert distance_to("participation_rate", 0.55, 0.6) == (0.05, "5.0 points to go")
        assert distance_to("support_actions_by_type", {"advice": 4, "rd_subsidy": 2}, 10) == (4.0, "4 to go")
        assert distance_to("members_total", 17, None) == (None, "—")
        assert distance_to("participation_rate", None, 0.5) == (None, "—")
    with use_language("fr"):
        assert distance_to("participation_rate", 0.55, 0.6)[1] == "encore 5,0 points"
        assert distance_to("members_total", 19, 20)[1] == "encore 1", "no plural « 1 restants »"
        assert distance_to("jobs_fte", 233.0, 200)[1] == "objectif dépassé de 33,0"


def test_full_time_equivalents_change_with_their_decimal_as_the_figure_is_written():
    from citymade.portfolio.document import change_between, format_value

    with use_language("fr"):
        assert format_value("jobs_fte", 233.0) == "233,0"
        assert change_between("jobs_fte", 233.0, 124.0) == (109.0, "+109,0")
        assert change_between("jobs_fte", 6.5, 8.0) == (-1.5, "−1,5")
        assert change_between("members_total", 19, 14) == (5.0, "+5"), "a count stays a whole number"


def test_a_municipality_is_named_in_the_readers_language():
    from citymade.portfolio.board import group_label

    with use_language("nl"):
        assert group_label("municipality", "Saint-Gilles") == "Sint-Gillis"
        assert group_label("municipality", "Bruxelles") == "Brussel"
        assert group_label("municipality", "Waterloo") == "Waterloo", "a name not in the region stays as recorded"
    with use_language("fr"):
        assert group_label("municipality", "Sint-Jans-Molenbeek") == "Molenbeek-Saint-Jean"
