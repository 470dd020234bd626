"""The company history and the audit trail speak in sentences: no raw event code in fr, nl or en,
every kind the code logs has its words, and a run of saves of one diagnostic is one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Product
from citymade.web.core.events import EVENT_KINDS
from citymade.web.diagnostics import services as diagnostics
from citymade.web.portfolio import services as portfolio
from tests.web.test_words import visible_text

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b")


def test_every_kind_the_code_logs_has_words():
    logged = set()
    for path in (ROOT / "citymade").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        logged |= set(re.findall(r'log_action\(\s*"([a-z_]+\.[a-z_]+)"', text))
        logged |= set(re.findall(r'"((?:company|product|site|contact)\.(?:created|changed|deleted))"', text))
    assert logged, "the scan found the logged kinds"
    assert not logged - set(EVENT_KINDS), sorted(logged - set(EVENT_KINDS))


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_history_and_audit_show_no_raw_event_code(client, world, language):
    advisor = world.users[Role.ADVISOR]
    advisor.first_name, advisor.last_name = "Marie", "Dupont"
    advisor.save()
    Product.objects.create(company=world.own, name="Chaise", unit_mass_kg=6, units_per_month=20)
    draft = diagnostics.start_diagnostic(company=world.own, user=advisor)
    for step in diagnostics.steps(draft)[:4]:
        diagnostics.save_step(draft, user=advisor, step_key=step.key, raw={})
    portfolio.record_support_action(world.own, actor=advisor, type="advice")
    portfolio.record_contact(world.own, actor=advisor)
    client.force_login(world.users[Role.ADMIN])
    client.cookies["citymade_language"] = language
    for url in (reverse("companies:detail", kwargs={"slug": world.own.slug}), reverse("core:audit")):
        text = visible_text(client.get(url).content.decode())
        codes = [c for c in CODE.findall(text) if c in EVENT_KINDS or c.split(".")[0] in {k.split(".")[0] for k in EVENT_KINDS}]
        assert not codes, f"{language} {url}: {codes[:5]}"
        assert "Marie Dupont" in text, "people by their full name"
    history = visible_text(client.get(reverse("companies:detail", kwargs={"slug": world.own.slug})).content.decode())
    folded = {"fr": "4 étapes", "nl": "4 stappen", "en": "4 steps"}[language]
    assert folded in history, "four saves of one diagnostic are one line"


def test_a_diagnostic_whose_assessor_account_was_deleted_still_lists_and_opens(client, world):
    """The assessor's account removed (the diagnostic keeps no one): a dash, not a server error."""
    from citymade.web.accounts.models import User
    from citymade.web.diagnostics.models import TransitionLog

    gone = User.objects.create_user(username="gone", password="a-long-Test-password-42", role=Role.ADVISOR)
    draft = diagnostics.start_diagnostic(company=world.own, user=gone, kind="quick")
    finished = diagnostics.submit(draft, user=gone)
    gone.delete()
    finished.refresh_from_db()
    assert finished.assessor is None and TransitionLog.objects.filter(diagnostic=finished, by=None).exists()
    client.force_login(world.users[Role.ADVISOR])
    history = client.get(reverse("diagnostics:history", kwargs={"slug": world.own.slug}))
    assert history.status_code == 200 and "—" in visible_text(history.content.decode())
    assert client.get(reverse("diagnostics:detail", kwargs={"pk": finished.pk})).status_code == 200
