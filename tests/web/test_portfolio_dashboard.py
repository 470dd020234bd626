"""The advisors' dashboard: filters narrow every figure; the attention list says why."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.diagnostics.models import Diagnostic
from citymade.web.portfolio import services


def test_filters_narrow_the_dashboard(client, world):
    ixelles = Company.objects.create(name="Atelier Ixelles", slug="atelier-ixelles", municipality="Ixelles")
    Company.objects.create(name="Forge Forest", slug="forge-forest", municipality="Forest", membership="prospect")
    Diagnostic.objects.create(
        company=ixelles,
        framework_version="test",
        state="validated",
        assessed_on=dt.date.today() - dt.timedelta(days=30),
        result={
            "maturity": {"stage": 2},
            "circular_models": [{"id": "make_it_last", "strength": "emerging"}],
            "red_flags": [{"id": "rf_seveso"}],
            "dimensions": [],
        },
        answers={"company": {"c_sector": "wood"}, "products": [], "site": {}},
    )
    services.record_support_action(ixelles, actor=None, type="advice", date=dt.date.today())
    client.force_login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "en"
    url = reverse("portfolio:dashboard")
    everything = client.get(url).content.decode()
    assert "4 companies" in everything
    for query in ("municipality=Ixelles", "model=make_it_last", "stage=2", "sector=wood"):
        page = client.get(f"{url}?{query}").content.decode()
        assert "1 company" in page, query
        attention = page.split('class="pf-attention"')[1].split("</section>")[0]
        assert "Atelier Ixelles" in attention and "red flags in the latest diagnostic" in attention, query
        assert "no diagnostic for over" not in attention and "nobody contacted them" not in attention
    assert "0 companies" in client.get(f"{url}?status=alumni").content.decode()
    forest = client.get(f"{url}?status=prospect").content.decode()
    assert "1 company" in forest and "Forge Forest" not in forest.split('class="pf-attention"')[1].split("</section>")[0]
