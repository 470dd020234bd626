"""The observers' key figures: a reference date, three years side by side, jobs and support, the
note on overlapping models, downloads; and under every filter no group of fewer than five
companies shows, nor can be worked out by subtracting shown figures."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from citymade.portfolio.observer import Protection
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.diagnostics.models import Diagnostic
from citymade.web.portfolio import services
from citymade.web.portfolio.keyfigures import key_figures, protected_figures

TODAY = dt.date(2026, 6, 30)


def _diagnose(company: Company, *, stage: int, models: tuple[str, ...]) -> None:
    Diagnostic.objects.create(
        company=company, version=1, framework_version="test", state="validated", assessed_on=dt.date(2025, 5, 1),
        result={"maturity": {"stage": stage}, "circular_models": [{"id": m, "strength": "established"} for m in models]},
    )


@pytest.fixture
def portfolio(world):
    """12 companies: 9 in Ixelles, 3 in Uccle; 8 Make it Last (2 of them also Close the Loop), 3 Close
    the Loop only, 1 with no diagnostic; 7 at stage 3, 4 at stage 2; jobs for 7; a lone candidate."""
    actor = world.users[Role.ADVISOR]
    Company.objects.all().update(membership="prospect")  # the world's two companies stay out
    companies = []
    for i in range(12):
        c = Company.objects.create(name=f"Secret Works {i}", slug=f"secret-{i}", municipality="Ixelles" if i < 9 else "Uccle",
                                   membership="candidate" if i == 11 else "member")
        services.change_status(c, to=c.membership, actor=actor, date=dt.date(2024 + (i % 2), 3, 1))
        companies.append(c)
    for i, c in enumerate(companies[:11]):
        models = ("make_it_last",) if i < 8 else ("close_the_loop",)
        if i in (0, 1):
            models = ("make_it_last", "close_the_loop")
        _diagnose(c, stage=3 if i < 7 else 2, models=models)
    for i, c in enumerate(companies[:7]):
        services.record_jobs(c, actor=actor, date=dt.date(2025, 1, 10), fte=2 + i)
    for i, c in enumerate(companies[:6]):
        services.record_support_action(c, actor=actor, type="advice", date=dt.date(2025, 2, 1 + i))
    services.record_support_action(companies[0], actor=actor, type="networking", date=dt.date(2025, 4, 1))
    return companies


def _pages(counted):
    """Every filter combination's page, with the true companies behind each shown row (computed here
    from the facts, not by the protection)."""
    from citymade.web.portfolio.data import company_facts

    facts = [f for f in company_facts() if f.status in ("member", "candidate")]

    def in_view(f, model, stage):
        return (not model or model in f.models) and (
            not stage or (f.stage is None if stage == "none" else f.stage == int(stage)))

    pages = {}
    for model, stage in itertools.product(["", *counted["models"]], ["", *counted["stage_values"]]):
        figures = key_figures("en", model=model, stage=stage, today=TODAY)
        view = [f for f in facts if in_view(f, model, stage)]
        sets = {"total": frozenset(f.id for f in view)}
        groups = {
            "statuses": {s: [f for f in view if f.status == s] for s in ("member", "candidate")},
            "stages": {s: [f for f in view if in_view(f, "", s)] for s in counted["stage_values"]},
            "models": {m: [f for f in view if m in f.models] for m in counted["models"]},
            "municipalities": {n: [f for f in view if (f.municipality or "") == n] for n in counted["groups"]["municipalities"]},
        }
        values = {"total": figures.total.value}
        for (key, _title, rows), (_k, by_group) in zip(figures.sections, groups.items(), strict=True):
            labels = {
                "statuses": lambda g: str(Company.Membership(g).label),
                "stages": lambda g, f=figures: dict(f.stages)[g],
                "models": lambda g, f=figures: dict(f.models)[g],
                "municipalities": lambda g: g or "municipality not known",
            }[key]
            shown = {r.label: r.value for r in rows}
            for group, members in by_group.items():
                sets[f"{key}:{group}"] = frozenset(f.id for f in members)
                values[f"{key}:{group}"] = shown[labels(group)]
        pages[(model, stage)] = (sets, values)
    return pages


def test_every_filter_hides_small_groups_and_no_subtraction_reveals_one(portfolio):
    """Brute force over every filter combination: no shown figure counts 1 to 4 companies; in no
    partition (a total and its groups; a figure and the same figure under each stage) is exactly
    one part hidden; no shown figure minus a smaller shown one leaves a hidden group's companies."""
    protection, counted = protected_figures(TODAY)
    assert protection.leaks() == []
    pages = _pages(counted)
    shown_sets, hidden_sets = set(), set()
    for (model, stage), (sets, values) in pages.items():
        for name, members in sets.items():
            if values[name] is None:
                hidden_sets.add(members)
            else:
                assert len(members) == 0 or len(members) >= 5, (model, stage, name, len(members))
                assert values[name] == len(members), (model, stage, name)
                shown_sets.add(members)
        if values["total"] is not None:
            for key in ("statuses", "stages", "municipalities"):
                hidden = [n for n in sets if n.startswith(key + ":") and values[n] is None and sets[n]]
                assert len(hidden) != 1, (model, stage, key)
    for model in ["", *counted["models"]]:
        sets, values = pages[(model, "")]
        for name in sets:
            parts = [pages[(model, s)] for s in counted["stage_values"]]
            unknown = [1 for p_sets, p_values in [(sets, values), *parts] if p_values[name] is None and p_sets[name]]
            assert len(unknown) != 1, (model, name)
    for small in shown_sets:
        for large in shown_sets:
            if small < large:
                assert large - small not in hidden_sets
    # the lone candidate and the 3 Uccle companies never show, however filtered
    for _sets, values in pages.values():
        assert values["municipalities:Uccle"] in (None, 0) and values["statuses:candidate"] in (None, 0)


def test_total_minus_the_other_groups_gives_nothing_away(portfolio):
    figures = key_figures("en", today=TODAY)
    statuses = {r.label: r.value for r in figures.sections[0][2]}
    # 11 members + 1 candidate: the total 12 is shown, so the members must hide with the candidate
    assert figures.total.value == 12
    assert statuses[str(Company.Membership.CANDIDATE.label)] is None
    assert statuses[str(Company.Membership.MEMBER.label)] is None
    municipalities = {r.label: r.value for r in figures.sections[3][2]}
    assert municipalities["Uccle"] is None and municipalities["Ixelles"] is None


def test_overlapping_models_are_explained(portfolio):
    """8 Make it Last (2 also Close the Loop) and 5 Close the Loop: 13 for 12 companies, said so."""
    figures = key_figures("en", today=TODAY)
    models = {r.label: r.value for r in figures.sections[2][2]}
    assert models["Make it Last — prolong service life"] == 8 and models["Close the Loop — waste becomes input"] == 5
    assert figures.model_sum == 13 and figures.total.value == 12


def test_protection_rules_on_their_own():
    p = Protection()
    p.add("total", "companies", range(12))
    p.add("a", "companies", range(10))
    p.add("b", "companies", range(10, 12))
    p.partition("total", ["a", "b"])
    p.run()
    assert p.value("total") == 12 and p.value("b") is None and p.reason("b") == "small"
    assert p.value("a") is None and p.reason("a") == "protects"
    assert p.leaks() == []
    q = Protection()
    q.add("all", "companies", range(20))
    q.add("some", "companies", range(17))  # 20 − 17 would give away the three below
    q.add("few", "companies", range(17, 20))
    q.add("jobs", "jobs@now", range(6), 30.5)
    q.run()
    assert q.value("all") == 20 and q.value("some") is None and q.value("jobs") == 30.5
    assert q.leaks() == []


@pytest.mark.parametrize("language, words", [
    ("fr", ("Situation au", "Les trois dernières années", "plusieurs modèles circulaires")),
    ("nl", ("Situatie op", "De laatste drie jaar", "meerdere circulaire modellen")),
    ("en", ("Situation on", "The last three years", "several circular models")),
])
def test_the_page_in_each_language(client, world, portfolio, language, words):
    client.force_login(world.users[Role.OBSERVER])
    client.cookies["citymade_language"] = language
    html = client.get(reverse("portfolio:figures")).content.decode()
    for word in words:
        assert word in html
    assert "Secret Works" not in html
    year = dt.date.today().year
    assert all(str(y) in html for y in (year - 2, year - 1, year))


def test_filters_and_downloads(client, world, portfolio):
    client.force_login(world.users[Role.OBSERVER])
    client.cookies["citymade_language"] = "en"
    html = client.get(reverse("portfolio:figures"), {"model": "close_the_loop", "stage": "nonsense"}).content.decode()
    assert 'value="close_the_loop" selected' in html
    csv = client.get(reverse("portfolio:figures_download", args=["csv"]), {"model": "close_the_loop"})
    assert csv.status_code == 200 and "Reference date" in csv.content.decode("utf-8-sig")
    assert "Secret Works" not in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("portfolio:figures_download", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(reverse("portfolio:figures_download", args=["pdf"])).status_code == 404


def test_company_users_cannot_download_the_figures(client, world, portfolio):
    client.force_login(world.users[Role.COMPANY])
    assert client.get(reverse("portfolio:figures_download", args=["csv"])).status_code == 403


def test_the_api_gives_the_same_protected_figures_as_the_page(client, world, portfolio):
    """An API reader and a page reader together learn no more than either: the same cells hide."""
    client.force_login(world.users[Role.OBSERVER])
    data = client.get("/api/portfolio/figures", HTTP_ACCEPT_LANGUAGE="en").json()
    page = key_figures("en")
    assert data["total"] == page.total.value
    for key, _title, rows in page.sections:
        assert [g["count"] for g in data[key]] == [None if r.value is None else int(r.value) for r in rows], key
    stages = {g["label"]: g["count"] for g in data["stages"]}
    assert None in stages  # "no diagnostic yet" is the unknown stage, as the contract says
