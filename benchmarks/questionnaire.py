"""Benchmark: how long each kind of diagnostic is, for a company with one durable product.

Walks a quick scan and a full diagnostic through the web questionnaire (Django's test client on a
throwaway SQLite database), step by step as a person would: it opens each step, answers every
question shown (the first option, a number, or "I don't know" for a text), and saves. A product
said to be a durable good, a company with no record beyond its name. Prints, per kind::

    RESULT quick_questions <n> count        (goal: ≤ 20)
    RESULT quick_steps <n> count
    RESULT quick_minutes_estimate <n> min   (at the framework's pace per question; goal ≈ 10)
    RESULT quick_walk_ms <n> ms             (server time of the whole walk: every step opened and saved)
    RESULT full_questions <n> count         (goal: ≤ 60)
    RESULT full_steps <n> count
    RESULT full_minutes_estimate <n> min    (goal: ≤ 45)
    RESULT full_walk_ms <n> ms

Run: ``.venv/bin/python benchmarks/questionnaire.py``
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a-long-benchmark-password-42"


def _answer(question) -> object:
    if question.id == "p_nature":
        return "durable"
    if question.type in ("choice", "scale") and question.options:
        return question.options[0].value
    if question.type == "scale" and question.levels:
        return str(min(question.levels))
    if question.type == "multi_choice":
        return [question.options[0].value]
    if question.type == "yes_no":
        return "yes"
    if question.type == "number":
        return "1" if question.max is None or question.max >= 1 else str(question.max)
    return None


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["CITYMADE_DATA_DIR"] = tempfile.mkdtemp(prefix="citymade-bench-questionnaire-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["CITYMADE_DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citymade.web.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from citymade.framework.asking import minutes_for
    from citymade.i18n import compile_catalogs
    from citymade.web.accounts.models import User
    from citymade.web.accounts.roles import Role
    from citymade.web.companies.models import Company, Product
    from citymade.web.diagnostics import engine, services
    from citymade.web.diagnostics.models import Diagnostic
    from citymade.web.diagnostics.questionnaire import (
        DONT_KNOW_SUFFIX,
        form_questions,
        level_answers,
    )

    setup_test_environment()
    compile_catalogs()
    call_command("migrate", verbosity=0)
    User.objects.create_user(username="bench-advisor", password=PASSWORD, role=Role.ADVISOR)
    client = Client()
    assert client.login(username="bench-advisor", password=PASSWORD)
    framework = engine.current_framework()

    for kind in ("quick", "full"):
        company = Company.objects.create(name=f"Bench {kind}", slug=f"bench-{kind}")
        product = Product.objects.create(company=company, name="Oak table")
        started = time.perf_counter()
        response = client.post(reverse("diagnostics:start", kwargs={"slug": company.slug}), {"kind": kind, "products": [product.pk]})
        assert response.status_code == 302, response.status_code
        url = response["Location"]
        counted: set[tuple[str, str]] = set()
        steps = 0
        for _round in range(200):
            if "/step/" not in url:
                break
            page = client.get(url).content.decode()
            diagnostic = Diagnostic.objects.get(company=company, state="draft")
            key = urlsplit(url).path.rstrip("/").split("/")[-1]
            step = next(s for s in services.steps(diagnostic) if s.key == key)
            mapping = level_answers(diagnostic.answers, step)
            data: dict[str, object] = {"next": "1", "loaded_at": diagnostic.updated_at.isoformat()}
            # what the page shows (a follow-up waits, hidden, until its condition holds)
            visible = set(re.findall(r'<div class="field question[^>]*data-question="([a-z0-9_]+)"(?![^>]*hidden)', page))
            for question in form_questions(framework, step, mapping):
                if question.id not in visible:
                    continue
                counted.add((key, question.id))
                value = _answer(question)
                if value is None:
                    data[question.id + DONT_KNOW_SUFFIX] = "on"
                else:
                    data[question.id] = value
            steps += (key, "") not in counted
            counted.add((key, ""))
            response = client.post(url, data)
            if response.status_code != 302:  # follow-ups came up: answer them on the same step
                continue
            url = response["Location"]
        walk_ms = (time.perf_counter() - started) * 1000
        shown = sum(1 for _key, qid in counted if qid)
        print(f"RESULT {kind}_questions {shown} count")
        print(f"RESULT {kind}_steps {steps} count")
        print(f"RESULT {kind}_minutes_estimate {minutes_for(framework, kind, shown)} min")
        print(f"RESULT {kind}_walk_ms {walk_ms:.0f} ms")



if __name__ == "__main__":
    main()
