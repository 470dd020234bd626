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


def _attention(client) -> str:
    page = client.get(reverse("portfolio:dashboard")).content.decode()
    return page.split('class="pf-attention"')[1].split("</section>")[0]


def test_a_diagnostic_an_attended_event_or_a_recorded_contact_counts_as_contact(client, world):
    from citymade.web.diagnostics import services as diagnostics
    from citymade.web.portfolio.models import Event, Participation

    diagnosed = Company.objects.create(name="Atelier Diagnosed", slug="atelier-diagnosed", membership="member")
    attended = Company.objects.create(name="Atelier Attended", slug="atelier-attended", membership="member")
    called = Company.objects.create(name="Atelier Called", slug="atelier-called", membership="member")
    Company.objects.create(name="Atelier Forgotten", slug="atelier-forgotten", membership="member")
    advisor = world.users[Role.ADVISOR]
    advisor.first_name, advisor.last_name = "Marie", "Dupont"
    advisor.save()
    diagnostics.start_diagnostic(company=diagnosed, user=advisor)  # a diagnostic minutes ago
    event = Event.objects.create(title="Open day", kind="open_day", date=dt.date.today() - dt.timedelta(days=3))
    Participation.objects.create(event=event, company=attended, attended=True)
    client.force_login(advisor)
    client.cookies["citymade_language"] = "en"
    attention = _attention(client)
    rows = {name: attention.split(name)[1].split("</tr>")[0] for name in ("Atelier Diagnosed", "Atelier Attended", "Atelier Called", "Atelier Forgotten")}
    assert "nobody contacted them" not in rows["Atelier Diagnosed"] and "Marie Dupont" in rows["Atelier Diagnosed"]
    assert "nobody contacted them" not in rows["Atelier Attended"]
    assert "nobody contacted them" in rows["Atelier Called"] and "clears it" in rows["Atelier Called"]
    # a quick "record a contact" on the row clears it, and counts as no support action
    response = client.post(reverse("portfolio:contact_create", kwargs={"slug": called.slug}), {"next": reverse("portfolio:dashboard")})
    assert response.status_code == 302
    attention = _attention(client)
    assert "nobody contacted them" not in attention.split("Atelier Called")[1].split("</tr>")[0]
    assert "nobody contacted them" in attention.split("Atelier Forgotten")[1].split("</tr>")[0]
    assert not called.support_actions.exists()
