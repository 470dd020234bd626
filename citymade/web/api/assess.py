"""``POST /api/assess``: score an answers document without storing anything.

The body is the same document as an answers file (``company``, ``products``, ``site``, optional
``framework``); the answer is the assessment JSON of ``citymade assess --format json``. Bad answers
get a 400 (``invalid_answers``) whose details name each question and what is expected, in the
caller's language.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router

from citymade.framework import load_framework, parse_answers
from citymade.scoring import evaluate
from citymade.scoring.results import Assessment
from citymade.web.accounts.roles import ALL_ROLES
from citymade.web.api.errors import errors
from citymade.web.api.main import api
from citymade.web.core.access import api_allow

router = Router(tags=["assessment"])


@router.post("", response={200: Assessment, **errors(400, 401, 403, 422)}, summary="Score answers without storing them")
@api_allow(*ALL_ROLES)
def assess(request: HttpRequest, answers: dict[str, Any] = Body(...)) -> Assessment:
    framework = load_framework()
    parsed = parse_answers(framework, answers, source="request body")  # CitymadeError → 400 invalid_answers
    return evaluate(framework, parsed)


api.add_router("/assess", router)
