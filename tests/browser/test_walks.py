"""Both kinds of diagnostic walked in the browser as an advisor would, and the results page's cards
measured from the elements' boxes at a phone's, a laptop's and a wide screen's width."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company, Product

PASSWORD = "a-long-Test-password-42"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def advisor(transactional_db):
    return User.objects.create_user(username="w-advisor", password=PASSWORD, role=Role.ADVISOR, first_name="Ann", last_name="Peeters")


def _walk(page, *, answer) -> tuple[int, int]:
    """Save and continue from the current step to the review page, answering each shown question with
    ``answer(question)``; returns (questions shown, answers given)."""
    shown = answered = 0
    for _ in range(40):
        if "/review/" in page.url:
            break
        questions = page.locator(".question[data-question]:visible")
        shown += questions.count()
        for question in questions.all():
            if not question.is_visible():  # a follow-up hidden by an answer just given
                continue
            answered += answer(question)
        page.click("button[name=next]")
        page.wait_for_load_state()
        assert page.locator(".question.invalid").count() == 0, page.locator(".errors").inner_text()
    assert "/review/" in page.url
    return shown, answered


def _answer_all(question) -> int:
    """An answer to every question: the first option, a plausible number, or "I don't know"."""
    kind = next(c for c in (question.get_attribute("class") or "").split() if c.startswith("q-"))
    if kind in ("q-choice", "q-yes_no", "q-scale"):
        select = question.locator("select")
        if select.count():
            select.select_option(index=1)
        else:
            question.locator("input[type=radio]").first.check()
    elif kind == "q-multi_choice":
        question.locator("input[type=checkbox]:not([name$=__dont_know])").first.check()
    elif kind == "q-number":
        field = question.locator("input[type=number]")
        if not field.input_value():
            field.fill("1")
    else:
        question.locator("input[name$=__dont_know]").check()
    return 1


def _start(page, live_server, company, kind: str) -> None:
    page.goto(f"{live_server.url}/diagnostics/company/{company.slug}/new/")
    page.check(f"input[name=kind][value={kind}]")
    page.click("form.diag-form button[type=submit]")
    page.wait_for_load_state()
    assert "/step/" in page.url


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "w-advisor")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action$='/accounts/login/'] button[type=submit]")
    page.wait_for_load_state()


def test_a_quick_scan_is_completed_with_at_most_twenty_answers(page, live_server, advisor):
    company = Company.objects.create(name="Quick Works", slug="quick-works")
    Product.objects.create(company=company, name="Stool")
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/diagnostics/company/{company.slug}/new/")
    label = page.locator("label:has(input[name=kind][value=quick])").inner_text()
    assert "20 questions" in label or "19 questions" in label, label
    _start(page, live_server, company, "quick")
    shown, answered = _walk(page, answer=_answer_all)
    assert answered <= 20 and shown <= 20, (shown, answered)
    page.click("form.diag-submit button[type=submit]")
    page.wait_for_load_state()
    # the profile, the models, the stage and cohabitation, and what to ask next
    for section in ("#profile", "#unknowns li"):
        assert page.locator(section).count() >= 1, section
    # the quick scan continues as a full diagnostic, every answer kept
    page.click("form[action$='/do/extend/'] button")
    page.wait_for_load_state()
    assert "/step/" in page.url


def test_a_one_product_full_diagnostic_shows_at_most_sixty_questions(page, live_server, advisor):
    company = Company.objects.create(name="Full Works", slug="full-works")
    Product.objects.create(company=company, name="Oak table")
    _log_in(page, live_server)
    _start(page, live_server, company, "full")

    def answer(question) -> int:
        if question.get_attribute("data-question") == "p_nature":
            question.locator("select").select_option("durable")
            return 1
        return _answer_all(question)

    shown, answered = _walk(page, answer=answer)
    assert shown <= 60, shown
    assert answered == shown


def test_a_refused_answer_keeps_its_value_and_leaves_the_step_unsaved(page, live_server, advisor):
    from citymade.web.diagnostics import services
    from citymade.web.diagnostics.models import Diagnostic

    company = Company.objects.create(name="Refused Works", slug="refused-works")
    draft = services.start_diagnostic(company=company, user=advisor)
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/diagnostics/{draft.pk}/step/company-manufacture/")
    page.fill("input[name=c_human_hours_share]", "150")
    page.check("input[name=c_machine_role][value=assist]")
    page.click("button[name=next]")
    page.wait_for_load_state()
    assert "/step/company-manufacture/" in page.url
    assert page.locator("input[name=c_human_hours_share]").input_value() == "150", "the typed value stays"
    assert page.locator("#q-c_human_hours_share [role=alert]").is_visible()
    draft = Diagnostic.objects.get(pk=draft.pk)
    assert "company-manufacture" not in draft.steps_done
    assert draft.answers["company"]["c_machine_role"] == "assist", "the accepted answer is kept"


CARD_CHECK = """() => {
  const cards = [...document.querySelectorAll('main .fact-block, main details.score, main .diag-section, main .card')];
  const bad = [];
  for (const card of cards) {
    const box = card.getBoundingClientRect();
    if (box.width === 0) continue;
    if (box.right > document.documentElement.clientWidth + 1) bad.push('card wider than the screen: ' + card.className + ' ' + (card.id || ''));
    for (const el of card.querySelectorAll('*')) {
      if (el.closest('svg') || el.closest('table.data') && el.closest('.table-scroll')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const style = getComputedStyle(el);
      // text wider than its box: spilling out (overflow visible) or cut off (hidden); a box meant
      // to scroll (a wide table in its scroller) is not a defect
      const clipped = el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0
        && !['auto', 'scroll'].includes(style.overflowX);
      const outside = r.right > box.right + 1 || r.left < box.left - 1;
      // a table cell squeezed to a letter or two per line
      const squeezed = (el.tagName === 'TD' || el.tagName === 'TH') && r.width < 40 && (el.textContent || '').trim().length > 6;
      if (clipped || outside || squeezed) bad.push(el.tagName + '.' + el.className + ': ' + (el.textContent || '').trim().slice(0, 30));
    }
  }
  return [...new Set(bad)].slice(0, 8);
}"""


@pytest.mark.parametrize("case", ["examples/metal-press-workshop.yaml", "reality/rotterdam-gerrard-street.yaml"])
def test_no_value_overflows_or_is_clipped_in_the_results_cards(page, live_server, advisor, case):
    from citymade.web.diagnostics import services

    folder, name = case.split("/")
    path = (ROOT.parent / "examples" / "answers" / name) if folder == "examples" else (ROOT / "reality" / "cases" / name)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    answers = data.get("answers", data)
    company = Company.objects.create(name="Ateliers de la Rue Très Longue Gerrardstraat", slug="layout-works")
    for product in answers["products"]:
        Product.objects.create(company=company, name=product.get("name") or "Product")
    draft = services.start_diagnostic(company=company, user=advisor)
    services.replace_answers(draft, user=advisor, answers=answers)
    finished = services.submit(draft, user=advisor)
    _log_in(page, live_server)
    for lang in ("fr", "nl"):
        page.goto(f"{live_server.url}/diagnostics/{finished.pk}/")
        page.click(f"form.languages button[value={lang}]")
        page.wait_for_load_state()
        for width in (390, 1366, 1920):
            page.set_viewport_size({"width": width, "height": 1000})
            page.goto(f"{live_server.url}/diagnostics/{finished.pk}/")
            page.evaluate("() => document.querySelectorAll('main details').forEach(d => d.open = true)")
            bad = page.evaluate(CARD_CHECK)
            assert not bad, f"{lang} {width}px: {bad}"
            page_width = page.evaluate("() => document.documentElement.scrollWidth")
            assert page_width <= width, f"{lang} {width}px: the page is {page_width}px wide"
    # the measure sees a value pushed out of its card
    page.evaluate("() => { const dd = document.querySelector('main .fact-block dd'); dd.style.whiteSpace = 'nowrap'; dd.textContent = 'x'.repeat(400); }")
    assert page.evaluate(CARD_CHECK), "the check must catch an overflowing value"
