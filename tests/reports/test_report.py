"""The report model built from a real assessment: every part, in the reader's language."""

from __future__ import annotations

from citymade.reports.diagnostic import build_report, dimension_scores
from tests.reports.conftest import ANSWERS, assess, info


def test_profile_has_one_score_per_dimension_with_grades(framework, result):
    report = build_report(framework, result, info=info("en"))
    assert [s.id for s in report.profile] == [d["id"] for d in result["dimensions"]]
    assert all(s.grade in {"A", "B", "C", "D", "E", None} for s in report.profile)
    assert report.profile_chart.svg.startswith("<svg") and len(report.profile_chart.lines) == len(report.profile)


def test_every_part_of_the_vision_is_there(framework, result):
    report = build_report(framework, result, info=info("en"))
    ids = [s.id for s in report.sections]
    assert ids == ["urban_fit", "circular_models", "eco_design", "value_chain", "local_value", "maturity", "cohabitation"]
    urban = report.sections[0]
    assert urban.blocks[0].title == "Table en chêne de réemploi"
    assert ("Limiting characteristic", urban.blocks[0].rows[1][1]) == urban.blocks[0].rows[1]
    models = report.sections[1]
    assert len(models.blocks) == 4
    maturity = report.sections[5]
    assert any(c.id == "readiness" for c in maturity.charts)


def test_scores_carry_the_answers_and_rules_behind_them(framework, result):
    report = build_report(framework, result, info=info("en"))
    reasons = [r for s in report.profile for c in s.children for r in c.reasons]
    assert any(r.question == "Warranty period" and r.answer == "5\u00a0years" for r in reasons)
    product = [r for s in report.sections[0].scores for c in s.children for r in c.reasons]
    assert any(r.answer == "Van" for r in product), "choice answers are shown with their label"
    assert all(r.points is not None for r in reasons)


def test_dont_know_answers_are_listed_as_data_to_collect(framework, result):
    report = build_report(framework, result, info=info("en"))
    joined = " ".join(report.unknowns)
    assert "water" in joined.lower()
    assert "energy" in joined.lower()


def test_language_of_labels_and_ui_words(framework, result):
    fr = build_report(framework, result, info=info("fr"))
    nl = build_report(framework, result, info=info("nl"))
    assert fr.sections[0].title == "Adéquation urbaine de chaque produit"
    assert nl.sections[0].title == "Stedelijke geschiktheid van elk product"
    assert fr.profile[0].label != nl.profile[0].label  # framework labels follow the language too
    assert fr.title == "Diagnostic de Bois de Réemploi"


def test_what_moved_compares_with_the_previous_result(framework, result):
    better = {**ANSWERS, "company": {**ANSWERS["company"], "c_renewable_share": 100, "c_energy_kwh": 5000}}
    after = assess(framework, better)
    report = build_report(framework, after, info=info("en"), previous=result, previous_date="1 Jan 2025")
    assert report.moved is not None and report.moved.title == "What moved since 1 Jan 2025"
    before = {s.id: s.value for s in dimension_scores(framework, result, "en")}
    now = {s.id: s.value for s in dimension_scores(framework, after, "en")}
    moved_ids = [k for k in now if now[k] != before[k]]
    assert moved_ids, "more renewable energy moves at least one dimension"
    assert build_report(framework, after, info=info("en")).moved is None


def test_actions_come_from_the_recommendations(framework, result):
    report = build_report(framework, result, info=info("en"))
    assert len(report.actions) == len(result["recommendations"])
    assert all(a.title and a.support for a in report.actions)
