"""A contact person's personal data can be exported and erased; the company's figures stay."""

from __future__ import annotations

import json

from django.urls import reverse

from citymade.web.accounts.roles import Role
from citymade.web.companies import services
from citymade.web.companies.models import Company, ContactPerson
from citymade.web.core.models import AuditEntry


def _contact(world):
    advisor = world.users[Role.ADVISOR]
    contact = services.add_contact(world.own, actor=advisor, data={"name": "Anne Dupont", "function": "CEO", "email": "anne@example.org", "phone": "+32 2 000 00 00"})
    services.update_contact(contact, actor=advisor, data={"name": "Anne Dupont", "function": "CEO", "email": "anne.dupont@example.org", "phone": ""})
    return contact


def test_export_holds_the_details_and_their_history(client, world):
    contact = _contact(world)
    client.force_login(world.users[Role.ADVISOR])
    response = client.get(reverse("companies:contact_personal_data", args=[world.own.slug, contact.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["contact_person"]["email"] == "anne.dupont@example.org"
    assert any("anne@example.org" in json.dumps(h) for h in data["history"])


def test_erasure_removes_the_person_everywhere_and_keeps_the_company(client, world):
    contact = _contact(world)
    client.force_login(world.users[Role.ADVISOR])
    response = client.post(reverse("companies:contact_erase", args=[world.own.slug, contact.pk]))
    assert response.status_code == 302
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    assert Company.objects.filter(pk=world.own.pk).exists()
    trail = json.dumps([[e.before, e.after] for e in AuditEntry.objects.all()])
    assert "Anne" not in trail and "example.org" not in trail.replace("company1@example.org", "")
    assert AuditEntry.objects.filter(action="contact.erased", company=world.own).exists()


def test_company_users_and_other_companies_cannot_export(client, world):
    contact = _contact(world)
    client.force_login(world.users[Role.COMPANY])
    assert client.get(reverse("companies:contact_personal_data", args=[world.own.slug, contact.pk])).status_code == 403
    client.force_login(world.users[Role.ADVISOR])
    # The contact of one company reached through another company's address: not found.
    assert client.get(reverse("companies:contact_personal_data", args=[world.other.slug, contact.pk])).status_code == 404
