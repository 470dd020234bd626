"""The PDF the entrepreneur keeps, from the web: the next meeting set at validation, the advisor's
full name, the validation note and the cluster's identity from the settings, on page one."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from citymade.web.accounts.roles import Role
from citymade.web.core.models import AuditEntry
from citymade.web.diagnostics import reporting
from citymade.web.diagnostics.models import Diagnostic, State, TransitionLog
from tests.web.test_diagnostics import _submitted

LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#1f6f5c"/></svg>'


def _validate_url(diagnostic: Diagnostic) -> str:
    return reverse("diagnostics:transition", kwargs={"pk": diagnostic.pk, "name": "validate"})


def _fr(client):
    client.cookies["citymade_language"] = "fr"
    return client


def test_the_confirmation_page_asks_for_the_next_meeting(world, login):
    diagnostic = _submitted(world.own, world.users[Role.COMPANY])
    page = _fr(login(world.users[Role.ADVISOR])).get(_validate_url(diagnostic)).content.decode()
    assert 'type="date"' in page and 'name="next_meeting"' in page and "Prochain rendez-vous (facultatif)" in page


def test_validating_with_a_next_meeting_stores_and_audits_it(world, login):
    diagnostic = _submitted(world.own, world.users[Role.COMPANY])
    meeting = timezone.localdate() + dt.timedelta(days=40)
    response = login(world.users[Role.ADVISOR]).post(
        _validate_url(diagnostic), {"next_meeting": meeting.isoformat(), "note": "Revoir le devis"}
    )
    assert response.status_code == 302
    diagnostic.refresh_from_db()
    assert diagnostic.state == State.VALIDATED and diagnostic.next_meeting_on == meeting
    assert TransitionLog.objects.get(diagnostic=diagnostic, transition="validate").note == "Revoir le devis"
    entry = AuditEntry.objects.filter(action="diagnostic.validated", object_id=str(diagnostic.pk)).get()
    assert entry.after["next_meeting_on"] == meeting.isoformat() and entry.before["next_meeting_on"] is None


def test_the_next_meeting_is_optional(world, login):
    diagnostic = _submitted(world.own, world.users[Role.COMPANY])
    assert login(world.users[Role.ADVISOR]).post(_validate_url(diagnostic), {"next_meeting": ""}).status_code == 302
    diagnostic.refresh_from_db()
    assert diagnostic.state == State.VALIDATED and diagnostic.next_meeting_on is None


@pytest.mark.parametrize(
    ("typed", "fr", "nl"),
    [
        ("31/02/2027", "Indiquez la date du prochain rendez-vous", "Vul de datum van de volgende afspraak in"),
        ("next tuesday", "Indiquez la date du prochain rendez-vous", "Vul de datum van de volgende afspraak in"),
        ("past", "ne peut pas être dans le passé", "kan niet in het verleden liggen"),
        ("far", "plus de cinq ans", "meer dan vijf jaar"),
    ],
)
def test_a_bad_next_meeting_is_refused_in_the_users_language(world, login, typed, fr, nl):
    diagnostic = _submitted(world.own, world.users[Role.COMPANY])
    today = timezone.localdate()
    typed = {"past": (today - dt.timedelta(days=3)).isoformat(), "far": today.replace(year=today.year + 6).isoformat()}.get(typed, typed)
    client = login(world.users[Role.ADVISOR])
    for language, message in (("fr", fr), ("nl", nl)):
        client.cookies["citymade_language"] = language
        response = client.post(_validate_url(diagnostic), {"next_meeting": typed, "note": "gardée"})
        page = response.content.decode()
        assert response.status_code == 400 and message in page
        assert 'aria-invalid="true"' in page and f'value="{typed}"' in page and ">gardée</textarea>" in page
    diagnostic.refresh_from_db()
    assert diagnostic.state == State.SUBMITTED and diagnostic.next_meeting_on is None


def test_yesterday_is_still_accepted(world, login):
    diagnostic = _submitted(world.own, world.users[Role.COMPANY])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assert login(world.users[Role.ADVISOR]).post(_validate_url(diagnostic), {"next_meeting": yesterday.strftime("%d/%m/%Y")}).status_code == 302
    diagnostic.refresh_from_db()
    assert diagnostic.next_meeting_on == yesterday


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_page_one_names_the_cluster_the_advisor_the_meeting_and_the_note(world, login, settings, tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_bytes(LOGO)
    settings.CITYMADE_CLUSTER_NAME = "Cluster Made in Brussels"
    settings.CITYMADE_CLUSTER_CONTACT = "+32 2 555 01 02"
    settings.CITYMADE_CLUSTER_LOGO = str(logo)
    reporting._logo.cache_clear()
    advisor = world.users[Role.ADVISOR]
    advisor.first_name, advisor.last_name = "Anna", "Lefèvre"
    advisor.save()
    diagnostic = _submitted(world.own, world.users[Role.COMPANY])
    meeting = timezone.localdate() + dt.timedelta(days=40)
    client = login(advisor)
    client.post(_validate_url(diagnostic), {"next_meeting": meeting.isoformat(), "note": "Bon échange, à suivre."})
    for language, heading in (("fr", "Prochain rendez-vous"), ("nl", "Volgende afspraak")):
        response = client.get(reverse("diagnostics:report", kwargs={"pk": diagnostic.pk}), {"lang": language})
        path = tmp_path / f"{language}.pdf"
        path.write_bytes(response.content)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
        assert info.returncode == 0 and info.stderr == ""
        first = " ".join(subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                                        text=True, check=True).stdout.split())
        for expected in ("Atelier Own", "Cluster Made in Brussels", "+32 2 555 01 02", "Anna Lefèvre", heading,
                         "Bon échange, à suivre.", str(meeting.year)):
            assert expected in first, (language, expected)
        assert "advisor1" not in first, "the advisor's name, not the login"
    reporting._logo.cache_clear()


def test_the_advisor_falls_back_to_the_login_only_without_a_name(world):
    advisor = world.users[Role.ADVISOR]
    diagnostic = _submitted(world.own, world.users[Role.COMPANY])
    from citymade.web.diagnostics import services
    from citymade.web.diagnostics.presentation import report_info

    services.validate(diagnostic, user=advisor)
    assert reporting.follow_up_info(diagnostic, report_info(diagnostic, "fr")).advisor == "advisor1"
    advisor.first_name, advisor.last_name = "Anna", "Lefèvre"
    advisor.save()
    assert reporting.follow_up_info(diagnostic, report_info(diagnostic, "fr")).advisor == "Anna Lefèvre"
