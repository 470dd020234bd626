"""The OpenAPI document: typed answers, the Bearer scheme, the status codes at the edges, and the
spec and docs pages open to a token."""

from __future__ import annotations

import pytest

from citymade.scoring.results import Assessment
from citymade.web.accounts.roles import Role
from tests.web.test_api_diagnostics import Api, submitted_diagnostic
from tests.web.test_api_errors import _error

TYPED = {
    ("/api/diagnostics/{diagnostic_id}/result", "get"): "Assessment",
    ("/api/assess", "post"): "Assessment",
    ("/api/portfolio/review", "get"): "ReviewOut",
    ("/api/register/figures", "get"): "FiguresOut",
    ("/api/portfolio/figures", "get"): "PortfolioFiguresOut",
    ("/api/results", "get"): "ResultsOut",
}


@pytest.fixture
def spec(client, world):
    response = Api(client, world.users[Role.OBSERVER], scope="read").get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("url", ["/api/openapi.json", "/api/docs"])
def test_spec_and_docs_accept_a_token(client, world, url):
    assert Api(client, world.users[Role.COMPANY], scope="read").get(url).status_code == 200
    _error(client.get(url, HTTP_AUTHORIZATION="Bearer cm_wrong"), 401, "not_authenticated")


def test_the_bearer_scheme_is_declared_beside_the_session(spec):
    schemes = spec["components"]["securitySchemes"]
    assert schemes["PersonalToken"] == {"type": "http", "scheme": "bearer"}
    assert schemes["Session"]["in"] == "cookie"
    for operations in spec["paths"].values():
        for operation in operations.values():
            assert {"PersonalToken", "Session"} == {name for s in operation["security"] for name in s}


def test_computed_documents_are_typed(spec):
    schemas = spec["components"]["schemas"]
    for (path, method), name in TYPED.items():
        schema = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
        ref = schema["$ref"].rsplit("/", 1)[1]
        assert ref == name and schemas[ref].get("properties"), (path, ref)
    assert {"dimensions", "maturity", "recommendations"} <= set(schemas["Assessment"]["properties"])
    assert "text/csv" in spec["paths"]["/api/results"]["get"]["responses"]["200"]["content"]


def test_every_operation_documents_its_edge_answers(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert {"401", "429", "500"} <= statuses, (method, path)
            if "requestBody" in operation:
                assert {"413", "415"} <= statuses, (method, path)
            if method == "get":
                assert "304" in statuses and "ETag" in operation["responses"]["200"]["headers"], path


def test_a_stored_result_is_what_its_schema_says(client, world):
    diagnostic = submitted_diagnostic(world.own, world.users[Role.ADVISOR])
    result = Api(client, world.users[Role.ADVISOR]).get(f"/api/diagnostics/{diagnostic.pk}/result").json()
    assert Assessment.model_validate(result).model_dump(mode="json") == result


def test_the_document_is_a_valid_openapi_document(spec):
    from openapi_spec_validator import validate

    validate(spec)  # raises with the path of the first problem
