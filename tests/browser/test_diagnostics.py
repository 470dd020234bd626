"""An advisor runs a whole diagnostic in the browser; a company user stays inside its own company."""

from __future__ import annotations

import re

import pytest

from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company

PASSWORD = "a-long-Test-password-42"
COMPANY = "Atelier Playwright"


@pytest.fixture
def people(transactional_db):
    advisor = User.objects.create_user(username="b-advisor", password=PASSWORD, role=Role.ADVISOR)
    other = Company.objects.create(name="Other Browser Works", slug="other-browser-works")
    mine = Company.objects.create(name="Own Browser Works", slug="own-browser-works")
    member = User.objects.create_user(username="b-member", password=PASSWORD, role=Role.COMPANY, company=mine)
    return {"advisor": advisor, "member": member, "other": other, "mine": mine}


def _pdf_title(pdf: bytes) -> str:
    match = re.search(rb'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">(.*?)</rdf:li>', pdf)
    assert match, "the PDF carries a title"
    return match.group(1).decode()


def _switch(page, lang: str) -> None:
    page.click(f"form.languages button[value={lang}]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang


def test_advisor_runs_a_diagnostic_from_company_to_pdf(page, live_server, log_in, people, tmp_path):
    log_in(page, "b-advisor", PASSWORD)
    _switch(page, "en")

    # A new company, then a product, through the company pages.
    page.goto(f"{live_server.url}/companies/new/")
    page.fill("input[name=name]", COMPANY)
    page.fill("input[name=enterprise_number]", "0417.497.106")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    company = Company.objects.get(name=COMPANY)
    assert page.url.endswith(f"/companies/{company.slug}/")
    page.goto(f"{live_server.url}/companies/{company.slug}/products/new/")
    page.fill("input[name=name]", "Reclaimed oak table")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()

    # Start the diagnostic from the company page's panel.
    page.goto(f"{live_server.url}/companies/{company.slug}/")
    page.click("#diagnostics a.button")
    page.wait_for_load_state()
    assert page.locator("input[name=products]").count() == 1
    page.click("form.diag-form button[type=submit]")
    page.wait_for_load_state()
    assert "/step/company-" in page.url
    assert page.locator(".progress").count() == 1

    # First step: two answers; its figures from documents (apprentices, training hours) on request.
    page.fill("input[name=c_human_hours_share]", "80")
    page.check("input[name=c_machine_role][value=assist]")
    assert page.locator("input[name=c_apprentices]").count() == 0
    page.click("button[name=more]")
    page.wait_for_load_state()
    assert page.locator("input[name=c_human_hours_share]").input_value() == "80"
    page.check("input[name=c_apprentices__dont_know]")
    page.check("input[name=c_training_hours__dont_know]")
    page.click("button[name=next]")
    page.wait_for_load_state()

    # Every other step: save and continue until the review page.
    for _ in range(30):
        if "/review/" in page.url:
            break
        if "/step/product-0-urban_fit/" in page.url:
            page.select_option("select[name=p_nature]", "durable")
            page.fill("input[name=p_unit_mass]", "35")
            page.check("input[name=p_noise_level__dont_know]")
        before = page.url
        page.click("button[name=next]")
        page.wait_for_load_state()
        if page.url == before:
            # A required question was left blank: the message sits next to it; answer "I don't know".
            invalid = page.locator(".question.invalid")
            assert invalid.count() > 0 and invalid.first.locator("[role=alert]").is_visible()
            for box in invalid.locator("input[name$=__dont_know]").all():
                box.check()
            page.click("button[name=next]")
            page.wait_for_load_state()
    assert "/review/" in page.url
    assert re.search(r"\d+ answers are “I don't know”", page.content())

    page.click("form.diag-submit button[type=submit]")
    page.wait_for_load_state()
    assert re.search(r"/diagnostics/\d+/$", page.url)

    # The radar with grades, and an explanation that opens.
    radar = page.locator("#chart-profile svg")
    assert radar.get_attribute("role") == "img"
    assert radar.locator("circle").count() >= 1  # one point per known dimension, coloured by grade
    assert re.search(r"\d+ · [A-E]", radar.inner_html())
    assert "not known" in radar.inner_html()  # dimensions without answers are said, not drawn as zero
    score = page.locator("details.score#profile-manufacture")
    score.locator("> summary").click()
    explanation = score.locator("> .explanation")
    assert explanation.is_visible()
    criterion = explanation.locator("table.criteria details").first
    criterion.locator("summary").click()
    assert "Share of production hours done by people" in criterion.inner_text()
    assert "80" in criterion.inner_text()  # the answer behind the figure
    assert "Apprentices and trainees" in page.locator("#unknowns").inner_text()

    # The PDF downloads and holds the company's name.
    page.select_option("#pdf-lang", "en")
    with page.expect_download() as download_info:
        page.click("#download-pdf")
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert COMPANY in _pdf_title(pdf)


def test_company_user_cannot_open_another_companys_diagnostic(page, live_server, log_in, people):
    from citymade.web.diagnostics import services

    theirs = services.start_diagnostic(company=people["other"], user=people["advisor"])
    mine = services.start_diagnostic(company=people["mine"], user=people["member"])
    log_in(page, "b-member", PASSWORD)
    response = page.goto(f"{live_server.url}/diagnostics/{theirs.pk}/")
    assert response.status == 404
    assert "Other Browser Works" not in page.content()
    response = page.goto(f"{live_server.url}/diagnostics/{mine.pk}/")
    assert response.status == 200 and "Own Browser Works" in page.content()


@pytest.mark.parametrize(
    ("lang", "question", "criterion"),
    [
        ("nl", "Aandeel productie-uren door mensen gepresteerd", "Menselijk werk"),
        ("en", "Share of production hours done by people", "Human work"),
    ],
)
def test_questionnaire_in_dutch_and_english(page, live_server, log_in, people, lang, question, criterion):
    from citymade.web.diagnostics import services

    diagnostic = services.start_diagnostic(company=people["mine"], user=people["member"])
    log_in(page, "b-member", PASSWORD)
    page.goto(f"{live_server.url}/diagnostics/{diagnostic.pk}/step/company-manufacture/?detail=1")
    assert "Part des heures de production" in page.content()
    _switch(page, lang)
    assert question in page.content()
    assert criterion.lower() in page.locator("fieldset.diag-criterion legend").first.inner_text().lower()
    # Answer in this language, with "don't know", and find the answers again after saving.
    page.fill("input[name=c_human_hours_share]", "65")
    page.check("input[name=c_apprentices__dont_know]")
    page.click("button[name=stay]")
    page.wait_for_load_state()
    assert page.locator("input[name=c_human_hours_share]").input_value() == "65"
    assert page.locator("input[name=c_apprentices__dont_know]").is_checked()
    diagnostic.refresh_from_db()
    assert diagnostic.answers["company"]["c_apprentices"] == "?"


def test_follow_up_question_appears_as_soon_as_it_is_relevant(page, live_server, log_in, people):
    from citymade.web.companies.models import Product
    from citymade.web.diagnostics import services

    Product.objects.create(company=people["mine"], name="Degreased frame")
    diagnostic = services.start_diagnostic(company=people["mine"], user=people["member"])
    log_in(page, "b-member", PASSWORD)
    page.goto(f"{live_server.url}/diagnostics/{diagnostic.pk}/step/product-0-urban_fit/")
    repairable = page.locator("#q-p_repairability")
    durable = page.locator("#q-p_durable")
    assert repairable.is_hidden() and durable.is_visible()
    # Saying what the product is settles whether it is durable and brings up its follow-ups at
    # once, without posting anything.
    page.select_option("select[name=p_nature]", "durable")
    repairable.wait_for(state="visible")
    assert durable.is_hidden() and page.locator("#q-p_take_back").is_visible()
    assert repairable.locator(".tag").count() == 1, "a follow-up is marked as such"
    page.select_option("select[name=p_nature]", "food")
    repairable.wait_for(state="hidden")
    assert page.locator("#q-p_take_back").is_hidden() and durable.is_hidden()
    assert page.locator("input[name=p_repairability]").first.is_disabled(), "a hidden question sends nothing"
    diagnostic.refresh_from_db()
    assert "p_nature" not in diagnostic.answers["products"][0], "nothing was posted"
    # Saved: food is not a durable good, and the follow-ups stay away after the reload.
    page.click("button[name=stay]")
    page.wait_for_load_state()
    diagnostic.refresh_from_db()
    assert diagnostic.answers["products"][0]["p_durable"] is False
    assert page.locator("#q-p_repairability").is_hidden()
    # a figure from documents and its follow-up, on request
    page.goto(f"{live_server.url}/diagnostics/{diagnostic.pk}/step/product-0-urban_fit/?detail=1")
    channel = page.locator("#q-p_hazardous_waste_channel")
    assert channel.is_hidden()
    page.check("input[name=p_hazardous_waste][value=yes]")
    channel.wait_for(state="visible")


def test_undecided_verdicts_read_as_ranges_and_fit_their_cards(page, live_server, log_in, people):
    """A company assessed from public facts (a reality case): the results page says "at least …,
    could be …" instead of "none", lists ask next with the verdicts each answer decides, shows no
    internal verdict id, and every value stays inside its card, in French and Dutch, on a phone and
    a laptop."""
    from pathlib import Path

    import yaml

    from citymade.web.companies.models import Product
    from citymade.web.diagnostics import services

    case = Path(__file__).resolve().parents[1] / "reality" / "cases" / "rotterdam-gerrard-street.yaml"
    answers = yaml.safe_load(case.read_text(encoding="utf-8"))["answers"]
    company = people["mine"]
    for product in answers["products"]:
        Product.objects.create(company=company, name=product["name"])
    advisor = people["advisor"]
    draft = services.start_diagnostic(company=company, user=advisor)
    services.replace_answers(draft, user=advisor, answers=answers)
    finished = services.submit(draft, user=advisor)
    assert not all(m["decided"] for m in finished.result["circular_models"])

    log_in(page, "b-advisor", PASSWORD)
    for lang, at_least in (("fr", "au moins"), ("nl", "minstens")):
        _switch(page, lang)
        for width in (390, 1366):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}/diagnostics/{finished.pk}/")
            text = page.locator("main").inner_text()
            assert at_least in text
            assert not re.search(r"\b(model|zone|grade|flag):[a-z_]+", text), "an internal verdict id is shown"
            ids = re.findall(r"\b(?:[cps]_[a-z0-9]+_[a-z0-9_]+|(?:lim|mil|ctl|uoo)_[a-z0-9_]+|[a-z_]+\.[a-z_]+_[a-z_]+|product\[\d+\])\b", text)
            assert not ids, f"{lang}: internal ids shown: {sorted(set(ids))[:8]}"
            english_units = re.findall(r"\d\u00a0(years?|persons?|FTE|t/year|per week)\b", text)
            assert not english_units, f"{lang}: English units {english_units}"
            overflowing = page.evaluate(
                """() => [...document.querySelectorAll('dl.facts dd')].filter(dd => {
                    const card = dd.closest('dl').getBoundingClientRect();
                    return dd.getBoundingClientRect().right > card.right + 1 || dd.scrollWidth > dd.clientWidth + 1;
                }).map(dd => dd.textContent)"""
            )
            assert not overflowing, f"{lang} {width}px: {overflowing}"
            wide = page.evaluate(
                """(width) => [...document.querySelectorAll('body *')]
                    .filter(e => !e.closest('svg') && e.getBoundingClientRect().right > width + 1)
                    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
                    .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 40))""",
                width,
            )
            assert not wide, f"{lang} {width}px: wider than the screen: {wide}"


def test_dont_know_disables_the_answer_beside_it(page, live_server, log_in, people):
    from citymade.web.companies.models import Product
    from citymade.web.diagnostics import services

    company = people["mine"]
    Product.objects.create(company=company, name="Stool")
    draft = services.start_diagnostic(company=company, user=people["advisor"])
    log_in(page, "b-advisor", PASSWORD)
    page.goto(f"{live_server.url}/diagnostics/{draft.pk}/step/company-manufacture/?detail=1")
    field = page.locator("input[name=c_apprentices]")
    field.fill("3")
    page.check("input[name=c_apprentices__dont_know]")
    assert field.is_disabled(), "ticking “don't know” disables the typed answer"
    page.uncheck("input[name=c_apprentices__dont_know]")
    assert not field.is_disabled()
    page.check("input[name=c_apprentices__dont_know]")
    page.click("button[name=stay]")
    page.wait_for_load_state()
    draft.refresh_from_db()
    assert draft.answers["company"]["c_apprentices"] == "?"
    assert page.locator("input[name=c_apprentices]").is_disabled(), "the state holds after the page reloads"
