"""``POST /api/assess`` scores an answers document and stores nothing."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from citymade.web.accounts.roles import Role
from citymade.web.accounts.tokens import create_token

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "answers" / "bicycle-repair-workshop.yaml"


def _post(client, key, body, **extra):
    return client.post("/api/assess", data=json.dumps(body), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}", **extra)


def test_assess_returns_the_assessment_and_stores_nothing(client, world):
    from citymade.web.diagnostics.models import Diagnostic

    _token, key = create_token(user=world.users[Role.OBSERVER], name="notebook", scope="write")
    answers = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    response = _post(client, key, answers)
    assert response.status_code == 200, response.content
    data = response.json()
    for key_name in ("framework_version", "dimensions", "products", "circular_models", "maturity", "recommendations"):
        assert key_name in data
    assert Diagnostic.objects.count() == 0


def test_bad_answers_get_400_naming_the_question(client, world):
    _token, key = create_token(user=world.users[Role.ADVISOR], name="ci", scope="write")
    response = _post(client, key, {"company": {"no_such_question": 3}})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_answers"
    assert any("no_such_question" in d["message"] for d in error["details"]) or "no_such_question" in error["message"]


def test_anonymous_and_read_tokens_cannot_assess(client, world):
    assert client.post("/api/assess", data="{}", content_type="application/json").status_code == 401
    _token, key = create_token(user=world.users[Role.ADVISOR], name="ro", scope="read")
    assert _post(client, key, {}).status_code == 403
