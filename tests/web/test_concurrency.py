"""Two advisors change the same draft at once: one wins, the other is told, nothing is silently lost."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from citymade.web.accounts.roles import Role
from citymade.web.diagnostics import services
from tests.web.conftest import make_user


def _open(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    match = re.search(r'name="loaded_at" value="([^"]+)"', page)
    assert match, "the step form carries the version it was loaded from"
    return match.group(1)


def test_second_save_on_a_stale_form_is_refused_and_the_first_is_kept(world):
    first, second = Client(), Client()
    first.force_login(world.users[Role.ADVISOR])
    second.force_login(make_user("advisor2", Role.ADVISOR))
    diagnostic = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR])
    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-manufacture"})

    loaded_first, loaded_second = _open(first, url), _open(second, url)
    assert loaded_first == loaded_second

    won = first.post(url, {"c_human_hours_share": "70", "loaded_at": loaded_first, "stay": "1"})
    assert won.status_code == 302
    lost = second.post(url, {"c_human_hours_share": "20", "loaded_at": loaded_second, "stay": "1"})
    assert lost.status_code == 409
    assert "Quelqu'un d'autre" in lost.content.decode().replace("&#x27;", "'")

    diagnostic.refresh_from_db()
    assert diagnostic.answers["company"]["c_human_hours_share"] == 70

    # After reloading, the second advisor sees the first one's answers and can save on top of them.
    fresh = _open(second, url)
    assert fresh != loaded_second
    assert second.post(url, {"c_human_hours_share": "20", "loaded_at": fresh, "stay": "1"}).status_code == 302
    diagnostic.refresh_from_db()
    assert diagnostic.answers["company"]["c_human_hours_share"] == 20


def test_a_page_refreshing_itself_is_not_a_conflict(world):
    """The questionnaire's live refresh saves too; the same person's next save must go through."""
    client = Client()
    client.force_login(world.users[Role.ADVISOR])
    diagnostic = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR])
    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-manufacture"})
    loaded = _open(client, url)
    assert client.post(url, {"c_human_hours_share": "40", "loaded_at": loaded, "stay": "1"}).status_code == 302
    assert client.post(url, {"c_human_hours_share": "50", "loaded_at": loaded, "stay": "1"}).status_code == 302
    diagnostic.refresh_from_db()
    assert diagnostic.answers["company"]["c_human_hours_share"] == 50
