"""``GET /api/results``: the bulk export of finished results (JSON, CSV), scoped like the pages;
``GET /api/portfolio/figures``: the observers' anonymised counts."""

from __future__ import annotations

import csv
import io
import json

from citymade.portfolio.benchmark import MIN_GROUP
from citymade.web.accounts.roles import Role
from citymade.web.api import results as results_module
from citymade.web.diagnostics import services
from citymade.web.portfolio.data import scores_of
from tests.web.test_api_diagnostics import Api, example_answers, submitted_diagnostic


def _body(response) -> bytes:
    assert response.streaming, "the export is streamed"
    return b"".join(response.streaming_content)


def _revised(diagnostic, user):
    draft = services.revise(diagnostic, user=user)
    services.replace_answers(draft, user=user, answers=example_answers())
    return services.submit(draft, user=user)


def _two_companies(world):
    advisor = world.users[Role.ADVISOR]
    first = submitted_diagnostic(world.own, advisor)
    second = _revised(first, advisor)
    other = submitted_diagnostic(world.other, advisor)
    services.start_diagnostic(company=world.other, user=advisor)  # a draft: never exported
    return first, second, other


def test_latest_results_of_every_company_in_one_call(client, world):
    first, second, other = _two_companies(world)
    response = Api(client, world.users[Role.ADVISOR], scope="read").get("/api/results")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = json.loads(_body(response))
    assert data["count"] == 2 == len(data["items"])
    by_id = {item["id"]: item for item in data["items"]}
    assert set(by_id) == {second.pk, other.pk}  # the latest of each company, not the first version
    row = by_id[second.pk]
    assert row["company_id"] == world.own.pk and row["company"] == world.own.name and row["version"] == 2
    assert row["state"] == "submitted" and row["date"] == second.assessed_on.isoformat()
    assert row["submitted_at"] and row["updated_at"]
    second.refresh_from_db()
    assert row["scores"] == scores_of(second.result) and row["scores"]
    assert row["stage"] == second.result["maturity"]["stage"]

    every = json.loads(_body(Api(client, world.users[Role.ADVISOR]).get("/api/results?all=true")))
    assert {item["id"] for item in every["items"]} == {first.pk, second.pk, other.pk} and every["count"] == 3


def test_a_company_user_gets_its_own_company_only(client, world):
    _first, second, _other = _two_companies(world)
    api = Api(client, world.users[Role.COMPANY])
    data = json.loads(_body(api.get("/api/results?all=true")))
    assert {item["company_id"] for item in data["items"]} == {world.own.pk} and data["count"] == 2
    latest = json.loads(_body(api.get("/api/results")))
    assert [item["id"] for item in latest["items"]] == [second.pk]


def test_csv_has_the_web_export_columns_and_is_formula_safe(client, world):
    world.own.name = "=HYPERLINK(\"http://x\")"
    world.own.save()
    _first, second, other = _two_companies(world)
    api = Api(client, world.users[Role.ADVISOR])
    response = api.get("/api/results?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    web_columns = ["id", "company", "company_slug", "date", "version", "state", "framework_version", "stage"]
    assert set(web_columns) | {"company_id", "submitted_at", "updated_at"} <= set(rows[0])
    by_id = {int(r["id"]): r for r in rows}
    assert set(by_id) == {second.pk, other.pk}
    assert by_id[second.pk]["company"].startswith("'=")  # neutralised, never a formula
    second.refresh_from_db()
    for dimension, value in scores_of(second.result).items():
        assert float(by_id[second.pk][dimension]) == value
    # Accept: text/csv asks for the same file.
    accepted = client.get("/api/results", HTTP_ACCEPT="text/csv", **api.auth)
    assert _body(accepted).decode("utf-8") == text


def test_rows_are_read_in_chunks_and_come_out_the_same(client, world, monkeypatch):
    _two_companies(world)
    api = Api(client, world.users[Role.ADVISOR])
    whole = json.loads(_body(api.get("/api/results?all=true")))
    monkeypatch.setattr(results_module, "CHUNK", 1)
    chunked = api.get("/api/results?all=true")
    parts = list(chunked.streaming_content)
    assert len(parts) >= 2 + whole["count"]  # opening, one part per row, closing
    assert json.loads(b"".join(parts)) == whole


def test_observers_are_pointed_to_the_anonymised_figures(client, world):
    _two_companies(world)
    observer = Api(client, world.users[Role.OBSERVER])
    refused = observer.get("/api/results")
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["code"] == "forbidden" and "/api/portfolio/figures" in error["message"]
    english = client.get("/api/results", HTTP_ACCEPT_LANGUAGE="en", **observer.auth).json()["error"]["message"]
    assert english != error["message"]  # French by default, English on request

    figures = observer.get("/api/portfolio/figures")
    assert figures.status_code == 200
    data = figures.json()
    assert data["minimum"] == MIN_GROUP
    # Two companies in this world: every count is under the threshold, so none is shown.
    assert data["total"] is None
    for key in ("statuses", "stages", "models", "municipalities"):
        assert all(group["count"] is None or group["count"] == 0 or group["count"] >= MIN_GROUP for group in data[key])
    assert not any(group["count"] for key in ("stages", "models") for group in data[key])


def test_results_need_a_login(client, world):
    response = client.get("/api/results")
    assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"
