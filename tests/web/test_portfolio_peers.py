"""Peer benchmarks for a company user (4 peers → hidden, 5 → shown) and observer aggregates:
nobody outside the cluster staff reaches one other company's figures."""

from __future__ import annotations

import pytest
from django.urls import reverse

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.diagnostics.models import Diagnostic


def _diagnose(company: Company, *, stage: int, fit: float, models=("make_it_last",)) -> Diagnostic:
    return Diagnostic.objects.create(
        company=company,
        version=Diagnostic.objects.filter(company=company).count() + 1,
        framework_version="test",
        state="validated",
        result={
            "maturity": {"stage": stage},
            "circular_models": [{"id": m, "strength": "established"} for m in models],
            "dimensions": [{"id": "urban_fit", "value": fit}],
        },
    )


def _peers(n: int, *, stage: int = 3) -> list[Company]:
    peers = []
    for i in range(n):
        company = Company.objects.create(name=f"Peer {i}", slug=f"peer-{i}")
        _diagnose(company, stage=stage, fit=40.0 + 10 * i, models=("close_the_loop",))
        peers.append(company)
    return peers


def _peer_section(client, world) -> str:
    client.force_login(world.users[Role.COMPANY])
    client.cookies["citymade_language"] = "en"
    page = client.get(reverse("companies:detail", args=[world.own.slug])).content.decode()
    return page.split('id="peers"')[1].split("</section>")[0] if 'id="peers"' in page else ""


def test_four_peers_are_hidden(client, world):
    _diagnose(world.own, stage=3, fit=75.0)
    _peers(4)
    section = _peer_section(client, world)
    assert "Too few peers to compare" in section
    assert "Peer 0" not in section and "<table" not in section


def test_five_peers_are_shown_anonymised(client, world):
    _diagnose(world.own, stage=3, fit=75.0)
    peers = _peers(5)
    section = _peer_section(client, world)
    assert "<table" in section

    from citymade.web.portfolio.peers import dimension_labels

    row = section.split(dimension_labels("en")["urban_fit"] + "</td>")[1].split("</tr>")[0]
    # own 75; peers 40, 50, 60, 70, 80: the plain median 60 and quartiles 50–70 would be three
    # peers' own scores, so each is the mean of two neighbouring peers (55; 45–75), 5 peers
    assert [cell.split("<")[0] for cell in row.split('class="num">')[1:]] == ["75", "55", "45–75", "5"]
    for peer in peers:
        assert peer.name not in section
    # The model group (make_it_last) has no peer at all: too few.
    assert "Too few peers to compare" in section


def test_peers_of_another_stage_do_not_count(client, world):
    _diagnose(world.own, stage=3, fit=75.0)
    _peers(5, stage=4)
    assert "Too few peers to compare" in _peer_section(client, world)


def _aggregates_page(client, world) -> str:
    client.force_login(world.users[Role.OBSERVER])
    client.cookies["citymade_language"] = "en"
    return client.get(reverse("portfolio:figures")).content.decode()


def test_observers_see_counts_of_five_or_more_only(client, world):
    for i in range(6):
        Company.objects.create(name=f"Ixelles {i}", slug=f"ix-{i}", municipality="Ixelles")
    Company.objects.create(name="Lonely", slug="lonely", municipality="Uccle")
    page = _aggregates_page(client, world)
    assert '<th scope="row">Ixelles</th><td class="num">6</td>' in page
    uccle = page.split('<th scope="row">Uccle</th>')[1].split("</tr>")[0]
    assert "fewer than 5" in uccle
    assert "Lonely" not in page and world.own.name not in page


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.COMPANY])
def test_outsiders_reach_no_single_company_figures(client, world, role):
    _diagnose(world.other, stage=2, fit=30.0)
    client.force_login(world.users[role])
    pages = [
        reverse("portfolio:dashboard"),
        reverse("portfolio:review_figure", args=[2024, "members_total"]),
        reverse("portfolio:support_list"),
        reverse("portfolio:export_download", args=["companies", "csv"]),
        reverse("portfolio:export_download", args=["diagnostics", "xlsx"]),
        reverse("portfolio:support_create", args=[world.other.slug]),
    ]
    for url in pages:
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("companies:detail", args=[world.other.slug])).status_code in (403, 404)
    response = client.get("/api/portfolio/support-actions")
    if role == Role.OBSERVER:
        assert response.status_code == 403
    else:
        assert all(item["company_id"] == world.own.pk for item in response.json()["items"])


def test_observers_cannot_subtract_a_hidden_count_from_the_total(client, world):
    """Members and 2 candidates: the total is shown, so showing the members would give away the 2."""
    for i in range(8):
        Company.objects.create(name=f"Member {i}", slug=f"member-{i}", membership="member")
    for i in range(2):
        Company.objects.create(name=f"Candidate {i}", slug=f"candidate-{i}", membership="candidate")
    for i in range(6):  # the smallest other group: hiding it would not protect the candidates
        Company.objects.create(name=f"Alumnus {i}", slug=f"alumnus-{i}", membership="alumni")
    from citymade.web.portfolio.peers import observer_aggregates

    figures = observer_aggregates("en")
    assert figures["total"] == Company.objects.filter(membership__in=("member", "candidate")).count()
    statuses = {str(label): value for label, value in figures["statuses"]}
    assert statuses[str(Company.Membership.CANDIDATE.label)] is None
    assert statuses[str(Company.Membership.MEMBER.label)] is None
