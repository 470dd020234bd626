"""schemathesis fuzzes every API operation from the OpenAPI schema, as an advisor and as a company user.

Each operation gets generated requests (valid and invalid parameters and bodies, bounded and
deterministic so CI is reproducible), sent in-process to the WSGI application with a personal
write token. Every answer must be no server error, carry a documented status code and content type,
and match the schema of that status. Every other request gets the ids of real objects the caller
may reach (its company, a product, a draft …) in its path, so the fuzzing gets past the 404s.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from citymade.web.accounts.roles import Role
from citymade.web.accounts.tokens import create_token
from citymade.web.api.routes import api
from tests.web.conftest import make_user

#: Per operation and mode; ``CITYMADE_API_FUZZ_EXAMPLES=500`` hunts longer (CI keeps it short).
MAX_EXAMPLES = int(os.environ.get("CITYMADE_API_FUZZ_EXAMPLES", "25"))

CONFIG = schemathesis.Config.from_dict(
    {
        # Authentication is the caller's token (sent by the test), not generated: the schema offers
        # the token or the session cookie as alternatives.
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "with-security-parameters": False,
        },
        "phases": {"stateful": {"enabled": False}},
        "checks": {
            # A valid request may still meet a missing object (404) or a state (409): not a failure.
            "positive_data_acceptance": {"enabled": False},
        },
    }
)


@dataclass
class Known:
    """Ids of real objects the caller may reach, put into generated paths."""

    values: dict[str, list[Any]]
    questions: dict[str, list[str]]


KNOWN = Known(values={}, questions={})


def _schema() -> Any:
    from citymade.web.wsgi import application

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
    loaded.app = application
    return loaded


schema = _schema()


_TURN = itertools.count()


def _with_real_ids(case: Any) -> Any:
    """Every other generated request, put the ids of real objects into its path (schemathesis
    notices the change and checks the request as it is sent)."""
    params = case.path_parameters
    if params and KNOWN.values and all(KNOWN.values.get(name) for name in params) and next(_TURN) % 2:
        for name in params:
            values = KNOWN.values[name]
            params[name] = values[next(_TURN) % len(values)]
        # A step's answers: the generated keys become that step's question ids (values stay random).
        questions = KNOWN.questions.get(params.get("step_key", ""))
        if questions and isinstance(case.body, dict) and isinstance(case.body.get("answers"), dict):
            answers = case.body["answers"]
            case.body["answers"] = {questions[i % len(questions)]: value for i, value in enumerate(answers.values())}
    return case


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "answers" / "bicycle-repair-workshop.yaml"


@pytest.fixture
def fuzz_world(db, tmp_path, settings):
    """Two companies with products, sites, diagnostics (a draft, a submitted one) and a support
    action; an imported register; write tokens for an advisor and the own company's user."""
    import datetime as dt

    import yaml

    from citymade.register.importer import import_extract
    from citymade.web.companies.models import Company, Product, Site
    from citymade.web.diagnostics import services
    from citymade.web.diagnostics.questionnaire import step_questions, steps_for
    from citymade.web.portfolio.models import SupportAction
    from tests.register.kbo_factory import SMALL, write_full

    own = Company.objects.create(name="Atelier Own", slug="atelier-own", enterprise_number="0403.170.701")
    other = Company.objects.create(name="Other Works", slug="other-works", enterprise_number="0202.239.951")
    advisor = make_user("fuzz-advisor", Role.ADVISOR)
    company_user = make_user("fuzz-company", Role.COMPANY, own)
    for company in (own, other):
        Product.objects.create(company=company, name=f"Chair of {company.slug}", category="wood")
        Site.objects.create(company=company, name="Workshop", floor_area_m2=120, yearly_cost_eur=9000)
        SupportAction.objects.create(company=company, type="advice", date=dt.date(2024, 3, 1))
    # a submitted diagnostic, then an open draft (a company has one open draft at a time)
    submitted = services.start_diagnostic(company=own, user=advisor)
    services.replace_answers(submitted, user=advisor, answers=yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    services.submit(submitted, user=advisor)
    for company in (own, other):
        services.start_diagnostic(company=company, user=advisor)
    draft = own.diagnostics.get(state="draft")
    store = tmp_path / "register.duckdb"
    import_extract(write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL), store_path=store)
    settings.CITYMADE_REGISTER_STORE = str(store)
    # the fuzzer sends thousands of requests, many with made-up tokens: the rate limits (tested in
    # test_api_limits.py) would answer 429 to checks that expect 401/403
    settings.API_BAD_TOKEN_LIMIT = settings.API_TOKEN_RATE_LIMIT = settings.API_ADDRESS_RATE_LIMIT = 0
    steps = steps_for(services.engine.current_framework(), len(draft.products))
    keys = [s.key for s in steps]
    tokens = {
        Role.ADVISOR: create_token(user=advisor, name="fuzz", scope="write")[1],
        Role.COMPANY: create_token(user=company_user, name="fuzz", scope="write")[1],
    }
    known = {
        "company_id": [own.pk],
        "product_id": list(own.products.values_list("pk", flat=True)),
        "site_id": list(own.sites.values_list("pk", flat=True)),
        "diagnostic_id": [draft.pk, submitted.pk],
        "action_id": list(own.support_actions.values_list("pk", flat=True)),
        "step_key": keys,
    }
    KNOWN.values = known
    KNOWN.questions = {s.key: [q.id for q in step_questions(s)] for s in steps}
    # The WSGI handler closes "old" connections after each request; in a test transaction that
    # would close the test's own connection (Django's test client does the same as here).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield tokens
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
        KNOWN.values, KNOWN.questions = {}, {}


#: The fixture's objects are meant to persist across generated requests (ids in paths, tokens).
FUZZ_SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_as_an_advisor(case, fuzz_world):
    _with_real_ids(case).call_and_validate(headers={"Authorization": f"Bearer {fuzz_world[Role.ADVISOR]}"})


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_as_a_company_user(case, fuzz_world):
    _with_real_ids(case).call_and_validate(headers={"Authorization": f"Bearer {fuzz_world[Role.COMPANY]}"})
