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
    supported = Company.objects.create(name="Atelier Supported", slug="atelier-supported", membership="member")
    Company.objects.create(name="Atelier Forgotten", slug="atelier-forgotten", membership="member")
    advisor = world.users[Role.ADVISOR]
    advisor.first_name, advisor.last_name = "Marie", "Dupont"
    advisor.save()
    diagnostics.start_diagnostic(company=diagnosed, user=advisor)  # a diagnostic minutes ago
    event = Event.objects.create(title="Open day", kind="open_day", date=dt.date.today() - dt.timedelta(days=3))
    Participation.objects.create(event=event, company=attended, attended=True)
    services.record_support_action(supported, actor=advisor, type="advice", date=dt.date.today() - dt.timedelta(days=2))
    client.force_login(advisor)
    client.cookies["citymade_language"] = "en"
    attention = _attention(client)
    rows = {name: attention.split(name)[1].split("</tr>")[0] for name in ("Atelier Diagnosed", "Atelier Attended", "Atelier Supported", "Atelier Called", "Atelier Forgotten")}
    assert "nobody contacted them" not in rows["Atelier Diagnosed"] and "Marie Dupont" in rows["Atelier Diagnosed"]
    assert "nobody contacted them" not in rows["Atelier Attended"]
    assert "nobody contacted them" not in rows["Atelier Supported"], "a support action this week is a contact"
    assert "nobody contacted them" in rows["Atelier Called"] and "clears it" in rows["Atelier Called"]
    # a quick "record a contact" on the row clears it, and counts as no support action
    response = client.post(reverse("portfolio:contact_create", kwargs={"slug": called.slug}), {"next": reverse("portfolio:dashboard")})
    assert response.status_code == 302
    attention = _attention(client)
    assert "nobody contacted them" not in attention.split("Atelier Called")[1].split("</tr>")[0]
    assert "nobody contacted them" in attention.split("Atelier Forgotten")[1].split("</tr>")[0]
    assert not called.support_actions.exists()


def test_a_plan_item_answered_by_a_support_action_shows_as_done_on_the_company_page(client, world):
    from citymade.web.portfolio.models import PlanItem

    company = Company.objects.create(name="Atelier Planned", slug="atelier-planned", membership="member")
    diagnostic = Diagnostic.objects.create(
        company=company, framework_version="test", state="validated", assessed_on=dt.date.today(),
        result={"recommendations": [
            {"id": "r_energy", "title": {"fr": "Réduire l'énergie", "nl": "Energie verminderen", "en": "Cut energy use"}, "support_label": {"fr": "Conseil simple", "nl": "Eenvoudig advies", "en": "Simple advice"}},
            {"id": "r_team", "title": {"fr": "Compléter l'équipe", "nl": "Het team aanvullen", "en": "Complete the team"}},
        ]},
        answers={"company": {}, "products": [], "site": {}},
    )
    advisor = world.users[Role.ADVISOR]
    client.force_login(advisor)
    client.cookies["citymade_language"] = "en"
    page_url = reverse("companies:detail", kwargs={"slug": company.slug})
    page = client.get(page_url).content.decode()
    assert "Cut energy use" in page and "0 of 2 done." in page
    services.record_support_action(company, actor=advisor, type="advice", diagnostic_id=diagnostic.pk, recommendation="r_energy")
    page = client.get(page_url).content.decode()
    row = page.split("Cut energy use")[1].split("</tr>")[0]
    assert "Done" in row and "1 of 2 done." in page
    # the owner, due date and status of the other item, changed on its own page and audited
    edit = reverse("portfolio:plan_item_edit", kwargs={"slug": company.slug, "diagnostic_id": diagnostic.pk, "recommendation": "r_team"})
    response = client.post(edit, {"status": "in_progress", "owner": advisor.pk, "due_on": "2027-03-01"})
    assert response.status_code == 302
    item = PlanItem.objects.get(diagnostic_id=diagnostic.pk, recommendation="r_team")
    assert item.status == "in_progress" and item.owner == advisor and item.due_on == dt.date(2027, 3, 1)
    assert "In progress" in client.get(page_url).content.decode().split("Complete the team")[1].split("</tr>")[0]
    from citymade.web.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="plan_item.changed").count() == 2


def test_the_attendance_page_names_each_box_and_keeps_former_members_invited(client, world):
    from citymade.web.portfolio.models import Event, Participation

    former = Company.objects.create(name="Atelier Ancien", slug="atelier-ancien", membership="alumni")
    Company.objects.create(name="Atelier Parti", slug="atelier-parti", membership="alumni")
    event = Event.objects.create(title="Assemblée", kind="meeting", date=dt.date(2024, 3, 1))
    Participation.objects.create(event=event, company=former, attended=True)
    client.force_login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "fr"
    page = client.get(reverse("portfolio:attendance", kwargs={"event_id": event.pk})).content.decode()
    assert 'aria-label="Atelier Ancien : présente"' in page and 'aria-label="Atelier Ancien : invitée"' in page
    assert "Atelier Parti" not in page, "a former member never invited is not listed"
    import re

    boxes = re.findall(r'<input type="checkbox"[^>]*>', page)
    assert boxes and all("aria-label=" in box for box in boxes), "every box is named after its company"
