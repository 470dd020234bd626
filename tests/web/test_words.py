"""What a French or Dutch reader sees in the diagnostic's pages: no English unit word, no internal id.

Every questionnaire step of a full diagnostic (its figures from documents shown too), the review and
the results page are rendered in fr and nl, and their visible text (attributes, scripts and styles
left out) is searched; the PDF's text is checked in ``tests/reports/test_pdf_summary.py``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Product, Site
from citymade.web.diagnostics import services

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "answers" / "reclaimed-wood-furniture.yaml"
#: English unit words that must not show in French or Dutch ("points" is also French and "per week"
#: also Dutch: each is checked only where it is English).
ENGLISH = ["FTE", "persons?", "years?", "t/year", "units/month", "per year", "months?", "hours?", "kWh/year", "m³/year"]
_WORDS = "|".join(ENGLISH)
NOT_FRENCH = re.compile(rf"\b(?:{_WORDS}|per week)\b")
NOT_DUTCH = re.compile(rf"\b(?:{_WORDS}|points?)\b")
#: snake_case (p_unit_mass), dotted (urban_fit.geometry) or indexed (product[0]) ids
INTERNAL_ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z]+_?[a-z]*\.[a-z_]+_[a-z_]+\b|\b[a-z_]+\[\d+\]")


class _Text(HTMLParser):
    """The text a reader sees: text nodes outside script, style and template."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


@pytest.fixture
def finished_and_draft(world):
    advisor = world.users[Role.ADVISOR]
    Site.objects.create(company=world.own, name="Atelier", zone_type="mixed", floor_area_m2=250, yearly_cost_eur=25000)
    answers = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    Product.objects.filter(company=world.own).delete()
    for product in answers["products"]:
        Product.objects.create(company=world.own, name=product["name"], unit_mass_kg=20, units_per_month=12)
    draft = services.start_diagnostic(company=world.own, user=advisor)
    services.replace_answers(draft, user=advisor, answers=answers)
    finished = services.submit(draft, user=advisor)
    return finished, services.revise(finished, user=advisor)


def _pages(client, finished, draft):
    for step in services.steps(draft):
        yield step.key, client.get(reverse("diagnostics:step", kwargs={"pk": draft.pk, "key": step.key}) + "?detail=1")
    yield "review", client.get(reverse("diagnostics:review", kwargs={"pk": draft.pk}))
    yield "results", client.get(reverse("diagnostics:detail", kwargs={"pk": finished.pk}))


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_no_english_unit_nor_internal_id_in_the_questionnaire_the_review_and_the_results(login, world, finished_and_draft, language):
    finished, draft = finished_and_draft
    client = login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = language
    english = NOT_FRENCH if language == "fr" else NOT_DUTCH
    seen = 0
    for name, response in _pages(client, finished, draft):
        assert response.status_code == 200, name
        text = visible_text(response.content.decode())
        assert not english.findall(text), f"{language} {name}: English units {sorted(set(english.findall(text)))}"
        ids = INTERNAL_ID.findall(text)
        assert not ids, f"{language} {name}: internal ids {sorted(set(ids))[:8]}"
        seen += 1
    assert seen >= 12, "every step, the review and the results page were read"


def test_the_checks_see_what_they_look_for():
    assert NOT_FRENCH.search("12 FTE") and NOT_FRENCH.search("3 years") and NOT_DUTCH.search("5 points")
    assert not NOT_FRENCH.search("5 points") and not NOT_DUTCH.search("2 per week")
    assert INTERNAL_ID.search("Rule p_unit_mass") and INTERNAL_ID.search("urban_fit.geometry_share") and INTERNAL_ID.search("product[0]")
    assert visible_text('<p title="p_unit_mass">Masse</p><script>var a_b = 1</script>') == "Masse"


def test_the_same_pages_in_english_do_show_english_units(login, world, finished_and_draft):
    """The pages read above carry units at all: in English the same check finds them."""
    finished, draft = finished_and_draft
    client = login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "en"
    found = set()
    for _name, response in _pages(client, finished, draft):
        found |= set(NOT_FRENCH.findall(visible_text(response.content.decode())))
    assert {"FTE", "years"} & found, found
