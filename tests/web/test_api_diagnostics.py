"""The diagnostic lifecycle through the API: start, read the questionnaire, answer, submit, result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from citymade.web.accounts.roles import Role
from citymade.web.accounts.tokens import create_token
from citymade.web.companies.models import Product
from citymade.web.core.models import AuditEntry
from citymade.web.diagnostics import services
from citymade.web.diagnostics.models import Diagnostic

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "answers" / "bicycle-repair-workshop.yaml"


def example_answers() -> dict:
    answers = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    answers.pop("framework", None)
    return answers


def submitted_diagnostic(company, user) -> Diagnostic:
    diagnostic = services.start_diagnostic(company=company, user=user)
    services.replace_answers(diagnostic, user=user, answers=example_answers())
    return services.submit(diagnostic, user=user)


class Api:
    """A script using the API with a personal write token."""

    def __init__(self, client, user, scope: str = "write") -> None:
        self.client = client
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=user, name='script', scope=scope)[1]}"}

    def get(self, url):
        return self.client.get(url, **self.auth)

    def send(self, method: str, url: str, body=None):
        data = "" if body is None else json.dumps(body)
        return getattr(self.client, method)(url, data=data, content_type="application/json", **self.auth)


@pytest.mark.parametrize("role", [Role.ADVISOR, Role.COMPANY])
def test_round_trip_start_answer_submit_result(client, world, role):
    Product.objects.create(company=world.own, name="Cargo bike", category="mobility")
    api = Api(client, world.users[role])

    started = api.send("post", f"/api/companies/{world.own.pk}/diagnostics")
    assert started.status_code == 201, started.content
    draft = started.json()
    assert draft["status"] == "draft" and draft["result"] is None and draft["company_id"] == world.own.pk
    assert [p["name"] for p in draft["products"]] == ["Cargo bike"]

    questionnaire = api.get(f"/api/diagnostics/{draft['id']}/questionnaire").json()
    keys = [s["key"] for s in questionnaire["steps"]]
    assert keys[0].startswith("company-") and any(k.startswith("product-0-") for k in keys)
    first = questionnaire["steps"][0]
    assert all({"id", "type", "label", "options", "shown", "answer"} <= set(q) for q in first["questions"])

    # One step, then the whole document.
    question = next(q for q in first["questions"] if q["type"] in ("number", "scale") and q["shown"])
    value = question["min"] if question["min"] is not None else 1
    saved = api.send("put", f"/api/diagnostics/{draft['id']}/steps/{first['key']}",
                     {"answers": {question["id"]: value}, "loaded_at": questionnaire["loaded_at"]})
    assert saved.status_code == 200, saved.content
    assert first["key"] in saved.json()["diagnostic"]["steps_done"]
    again = api.get(f"/api/diagnostics/{draft['id']}/questionnaire").json()
    assert next(q for q in again["steps"][0]["questions"] if q["id"] == question["id"])["answer"] == value

    answers = api.send("put", f"/api/diagnostics/{draft['id']}/answers",
                       {"answers": example_answers(), "loaded_at": again["loaded_at"]})
    assert answers.status_code == 200, answers.content
    assert answers.json()["answers"]["company"]["c_renewable_share"] == 60

    submitted = api.send("post", f"/api/diagnostics/{draft['id']}/submit", {"note": "done"})
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted" and submitted.json()["submitted_at"]

    result = api.get(f"/api/diagnostics/{draft['id']}/result")
    assert result.status_code == 200
    assert {"dimensions", "circular_models", "maturity", "recommendations"} <= set(result.json())
    assert result.json() == api.get(f"/api/diagnostics/{draft['id']}").json()["result"]

    # Submitted: frozen.
    assert api.send("put", f"/api/diagnostics/{draft['id']}/answers", {"answers": example_answers()}).status_code == 409
    assert api.send("put", f"/api/diagnostics/{draft['id']}/steps/{first['key']}", {"answers": {"nope": 1}}).status_code == 409
    assert api.send("post", f"/api/diagnostics/{draft['id']}/submit").status_code == 409
    actions = set(AuditEntry.objects.filter(object_id=str(draft["id"])).values_list("action", flat=True))
    assert {"diagnostic.started", "diagnostic.answers_saved", "diagnostic.answers_imported", "diagnostic.submitted"} <= actions


def test_validate_is_for_staff_and_revise_makes_a_new_version(client, world):
    diagnostic = submitted_diagnostic(world.own, world.users[Role.ADVISOR])
    company = Api(client, world.users[Role.COMPANY])
    assert company.send("post", f"/api/diagnostics/{diagnostic.pk}/validate").status_code == 403
    advisor = Api(client, world.users[Role.ADVISOR])
    validated = advisor.send("post", f"/api/diagnostics/{diagnostic.pk}/validate", {"note": "checked"})
    assert validated.status_code == 200 and validated.json()["status"] == "validated"
    assert advisor.send("post", f"/api/diagnostics/{diagnostic.pk}/validate").status_code == 409
    revised = company.send("post", f"/api/diagnostics/{diagnostic.pk}/revise")
    assert revised.status_code == 201
    assert revised.json()["status"] == "draft" and revised.json()["version"] == 2
    assert revised.json()["previous_id"] == diagnostic.pk
    assert Diagnostic.objects.get(pk=diagnostic.pk).state == "validated"  # the old version stays


def test_result_of_a_draft_and_a_bad_step(client, world):
    api = Api(client, world.users[Role.ADVISOR])
    draft = api.send("post", f"/api/companies/{world.own.pk}/diagnostics", {"product_ids": []}).json()
    assert api.get(f"/api/diagnostics/{draft['id']}/result").json()["error"]["code"] == "conflict"
    step = api.get(f"/api/diagnostics/{draft['id']}/questionnaire").json()["steps"][0]
    number = next(q for q in step["questions"] if q["type"] in ("number", "scale"))
    other = next(q for q in step["questions"] if q["id"] != number["id"])
    response = api.send("put", f"/api/diagnostics/{draft['id']}/steps/{step['key']}",
                        {"answers": {number["id"]: "lots", other["id"]: None, "no_such": 1}})
    error = response.json()["error"]
    assert response.status_code == 422 and error["code"] == "validation"
    assert {tuple(d["loc"]) for d in error["details"]} == {("body", "answers", number["id"]), ("body", "answers", "no_such")}
    assert Diagnostic.objects.get(pk=draft["id"]).steps_done == []  # nothing saved
    assert api.send("put", f"/api/diagnostics/{draft['id']}/steps/no-such-step", {"answers": {}}).status_code == 404
    unknown_product = api.send("post", f"/api/companies/{world.own.pk}/diagnostics", {"product_ids": [999999]})
    assert unknown_product.status_code == 422


def test_a_stale_save_is_refused_and_nothing_is_lost(client, world):
    """Two people answer the same draft: the second, working from an old copy, is told (409)."""
    api_advisor = Api(client, world.users[Role.ADVISOR])
    api_company = Api(client, world.users[Role.COMPANY])
    draft = api_advisor.send("post", f"/api/companies/{world.own.pk}/diagnostics").json()
    seen_by_advisor = api_advisor.get(f"/api/diagnostics/{draft['id']}/questionnaire").json()
    step = seen_by_advisor["steps"][0]
    qid = next(q["id"] for q in step["questions"] if q["type"] in ("number", "scale") and q["shown"])
    first = api_company.send("put", f"/api/diagnostics/{draft['id']}/steps/{step['key']}",
                             {"answers": {qid: "?"}, "loaded_at": seen_by_advisor["loaded_at"]})
    assert first.status_code == 200
    stale = api_advisor.send("put", f"/api/diagnostics/{draft['id']}/steps/{step['key']}",
                             {"answers": {qid: None}, "loaded_at": seen_by_advisor["loaded_at"]})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    stale_doc = api_advisor.send("put", f"/api/diagnostics/{draft['id']}/answers",
                                 {"answers": example_answers(), "loaded_at": seen_by_advisor["loaded_at"]})
    assert stale_doc.status_code == 409
    assert Diagnostic.objects.get(pk=draft["id"]).answers["company"][qid] == "?"
    # With the fresh copy the advisor's save goes through.
    fresh = api_advisor.get(f"/api/diagnostics/{draft['id']}/questionnaire").json()["loaded_at"]
    assert api_advisor.send("put", f"/api/diagnostics/{draft['id']}/steps/{step['key']}",
                            {"answers": {qid: None}, "loaded_at": fresh}).status_code == 200


def test_company_user_never_reaches_another_companys_diagnostics(client, world):
    theirs = submitted_diagnostic(world.other, world.users[Role.ADVISOR])
    draft = services.start_diagnostic(company=world.other, user=world.users[Role.ADVISOR])
    api = Api(client, world.users[Role.COMPANY])
    assert api.send("post", f"/api/companies/{world.other.pk}/diagnostics").status_code == 404
    for url in (f"/api/diagnostics/{theirs.pk}", f"/api/diagnostics/{theirs.pk}/result", f"/api/diagnostics/{draft.pk}/questionnaire"):
        assert api.get(url).status_code == 404, url
    assert api.send("put", f"/api/diagnostics/{draft.pk}/answers", {"answers": example_answers()}).status_code == 404
    assert api.send("post", f"/api/diagnostics/{draft.pk}/submit").status_code == 404
    assert api.send("post", f"/api/diagnostics/{theirs.pk}/revise").status_code == 404
    assert api.get("/api/diagnostics").json()["count"] == 0
    assert Diagnostic.objects.get(pk=draft.pk).state == "draft"


def test_observer_and_read_token_are_refused(client, world):
    diagnostic = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR])
    observer = Api(client, world.users[Role.OBSERVER], scope="write")
    assert observer.get("/api/diagnostics").status_code == 403
    assert observer.send("post", f"/api/companies/{world.own.pk}/diagnostics").status_code == 403
    reader = Api(client, world.users[Role.ADVISOR], scope="read")
    assert reader.get(f"/api/diagnostics/{diagnostic.pk}/questionnaire").status_code == 200
    assert reader.send("put", f"/api/diagnostics/{diagnostic.pk}/answers", {"answers": example_answers()}).status_code == 403
    assert reader.send("post", f"/api/diagnostics/{diagnostic.pk}/submit").status_code == 403
    assert Diagnostic.objects.get(pk=diagnostic.pk).state == "draft"


def test_a_stale_copy_of_the_same_user_is_refused_too(client, world):
    """The same person saves from two copies: the older copy may not overwrite the newer answer."""
    api = Api(client, world.users[Role.ADVISOR])
    draft = api.send("post", f"/api/companies/{world.own.pk}/diagnostics").json()
    old_copy = api.get(f"/api/diagnostics/{draft['id']}/questionnaire").json()
    step = old_copy["steps"][0]
    qid = next(q["id"] for q in step["questions"] if q["type"] in ("number", "scale") and q["shown"])
    url = f"/api/diagnostics/{draft['id']}/steps/{step['key']}"
    assert api.send("put", url, {"answers": {qid: "?"}, "loaded_at": old_copy["loaded_at"]}).status_code == 200
    assert api.send("put", url, {"answers": {qid: None}, "loaded_at": old_copy["loaded_at"]}).status_code == 409
    assert Diagnostic.objects.get(pk=draft["id"]).answers["company"][qid] == "?"


def test_a_company_user_cannot_store_thousands_of_products(client, world):
    api = Api(client, world.users[Role.COMPANY])
    draft = api.send("post", f"/api/companies/{world.own.pk}/diagnostics").json()
    document = example_answers()
    document["products"] = [{"name": f"P{i}"} for i in range(3000)]
    response = api.send("put", f"/api/diagnostics/{draft['id']}/answers", {"answers": document})
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation"
    assert "50 produits" in response.json()["error"]["message"]
    assert len(Diagnostic.objects.get(pk=draft["id"]).answers["products"]) < 50


def test_a_diagnostic_of_too_many_products_is_refused_on_the_page(client, world):
    from django.urls import reverse

    Product.objects.bulk_create([Product(company=world.own, name=f"Item {i}") for i in range(60)])
    client.force_login(world.users[Role.COMPANY])
    url = reverse("diagnostics:start", args=[world.own.slug])
    chosen = list(Product.objects.filter(company=world.own).values_list("pk", flat=True))
    page = client.post(url, {"products": chosen})
    assert page.status_code == 200 and "50 produits au plus" in page.content.decode()
    assert not Diagnostic.objects.filter(company=world.own).exists()
    api = Api(client, world.users[Role.COMPANY])
    refused = api.send("post", f"/api/companies/{world.own.pk}/diagnostics")
    assert refused.status_code == 422 and "50 produits au plus" in refused.json()["error"]["message"]


def test_a_finished_diagnostics_answer_is_kept_and_follows_what_can_still_change(client, world):
    """The answer of a finished diagnostic is rendered once per process, then served as it was
    (same body and headers, conditional reads included), until its state, its company's name or its
    assessor's name changes; a draft's answer is never kept."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from citymade.web.api.diagnostics import _BODIES

    advisor = world.users[Role.ADVISOR]
    diagnostic = submitted_diagnostic(world.own, advisor)
    Diagnostic.objects.filter(pk=diagnostic.pk).update(assessor=advisor)
    api = Api(client, advisor)
    url = f"/api/diagnostics/{diagnostic.pk}"
    with CaptureQueriesContext(connection) as rendering:
        first = api.get(url)
    with CaptureQueriesContext(connection) as kept:
        second = api.get(url)
    assert first.status_code == second.status_code == 200 and len(_BODIES) == 1
    assert second.content == first.content and len(kept.captured_queries) < len(rendering.captured_queries)
    for header in ("Content-Type", "ETag", "Last-Modified", "Vary", "Content-Language", "Cache-Control"):
        assert second[header] == first[header], header
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **api.auth).status_code == 304

    world.own.name = "Atelier Renamed"
    world.own.save()
    assert api.get(url).json()["company"] == "Atelier Renamed"
    advisor.first_name, advisor.last_name = "Zoë", "Janssens"
    advisor.save()
    assert api.get(url).json()["assessor"] == "Zoë Janssens"
    services.validate(Diagnostic.objects.get(pk=diagnostic.pk), user=advisor)
    validated = api.get(url).json()
    assert validated["status"] == "validated" and validated["validated_at"]

    _BODIES.clear()
    draft = services.start_diagnostic(company=world.other, user=advisor)
    assert api.get(f"/api/diagnostics/{draft.pk}").json()["status"] == "draft"
    assert len(_BODIES) == 0, "a draft changes as it is filled in: its answer is not kept"
