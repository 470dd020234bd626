"""Diagnostics on the web: lifecycle, questionnaire, results, PDF, what-if, API and demo."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from citymade.framework import DONT_KNOW
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company, Product, Site
from citymade.web.core.models import AuditEntry
from citymade.web.diagnostics import engine, services
from citymade.web.diagnostics.models import Diagnostic, State, TransitionLog
from citymade.web.diagnostics.workflow import TransitionRefused, check

ANSWERS = {
    "company": {
        "c_human_hours_share": 75,
        "c_machine_role": "assist",
        "c_repair_offer": True,
        "c_renewable_share": 30,
        "c_employees": 5,
        "c_recurring_sales": True,
        "c_water_m3": DONT_KNOW,
    },
    "products": [{"name": "Chaise", "p_unit_mass": 6, "p_transport": "van", "p_reused_input": 60}],
    "site": {"s_zone": "mixed", "s_floor_area": 200},
}


@pytest.fixture
def chair(world) -> Product:
    return Product.objects.create(company=world.own, name="Chaise", unit_mass_kg=6, units_per_month=20)


def _submitted(company: Company, user, answers=None, products=None) -> Diagnostic:
    diagnostic = services.start_diagnostic(company=company, user=user, products=products)
    services.replace_answers(diagnostic, user=user, answers=answers or ANSWERS)
    return services.submit(diagnostic, user=user)


def _pdf_title(pdf: bytes) -> str:
    match = re.search(rb'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">(.*?)</rdf:li>', pdf)
    assert match
    return match.group(1).decode()


# --- the state machine ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("transition", "state", "role", "company", "allowed"),
    [
        ("start", "", Role.COMPANY, "own", True),
        ("start", "", Role.COMPANY, "other", False),
        ("start", "", Role.OBSERVER, "own", False),
        ("start", "", Role.ADVISOR, "other", True),
        ("save", State.DRAFT, Role.COMPANY, "own", True),
        ("submit", State.DRAFT, Role.COMPANY, "own", True),
        ("submit", State.DRAFT, Role.COMPANY, "other", False),
        ("validate", State.SUBMITTED, Role.COMPANY, "own", False),
        ("validate", State.SUBMITTED, Role.ADVISOR, "own", True),
        ("validate", State.SUBMITTED, Role.ADMIN, "other", True),
        ("validate", State.SUBMITTED, Role.OBSERVER, "own", False),
        ("revise", State.VALIDATED, Role.COMPANY, "own", True),
        ("revise", State.SUBMITTED, Role.OBSERVER, "own", False),
    ],
)
def test_who_may_fire_which_transition(world, transition, state, role, company, allowed):
    target = world.own if company == "own" else world.other
    if allowed:
        assert check(transition, user=world.users[role], state=state, company_id=target.pk).name == transition
    else:
        with pytest.raises(TransitionRefused) as refused:
            check(transition, user=world.users[role], state=state, company_id=target.pk)
        assert refused.value.status == 403


@pytest.mark.parametrize(("transition", "state"), [("save", State.SUBMITTED), ("submit", State.VALIDATED), ("validate", State.DRAFT)])
def test_transitions_only_fire_from_their_states(world, transition, state):
    with pytest.raises(TransitionRefused) as refused:
        check(transition, user=world.users[Role.ADVISOR], state=state, company_id=world.own.pk)
    assert refused.value.status == 409


def test_submit_scores_freezes_and_logs(world, chair):
    user = world.users[Role.COMPANY]
    diagnostic = _submitted(world.own, user)
    assert diagnostic.state == State.SUBMITTED and diagnostic.submitted_at is not None
    assert diagnostic.result["framework_version"] == diagnostic.framework_version
    assert {d["id"] for d in diagnostic.result["dimensions"]} >= {"urban_fit", "manufacture"}
    log = list(TransitionLog.objects.filter(diagnostic=diagnostic).values_list("transition", "from_state", "to_state", "by"))
    assert log == [("start", "", State.DRAFT, user.pk), ("submit", State.DRAFT, State.SUBMITTED, user.pk)]
    actions = set(AuditEntry.objects.filter(object_id=str(diagnostic.pk)).values_list("action", flat=True))
    assert {"diagnostic.started", "diagnostic.answers_imported", "diagnostic.submitted"} <= actions


def test_a_submitted_diagnostic_is_never_edited_in_place(world, login, chair):
    user = world.users[Role.COMPANY]
    diagnostic = _submitted(world.own, user)
    answers, result = diagnostic.answers, diagnostic.result
    with pytest.raises(TransitionRefused):
        services.save_step(diagnostic, user=user, step_key="company-manufacture", raw={"c_human_hours_share": 10})
    with pytest.raises(TransitionRefused):
        services.replace_answers(diagnostic, user=user, answers={"company": {}})
    client = login(user)
    response = client.post(
        reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-manufacture"}),
        {"c_human_hours_share": "10"},
    )
    assert response.status_code == 302
    diagnostic.refresh_from_db()
    assert diagnostic.answers == answers and diagnostic.result == result


def test_revise_makes_a_new_draft_version_with_the_same_answers(world, login, chair):
    user = world.users[Role.COMPANY]
    original = _submitted(world.own, user)
    services.validate(original, user=world.users[Role.ADVISOR])
    client = login(user)
    response = client.post(reverse("diagnostics:transition", kwargs={"pk": original.pk, "name": "revise"}))
    draft = Diagnostic.objects.exclude(pk=original.pk).get(company=world.own)
    assert response.status_code == 302 and response["Location"] == reverse("diagnostics:review", kwargs={"pk": draft.pk})
    assert draft.state == State.DRAFT and draft.previous == original and draft.version == original.version + 1
    assert draft.answers == original.answers and draft.result is None
    original.refresh_from_db()
    assert original.state == State.VALIDATED
    # Revising again returns the same open draft instead of piling up copies.
    assert services.revise(original, user=user) == draft


def test_validate_is_for_staff_only(world, login, chair):
    diagnostic = _submitted(world.own, world.users[Role.COMPANY])
    url = reverse("diagnostics:transition", kwargs={"pk": diagnostic.pk, "name": "validate"})
    assert login(world.users[Role.COMPANY]).post(url).status_code == 403
    assert login(world.users[Role.ADVISOR]).post(url).status_code == 302
    diagnostic.refresh_from_db()
    assert diagnostic.state == State.VALIDATED and diagnostic.validated_at is not None


# --- the questionnaire --------------------------------------------------------------------------------


def test_start_asks_about_the_chosen_products_and_prefills_the_site(world, login, chair):
    Site.objects.create(company=world.own, name="Atelier", zone_type="mixed", floor_area_m2=250, yearly_cost_eur=25000)
    client = login(world.users[Role.COMPANY])
    response = client.post(reverse("diagnostics:start", kwargs={"slug": world.own.slug}), {"products": [chair.pk]})
    diagnostic = Diagnostic.objects.get(company=world.own)
    assert response.status_code == 302 and "/step/company-" in response["Location"]
    assert diagnostic.products == [{"id": chair.pk, "name": "Chaise"}]
    assert diagnostic.answers["site"] == {"s_zone": "mixed", "s_floor_area": 250.0, "s_cost_per_m2": 100.0}
    keys = [s.key for s in services.steps(diagnostic)]
    assert "product-0-urban_fit" in keys and keys[-1].startswith("site-")


def test_answers_from_the_records_are_marked_to_confirm_until_the_step_is_saved(world, login, chair):
    Site.objects.create(company=world.own, name="Atelier", zone_type="mixed", floor_area_m2=250, yearly_cost_eur=25000)
    client = login(world.users[Role.ADVISOR])
    diagnostic = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR])
    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "site-site_economics"})
    client.cookies["citymade_language"] = "fr"
    page = client.get(url).content.decode()
    block = page[page.index('id="q-s_floor_area"'):]
    block = block[: block.index('id="q-', 10)]
    assert "Repris de la fiche de l'entreprise — à confirmer." in block
    assert 'value="250"' in block
    # the note is tied to the answer for assistive technology
    assert '<p class="origin" id="id_s_floor_area_origin">' in block
    assert 'aria-describedby="id_s_floor_area_origin' in block
    client.post(url, {"s_floor_area": "250", "s_cost_per_m2": "100", "stay": "1"})
    assert "à confirmer" not in client.get(url).content.decode(), "once saved, the answer is the user's own"


def test_a_quick_scan_asks_few_questions_and_continues_as_a_full_diagnostic(world, login, chair):
    from citymade.web.diagnostics.questionnaire import question_count

    client = login(world.users[Role.ADVISOR])
    response = client.post(reverse("diagnostics:start", kwargs={"slug": world.own.slug}), {"products": [chair.pk], "kind": "quick"})
    diagnostic = Diagnostic.objects.get(company=world.own)
    assert diagnostic.kind == "quick" and response.status_code == 302
    framework = engine.current_framework()
    assert question_count(framework, "quick", diagnostic.answers, 1) <= 20
    quick_keys = [s.key for s in services.steps(diagnostic)]
    assert "company-manufacture" not in quick_keys, "a step the quick scan asks nothing of is left out"
    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-process"})
    client.post(url, {"c_waste_inputs_band": "most", "c_renewable_inputs": "yes", "stay": "1"})
    diagnostic = services.submit(diagnostic, user=world.users[Role.ADVISOR])
    page = client.get(reverse("diagnostics:detail", kwargs={"pk": diagnostic.pk})).content.decode()
    assert reverse("diagnostics:transition", kwargs={"pk": diagnostic.pk, "name": "extend"}) in page
    response = client.post(reverse("diagnostics:transition", kwargs={"pk": diagnostic.pk, "name": "extend"}))
    full = Diagnostic.objects.get(company=world.own, state="draft")
    assert response.status_code == 302 and "/step/" in response["Location"]
    assert full.kind == "full" and full.previous_id == diagnostic.pk
    assert full.answers["company"]["c_waste_inputs_band"] == "most", "nothing is typed twice"
    assert "company-manufacture" in [s.key for s in services.steps(full)]
    assert "company-manufacture" not in full.steps_done, "a step the quick scan never saved is still to do"
    # a full diagnostic has no such button
    page = client.get(reverse("diagnostics:detail", kwargs={"pk": full.pk})).content.decode()
    assert "/do/extend/" not in page


def test_answers_are_saved_at_every_step_and_resumable(world, login, chair):
    client = login(world.users[Role.COMPANY])
    diagnostic = services.start_diagnostic(company=world.own, user=world.users[Role.COMPANY])
    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-manufacture"})
    response = client.post(url, {"c_human_hours_share": "70", "c_machine_role": "assist", "next": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-circular_offer"})
    diagnostic.refresh_from_db()
    assert diagnostic.answers["company"]["c_human_hours_share"] == 70
    assert diagnostic.steps_done == ["company-manufacture"]
    # Later: the draft page offers to resume at the first unsaved step, and the saved answers are back.
    page = client.get(reverse("diagnostics:detail", kwargs={"pk": diagnostic.pk})).content.decode()
    assert reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-circular_offer"}) in page
    form = client.get(url).content.decode()
    assert re.search(r'name="c_human_hours_share"[^>]*value="70"', form)
    assert re.search(r'value="assist"[^>]*checked', form)


def test_dont_know_is_recorded_as_unknown_never_as_zero(world, login, chair):
    user = world.users[Role.COMPANY]
    client = login(user)
    diagnostic = services.start_diagnostic(company=world.own, user=user)
    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-manufacture"})
    client.post(url, {"detail": "1", "c_human_hours_share": "70", "c_apprentices__dont_know": "on", "c_apprentices": "3"})
    diagnostic.refresh_from_db()
    assert diagnostic.answers["company"]["c_apprentices"] == DONT_KNOW
    review = client.get(reverse("diagnostics:review", kwargs={"pk": diagnostic.pk})).content.decode()
    assert 'class="unknown"' in review
    diagnostic = services.submit(diagnostic, user=user)
    assert "c_apprentices" in {u["question"] for u in diagnostic.result["unknowns"]}


def test_wrong_answers_come_back_inline_and_are_not_stored(world, login, chair):
    client = login(world.users[Role.ADVISOR])
    diagnostic = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR])
    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-manufacture"})
    messages = {}
    for lang in ("en", "fr"):
        client.cookies["citymade_language"] = lang
        response = client.post(url, {"c_human_hours_share": "150", "c_machine_role": "assist"})
        assert response.status_code == 400
        page = response.content.decode()
        block = page[page.index('id="q-c_human_hours_share"'):]
        block = block[: block.index('id="q-', 10)]  # up to the next question
        assert 'role="alert"' in block
        messages[lang] = re.search(r'<p class="error" role="alert"[^>]*>(.*?)</p>', block).group(1)
    assert messages["en"] == "Enter a number from 0 to 100 (in %)."
    assert messages["fr"] == "Indiquez un nombre de 0 à 100 (en %)."
    assert 'value="150"' in block, "the typed value stays in the form"
    diagnostic.refresh_from_db()
    assert "c_human_hours_share" not in diagnostic.answers["company"]
    assert diagnostic.answers["company"]["c_machine_role"] == "assist"
    assert "company-manufacture" not in diagnostic.steps_done, "a step with a refused answer is not done"
    client.post(url, {"c_human_hours_share": "80", "c_machine_role": "assist"})
    diagnostic.refresh_from_db()
    assert "company-manufacture" in diagnostic.steps_done


def _shown(page: str, qid: str) -> bool:
    """Whether the step page shows question ``qid`` (present and not waiting, hidden, for its condition)."""
    found = re.search(rf'<div class="field question[^>]*id="q-{qid}"[^>]*>', page)
    return found is not None and " hidden" not in found.group(0)


def test_conditional_questions_appear_only_when_relevant(world, login, chair):
    client = login(world.users[Role.ADVISOR])
    diagnostic = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR])
    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "product-0-urban_fit"})
    page = client.get(url).content.decode()
    assert not _shown(page, "p_repairability") and _shown(page, "p_durable")
    assert 'name="p_hazardous_waste_channel"' not in page, "a figure from documents waits for a request"
    client.post(url, {"p_nature": "durable", "stay": "1"})
    page = client.get(url).content.decode()
    assert _shown(page, "p_repairability"), "a durable good is asked what makes it repairable"
    assert not _shown(page, "p_durable"), "what the product is already says it is durable"
    client.post(url, {"p_nature": "food", "stay": "1"})
    diagnostic.refresh_from_db()
    assert diagnostic.answers["products"][0]["p_durable"] is False, "food is not a durable good"
    page = client.get(url).content.decode()
    assert not _shown(page, "p_repairability") and not _shown(page, "p_take_back")
    # figures from documents are asked on request, follow-ups included
    client.post(url, {"detail": "1", "p_hazardous_waste": "yes", "stay": "1"})
    assert _shown(client.get(url + "?detail=1").content.decode(), "p_hazardous_waste_channel")


def test_the_questionnaire_speaks_the_users_language(world, login, chair):
    client = login(world.users[Role.ADVISOR])
    diagnostic = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR])
    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-manufacture"})
    labels = {}
    for lang in ("fr", "nl", "en"):
        client.cookies["citymade_language"] = lang
        labels[lang] = client.get(url).content.decode()
    assert "Part des heures de production" in labels["fr"]
    assert "Aandeel productie-uren door mensen" in labels["nl"]
    assert "Share of production hours done by people" in labels["en"]


# --- results, PDF, what-if ------------------------------------------------------------------------------


def test_results_page_shows_the_profile_explanations_and_action_plan(world, login, chair):
    diagnostic = _submitted(world.own, world.users[Role.COMPANY], products=[chair])
    client = login(world.users[Role.COMPANY])
    client.cookies["citymade_language"] = "en"
    page = client.get(reverse("diagnostics:detail", kwargs={"pk": diagnostic.pk})).content.decode()
    assert 'id="chart-profile"' in page and "<svg" in page and 'role="img"' in page
    assert "Profile at a glance" in page and "Urban fit of each product" in page
    assert '<details class="score"' in page and "Share of production hours done by people" in page
    assert "Action plan" in page and "Data to collect" in page
    assert "Yearly water use" in page  # the don't-know answer, listed to collect
    assert "What moved" not in page  # no earlier diagnostic yet


def test_what_moved_since_the_last_diagnostic(world, login, chair):
    user = world.users[Role.ADVISOR]
    _submitted(world.own, user, products=[chair])
    better = {**ANSWERS, "company": {**ANSWERS["company"], "c_renewable_share": 100, "c_human_hours_share": 95}}
    second = _submitted(world.own, user, answers=better, products=[chair])
    client = login(user)
    client.cookies["citymade_language"] = "en"
    page = client.get(reverse("diagnostics:detail", kwargs={"pk": second.pk})).content.decode()
    assert 'id="moved"' in page and 'id="chart-moved"' in page
    assert re.search(r"→ \d+ \(\+\d+\)", page), "a dimension shows its rise"


def test_pdf_report_for_own_company_in_the_requested_language(world, login, chair):
    diagnostic = _submitted(world.own, world.users[Role.COMPANY], products=[chair])
    client = login(world.users[Role.COMPANY])
    url = reverse("diagnostics:report", kwargs={"pk": diagnostic.pk})
    for lang, title in (("fr", "Diagnostic de Atelier Own"), ("nl", "Diagnose van Atelier Own"), ("en", "Diagnostic of Atelier Own")):
        response = client.get(url, {"lang": lang})
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert _pdf_title(response.content) == title
        assert f"-{lang}.pdf" in response["Content-Disposition"]


def test_a_draft_has_no_report(world, login):
    diagnostic = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR])
    response = login(world.users[Role.ADVISOR]).get(reverse("diagnostics:report", kwargs={"pk": diagnostic.pk}))
    assert response.status_code == 404


def test_what_if_shows_new_scores_without_touching_the_diagnostic(world, login, chair):
    diagnostic = _submitted(world.own, world.users[Role.ADVISOR], products=[chair])
    stored = (diagnostic.answers, diagnostic.result, diagnostic.updated_at)
    client = login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "en"
    response = client.get(reverse("diagnostics:what_if", kwargs={"pk": diagnostic.pk}), {"company__c_renewable_share": "100"})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="what-if-table"' in page
    assert "Share of renewable energy" in page and re.search(r">\+\d+<", page)
    diagnostic.refresh_from_db()
    assert (diagnostic.answers, diagnostic.result, diagnostic.updated_at) == stored
    outcome = services.what_if(diagnostic, changes={"company": {"c_renewable_share": 100}})
    process = {d["id"]: d["value"] for d in outcome.after["dimensions"]}["process"]
    assert process > {d["id"]: d["value"] for d in outcome.before["dimensions"]}["process"]


def test_what_the_records_know_is_not_asked_again(world, chair):
    import datetime as dt

    world.own.founded_on = dt.date(2015, 6, 1)
    world.own.save()
    Site.objects.create(company=world.own, name="Atelier", floor_area_m2=180, dwellings_adjacent=True)
    draft = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR], products=[chair], site=world.own.sites.get())
    product = draft.answers["products"][0]
    assert (product["p_unit_mass"], product["p_units_per_month"]) == (6, 20)
    assert 10 < draft.answers["company"]["c_years_active"] < 20
    assert draft.answers["site"]["s_distance_dwellings"] == 0 and draft.answers["site"]["s_floor_area"] == 180


def test_one_open_draft_per_company_and_a_draft_can_be_discarded(world, login, chair):
    user = world.users[Role.ADVISOR]
    client = login(user)
    client.cookies["citymade_language"] = "en"
    draft = services.start_diagnostic(company=world.own, user=user, products=[chair])
    start = reverse("diagnostics:start", kwargs={"slug": world.own.slug})
    response = client.post(start, {"products": [chair.pk]}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("diagnostics:review", kwargs={"pk": draft.pk})
    assert "already open" in response.content.decode()
    assert Diagnostic.objects.filter(company=world.own).count() == 1

    url = reverse("diagnostics:transition", kwargs={"pk": draft.pk, "name": "discard"})
    confirm = client.get(url).content.decode()
    assert "cannot be undone" in confirm and 'name="note"' in confirm
    assert Diagnostic.objects.filter(pk=draft.pk).exists(), "showing the confirmation changes nothing"
    response = client.post(url, {"note": "Started by mistake"})
    assert response.status_code == 302 and not Diagnostic.objects.filter(pk=draft.pk).exists()
    entry = AuditEntry.objects.filter(action="diagnostic.discarded").get()
    assert entry.after["note"] == "Started by mistake"


def test_validate_and_revise_ask_first_and_take_a_note(world, login, chair):
    diagnostic = _submitted(world.own, world.users[Role.ADVISOR], products=[chair])
    client = login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "fr"
    url = reverse("diagnostics:transition", kwargs={"pk": diagnostic.pk, "name": "validate"})
    page = client.get(url).content.decode()
    assert "Valider confirme les résultats" in page
    diagnostic.refresh_from_db()
    assert diagnostic.state == State.SUBMITTED
    client.post(url, {"note": "Relu avec l'entreprise"})
    diagnostic.refresh_from_db()
    assert diagnostic.state == State.VALIDATED
    assert diagnostic.transitions.order_by("-at").first().note == "Relu avec l'entreprise"
    submit_url = reverse("diagnostics:transition", kwargs={"pk": diagnostic.pk, "name": "submit"})
    assert client.get(submit_url).status_code == 405


def test_readiness_levels_are_chosen_by_their_descriptions(world, login, chair):
    user = world.users[Role.ADVISOR]
    client = login(user)
    client.cookies["citymade_language"] = "nl"
    draft = services.start_diagnostic(company=world.own, user=user, products=[chair])
    url = reverse("diagnostics:step", kwargs={"pk": draft.pk, "key": "company-readiness"})
    page = client.get(url).content.decode()
    assert "Eerste verkoop aan betalende klanten" in page and 'type="radio" name="c_ready_customer" value="6"' in page
    assert 'type="number" name="c_ready_customer"' not in page
    client.post(url, {"c_ready_customer": "6"})
    draft.refresh_from_db()
    assert draft.answers["company"]["c_ready_customer"] == 6
    review = client.get(reverse("diagnostics:review", kwargs={"pk": draft.pk})).content.decode()
    assert "6 — Eerste verkoop aan betalende klanten" in review


def test_the_review_step_and_the_what_if_panel_offer_ask_next_first(world, login, chair):
    user = world.users[Role.ADVISOR]
    client = login(user)
    client.cookies["citymade_language"] = "nl"
    draft = services.start_diagnostic(company=world.own, user=user, products=[chair])
    services.replace_answers(draft, user=user, answers=ANSWERS)
    review = client.get(reverse("diagnostics:review", kwargs={"pk": draft.pk})).content.decode()
    assert "Eerst te vragen" in review and "zou beslissen" in review
    first = engine.score(engine.current_framework(), draft.answers)["ask_next"][0]
    assert first["label"]["nl"] in review.split('id="ask-next-title"')[1].split("</ol>")[0]
    assert not re.search(r"\b(model|zone|grade|flag):[a-z_]+", review)

    finished = services.submit(draft, user=user)
    page = client.get(reverse("diagnostics:what_if", kwargs={"pk": finished.pk})).content.decode()
    groups = re.findall(r"<summary>(.*?)</summary>", page)
    assert groups and groups[0].startswith("Eerst te vragen"), groups[:2]
    framework = engine.current_framework()
    top = next(a for a in finished.result["ask_next"] if framework.question(a["question"]).type in ("choice", "yes_no", "number", "scale"))
    target = f"product-{top['product']}" if top["product"] is not None else top["level"]
    assert f'name="{target}__{top["question"]}"' in page


# --- scoping and API --------------------------------------------------------------------------------------


def test_company_user_never_reaches_another_companys_diagnostic(world, login):
    theirs = _submitted(world.other, world.users[Role.ADVISOR])
    client = login(world.users[Role.COMPANY])
    for name in ("diagnostics:detail", "diagnostics:report", "diagnostics:what_if"):
        assert client.get(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404
    assert client.get(f"/api/diagnostics/{theirs.pk}").status_code == 404
    assert client.get(f"/api/companies/{world.other.pk}/diagnostics").status_code == 404
    listing = client.get(reverse("diagnostics:list")).content.decode()
    assert world.other.name not in listing
    observer = login(world.users[Role.OBSERVER])
    assert observer.get(reverse("diagnostics:detail", kwargs={"pk": theirs.pk})).status_code == 403


def test_api_contract(world, login, chair):
    first = _submitted(world.own, world.users[Role.ADVISOR], products=[chair])
    draft = services.start_diagnostic(company=world.own, user=world.users[Role.COMPANY])
    client = login(world.users[Role.COMPANY])
    items = client.get(f"/api/companies/{world.own.pk}/diagnostics").json()["items"]
    assert [(i["id"], i["status"]) for i in items] == [(draft.pk, "draft"), (first.pk, "submitted")]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", i["date"]) for i in items)
    one = client.get(f"/api/diagnostics/{first.pk}").json()
    assert one["id"] == first.pk and one["status"] == "submitted" and one["company"] == "Atelier Own"
    assert {"framework_version", "dimensions", "products", "circular_models", "maturity", "cohabitation",
            "recommendations", "unknowns"} <= set(one["result"])
    assert client.get(f"/api/diagnostics/{draft.pk}").json()["result"] is None
    schema = client.get("/api/openapi.json").json()
    assert "/api/companies/{company_id}/diagnostics" in schema["paths"] and "/api/diagnostics/{diagnostic_id}" in schema["paths"]


def test_company_page_has_a_diagnostics_panel(world, login, chair):
    diagnostic = _submitted(world.own, world.users[Role.ADVISOR], products=[chair])
    page = login(world.users[Role.COMPANY]).get(reverse("companies:detail", kwargs={"slug": world.own.slug})).content.decode()
    assert 'id="diagnostics"' in page
    assert reverse("diagnostics:detail", kwargs={"pk": diagnostic.pk}) in page


# --- demo -------------------------------------------------------------------------------------------------


def test_demo_gives_most_companies_three_yearly_diagnostics_that_move(db, settings):
    from citymade.web.demo import load_demo

    settings.CITYMADE_DEVELOPMENT = True
    load_demo()
    companies = Company.objects.count()
    with_history = [c for c in Company.objects.all() if c.diagnostics.count() == 3]
    assert len(with_history) >= companies * 0.8
    moved = 0
    for company in with_history:
        history = list(company.diagnostics.order_by("assessed_on"))
        assert all(d.is_finished and d.result for d in history)
        assert history[0].state == State.VALIDATED and history[0].transitions.count() == 3
        assert (history[2].assessed_on - history[0].assessed_on).days >= 700
        first = {d["id"]: d["value"] for d in history[0].result["dimensions"]}
        last = {d["id"]: d["value"] for d in history[2].result["dimensions"]}
        moved += any(first[k] != last[k] for k in first)
        assert len(history[0].result["unknowns"]) > len(history[2].result["unknowns"])
    assert moved == len(with_history)
    before = Diagnostic.objects.count()
    load_demo()
    assert Diagnostic.objects.count() == before


def test_no_demo_verdict_or_alarm_rests_on_an_unknown(db, settings):
    from citymade.portfolio.dashboard import needs_attention
    from citymade.web.demo import load_demo
    from citymade.web.portfolio.data import company_facts, today

    settings.CITYMADE_DEVELOPMENT = True
    load_demo()
    finished = list(Diagnostic.objects.finished())
    assert finished and all(d.result["framework_version"] == "2026.3" for d in finished)
    for diagnostic in finished:
        maturity = diagnostic.result["maturity"]
        if maturity["long_standing_startup"]:
            assert maturity["decided"] and maturity["stage_possible"] <= 2
        assert "ask_next" in diagnostic.result
    for attention in needs_attention(company_facts(), today=today()):
        if "long_standing" in attention.reasons:
            assert attention.company.stage == attention.company.stage_possible, attention.company.name


def test_the_full_diagnostic_asks_at_most_sixty_questions_of_a_company_with_one_durable_product():
    """Whatever the legal form and the follow-ups the answers bring up, counted as the steps show them."""
    from citymade.web.diagnostics.questionnaire import question_count

    framework = engine.current_framework()
    legal_forms = [o.value for o in framework.question("c_legal_form").options]
    for form in legal_forms:
        answers = {
            "company": {"c_legal_form": form, "c_break_even": False, "c_repair_offer": True, "c_use_offer": "some"},
            "site": {},
            "products": [{"p_nature": "durable"}],
        }
        full = question_count(framework, "full", answers, 1)
        quick = question_count(framework, "quick", answers, 1)
        assert full <= 60, (form, full)
        assert quick <= 20, (form, quick)
    # food is asked less: repair and take-back do not apply
    food = {"company": {}, "site": {}, "products": [{"p_nature": "food"}]}
    durable = {"company": {}, "site": {}, "products": [{"p_nature": "durable"}]}
    assert question_count(framework, "full", food, 1) < question_count(framework, "full", durable, 1)


def test_without_the_script_save_and_continue_stops_on_follow_ups_it_brought_up(world, login, chair):
    client = login(world.users[Role.ADVISOR])
    diagnostic = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR])
    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "product-0-urban_fit"})
    response = client.post(url, {"p_nature": "durable", "next": "1"})
    assert response.status_code == 302 and response["Location"].startswith(url), "the follow-ups are not skipped"
    assert "#q-p_repairability" in response["Location"]
    page = client.get(url).content.decode()
    assert _shown(page, "p_repairability") and _shown(page, "p_take_back")
    # with the script the follow-ups were on screen already: save and continue goes on
    response = client.post(url, {"p_nature": "durable", "p_take_back": "yes", "next": "1", "live": "1"})
    assert response.status_code == 302 and not response["Location"].startswith(url)


def test_a_quick_scan_opened_by_the_advisor_waits_on_the_company_users_home_page(world, login, chair):
    services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR], kind="quick")
    client = login(world.users[Role.COMPANY])
    client.cookies["citymade_language"] = "fr"
    page = client.get(reverse("core:home")).content.decode()
    assert "Votre scan rapide à remplir" in page and "/step/company-" in page
    other = login(world.users[Role.ADVISOR])
    assert "Votre scan rapide" not in other.get(reverse("core:home")).content.decode()
