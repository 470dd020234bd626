"""Text that cannot break a document: control characters are refused where people type them and
dropped wherever a document is written, so a diagnostic stored with one still renders."""

from __future__ import annotations

import json

from django.urls import reverse

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Product
from citymade.web.diagnostics import services
from citymade.web.diagnostics.models import Diagnostic
from tests.web.test_diagnostics import ANSWERS


def _with_vertical_tabs(value):
    return json.loads(json.dumps(value).replace("Chaise", "Cha\\u000bise"))


def test_a_diagnostic_stored_with_a_vertical_tab_still_renders(world, login):
    chair = Product.objects.create(company=world.own, name="Chaise", unit_mass_kg=6, units_per_month=20)
    user = world.users[Role.ADVISOR]
    diagnostic = services.start_diagnostic(company=world.own, user=user, products=[chair])
    services.replace_answers(diagnostic, user=user, answers=ANSWERS)
    diagnostic = services.submit(diagnostic, user=user)
    # Data saved before control characters were refused (a frozen, submitted diagnostic).
    Diagnostic.objects.filter(pk=diagnostic.pk).update(
        products=_with_vertical_tabs(diagnostic.products),
        answers=_with_vertical_tabs(diagnostic.answers),
        result=_with_vertical_tabs(diagnostic.result),
    )
    Product.objects.filter(pk=chair.pk).update(name="Cha\x0bise")
    assert Diagnostic.objects.get(pk=diagnostic.pk).products[0]["name"] == "Cha\x0bise"
    client = login(user)
    report = client.get(reverse("diagnostics:report", kwargs={"pk": diagnostic.pk}), {"lang": "en"})
    assert report.status_code == 200 and report.content.startswith(b"%PDF-")
    page = client.get(reverse("diagnostics:detail", kwargs={"pk": diagnostic.pk}))
    assert page.status_code == 200


def test_the_product_form_refuses_a_control_character(world, login):
    chair = Product.objects.create(company=world.own, name="Chaise", unit_mass_kg=6, units_per_month=20)
    client = login(world.users[Role.COMPANY])
    url = reverse("companies:product_edit", args=[world.own.slug, chair.pk])
    response = client.post(url, {"name": "Cha\x0bise", "description": "", "category": "", "unit_mass_kg": "6", "units_per_month": "20"})
    assert response.status_code == 200
    assert "caractères de contrôle" in response.content.decode() and "U+000B" in response.content.decode()
    chair.refresh_from_db()
    assert chair.name == "Chaise"


def test_the_api_refuses_a_control_character_in_a_product_name(world, client):
    from tests.web.test_api_diagnostics import Api

    api = Api(client, world.users[Role.COMPANY])
    response = api.send("post", f"/api/companies/{world.own.pk}/products", {"name": "Cha\x0bise"})
    assert response.status_code == 400 and "U+000B" in response.json()["error"]["message"]
    assert not Product.objects.filter(company=world.own).exists()


def test_exports_drop_control_characters(world):
    from openpyxl import load_workbook

    from citymade.web.portfolio.transfer import export

    Product.objects.create(company=world.own, name="Chaise", unit_mass_kg=6, units_per_month=20)
    world.own.__class__.objects.filter(pk=world.own.pk).update(name="Atelier\x0bOwn")
    _name, _mime, csv_bytes = export("companies", "csv")
    assert b"\x0b" not in csv_bytes and "AtelierOwn" in csv_bytes.decode("utf-8-sig")
    _name, _mime, xlsx_bytes = export("companies", "xlsx")
    import io

    names = [row[1] for row in load_workbook(io.BytesIO(xlsx_bytes)).active.iter_rows(values_only=True)]
    assert "AtelierOwn" in names
