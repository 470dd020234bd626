"""What is cached for finished diagnostics — the results page's report body, the portfolio's figures
— is what never changes; everything that can change still shows at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company, Product
from citymade.web.diagnostics import presentation, services
from citymade.web.diagnostics.models import Diagnostic
from citymade.web.portfolio.data import company_facts, scores_of

ANSWERS = {
    "company": {"c_human_hours_share": 75, "c_machine_role": "assist", "c_repair_offer": True, "c_renewable_share": 30},
    "products": [{"name": "Chaise", "p_unit_mass": 6, "p_transport": "van", "p_reused_input": 60}],
    "site": {"s_zone": "mixed", "s_floor_area": 200},
}
BETTER = {
    **ANSWERS,
    "company": {**ANSWERS["company"], "c_renewable_share": 100, "c_human_hours_share": 20, "c_repair_offer": False},
}


@pytest.fixture(autouse=True)
def _empty_caches():
    for name in ("default", "reports"):
        caches[name].clear()
    yield
    for name in ("default", "reports"):
        caches[name].clear()


@pytest.fixture
def chair(world) -> Product:
    return Product.objects.create(company=world.own, name="Chaise", unit_mass_kg=6, units_per_month=20)


def _submitted(company: Company, user, answers, assessed_on: dt.date | None = None) -> Diagnostic:
    diagnostic = services.start_diagnostic(company=company, user=user, assessed_on=assessed_on)
    services.replace_answers(diagnostic, user=user, answers=answers)
    return services.submit(diagnostic, user=user)


def _revised(diagnostic: Diagnostic, user, answers) -> Diagnostic:
    draft = services.revise(diagnostic, user=user)
    services.replace_answers(draft, user=user, answers=answers)
    return services.submit(draft, user=user)


def _page(client, diagnostic: Diagnostic, language: str = "en") -> str:
    client.cookies["citymade_language"] = language
    response = client.get(reverse("diagnostics:detail", args=[diagnostic.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, section_id: str) -> str:
    return page.split(f'<section id="{section_id}"')[1].split("</section>")[0]


@pytest.fixture
def builds(monkeypatch):
    """Count how often the report model is built (once per diagnostic and language when cached)."""
    calls: list[int] = []
    original = presentation.build_report

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(presentation, "build_report", counting)
    return calls


def test_the_report_is_built_once_and_the_header_follows_the_company(world, login, chair, builds):
    advisor = world.users[Role.ADVISOR]
    diagnostic = _submitted(world.own, advisor, ANSWERS)
    client = login(advisor)
    first = _page(client, diagnostic)
    world.own.name = "Atelier Renamed"
    world.own.save()
    services.validate(diagnostic, user=advisor)
    second = _page(client, diagnostic)
    assert len(builds) == 1
    assert "Diagnostic of Atelier Renamed" in second and "Atelier Own" not in second
    assert "state-validated" in second and "state-submitted" in first
    assert _section(first, "profile") == _section(second, "profile")


def test_each_language_has_its_own_report(world, login, chair, builds):
    diagnostic = _submitted(world.own, world.users[Role.ADVISOR], ANSWERS)
    client = login(world.users[Role.ADVISOR])
    assert "Action plan" in _page(client, diagnostic, "en")
    assert "Plan d’action" in _page(client, diagnostic, "fr") or "Plan d'action" in _page(client, diagnostic, "fr")
    assert len(builds) == 2


def test_a_revision_shows_its_own_results_and_what_moved(world, login, chair):
    user = world.users[Role.COMPANY]
    client = login(user)
    first = _submitted(world.own, user, ANSWERS)
    before = _page(client, first)
    second = _revised(first, user, BETTER)
    after = _page(client, second)
    assert second.pk != first.pk and scores_of(second.result) != scores_of(first.result)
    assert _section(after, "profile") != _section(before, "profile")
    assert 'id="moved"' in after and 'id="moved"' not in before
    again = _page(client, first)
    assert _section(again, "profile") == _section(before, "profile") and 'id="moved"' not in again


def test_an_earlier_diagnostic_added_later_brings_what_moved(world, login, chair):
    advisor = world.users[Role.ADVISOR]
    client = login(advisor)
    latest = _submitted(world.own, advisor, BETTER)
    assert 'id="moved"' not in _page(client, latest)
    _submitted(world.own, advisor, ANSWERS, assessed_on=timezone.localdate() - dt.timedelta(days=365))
    assert 'id="moved"' in _page(client, latest)


def test_a_diagnostic_finished_outside_the_workflow_is_never_cached(world):
    diagnostic = Diagnostic.objects.create(company=world.own, framework_version="x", state="validated", result={})
    assert presentation.report_cache_key(diagnostic, None, "2026.1", "fr") is None


def test_the_title_is_the_reports_own(world, chair):
    from citymade.reports.diagnostic import build_report
    from citymade.web.diagnostics import engine

    diagnostic = _submitted(world.own, world.users[Role.ADVISOR], ANSWERS)
    for language in ("fr", "nl", "en"):
        info = presentation.report_info(diagnostic, language)
        report = build_report(engine.current_framework(), diagnostic.result, info=info)
        assert presentation.report_title(info) == report.title


def test_portfolio_figures_follow_the_newest_version(world, chair):
    advisor, entrepreneur = world.users[Role.ADVISOR], world.users[Role.COMPANY]
    first = _submitted(world.own, advisor, ANSWERS)
    facts = {f.id: f for f in company_facts()}
    assert facts[world.own.pk].scores == scores_of(first.result)
    # the company's own revision (a self-diagnostic) counts once an advisor validated it
    second = _revised(first, entrepreneur, BETTER)
    facts = {f.id: f for f in company_facts()}
    assert facts[world.own.pk].scores == scores_of(first.result) != scores_of(second.result)
    services.validate(second, user=advisor)
    facts = {f.id: f for f in company_facts()}
    assert facts[world.own.pk].scores == scores_of(second.result)


def test_in_production_the_report_bodies_are_shared_files(world, login, chair, builds, settings, tmp_path):
    # Production keeps the bodies in files under the data directory: one render serves every process.
    settings.CACHES = {
        **settings.CACHES,
        "reports": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)},
    }
    diagnostic = _submitted(world.own, world.users[Role.ADVISOR], ANSWERS)
    client = login(world.users[Role.ADVISOR])
    first = _page(client, diagnostic)
    caches["reports"].close()
    assert _section(_page(client, diagnostic), "profile") == _section(first, "profile")
    assert len(builds) == 1 and list(tmp_path.glob("*.djcache"))


def test_company_page_grades_and_history_follow_the_newest_version(world, login, chair):
    from citymade.reports.diagnostic import dimension_scores
    from citymade.web.diagnostics import engine

    user = world.users[Role.COMPANY]
    client = login(user)
    client.cookies["citymade_language"] = "en"

    def grades(diagnostic: Diagnostic) -> list[str]:
        scores = dimension_scores(engine.current_framework(), diagnostic.result, "en")
        return [f'title="{s.label}">{s.grade}</span>' for s in scores if s.grade]

    def panel() -> str:
        page = client.get(reverse("companies:detail", args=[world.own.slug])).content.decode()
        return page.split('id="diagnostics"')[1].split("</section>")[0]

    first = _submitted(world.own, user, ANSWERS)
    assert all(g in panel() for g in grades(first))
    history = client.get(reverse("diagnostics:history", args=[world.own.slug])).content.decode()
    assert 'id="history-chart"' not in history
    second = _revised(first, user, BETTER)
    assert grades(second) != grades(first)
    assert all(g in panel() for g in grades(second))
    history = client.get(reverse("diagnostics:history", args=[world.own.slug])).content.decode()
    assert 'id="history-chart"' in history
