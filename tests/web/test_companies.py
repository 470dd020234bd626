"""Companies, their products, sites and contact persons: pages, services, audit, scoping, API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from citymade.errors import CitymadeError
from citymade.i18n import use_language
from citymade.register.enterprise_number import parse_enterprise_number
from citymade.web.accounts.roles import Role
from citymade.web.companies import services
from citymade.web.companies.models import Company, ContactPerson, Product, Site
from citymade.web.companies.panels import register_panel, unregister_panel
from citymade.web.core.models import AuditEntry

BAD_NUMBER = "0403.170.702"  # the check digits of 0403.170.7… are 01


def _mod97_message(language: str) -> str:
    with use_language(language), pytest.raises(CitymadeError) as caught:
        parse_enterprise_number(BAD_NUMBER)
    return caught.value.message


def _new_company(client, **fields):
    data = {"name": "Atelier Neuf", "enterprise_number": "", "membership": "member", **fields}
    return client.post(reverse("companies:create"), data)


# Creating and editing companies ------------------------------------------------------------------


def test_bad_enterprise_number_shows_the_mod97_message_inline(login, world):
    client = login(world.users[Role.ADVISOR])
    response = _new_company(client, enterprise_number=BAD_NUMBER)
    assert response.status_code == 200
    errors = response.context["form"].errors["enterprise_number"]
    assert errors == [_mod97_message("fr")]
    assert "01" in errors[0]  # the check digits it should have
    page = response.content.decode()
    assert 'class="field invalid"' in page and 'role="alert"' in page
    assert not Company.objects.filter(name="Atelier Neuf").exists()


def test_mod97_message_follows_the_language_cookie(login, world, client):
    client = login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "nl"
    response = _new_company(client, enterprise_number=BAD_NUMBER)
    assert response["Content-Language"] == "nl"
    assert response.context["form"].errors["enterprise_number"] == [_mod97_message("nl")]
    assert _mod97_message("nl") != _mod97_message("fr")  # really another language, not a fallback
    assert _mod97_message("nl") in response.content.decode()
    assert '<html lang="nl">' in response.content.decode()


def test_advisor_creates_a_company_with_a_normalised_number_and_an_audit_entry(login, world):
    advisor = world.users[Role.ADVISOR]
    client = login(advisor)
    response = _new_company(client, enterprise_number="BE 0417 497 106", nace_codes="31.09, 16.23")
    company = Company.objects.get(name="Atelier Neuf")
    assert response.status_code == 302 and response["Location"] == reverse("companies:detail", args=[company.slug])
    assert company.slug == "atelier-neuf"
    assert company.enterprise_number == "0417.497.106"
    assert company.nace_codes == ["31.09", "16.23"]
    entry = AuditEntry.objects.get(action="company.created")
    assert entry.actor == advisor and entry.company == company and entry.after["name"] == "Atelier Neuf"


def test_wrong_nace_code_is_refused_with_a_message(login, world):
    response = _new_company(login(world.users[Role.ADVISOR]), nace_codes="10.89, wood")
    assert "wood" in response.context["form"].errors["nace_codes"][0]


def test_short_names_are_unique_and_avoid_reserved_words(world):
    advisor = world.users[Role.ADVISOR]
    first = services.create_company(actor=advisor, data={"name": "Atelier Bois"})
    second = services.create_company(actor=advisor, data={"name": "Atelier Bois"})
    new = services.create_company(actor=advisor, data={"name": "New"})
    assert (first.slug, second.slug) == ("atelier-bois", "atelier-bois-2")
    assert new.slug == "new-2"


def test_only_staff_create_companies(world):
    with pytest.raises(PermissionDenied):
        services.create_company(actor=world.users[Role.COMPANY], data={"name": "Sneaky"})
    assert not Company.objects.filter(name="Sneaky").exists()


def test_company_user_edits_its_facts_but_not_its_membership(login, world):
    client = login(world.users[Role.COMPANY])
    url = reverse("companies:edit", args=[world.own.slug])
    form = client.get(url).context["form"]
    assert "membership" not in form.fields and "enterprise_number" not in form.fields
    response = client.post(url, {"name": "Atelier Own", "municipality": "Forest", "membership": "alumni"})
    assert response.status_code == 302
    world.own.refresh_from_db()
    assert world.own.municipality == "Forest" and world.own.membership == Company.Membership.MEMBER
    entry = AuditEntry.objects.get(action="company.changed")
    assert entry.before["municipality"] == "" and entry.after["municipality"] == "Forest"
    with pytest.raises(PermissionDenied):
        services.update_company(world.own, actor=world.users[Role.COMPANY], data={"membership": "alumni"})


def test_advisor_changes_membership(login, world):
    client = login(world.users[Role.ADVISOR])
    data = {"name": "Other Works", "slug": "other-works", "enterprise_number": "0202.239.951", "membership": "alumni"}
    assert client.post(reverse("companies:edit", args=[world.other.slug]), data).status_code == 302
    world.other.refresh_from_db()
    assert world.other.membership == Company.Membership.ALUMNI


# Products, sites, contacts: services --------------------------------------------------------------


def test_product_changes_are_audited_with_before_and_after(world):
    advisor = world.users[Role.ADVISOR]
    product = services.add_product(world.own, actor=advisor, data={"name": "Tabouret", "category": "wood"})
    services.update_product(product, actor=advisor, data={"name": "Tabouret", "units_per_month": 40})
    services.update_product(product, actor=advisor, data={"units_per_month": 40})  # nothing changes
    services.delete_product(product, actor=advisor)
    entries = list(AuditEntry.objects.filter(company=world.own).order_by("id"))
    assert [e.action for e in entries] == ["product.created", "product.changed", "product.deleted"]
    assert entries[1].before["units_per_month"] is None and entries[1].after["units_per_month"] == 40
    assert entries[2].before["name"] == "Tabouret" and entries[2].actor == advisor
    assert not Product.objects.exists()


def test_invalid_part_is_refused_and_leaves_no_trace(world):
    with pytest.raises(ValidationError) as caught:
        services.add_product(world.own, actor=world.users[Role.ADVISOR], data={"name": "Poutre", "unit_mass_kg": -3})
    assert "unit_mass_kg" in caught.value.message_dict
    assert not Product.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("add", "data", "model"),
    [
        (services.add_product, {"name": "Tabouret"}, Product),
        (services.add_site, {"name": "Atelier", "zone_type": "ziu"}, Site),
        (services.add_contact, {"name": "Marie Curie", "email": "marie@example.org"}, ContactPerson),
    ],
)
def test_a_change_and_its_audit_entry_land_together_or_not_at_all(world, monkeypatch, add, data, model):
    def broken_log(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "log_action", broken_log)
    with pytest.raises(RuntimeError):
        add(world.own, actor=world.users[Role.ADVISOR], data=data)
    assert not model.objects.exists()


def test_site_and_contact_services_audit(world):
    user = world.users[Role.COMPANY]
    site = services.add_site(world.own, actor=user, data={"name": "Atelier", "zone_type": "mixed", "floor_area_m2": 200})
    services.update_site(site, actor=user, data={"dwellings_adjacent": True})
    contact = services.add_contact(world.own, actor=user, data={"name": "Marie", "function": "CEO"})
    services.delete_contact(contact, actor=user)
    actions = list(AuditEntry.objects.filter(company=world.own).order_by("id").values_list("action", flat=True))
    assert actions == ["site.created", "site.changed", "contact.created", "contact.deleted"]
    assert world.own.current_site == site


# Products, sites, contacts: pages ----------------------------------------------------------------


def test_company_user_adds_edits_and_deletes_its_own_product(login, world):
    client = login(world.users[Role.COMPANY])
    add = reverse("companies:product_add", args=[world.own.slug])
    response = client.post(add, {"name": "Lampe", "category": "electronics", "unit_mass_kg": "1.5", "units_per_month": "20"})
    assert response.status_code == 302 and response["Location"].endswith("#products")
    product = world.own.products.get()
    edit = reverse("companies:product_edit", args=[world.own.slug, product.pk])
    client.post(edit, {"name": "Lampe de bureau", "category": "electronics"})
    product.refresh_from_db()
    assert product.name == "Lampe de bureau" and product.unit_mass_kg is None
    assert client.post(reverse("companies:product_delete", args=[world.own.slug, product.pk])).status_code == 302
    assert not Product.objects.exists()


@pytest.mark.parametrize("kind", ["product", "site", "contact"])
def test_company_user_cannot_change_another_companys_part_by_guessing_ids(login, world, kind):
    model = {"product": Product, "site": Site, "contact": ContactPerson}[kind]
    theirs = model.objects.create(company=world.other, name="Theirs")
    client = login(world.users[Role.COMPANY])
    for slug in (world.own.slug, world.other.slug):
        edit = reverse(f"companies:{kind}_edit", args=[slug, theirs.pk])
        delete = reverse(f"companies:{kind}_delete", args=[slug, theirs.pk])
        assert client.post(edit, {"name": "Mine now"}).status_code == 404
        assert client.post(delete).status_code == 404
    assert client.post(reverse(f"companies:{kind}_add", args=[world.other.slug]), {"name": "Planted"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Theirs" and model.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_invalid_site_form_shows_errors_and_saves_nothing(login, world):
    client = login(world.users[Role.ADVISOR])
    response = client.post(reverse("companies:site_add", args=[world.own.slug]), {"name": "", "zone_type": "moon"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "zone_type"}
    assert not Site.objects.exists()


def test_company_page_shows_parts_and_empty_states_with_next_steps(login, world):
    client = login(world.users[Role.ADVISOR])
    page = client.get(reverse("companies:detail", args=[world.own.slug])).content.decode()
    assert reverse("companies:product_add", args=[world.own.slug]) in page
    assert reverse("companies:site_add", args=[world.own.slug]) in page
    assert page.count('class="empty"') >= 3
    Product.objects.create(company=world.own, name="Tabouret en frêne", category="wood")
    Site.objects.create(company=world.own, name="Halle Nord", zone_type=Site.ZoneType.ZEMU, floor_area_m2=300)
    ContactPerson.objects.create(company=world.own, name="Jan Peeters", email="jan@example.org")
    page = client.get(reverse("companies:detail", args=[world.own.slug])).content.decode()
    for text in ("Tabouret en frêne", "Halle Nord", "300 m²", "Jan Peeters", "mailto:jan@example.org"):
        assert text in page


def test_history_is_for_staff_only_and_says_what_changed(login, world):
    product = services.add_product(world.own, actor=world.users[Role.ADVISOR], data={"name": "Tabouret"})
    services.update_product(product, actor=world.users[Role.COMPANY], data={"units_per_month": 12})
    url = reverse("companies:detail", args=[world.own.slug])
    staff_page = login(world.users[Role.ADVISOR]).get(url)
    lines = staff_page.context["history"]
    assert [(line.kind, line.text, line.changed) for line in lines] == [
        ("product.changed", "Produit modifié : Tabouret", ("unités produites par mois",)),
        ("product.created", "Produit ajouté : Tabouret", ()),
    ]
    assert 'data-action="product.created"' in staff_page.content.decode()
    assert 'data-action="product.created"' not in login(world.users[Role.COMPANY]).get(url).content.decode()


# List and search ---------------------------------------------------------------------------------


@pytest.fixture
def cluster(world):
    # saved (not .update()): the search column is kept up to date on save
    world.own.municipality, world.own.postal_code = "Molenbeek-Saint-Jean", "1080"
    world.own.save()
    world.other.municipality, world.other.membership = "Forest", "prospect"
    world.other.save()
    return world


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"q": "atelier"}, ["Atelier Own"]),
        ({"q": "0202239951"}, ["Other Works"]),
        ({"q": "0202.239"}, ["Other Works"]),
        ({"q": "molenbeek"}, ["Atelier Own"]),
        ({"q": "1080"}, ["Atelier Own"]),
        ({"membership": "prospect"}, ["Other Works"]),
        ({}, ["Atelier Own", "Other Works"]),
    ],
)
def test_company_list_search_and_filters(login, cluster, query, found):
    response = login(cluster.users[Role.ADVISOR]).get(reverse("companies:list"), query)
    assert [c.name for c in response.context["companies"]] == found


def test_search_without_match_says_so_and_htmx_gets_only_the_results(login, cluster):
    client = login(cluster.users[Role.ADVISOR])
    response = client.get(reverse("companies:list"), {"q": "zzz"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and 'class="empty"' in page
    assert "<html" in client.get(reverse("companies:list"), {"q": "zzz"}).content.decode()


def test_new_company_button_for_staff_only(login, world):
    create = reverse("companies:create")
    assert create in login(world.users[Role.ADVISOR]).get(reverse("companies:list")).content.decode()
    assert create not in login(world.users[Role.COMPANY]).get(reverse("companies:list")).content.decode()


# Panels ------------------------------------------------------------------------------------------


def test_registered_panels_render_in_order_and_may_hide(login, world, settings, tmp_path):
    (tmp_path / "panel_a.html").write_text("<section>A for {{ company.name }}: {{ panel.score }}</section>")
    (tmp_path / "panel_b.html").write_text("<section>B panel</section>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    register_panel(key="test-b", template="panel_b.html", context=lambda request, company: {}, order=5)
    register_panel(key="test-a", template="panel_a.html", context=lambda request, company: {"score": 42}, order=6)
    register_panel(
        key="test-hidden",
        template="panel_b.html",
        context=lambda request, company: None if request.user.role == Role.COMPANY else {},
        order=7,
    )
    try:
        url = reverse("companies:detail", args=[world.own.slug])
        page = login(world.users[Role.COMPANY]).get(url).content.decode()
        assert "A for Atelier Own: 42" in page
        assert page.index("B panel") < page.index("A for Atelier Own")
        assert page.count("B panel") == 1
        assert login(world.users[Role.ADVISOR]).get(url).content.decode().count("B panel") == 2
    finally:
        for key in ("test-a", "test-b", "test-hidden"):
            unregister_panel(key)


# API ---------------------------------------------------------------------------------------------


def test_api_company_and_its_products(login, world):
    Product.objects.create(company=world.own, name="Tabouret", category="wood", unit_mass_kg="2.500", units_per_month=12)
    client = login(world.users[Role.COMPANY])
    company = client.get(f"/api/companies/{world.own.pk}").json()
    assert company["slug"] == "atelier-own" and company["enterprise_number"] == "0403.170.701"
    assert company["membership"] == "member"
    products = client.get(f"/api/companies/{world.own.pk}/products").json()["items"]
    assert [(p["name"], p["category"], float(p["unit_mass_kg"]), p["units_per_month"]) for p in products] == [
        ("Tabouret", "wood", 2.5, 12)
    ]
    assert client.get(f"/api/companies/{world.other.pk}/products").status_code == 404
    assert client.get("/api/companies/999999").status_code == 404
