"""Two advisors change the same draft at once: one wins, the other is told, nothing is silently lost."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from citymade.web.accounts.roles import Role
from citymade.web.diagnostics import services
from tests.web.conftest import make_user


def _open(client: Client, url: str) -> str:
    return _open_page(client, url)[0]


def _open_page(client: Client, url: str) -> tuple[str, str]:
    """The version the step form was loaded from, and the page's own id (``editor``)."""
    page = client.get(url).content.decode()
    match = re.search(r'name="loaded_at" value="([^"]+)"', page)
    assert match, "the step form carries the version it was loaded from"
    editor = re.search(r'name="editor" value="([^"]+)"', page)
    return match.group(1), editor.group(1) if editor else ""


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
    loaded, editor = _open_page(client, url)
    assert editor, "the step form carries its own id"
    for value in ("40", "50"):
        saved = client.post(url, {"c_human_hours_share": value, "loaded_at": loaded, "editor": editor, "stay": "1"})
        assert saved.status_code == 302
    diagnostic.refresh_from_db()
    assert diagnostic.answers["company"]["c_human_hours_share"] == 50


def test_an_old_tab_of_the_same_person_does_not_overwrite_a_newer_answer(world):
    """Tab A is opened; another advisor saves; the same person saves from a fresh tab B; tab A's save
    must not overwrite what tab B (and through it, the other advisor's answer) holds."""
    tab_a, tab_b, other = Client(), Client(), Client()
    me = world.users[Role.ADVISOR]
    tab_a.force_login(me)
    tab_b.force_login(me)
    other.force_login(make_user("advisor2", Role.ADVISOR))
    diagnostic = services.start_diagnostic(company=world.own, user=me)
    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-manufacture"})

    loaded_a, editor_a = _open_page(tab_a, url)
    loaded_o, editor_o = _open_page(other, url)
    assert other.post(url, {"c_human_hours_share": "70", "loaded_at": loaded_o, "editor": editor_o, "stay": "1"}).status_code == 302
    loaded_b, editor_b = _open_page(tab_b, url)
    assert tab_b.post(url, {"c_human_hours_share": "70", "loaded_at": loaded_b, "editor": editor_b, "stay": "1"}).status_code == 302

    stale = tab_a.post(url, {"c_human_hours_share": "10", "loaded_at": loaded_a, "editor": editor_a, "stay": "1"})
    assert stale.status_code == 409
    diagnostic.refresh_from_db()
    assert diagnostic.answers["company"]["c_human_hours_share"] == 70


def test_a_save_on_another_step_is_not_a_conflict(world):
    first, second = Client(), Client()
    first.force_login(world.users[Role.ADVISOR])
    second.force_login(make_user("advisor2", Role.ADVISOR))
    diagnostic = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR])
    steps = [s.key for s in services.steps(diagnostic)]
    url_one = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-manufacture"})
    other_key = next(k for k in steps if k != "company-manufacture")
    url_two = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": other_key})
    loaded_one, editor_one = _open_page(first, url_one)
    loaded_two, editor_two = _open_page(second, url_two)
    assert second.post(url_two, {"loaded_at": loaded_two, "editor": editor_two, "stay": "1"}).status_code == 302
    saved = first.post(url_one, {"c_human_hours_share": "30", "loaded_at": loaded_one, "editor": editor_one, "stay": "1"})
    assert saved.status_code == 302
