"""The kinds of event the history imports, the API and the counting work log — a candidate who
stopped, a partner's organisation type changed, imported groups, events and attendance, records
created through the API — are sentences on the company history and the audit page in fr, nl and
en: no event code, no field key, no raw choice id."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse

from citymade.web.accounts.roles import Role
from citymade.web.core.events import EVENT_KINDS
from citymade.web.core.models import AuditEntry
from citymade.web.portfolio import editing
from citymade.web.portfolio import services as portfolio
from citymade.web.portfolio.loading import IMPORTS
from citymade.web.portfolio.models import Event, Partner
from tests.web.test_words import visible_text

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
#: a field key or a choice id as the code writes it ("organisation_type", "open_day", "left_on")
KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")
LAST = dt.date.today().year - 1


def test_every_kind_named_anywhere_in_the_code_has_words():
    """Not only ``log_action("…")``: an action chosen in a variable ("user.created" or
    "user.changed") is written as a literal somewhere; every literal with an audit prefix is a kind."""
    prefixes = {k.split(".")[0] for k in EVENT_KINDS} | {"partner", "working_group", "event", "import", "user"}
    named = set()
    for path in (ROOT / "citymade" / "web").rglob("*.py"):
        named |= {m for m in re.findall(r'"([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")) if m.split(".")[0] in prefixes}
    assert {"partner.changed", "company.status_changed", "event.invitation_removed"} <= named, "the scan finds the kinds"
    assert not named - set(EVENT_KINDS), sorted(named - set(EVENT_KINDS))


def _run(kind: str, text: str, actor) -> None:
    outcome = IMPORTS[kind]("history.csv", text.encode(), actor=actor, dry_run=False)
    assert outcome.ok, outcome.problems


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_imported_api_and_edited_history_shows_no_code(client, world, language):
    advisor = world.users[Role.ADVISOR]
    advisor.first_name, advisor.last_name = "Marie", "Dupont"
    advisor.save()
    own = world.own
    _run("status_changes", f"company,status,date,note\n{own.slug},candidate,{LAST}-02-01,\n{own.slug},stopped,{LAST}-09-01,\n", advisor)
    _run("jobs", f"company,year,fte\n{own.slug},{LAST},\"2,5\"\n", advisor)
    _run("partners", f"name,organisation_type,joined_on,left_on\nHub Brussels,public,{LAST - 2}-01-01,\n", advisor)
    _run("working_groups", f"group,sector,company\nTextile,textile,{own.slug}\n", advisor)
    _run("events", f"title,kind,date,working_group\nTextile meeting,meeting,{LAST}-04-02,Textile\nOpen day,open_day,{LAST}-05-01,\n", advisor)
    _run("attendance", f"event,date,organisation,attended\nTextile meeting,{LAST}-04-02,{own.slug},yes\nOpen day,{LAST}-05-01,Hub Brussels,no\n", advisor)
    client.force_login(advisor)
    made = client.post("/api/portfolio/partners", {"name": "Innoviris", "organisation_type": "research", "joined_on": f"{LAST}-01-01"},
                       content_type="application/json")
    assert made.status_code == 201
    hub = Partner.objects.get(name="Hub Brussels")
    portfolio.update_partner(hub, actor=advisor, organisation_type="company", left_on=dt.date(LAST, 6, 30))
    event = Event.objects.get(title="Open day")
    event.kind = "assembly"
    editing.update_event(event, actor=advisor)
    editing.remove_invitation(event.participations.get(partner=hub), actor=advisor)
    kinds = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"company.status_changed", "partner.created", "partner.changed", "event.changed", "event.invitation_removed",
            "event.attendance_recorded", "jobs.recorded"} <= kinds, kinds
    client.force_login(world.users[Role.ADMIN])
    client.cookies["citymade_language"] = language
    prefixes = {k.split(".")[0] for k in EVENT_KINDS}
    for url in (reverse("companies:detail", kwargs={"slug": own.slug}), reverse("core:audit")):
        text = visible_text(client.get(url).content.decode())
        codes = [c for c in CODE.findall(text) if c in EVENT_KINDS or c.split(".")[0] in prefixes]
        assert not codes, f"{language} {url}: {codes[:5]}"
        keys = [k for k in KEY.findall(text) if k not in {"citymade"}]
        assert not keys, f"{language} {url}: {keys[:5]}"
        assert "Marie Dupont" in text
    # a partner's change says each value before and after, in words
    from django.utils import translation
    from django.utils.text import capfirst

    from citymade.web.companies.models import OrganisationType

    audit = visible_text(client.get(reverse("core:audit")).content.decode()).splitlines()
    with translation.override(language):
        field = str(capfirst(Partner._meta.get_field("organisation_type").verbose_name))
        until = str(capfirst(Partner._meta.get_field("left_on").verbose_name))
        public, company = str(OrganisationType.PUBLIC.label), str(OrganisationType.COMPANY.label)
    lines = [line for line in audit if line.startswith(field) and "→" in line]
    assert lines and public in lines[0] and company in lines[0].split("→")[1], lines
    assert any(line.startswith(until) and line.endswith(f"{LAST}-06-30") for line in audit), [x for x in audit if "→" in x]
