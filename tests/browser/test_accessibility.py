"""WCAG 2.1 AA in the browser: axe-core finds no serious or critical violation on every page each
role can reach (the access matrix's pages, see tests/browser/reachable.py), no page is wider than a 320 px window, and the questionnaire works by keyboard alone
from the login to a refused save whose error is announced on its field. Also: a Dutch browser's
first visit is in Dutch, and a user's choice survives logging out and in."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company, ContactPerson, Product, Site
from tests.browser.reachable import ANON, is_a_page, reachable_paths

PASSWORD = "a-long-Test-password-42"
ROOT = Path(__file__).resolve().parents[2]
SERIOUS = ("serious", "critical")


@pytest.fixture
def world(transactional_db):
    from citymade.web.diagnostics import services

    users = {
        role: User.objects.create_user(
            username=f"a11y-{role}", password=PASSWORD, role=role, first_name="Ann", last_name="Peeters"
        )
        for role in (Role.ADMIN, Role.ADVISOR, Role.OBSERVER)
    }
    company = Company.objects.create(name="Ateliers de la Rue Très Longue Gerrardstraat", slug="a11y-works")
    users[Role.COMPANY] = User.objects.create_user(username="a11y-company", password=PASSWORD, role=Role.COMPANY, company=company)
    data = yaml.safe_load((ROOT / "examples" / "answers" / "metal-press-workshop.yaml").read_text(encoding="utf-8"))
    answers = data.get("answers", data)
    for product in answers["products"]:
        Product.objects.create(company=company, name=product.get("name") or "Product")
    Site.objects.create(company=company, name="Atelier de la chaussée")
    ContactPerson.objects.create(company=company, name="Marie Dubois-Vandenberghe", email="marie@example.org")
    draft = services.start_diagnostic(company=company, user=users[Role.ADVISOR])
    services.replace_answers(draft, user=users[Role.ADVISOR], answers=answers)
    finished = services.submit(draft, user=users[Role.ADVISOR])
    open_draft = services.start_diagnostic(company=company, user=users[Role.COMPANY])
    other = Company.objects.create(name="Brasserie de l'Autre Rive", slug="a11y-other")
    return {"users": users, "company": company, "other": other, "finished": finished, "draft": open_draft}


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action$='/accounts/login/'] button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def _first_step(page, live_server, draft) -> str:
    page.goto(f"{live_server.url}/diagnostics/{draft.pk}/")
    link = page.locator("a[href*='/step/']").first
    return link.get_attribute("href")


def _pages(role: str, world) -> list[str]:
    """Every page ``role`` can reach: the access matrix's pages for it (tests/browser/reachable.py)."""
    return reachable_paths(role, world["company"], world["other"], world["users"])


def _unstyled_buttons(page) -> list[str]:
    """Buttons left in the browser's own grey look (a small native button among citymade's)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main button')].filter(b => b.offsetParent !== null &&
             getComputedStyle(b).backgroundColor === 'rgb(239, 239, 239)').map(b => 'unstyled button: ' + b.textContent.trim())"""
    )


def _axe(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['nodes'][0]['target']} — {v['help']}"
        for v in result.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("role", [ANON, Role.ADMIN, Role.ADVISOR, Role.COMPANY, Role.OBSERVER])
def test_no_page_is_wider_than_a_320px_window_and_axe_finds_nothing_serious(page, live_server, world, role):
    """Every page the access matrix lets ``role`` open, a visitor's included (login, password links)."""
    if role != ANON:
        _log_in(page, live_server, world["users"][role].username)
    page.set_viewport_size({"width": 320, "height": 800})
    problems, seen = [], 0
    for path in _pages(role, world):
        probe = page.request.get(f"{live_server.url}{path}")
        assert probe.status < 400, f"{role} {path}: {probe.status}"
        if not is_a_page(probe):
            continue  # a file to download or the health probe's "ok"
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status < 400, f"{role} {path}: {response and response.status}"
        seen += 1
        page.evaluate("() => document.querySelectorAll('main details:not(.confirm)').forEach(d => d.open = true)")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            problems.append(f"{path}: the page is {width}px wide")
        problems += [f"{path}: {v}" for v in _axe(page) + _unstyled_buttons(page)]
    assert seen >= {ANON: 4, Role.ADMIN: 40, Role.ADVISOR: 40, Role.COMPANY: 15, Role.OBSERVER: 8}[role], seen
    assert not problems, "\n".join(problems)


def test_each_roles_walk_holds_the_pages_that_role_may_open(world):
    """The walk is the matrix's list, built on the browser world: the open draft, the users' pages
    for the administrator only, the visitor's pages without the home page."""
    assert f"/diagnostics/{world['draft'].pk}/review/" in _pages(Role.COMPANY, world)
    assert "/accounts/users/" in _pages(Role.ADMIN, world) and "/accounts/users/" not in _pages(Role.ADVISOR, world)
    assert "/accounts/login/" in _pages(ANON, world) and "/" not in _pages(ANON, world)


def test_the_width_check_and_axe_see_a_problem(page, live_server, world):
    _log_in(page, live_server, world["users"][Role.ADVISOR].username)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/")
    page.evaluate("() => { const p = document.createElement('p'); p.style.width = '600px'; p.style.color = '#bbb'; p.textContent = 'too wide and too pale'; document.querySelector('main').append(p); }")
    assert page.evaluate("() => document.documentElement.scrollWidth") > 320
    assert any("color-contrast" in v for v in _axe(page))


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_step_with_an_error_and_the_results_page_pass_axe(page, live_server, world, lang):
    _log_in(page, live_server, world["users"][Role.ADVISOR].username)
    page.click(f"form.languages button[value={lang}]")
    page.wait_for_load_state()
    page.goto(live_server.url + _first_step(page, live_server, world["draft"]))
    number = page.locator(".question:not([hidden]) input[type=number][max]").first
    number.fill("-5")
    page.click("button[name=stay]")
    page.wait_for_load_state()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert _axe(page) == []
    page.goto(f"{live_server.url}/diagnostics/{world['finished'].pk}/")
    assert _axe(page) == []


def test_dont_know_boxes_are_named_after_their_question_and_grouped_with_it(page, live_server, world):
    _log_in(page, live_server, world["users"][Role.COMPANY].username)
    page.goto(live_server.url + _first_step(page, live_server, world["draft"]))
    questions = page.locator(".question[data-question]:not([hidden])")
    assert questions.count() >= 2
    names = set()
    for question in questions.all():
        legend = question.locator("fieldset.choices > legend").first.inner_text().split("\n")[0].replace("*", "").strip()
        box = question.locator("input[name$=__dont_know]")
        # The accessible name the browser computes: "I don't know: <question>" (visually "I don't know").
        name = box.evaluate("el => el.labels[0].textContent.replace(/\\s+/g, ' ').trim()")
        assert name.startswith("Je ne sais pas: ") and legend.split(" (")[0] in name, (name, legend)
        assert box.evaluate("el => el.closest('fieldset.choices') !== null")
        names.add(name)
        # required answers are marked for assistive technology
        qid = question.get_attribute("data-question")
        if question.locator(".required").count():
            assert "(réponse demandée)" in question.locator("legend").first.text_content()
            single = question.locator(f"input[name={qid}]:not([type=radio]):not([type=checkbox]), select[name={qid}], textarea[name={qid}]")
            if single.count():
                assert single.get_attribute("aria-required") == "true"
    assert len(names) == questions.count(), "every box has its own name"
    assert page.get_by_label(next(iter(names)), exact=True).count() == 1
    # ticking "I don't know" still disables the answer next to it
    first = questions.first
    first.locator("input[name$=__dont_know]").check()
    answer = first.locator("input:not([name$=__dont_know]):not([name$=__not_applicable]), select, textarea").first
    assert answer.is_disabled()


def _press_and_load(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state()


def _tab_to(page, predicate: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate}); }}"):
            return
    raise AssertionError(f"Tab never reached: {predicate}")


def test_keyboard_only_from_login_to_a_refused_step_whose_error_is_announced_on_its_field(page, live_server, world):
    page.goto(f"{live_server.url}/accounts/login/")
    # The login form's first field has the focus; type, Tab, type, Enter.
    assert page.evaluate("() => document.activeElement.name") == "username"
    page.keyboard.type(world["users"][Role.COMPANY].username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    _press_and_load(page, "Enter")
    assert "/accounts/login/" not in page.url
    # Home: the company user's open diagnostic, reached and opened with the keyboard.
    _tab_to(page, "el.tagName === 'A' && /\\/diagnostics\\/\\d+\\//.test(el.getAttribute('href') || '')")
    _press_and_load(page, "Enter")
    if "/step/" not in page.url:
        _tab_to(page, "el.tagName === 'A' && (el.getAttribute('href') || '').includes('/step/')")
        _press_and_load(page, "Enter")
    assert "/step/" in page.url
    # A number out of its range, typed in its field, then "Save as draft" pressed with the keyboard.
    _tab_to(page, "el.type === 'number' && el.hasAttribute('max')")
    field = page.evaluate("() => document.activeElement.name")
    page.keyboard.press("Control+A")
    page.keyboard.type("-5")
    _tab_to(page, "el.name === 'stay'")
    _press_and_load(page, "Enter")
    state = page.evaluate(
        """() => { const el = document.activeElement; const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
           return {name: el.name, invalid: el.getAttribute('aria-invalid'), ids: ids,
                   texts: ids.map(id => { const d = document.getElementById(id); return d ? d.textContent.trim() : null; })}; }"""
    )
    assert state["name"] == field, state  # the focus is on the refused field, not the page body
    assert state["invalid"] == "true"
    assert state["ids"] and None not in state["texts"], state  # no dangling reference
    assert any("0" in text and "100" in text for text in state["texts"]), state  # the error is read with it
    assert page.locator("#step-errors[role=alert]").count() == 1
    # The error summary's link moves the focus to its answer.
    page.evaluate("() => document.body.focus()")
    page.locator("#step-errors a").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-invalid')") == "true"


def test_every_aria_describedby_points_to_an_existing_element(page, live_server, world):
    _log_in(page, live_server, world["users"][Role.ADVISOR].username)
    slug = world["company"].slug
    for path in ("/accounts/password/", "/accounts/tokens/", f"/companies/{slug}/edit/", "/companies/", f"/diagnostics/company/{slug}/new/",
                 _first_step(page, live_server, world["draft"])):
        page.goto(live_server.url + path)
        dangling = page.evaluate(
            """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
                 el.getAttribute('aria-describedby').split(/\\s+/).filter(id => id && !document.getElementById(id)).map(id => el.name + '→' + id))"""
        )
        assert not dangling, f"{path}: {dangling}"
        empty = page.evaluate("() => [...document.querySelectorAll('.help:not([role=status])')].filter(h => !h.textContent.trim()).length")
        assert empty == 0, f"{path}: an empty help text"


def test_erase_and_revoke_ask_for_confirmation(page, live_server, world):
    from citymade.web.accounts.tokens import create_token

    advisor = world["users"][Role.ADVISOR]
    create_token(user=advisor, name="notebook")
    _log_in(page, live_server, advisor.username)
    page.goto(f"{live_server.url}/accounts/tokens/")
    summary = page.locator("details.confirm > summary").first
    summary.focus()
    page.keyboard.press("Enter")  # one keypress only opens the confirmation
    page.wait_for_timeout(300)
    assert advisor.api_tokens.filter(revoked_at__isnull=True).count() == 1
    page.locator("details.confirm[open] button.danger").click()
    page.wait_for_load_state()
    assert advisor.api_tokens.filter(revoked_at__isnull=True).count() == 0
    page.goto(f"{live_server.url}/companies/{world['company'].slug}/")
    summary = page.locator("details.confirm > summary").first
    summary.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert ContactPerson.objects.filter(company=world["company"]).count() == 1
    page.locator("details.confirm[open] button.danger").click()
    page.wait_for_load_state()
    assert ContactPerson.objects.filter(company=world["company"]).count() == 0


def test_a_dutch_browser_opens_in_dutch_and_a_choice_survives_logging_out_and_in(browser, live_server, world):
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        assert page.locator("html").get_attribute("lang") == "nl"
        _log_in(page, live_server, world["users"][Role.OBSERVER].username)
        assert page.locator("html").get_attribute("lang") == "nl"
        page.click("form.languages button[value=en]")
        page.wait_for_load_state()
        page.click("details.user-menu > summary")
        page.click("form.logout button")
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "en"
        context.clear_cookies()  # another device, say: the account remembers
        _log_in(page, live_server, world["users"][Role.OBSERVER].username)
        assert page.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_board_review_and_the_editing_pages_pass_axe_at_320px(page, live_server, world, lang):
    import datetime as dt
    from decimal import Decimal

    from citymade.web.portfolio import services as follow_up
    from citymade.web.portfolio.board import set_narrative, set_targets
    from citymade.web.portfolio.models import Event, WorkingGroup

    advisor, company = world["users"][Role.ADVISOR], world["company"]
    follow_up.change_status(company, to="member", date=dt.date(2024, 2, 1), actor=advisor)
    follow_up.record_support_action(company, actor=advisor, type="advice", date=dt.date(2024, 3, 1))
    group = WorkingGroup.objects.create(name="Textile", slug="textile")
    group.members.set([company])
    event = Event.objects.create(title="Réunion textile", kind="meeting", date=dt.date(2024, 5, 4), working_group=group)
    follow_up.set_attendance(event, actor=advisor, companies=[(company, True)])
    set_targets(2024, {"members_total": Decimal(3), "participation_rate": Decimal("0.5")}, actor=advisor)
    set_narrative(2024, "Une bonne année.\n\nLa suite en 2025.", actor=advisor)
    page.context.add_cookies([{"name": "citymade_language", "value": lang, "url": live_server.url}])
    _log_in(page, live_server, advisor.username)
    page.set_viewport_size({"width": 320, "height": 800})
    problems = []
    for path in (
        "/portfolio/review/2024/", "/portfolio/review/2024/edit/", f"/portfolio/groups/{group.pk}/edit/",
        f"/portfolio/events/{event.pk}/edit/", f"/portfolio/events/{event.pk}/attendance/?fill=group",
        f"/portfolio/support/?company={company.slug}&type=advice&start=2024-01-01", "/portfolio/groups/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status < 400, f"{path}: {response and response.status}"
        page.evaluate("() => document.querySelectorAll('main details:not(.confirm)').forEach(d => d.open = true)")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            problems.append(f"{path}: the page is {width}px wide")
        problems += [f"{path}: {v}" for v in _axe(page)]
    assert not problems, "\n".join(problems)
