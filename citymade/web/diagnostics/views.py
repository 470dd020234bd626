"""Diagnostic pages: thin views that validate a form, call a service and render or redirect."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from citymade.i18n import normalise
from citymade.web.accounts.roles import PEOPLE, Role
from citymade.web.companies import reads as company_reads
from citymade.web.companies.models import Company
from citymade.web.core.access import allow
from citymade.web.diagnostics import engine, list_rows, presentation, reads, services
from citymade.web.diagnostics.forms import StartForm, WhatIfForm
from citymade.web.diagnostics.models import Diagnostic
from citymade.web.diagnostics.questionnaire import (
    StepForm,
    StepState,
    find_step,
    level_answers,
)
from citymade.web.diagnostics.reporting import render_pdf
from citymade.web.diagnostics.workflow import CONFIRM, TransitionRefused, allowed, check


def _language(request: HttpRequest) -> str:
    return normalise(get_language())


def _visible(request: HttpRequest, pk: int) -> Diagnostic:
    return reads.visible_or_404(request.user, pk)


def _refused(request: HttpRequest, exc: TransitionRefused) -> HttpResponse:
    if exc.status == 404:
        raise Http404(exc.message)
    return render(request, "diagnostics/refused.html", {"message": exc.message}, status=exc.status)


@allow(*PEOPLE)
def diagnostic_list(request: HttpRequest) -> HttpResponse:
    """The diagnostics the user may see, newest first, and where to start a new one."""
    # Only the columns the list shows: each row's JSON documents and timestamps cost more to decode
    # than the row costs to draw (list.html reads no other field; another would cost a query a row).
    diagnostics = reads.listing(request.user)
    companies = company_reads.names_and_slugs(request.user)
    return render(
        request, "diagnostics/list.html",
        {"diagnostics": list_rows.diagnostic_rows(diagnostics), "companies": list_rows.company_links(companies)},
    )


@allow(*PEOPLE)
def company_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every diagnostic of one company and how its profile moved over time."""
    company = company_reads.visible_by_slug_or_404(request.user, slug, advisor=False)
    diagnostics = reads.of_company(company)
    finished = [d for d in diagnostics if d.is_finished]
    chart = presentation.history_chart(finished, _language(request))
    return render(
        request,
        "diagnostics/history.html",
        {"company": company, "diagnostics": diagnostics, "chart": chart},
    )


@allow(*PEOPLE)
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose the products a new diagnostic looks at, then open its first step."""
    company = get_object_or_404(Company.objects.visible_to(request.user), slug=slug)
    form = StartForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            diagnostic = services.start_diagnostic(
                company=company,
                user=request.user,
                products=list(form.cleaned_data["products"]),
                kind=form.cleaned_data["kind"],
            )
        except TransitionRefused as exc:
            if exc.draft is not None:  # one open draft per company: continue it instead
                messages.info(request, exc.message)
                return redirect("diagnostics:review", pk=exc.draft.pk)
            return _refused(request, exc)
        first = services.steps(diagnostic)[0]
        return redirect("diagnostics:step", pk=diagnostic.pk, key=first.key)
    return render(request, "diagnostics/start.html", {"company": company, "form": form})


def _earlier_plan(diagnostic: Diagnostic, earlier: Any, language: str) -> dict[str, Any] | None:
    """What became of the earlier diagnostic's action plan (with the portfolio installed)."""
    from django.apps import apps

    if earlier is None or not apps.is_installed("citymade.web.portfolio"):
        return None
    from citymade.web.portfolio.plan import plan_of_diagnostic, progress

    plan = plan_of_diagnostic(diagnostic.company, earlier.pk, language)
    if not plan:
        return None
    done, total = progress(plan)
    return {"items": plan, "done": done, "total": total, "diagnostic": earlier}


@allow(*PEOPLE)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The results page (or, for a draft, where the questionnaire stands)."""
    # The large answers and result are read only if needed (a cached report body needs neither).
    diagnostic = reads.visible_or_404(request.user, pk, defer=("answers", "result"))
    language = _language(request)
    buttons = allowed(request.user, state=diagnostic.state, company_id=diagnostic.company_id, kind=diagnostic.kind)
    if diagnostic.is_draft:
        return render(
            request,
            "diagnostics/draft.html",
            {"diagnostic": diagnostic, "progress": presentation.progress(diagnostic, language), "buttons": buttons},
        )
    context = presentation.results(diagnostic, language)
    context["earlier_plan"] = _earlier_plan(diagnostic, context.get("earlier"), language)
    context.update(
        {
            "diagnostic": diagnostic,
            "buttons": buttons,
            "transitions": reads.transitions(diagnostic),
            "previous": reads.previous(diagnostic, context.get("earlier")),
        }
    )
    return render(request, "diagnostics/results.html", context)


@allow(*PEOPLE)
def step(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """One questionnaire step; every save keeps the draft, so the user can stop and resume."""
    diagnostic = _visible(request, pk)
    if not diagnostic.is_draft:
        messages.info(request, _("This diagnostic is submitted; revise it to change answers."))
        return redirect("diagnostics:detail", pk=diagnostic.pk)
    framework = engine.current_framework()
    steps = services.steps(diagnostic, framework)
    current = find_step(steps, key)
    if current is None:
        raise Http404(_("This questionnaire has no such step."))
    language = _language(request)
    problems: dict[str, str] = {}
    # the full diagnostic's figures from documents, on request ("add precise figures")
    detail = (request.POST if request.method == "POST" else request.GET).get("detail") == "1"
    # which questions the answers show: computed once per state of the answers, and passed down
    state = StepState(framework, current, level_answers(diagnostic.answers, current))
    if request.method == "POST":
        mapping = state.mapping
        was_shown = {q.id for q in state.shown(detail=detail)}
        form = StepForm(
            request.POST,
            questions=state.form_questions(detail=detail),
            language=language,
            initial_answers=mapping,
        )
        if form.is_valid():
            try:
                outcome = services.save_step(
                    diagnostic,
                    user=request.user,
                    step_key=key,
                    raw=form.raw_answers(),
                    loaded_at=request.POST.get("loaded_at"),
                    editor=_editor(request),
                )
            except TransitionRefused as exc:
                return _refused(request, exc)
            diagnostic, problems = outcome.diagnostic, outcome.problems
            state = StepState(framework, current, level_answers(diagnostic.answers, current), visible=outcome.visible)
            if outcome.ok and not request.htmx:
                after = state.mapping
                new = [q for q in state.shown(detail=detail) if q.id not in was_shown and after.get(q.id) is None]
                # Without the page's script, follow-ups appear only now: stay on the step rather
                # than skip them without a word (with it, they were on screen before saving).
                if new and request.POST.get("live") != "1" and "previous" not in request.POST:
                    messages.info(request, _("Your answers bring up follow-up questions on this step: please answer them, then continue."))
                    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": current.key})
                    return redirect(f"{url}?detail=1#q-{new[0].id}" if detail else f"{url}#q-{new[0].id}")
                return redirect(_after_save(request, diagnostic, steps, current))
    # after refused answers the form keeps what was typed, so nothing has to be entered again
    data = request.POST if request.method == "POST" and problems else None
    form = StepForm(
        data,
        questions=state.form_questions(detail=detail),
        language=language,
        initial_answers=state.mapping,
    )
    context = presentation.step_context(diagnostic, steps, current, form, problems, language, detail=detail, state=state)
    context["editor"] = _editor(request)
    template = "diagnostics/_step_form.html" if request.htmx else "diagnostics/step.html"
    return render(request, template, context, status=400 if problems and not request.htmx else 200)


_EDITOR = re.compile(r"^[A-Za-z0-9_-]{8,32}$")


def _editor(request: HttpRequest) -> str:
    """This page's id: made when the step is opened, sent back with every save of the same page."""
    if not hasattr(request, "_citymade_editor"):
        posted = request.POST.get("editor", "") if request.method == "POST" else ""
        request._citymade_editor = posted if _EDITOR.match(posted) else secrets.token_urlsafe(12)  # type: ignore[attr-defined]
    return str(request._citymade_editor)  # type: ignore[attr-defined]


def _after_save(request: HttpRequest, diagnostic: Diagnostic, steps: list[Any], current: Any) -> str:
    if "previous" in request.POST:
        index = steps.index(current)
        target = steps[max(index - 1, 0)]
        return reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": target.key})
    if "more" in request.POST:
        url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": current.key})
        return f"{url}?detail=1#precise"
    if "stay" in request.POST:
        messages.success(request, _("Answers saved. You can come back to this diagnostic at any time."))
        return reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": current.key})
    index = steps.index(current)
    if index + 1 < len(steps):
        return reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": steps[index + 1].key})
    return reverse("diagnostics:review", kwargs={"pk": diagnostic.pk})


@allow(*PEOPLE)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Every answer of the draft at a glance, the unknowns counted, and the submit button."""
    diagnostic = _visible(request, pk)
    if not diagnostic.is_draft:
        return redirect("diagnostics:detail", pk=diagnostic.pk)
    language = _language(request)
    buttons = allowed(request.user, state=diagnostic.state, company_id=diagnostic.company_id, kind=diagnostic.kind)
    return render(
        request,
        "diagnostics/review.html",
        {
            "diagnostic": diagnostic,
            "sections": presentation.review_sections(diagnostic, language),
            "progress": presentation.progress(diagnostic, language),
            "unknowns": engine.unknown_count(diagnostic.answers),
            "ask_next": presentation.review_ask_next(diagnostic, language),
            "buttons": buttons,
        },
    )


#: Date forms the "Next meeting" field takes: the date picker's, and what people type without one.
_DATE_INPUTS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def _next_meeting(raw: str) -> tuple[dt.date | None, str]:
    """The next meeting typed at validation: ``(date, "")``, ``(None, "")`` when left empty, or
    ``(None, message)``. Not more than a day in the past (a meeting held yesterday may still be
    recorded), nor more than five years ahead (a mistyped year)."""
    if not raw:
        return None, ""
    for pattern in _DATE_INPUTS:
        try:
            day = dt.datetime.strptime(raw, pattern).date()
            break
        except ValueError:
            continue
    else:
        example = date_format(timezone.localdate() + dt.timedelta(days=30), "SHORT_DATE_FORMAT")
        return None, _("Enter the date of the next meeting as a day, month and year, for example %(example)s.") % {
            "example": example
        }
    today = timezone.localdate()
    if day < today - dt.timedelta(days=1):
        return None, _("The next meeting cannot be in the past.")
    if day > today.replace(year=today.year + 5) - dt.timedelta(days=1):
        return None, _("The next meeting is more than five years away: check the year.")
    return day, ""


def _confirm_context(diagnostic: Diagnostic, transition: Any, **values: Any) -> dict[str, Any]:
    today = timezone.localdate()
    values.setdefault("note", "")
    values.setdefault("problem", "")
    if "next_meeting" not in values:
        values["next_meeting"] = diagnostic.next_meeting_on.isoformat() if diagnostic.next_meeting_on else ""
    return {"diagnostic": diagnostic, "transition": transition, "min_meeting": (today - dt.timedelta(days=1)).isoformat(), **values}


@allow(*PEOPLE)
def transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Fire a named transition (submit, validate, revise, discard) from a button; validate, revise
    and discard first ask for a confirmation, with an optional note (GET shows that page)."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    diagnostic = _visible(request, pk)
    actions = {
        "submit": services.submit,
        "validate": services.validate,
        "revise": services.revise,
        "discard": services.discard,
        "extend": services.extend,
    }
    action = actions.get(name)
    if action is None:
        raise Http404
    if request.method == "GET":
        if name not in CONFIRM:
            return HttpResponseNotAllowed(["POST"])
        try:
            transition = check(name, user=request.user, state=diagnostic.state, company_id=diagnostic.company_id)
        except TransitionRefused as exc:
            return _refused(request, exc)
        return render(request, "diagnostics/confirm.html", _confirm_context(diagnostic, transition))
    note = request.POST.get("note", "")[:2000]
    extra: dict[str, Any] = {}
    if name == "validate":
        raw = request.POST.get("next_meeting", "").strip()
        meeting, problem = _next_meeting(raw)
        if problem:
            try:
                transition = check(name, user=request.user, state=diagnostic.state, company_id=diagnostic.company_id)
            except TransitionRefused as exc:
                return _refused(request, exc)
            context = _confirm_context(diagnostic, transition, note=note, next_meeting=raw, problem=problem)
            return render(request, "diagnostics/confirm.html", context, status=400)
        extra["next_meeting_on"] = meeting
    try:
        result = action(diagnostic, user=request.user, note=note, **extra)
    except TransitionRefused as exc:
        if exc.draft is not None:
            messages.info(request, exc.message)
            return redirect("diagnostics:review", pk=exc.draft.pk)
        return _refused(request, exc)
    done = {
        "submit": _("The diagnostic is submitted. Here are its results."),
        "validate": _("The diagnostic is validated."),
        "revise": _("A new version was opened with the same answers; the submitted one stays as it was."),
        "discard": _("The draft was discarded."),
        "extend": _("The quick scan continues as a full diagnostic: its answers are kept, the remaining questions follow."),
    }
    messages.success(request, done[name])
    if name == "discard":
        return redirect("diagnostics:history", slug=result.slug)
    if name == "revise":
        return redirect("diagnostics:review", pk=result.pk)
    if name == "extend":
        return redirect("diagnostics:step", pk=result.pk, key=presentation.progress(result, _language(request))["resume"])
    return redirect("diagnostics:detail", pk=result.pk)


@allow(Role.ADMIN, Role.ADVISOR, Role.COMPANY)
def what_if(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a few answers and see the scores side by side; nothing is stored."""
    diagnostic = _visible(request, pk)
    if not diagnostic.is_finished:
        return redirect("diagnostics:detail", pk=diagnostic.pk)
    language = _language(request)
    form = WhatIfForm(request.GET or None, diagnostic=diagnostic, language=language)
    comparison = None
    if request.GET and form.is_valid():
        outcome = services.what_if(diagnostic, changes=form.changes())
        for qid, message in outcome.problems.items():
            form.add_problem(qid, message)
        comparison = presentation.what_if_comparison(outcome, language)
    context = {"diagnostic": diagnostic, "form": form, "comparison": comparison}
    template = "diagnostics/_what_if_result.html" if request.htmx and comparison else "diagnostics/what_if.html"
    return render(request, template, context)


@allow(*PEOPLE)
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The diagnostic report as a PDF, in ``?lang=fr|nl|en`` (default: the page's language)."""
    diagnostic = _visible(request, pk)
    if not diagnostic.is_finished:
        raise Http404(_("A draft has no report yet: submit it first."))
    language = normalise(request.GET.get("lang") or _language(request))
    pdf = render_pdf(diagnostic, language)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"citymade-{diagnostic.company.slug}-{diagnostic.assessed_on:%Y-%m-%d}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
