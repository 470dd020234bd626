"""Dashboard figures: filters, funnel, transitions and who needs attention (and why)."""

from __future__ import annotations

import datetime as dt

from citymade.portfolio.dashboard import (
    Filters,
    apply_filters,
    by_model,
    needs_attention,
    stage_funnel,
    stage_transitions,
    support_by_type_and_advisor,
)
from citymade.portfolio.records import CompanyFacts, DiagnosticRecord, SupportRecord

TODAY = dt.date(2025, 6, 1)


def _c(i, **kw):
    base = {
        "id": i,
        "name": f"C{i}",
        "status": "member",
        "stage": 3,
        "founded_on": dt.date(2022, 1, 1),
        "last_diagnostic": dt.date(2025, 1, 1),
        "last_contact": dt.date(2025, 5, 1),
    }
    base.update(kw)
    return CompanyFacts(**base)


def test_needs_attention_names_each_reason():
    companies = [
        _c(1),  # fine
        _c(2, founded_on=dt.date(2015, 1, 1), stage=2),  # long-standing start-up
        _c(3, red_flags=("rf_seveso",)),
        _c(4, last_diagnostic=dt.date(2024, 5, 1)),  # over a year
        _c(5, last_contact=None, last_diagnostic=None),
        _c(6, status="alumni", last_contact=None),  # alumni are left out
    ]
    found = {a.company.id: a.reasons for a in needs_attention(companies, today=TODAY)}
    assert found == {
        2: ("long_standing",),
        3: ("red_flags",),
        4: ("no_diagnostic",),
        5: ("no_diagnostic", "no_contact"),
    }
    assert needs_attention(companies, today=TODAY)[0].company.id == 5  # most reasons first


def test_an_undecided_stage_is_no_long_standing_start_up():
    """Stage 2 proven but up to 6 still possible (costs covered unknown): no alarm from ignorance."""
    undecided = _c(7, founded_on=dt.date(2000, 1, 1), stage=2, stage_possible=6)
    decided = _c(8, founded_on=dt.date(2000, 1, 1), stage=2, stage_possible=2)
    found = {a.company.id: a.reasons for a in needs_attention([undecided, decided], today=TODAY)}
    assert found == {8: ("long_standing",)}


def test_filters_funnel_and_models():
    companies = [
        _c(1, models=("less_is_more",), municipality="Ixelles", sector="wood"),
        _c(2, models=("less_is_more", "make_it_last"), stage=1, municipality="Forest"),
        _c(3, status="candidate", stage=None),
    ]
    assert [c.id for c in apply_filters(companies, Filters(model="less_is_more"))] == [1, 2]
    assert [c.id for c in apply_filters(companies, Filters(stage=1))] == [2]
    assert [c.id for c in apply_filters(companies, Filters(status="member", sector="wood"))] == [1]
    assert stage_funnel(companies, [0, 1, 2, 3]) == {0: 0, 1: 1, 2: 0, 3: 1, None: 1}
    assert by_model(companies, ["less_is_more", "make_it_last", "close_the_loop"]) == {
        "less_is_more": 2,
        "make_it_last": 1,
        "close_the_loop": 0,
    }


def test_stage_transitions_compare_each_diagnostic_with_the_previous_one():
    d = dt.date
    diagnostics = [
        DiagnosticRecord(id=1, company_id=1, date=d(2023, 1, 1), stage=1),
        DiagnosticRecord(id=2, company_id=1, date=d(2024, 1, 1), stage=2),
        DiagnosticRecord(id=3, company_id=1, date=d(2025, 1, 1), stage=2),
        DiagnosticRecord(id=4, company_id=2, date=d(2024, 2, 1), stage=4),
        DiagnosticRecord(id=5, company_id=2, date=d(2024, 9, 1), stage=3),
        DiagnosticRecord(id=6, company_id=2, date=d(2025, 3, 1), stage=None),
    ]
    assert stage_transitions(diagnostics) == {2024: {"up": 1, "same": 0, "down": 1}, 2025: {"up": 0, "same": 1, "down": 0}}


def test_support_per_advisor_and_type():
    d = dt.date(2024, 1, 1)
    actions = [
        SupportRecord(id=1, company_id=1, date=d, type="advice", advisor="ann"),
        SupportRecord(id=2, company_id=1, date=d, type="advice", advisor="ann"),
        SupportRecord(id=3, company_id=2, date=d, type="rd_subsidy", advisor="bob"),
    ]
    assert support_by_type_and_advisor(actions) == {"ann": {"advice": 2}, "bob": {"rd_subsidy": 1}}
