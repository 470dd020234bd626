"""Fields tied to what describes them (WCAG 2.1 AA, issue 13), checked in the HTML the server sends:
help and error ids exist for every ``aria-describedby``, a refused answer is ``aria-invalid`` and
takes the focus (``autofocus``, no script needed), each "I don't know" is named after its question
and grouped with it, and required answers are marked for assistive technology."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Product
from citymade.web.diagnostics import services


class _Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[dict[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append({"tag": tag, **dict(attrs)})

    def ids(self) -> set[str]:
        return {str(e["id"]) for e in self.elements if e.get("id")}

    def dangling(self) -> list[str]:
        ids = self.ids()
        return [
            f"{e.get('name')}→{ref}"
            for e in self.elements
            for ref in (e.get("aria-describedby") or "").split()
            if ref not in ids
        ]


def _step(client, world, data=None):
    diagnostic = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR])
    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-manufacture"})
    return client.post(url, data) if data is not None else client.get(url)


@pytest.fixture
def chair(world):
    return Product.objects.create(company=world.own, name="Chair")


def test_a_refused_answer_is_invalid_described_by_its_error_and_focused(world, login, chair):
    client = login(world.users[Role.ADVISOR])
    response = _step(client, world, {"c_human_hours_share": "150", "c_machine_role": "assist"})
    html = response.content.decode()
    page = _Page(html)
    assert not page.dangling()
    field = next(e for e in page.elements if e.get("name") == "c_human_hours_share")
    assert field.get("aria-invalid") == "true"
    assert "id_c_human_hours_share_error" in (field.get("aria-describedby") or "").split()
    assert re.search(r'id="id_c_human_hours_share_error"[^>]*>[^<]*100', html)
    assert "autofocus" in field, "the focus lands on the refused answer without script"
    assert sum("autofocus" in e for e in page.elements) == 1
    others = [e for e in page.elements if e.get("aria-invalid") and e.get("name") != "c_human_hours_share"]
    assert not others, "only the refused answer is marked invalid"
    # The summary links to the question.
    assert 'href="#q-c_human_hours_share"' in html


@pytest.mark.parametrize(("lang", "dont_know", "needed"), [("fr", "Je ne sais pas", "réponse demandée"), ("nl", "Ik weet het niet", "antwoord gevraagd"), ("en", "I don't know", "answer needed")])
def test_each_dont_know_is_named_after_its_question_inside_its_group(world, login, chair, lang, dont_know, needed):
    client = login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = lang
    html = _step(client, world).content.decode()
    assert not _Page(html).dangling()
    blocks = []
    for chunk in html.split('<div class="field question')[1:]:
        qid = re.match(r'[^"]*" id="q-(\w+)"', chunk).group(1)
        blocks.append((qid, chunk[: chunk.index("</fieldset>") + len("</fieldset>")]))
    assert len(blocks) >= 2
    for qid, block in blocks:
        legend = re.search(r"<legend>(.*?)</legend>", block, re.S).group(1)
        question = re.sub(r"<[^>]+>", "", legend.split("<span")[0]).strip()
        label = re.search(rf'<label class="dont-know" for="id_{qid}__dont_know">(.*?)</label>', block, re.S).group(1)
        name = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", label)).strip())
        assert name == f"{dont_know}: {unescape(question)}", (name, question)
        assert block.count("<fieldset") == 1, "the answer and its boxes share one group"
        assert block.index("__dont_know") < block.index("</fieldset>")
        if 'class="required"' in legend:
            assert f"({needed})" in legend
            single = re.search(rf'<(input|select|textarea)[^>]*name="{qid}"[^>]*>', block)
            if single and 'type="radio"' not in single.group(0) and 'type="checkbox"' not in single.group(0):
                assert 'aria-required="true"' in single.group(0), single.group(0)


def test_password_rules_render_as_the_fields_help_and_are_tied_to_it(world, login):
    client = login(world.users[Role.ADVISOR])
    html = client.get(reverse("accounts:password_change")).content.decode()
    page = _Page(html)
    assert not page.dangling()
    help_ids = [e["id"] for e in page.elements if e.get("class") == "help"]
    assert help_ids, "the password rules are shown"
    rules = re.search(rf'<div class="help" id="{help_ids[0]}">(.*?)</div>', html, re.S).group(1)
    assert "<li>" in rules and re.sub(r"<[^>]+>", "", rules).strip()
    assert any(help_ids[0] in (e.get("aria-describedby") or "") for e in page.elements)


def test_a_refused_form_focuses_and_describes_its_first_error(world, login):
    client = login(world.users[Role.ADVISOR])
    html = client.post(reverse("accounts:password_change"), {"old_password": "wrong", "new_password1": "x", "new_password2": "y"}).content.decode()
    page = _Page(html)
    assert not page.dangling()
    invalid = [e for e in page.elements if e.get("aria-invalid") == "true"]
    assert invalid and "autofocus" in invalid[0]
    assert sum("autofocus" in e for e in page.elements) == 1


@pytest.mark.parametrize("name", ["accounts:login", "accounts:password_reset", "accounts:tokens", "companies:create", "companies:list"])
def test_no_form_page_has_a_dangling_description(world, name):
    from django.test import Client

    client = Client()
    if name not in ("accounts:login", "accounts:password_reset"):
        client.force_login(world.users[Role.ADVISOR])
    assert not _Page(client.get(reverse(name)).content.decode()).dangling()


def test_erase_and_revoke_ask_before_they_act(world, login):
    from citymade.web.accounts.tokens import create_token
    from citymade.web.companies.models import ContactPerson

    ContactPerson.objects.create(company=world.own, name="Marie Dubois")
    create_token(user=world.users[Role.ADVISOR], name="notebook")
    client = login(world.users[Role.ADVISOR])
    for url, action in (
        (reverse("accounts:tokens"), "/revoke/"),
        (reverse("companies:detail", kwargs={"slug": world.own.slug}), "/erase/"),
    ):
        html = client.get(url).content.decode()
        form = re.search(rf'<details class="confirm">\s*<summary>.*?</summary>.*?<form method="post" action="[^"]*{action}"', html, re.S)
        assert form, f"{url}: the form that acts sits behind a confirmation"
