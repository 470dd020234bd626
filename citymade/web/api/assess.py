"""``POST /api/assess``: score an answers document without storing anything.

The body is the same document as an answers file (``company``, ``products``, ``site``, optional
``framework``); the answer is the assessment JSON of ``citymade assess --format json``. Bad answers
get a 400 with a ``problems`` list naming each question and what is expected, in the caller's
language.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router, Schema, Status

from citymade.errors import CitymadeError
from citymade.framework import load_framework, parse_answers
from citymade.scoring import evaluate
from citymade.web.accounts.roles import ALL_ROLES
from citymade.web.api.main import api
from citymade.web.core.access import api_allow

router = Router(tags=["assessment"])


class AssessError(Schema):
    detail: str
    problems: list[str]


@router.post("", response={200: dict[str, Any], 400: AssessError}, summary="Score answers without storing them")
@api_allow(*ALL_ROLES)
def assess(request: HttpRequest, answers: dict[str, Any] = Body(...)) -> Any:
    framework = load_framework()
    try:
        parsed = parse_answers(framework, answers, source="request body")
    except CitymadeError as exc:
        return Status(400, {"detail": exc.message, "problems": exc.problems})
    return Status(200, evaluate(framework, parsed).model_dump(mode="json"))


api.add_router("/assess", router)
