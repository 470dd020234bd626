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


def test_too_many_products_are_refused_before_any_work(client, world):
    """8,000 products took 7 s and 95 MB; now more than 50 are refused at once, in the caller's language."""
    _token, key = create_token(user=world.users[Role.OBSERVER], name="flood", scope="write")
    answers = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    answers["products"] = [{"name": f"P{i}"} for i in range(3000)]
    response = _post(client, key, answers, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 422, response.content[:300]
    error = response.json()["error"]
    assert error["code"] == "validation" and "50" in error["message"] and "producten" in error["message"]
    assert error["details"][0]["loc"] == ["body", "products"]


def test_a_body_over_the_limit_is_413(client, world):
    _token, key = create_token(user=world.users[Role.OBSERVER], name="big", scope="write")
    response = _post(client, key, {"company": {}, "pivots": [], "products": [], "site": {"x": "y" * (1100 * 1024)}})
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "payload_too_large" and "trop" in error["message"]


def test_a_control_character_is_refused_at_the_door(client, world):
    _token, key = create_token(user=world.users[Role.OBSERVER], name="vt", scope="write")
    response = _post(client, key, {"products": [{"name": "Cargo\x0bbike"}]})
    assert response.status_code == 400
    assert "U+000B" in response.json()["error"]["message"]


def test_a_number_beyond_floating_point_is_refused_not_turned_into_infinity(client, world):
    _token, key = create_token(user=world.users[Role.ADVISOR], name="inf", scope="write")
    response = client.post("/api/assess", data='{"company": {"c_human_hours_share": 1e400}}', content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Le nombre 1e400 est trop grand."
