"""Companies, products, sites, support actions and register figures through the API."""

from __future__ import annotations

import datetime as dt

import pytest

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company, Product, Site
from citymade.web.core.models import AuditEntry
from citymade.web.portfolio.models import SupportAction
from tests.web.test_api_diagnostics import Api


def test_staff_create_companies_with_an_audit_entry(client, world):
    api = Api(client, world.users[Role.ADVISOR])
    response = api.send("post", "/api/companies", {"name": "  Vélo Fabriek ", "enterprise_number": "0202239951x"})
    assert response.status_code == 422  # a wrong number is said at its field
    response = api.send("post", "/api/companies", {"name": "  Vélo Fabriek ", "nace_codes": ["33.17"], "founded_on": "2019-04-01"})
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["name"] == "Vélo Fabriek" and created["slug"] == "velo-fabriek" and created["founded_on"] == "2019-04-01"
    assert AuditEntry.objects.filter(action="company.created", object_id=str(created["id"])).exists()
    for role in (Role.COMPANY, Role.OBSERVER):
        assert Api(client, world.users[role]).send("post", "/api/companies", {"name": "Mine"}).status_code == 403
    assert not Company.objects.filter(name="Mine").exists()


def test_a_company_user_edits_its_facts_but_not_its_membership(client, world):
    api = Api(client, world.users[Role.COMPANY])
    response = api.send("patch", f"/api/companies/{world.own.pk}", {"legal_form": "SRL", "municipality": "Anderlecht"})
    assert response.status_code == 200, response.content
    assert response.json()["legal_form"] == "SRL" and response.json()["membership"] == "member"
    entry = AuditEntry.objects.get(action="company.changed")
    assert entry.actor == world.users[Role.COMPANY] and entry.after["legal_form"] == "SRL"
    refused = api.send("patch", f"/api/companies/{world.own.pk}", {"membership": "alumni", "legal_form": "SA"})
    assert refused.status_code == 403
    assert refused.json()["error"]["details"] == [{"loc": ["body", "membership"], "message": "Vous ne pouvez pas modifier ce champ."}]
    assert Company.objects.get(pk=world.own.pk).legal_form == "SRL"
    assert api.send("patch", f"/api/companies/{world.other.pk}", {"legal_form": "SA"}).status_code == 404
    advisor = Api(client, world.users[Role.ADVISOR])
    assert advisor.send("patch", f"/api/companies/{world.own.pk}", {"membership": "alumni"}).json()["membership"] == "alumni"


@pytest.mark.parametrize("role", [Role.ADVISOR, Role.COMPANY])
def test_products_create_read_update_delete(client, world, role):
    api = Api(client, world.users[role])
    base = f"/api/companies/{world.own.pk}/products"
    created = api.send("post", base, {"name": "Stool", "category": "wood", "unit_mass_kg": 2.5, "units_per_month": 12})
    assert created.status_code == 201, created.content
    product = created.json()
    assert product["unit_mass_kg"] == "2.500" and product["units_per_month"] == 12
    assert api.get(f"{base}/{product['id']}").json()["name"] == "Stool"
    changed = api.send("patch", f"{base}/{product['id']}", {"units_per_month": 20, "unit_mass_kg": None})
    assert changed.status_code == 200 and changed.json()["units_per_month"] == 20 and changed.json()["unit_mass_kg"] is None
    assert api.send("patch", f"{base}/{product['id']}", {"category": "spaceships"}).status_code == 422
    assert api.send("patch", f"{base}/{product['id']}", {"units_per_month": "20"}).status_code == 422  # a number, not text
    assert api.get(base).json()["count"] == 1
    assert api.send("delete", f"{base}/{product['id']}").status_code == 204
    assert api.get(f"{base}/{product['id']}").status_code == 404
    actions = list(AuditEntry.objects.filter(object_id=str(product["id"]), action__startswith="product.")
                   .order_by("at", "id").values_list("action", flat=True))
    assert actions == ["product.created", "product.changed", "product.deleted"]


@pytest.mark.parametrize("role", [Role.ADVISOR, Role.COMPANY])
def test_sites_create_read_update_delete(client, world, role):
    api = Api(client, world.users[role])
    base = f"/api/companies/{world.own.pk}/sites"
    created = api.send("post", base, {"name": "Workshop", "zone_type": "zemu", "floor_area_m2": 300, "dwellings_adjacent": True})
    assert created.status_code == 201, created.content
    site = created.json()
    assert site["zone_type"] == "zemu" and site["dwellings_adjacent"] is True
    assert api.send("patch", f"{base}/{site['id']}", {"yearly_cost_eur": 24000}).json()["yearly_cost_eur"] == 24000
    assert api.send("patch", f"{base}/{site['id']}", {"dwellings_adjacent": "yes"}).status_code == 422
    assert [s["name"] for s in api.get(base).json()["items"]] == ["Workshop"]
    assert api.send("delete", f"{base}/{site['id']}").status_code == 204
    assert not Site.objects.exists()
    assert AuditEntry.objects.filter(action="site.deleted").count() == 1


def test_a_company_user_never_touches_another_companys_parts(client, world):
    theirs = Product.objects.create(company=world.other, name="Their lamp")
    their_site = Site.objects.create(company=world.other, name="Their hall")
    api = Api(client, world.users[Role.COMPANY])
    own, other = f"/api/companies/{world.own.pk}", f"/api/companies/{world.other.pk}"
    assert api.get(f"{other}/products").status_code == 404
    assert api.send("post", f"{other}/products", {"name": "Sneaky"}).status_code == 404
    # Their ids under the own company: not found either.
    assert api.get(f"{own}/products/{theirs.pk}").status_code == 404
    assert api.send("patch", f"{own}/products/{theirs.pk}", {"name": "Mine now"}).status_code == 404
    assert api.send("delete", f"{own}/products/{theirs.pk}").status_code == 404
    assert api.send("delete", f"{other}/sites/{their_site.pk}").status_code == 404
    assert Product.objects.get(pk=theirs.pk).name == "Their lamp" and Site.objects.filter(pk=their_site.pk).exists()
    assert not Product.objects.filter(name="Sneaky").exists()


def test_read_tokens_and_observers_cannot_write(client, world):
    product = Product.objects.create(company=world.own, name="Stool")
    reader = Api(client, world.users[Role.ADVISOR], scope="read")
    assert reader.get(f"/api/companies/{world.own.pk}/products/{product.pk}").status_code == 200
    assert reader.send("patch", f"/api/companies/{world.own.pk}/products/{product.pk}", {"name": "X"}).status_code == 403
    assert reader.send("delete", f"/api/companies/{world.own.pk}/products/{product.pk}").status_code == 403
    observer = Api(client, world.users[Role.OBSERVER])
    assert observer.get(f"/api/companies/{world.own.pk}/products").status_code == 403
    assert observer.send("post", f"/api/companies/{world.own.pk}/sites", {"name": "X"}).status_code == 403
    assert Product.objects.get(pk=product.pk).name == "Stool" and not Site.objects.exists()


def test_support_actions_one_by_one_and_scoped(client, world):
    mine = SupportAction.objects.create(company=world.own, type="advice", date=dt.date(2024, 2, 1), minutes=30)
    theirs = SupportAction.objects.create(company=world.other, type="advice", date=dt.date(2024, 2, 2))
    company = Api(client, world.users[Role.COMPANY])
    assert company.get(f"/api/portfolio/support-actions/{mine.pk}").json()["minutes"] == 30
    assert company.get(f"/api/portfolio/support-actions/{theirs.pk}").status_code == 404
    advisor = Api(client, world.users[Role.ADVISOR])
    assert advisor.get(f"/api/portfolio/support-actions/{theirs.pk}").json()["company"] == "Other Works"
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    refused = advisor.send("post", "/api/portfolio/support-actions", {"company_id": world.own.pk, "type": "advice", "date": future})
    assert refused.status_code == 422 and refused.json()["error"]["details"][0]["loc"] == ["body", "date"]
    unknown = advisor.send("post", "/api/portfolio/support-actions", {"company_id": world.own.pk, "type": "coffee"})
    assert unknown.status_code == 422 and unknown.json()["error"]["details"][0]["loc"] == ["body", "type"]


def test_register_figures_for_every_role_and_404_without_a_store(client, world, tmp_path, settings):
    from citymade.register.importer import import_extract
    from tests.register.kbo_factory import SMALL, write_full

    settings.CITYMADE_REGISTER_STORE = str(tmp_path / "missing.duckdb")
    observer = Api(client, world.users[Role.OBSERVER], scope="read")
    missing = observer.get("/api/register/figures")
    assert missing.status_code == 404 and "citymade register import" in missing.json()["error"]["message"]
    store = tmp_path / "register.duckdb"
    import_extract(write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL), store_path=store)
    settings.CITYMADE_REGISTER_STORE = str(store)
    figures = observer.get("/api/register/figures")
    assert figures.status_code == 200
    assert figures.json()["enterprises"]["production"] == 4 and figures.json()["region"]["key"] == "brussels"
    assert Api(client, world.users[Role.COMPANY], scope="read").get("/api/register/figures").status_code == 200
    wrong = observer.get("/api/register/figures?region=atlantis")
    assert wrong.status_code == 422 and wrong.json()["error"]["details"][0]["loc"] == ["query", "region"]
