"""The home page per role: each block shows the person's next work, or says what to do when empty;
people are named by their full name, never by their login."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Product
from citymade.web.diagnostics import services as diagnostics
from citymade.web.portfolio import services as portfolio
from citymade.web.portfolio.models import Contact
from tests.web.test_diagnostics import ANSWERS


@pytest.fixture
def named(world):
    for role, (first, last) in {Role.ADMIN: ("Claire", "Dubois"), Role.ADVISOR: ("Sophie", "Lambert"),
                                Role.COMPANY: ("Lucie", "Vandamme"), Role.OBSERVER: ("Marc", "Peeters")}.items():
        user = world.users[role]
        user.first_name, user.last_name = first, last
        user.save()
    world.own.membership = "member"
    world.own.save()
    return world


def _home(client, user, language="en"):
    client.force_login(user)
    client.cookies["citymade_language"] = language
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def _finished(world, user):
    Product.objects.get_or_create(company=world.own, name="Chaise", defaults={"unit_mass_kg": 6, "units_per_month": 20})
    draft = diagnostics.start_diagnostic(company=world.own, user=user)
    diagnostics.replace_answers(draft, user=user, answers=ANSWERS)
    return diagnostics.submit(draft, user=user)


def test_an_advisors_empty_home_says_what_to_do_in_every_block(client, named):
    Contact.objects.create(company=named.own, date=timezone.localdate(), note="")  # nobody needs a contact …
    page = _home(client, named.users[Role.ADVISOR])
    assert "You have no diagnostic in progress" in page
    assert "No diagnostic is finished yet" in page
    assert "No event is planned" in page
    # … but a member never diagnosed needs attention, with the reason in words
    assert "Companies needing attention" in page and "no diagnostic for over" in page


def test_an_advisors_home_lists_their_drafts_attention_recent_diagnostics_and_next_events(client, named):
    advisor = named.users[Role.ADVISOR]
    _finished(named, advisor)
    mine = diagnostics.start_diagnostic(company=named.other, user=advisor)
    diagnostics.start_diagnostic(company=named.own, user=named.users[Role.COMPANY])  # not the advisor's draft
    portfolio.create_event(actor=advisor, title="Open day at the canal", kind="open_day", date=timezone.localdate() + dt.timedelta(days=9))
    portfolio.create_event(actor=advisor, title="Last year's visit", kind="visit", date=timezone.localdate() - dt.timedelta(days=300))
    page = _home(client, advisor)
    drafts = page.split('id="my-drafts"')[1].split("</section>")[0]
    assert "Other Works" in drafts and f"/diagnostics/{mine.pk}/step/" in drafts and "Atelier Own" not in drafts
    recent = page.split('id="recent"')[1].split("</section>")[0]
    assert "Atelier Own" in recent and "Sophie Lambert" in recent and "advisor1" not in recent
    events = page.split('id="events"')[1].split("</section>")[0]
    assert "Open day at the canal" in events and "Last year" not in events
    # a diagnostic is a contact: the company diagnosed today needs no attention
    attention = page.split('id="attention"')[1].split("</section>")[0]
    assert "Atelier Own" not in attention


def test_recording_a_contact_from_the_home_page_clears_it_and_comes_back_home(client, named):
    advisor = named.users[Role.ADVISOR]
    url = reverse("portfolio:contact_create", kwargs={"slug": named.own.slug})
    attention = _home(client, advisor).split('id="attention"')[1].split("</section>")[0]
    assert "Atelier Own" in attention and "nobody contacted them" in attention and url in attention
    response = client.post(url, {"next": reverse("core:home")})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert Contact.objects.filter(company=named.own, by=advisor).count() == 1
    attention = _home(client, advisor).split('id="attention"')[1].split("</section>")[0]
    assert url not in attention  # Atelier Own no longer needs a contact (Other Works still does)
    # from the dashboard it still goes back to the dashboard
    assert client.post(url, {"next": reverse("portfolio:dashboard")})["Location"] == reverse("portfolio:dashboard")


def test_a_company_user_sees_their_company_their_last_result_with_priorities_and_can_continue(client, named):
    user = named.users[Role.COMPANY]
    page = _home(client, user)
    assert "You have not started a diagnostic yet" in page and reverse("diagnostics:start", kwargs={"slug": named.own.slug}) in page
    assert "No result yet" in page and "Atelier Own" in page
    finished = _finished(named, named.users[Role.ADVISOR])
    draft = diagnostics.start_diagnostic(company=named.own, user=user)
    page = _home(client, user)
    result = page.split('id="my-result"')[1].split("</section>")[0]
    assert reverse("diagnostics:detail", kwargs={"pk": finished.pk}) in result and "Your priorities" in result
    assert result.count('<li><span class="grade') in (1, 2, 3) or "None: every dimension" in result
    assert f"/diagnostics/{draft.pk}/step/" in page and "Continue my diagnostic" in page
    assert "Other Works" not in page


def test_an_observer_is_pointed_at_the_key_figures_and_the_region(client, named):
    page = _home(client, named.users[Role.OBSERVER], "nl")
    assert reverse("portfolio:figures") in page and reverse("region:figures") in page
    assert "Kerncijfers van de cluster" in page and "Atelier Own" not in page


def test_an_observers_home_shows_the_headline_figures_with_small_groups_hidden(client, named):
    from citymade.web.companies.models import Company
    from citymade.web.portfolio.keyfigures import MIN_GROUP

    # one member (Atelier Own): a group under the threshold is not shown, as on the key figures page
    page = _home(client, named.users[Role.OBSERVER], "fr")
    assert "Le cluster en chiffres" in page and "Situation au" in page
    assert "Membres et candidats membres" in page and f"moins de {MIN_GROUP}" in page
    for i in range(MIN_GROUP + 1):
        Company.objects.create(name=f"Membre {i}", slug=f"membre-{i}", membership="member")
    page = _home(client, named.users[Role.OBSERVER], "fr")
    row = page.split("Membres et candidats membres", 1)[1].split("</tr>", 1)[0]
    from citymade.web.portfolio.keyfigures import key_figures

    total = key_figures("fr").total.value  # the key figures page's own count
    assert total is not None and total >= MIN_GROUP + 2
    assert f">{int(total)}<" in row and "Membre 0" not in page


def test_an_administrators_home_counts_users_and_shows_the_latest_changes_in_words(client, named):
    admin = named.users[Role.ADMIN]
    page = _home(client, admin)
    assert "Everyone with an account has logged in at least once." not in page  # nobody of the test world logged in
    assert "Lucie Vandamme" in page and "company1" not in page
    from citymade.web.accounts.services import set_active

    set_active(named.users[Role.OBSERVER], actor=admin, active=False)
    page = _home(client, admin)
    assert "Deactivated the account of Marc Peeters" in page and reverse("core:audit") in page


@pytest.mark.parametrize(("language", "word"), [("fr", "Mes diagnostics en cours"), ("nl", "Mijn lopende diagnoses"),
                                                 ("en", "My open diagnostics")])
def test_the_home_page_speaks_every_language(client, named, language, word):
    page = _home(client, named.users[Role.ADVISOR], language)
    assert f'<html lang="{language}">' in page and word in page


@pytest.mark.parametrize(("path", "current"), [("/region/prospects/", "/region/prospects/"), ("/region/", "/region/"),
                                               ("/portfolio/review/", "/portfolio/review/"), ("/", "/")])
def test_one_navigation_item_is_the_current_page(client, world, path, current):
    import re

    client.force_login(world.users[Role.ADVISOR])
    page = client.get(path).content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', page) == [current]


def test_french_puts_a_space_before_the_colon_of_the_attention_rows(client, named):
    # a member never diagnosed needs attention; its row names the advisor and the last contact
    page = _home(client, named.users[Role.ADVISOR], "fr")
    attention = page.split('id="attention"')[1].split("</section>")[0]
    assert "Conseiller :" in attention and "Dernier contact :" in attention
    assert "Dernier contact:" not in attention
