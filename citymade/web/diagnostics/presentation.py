"""What the diagnostic pages show, computed from a diagnostic and the framework (no scoring here).

The results page renders the stored result snapshot through the core report model
(:mod:`citymade.reports.diagnostic`), the same model the PDF is typeset from. A finished diagnostic
never changes, so the body of its report (everything but the header) is rendered once per language
and kept in the cache (:func:`results`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache, caches
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from citymade.framework import DONT_KNOW, NOT_APPLICABLE, Framework
from citymade.framework.model import Question
from citymade.framework.units import quantity
from citymade.i18n import gettext as core_gettext
from citymade.i18n import resolve, use_language
from citymade.reports import charts
from citymade.reports.diagnostic import ReportInfo, build_report, dimension_scores
from citymade.web.core.links import links
from citymade.web.core.templatetags.a11y import first_problem
from citymade.web.diagnostics import engine, reads
from citymade.web.diagnostics.models import Diagnostic
from citymade.web.diagnostics.prefill import origins
from citymade.web.diagnostics.questionnaire import (
    Step,
    StepForm,
    StepState,
    answered_count,
    level_answers,
    product_name,
    step_questions,
    steps_for,
)
from citymade.web.diagnostics.step_rows import rows_html


def progress(diagnostic: Diagnostic, language: str, steps: list[Step] | None = None) -> dict[str, Any]:
    """Steps saved so far, the share done and the step to resume at (``steps``: the diagnostic's,
    when the caller has them)."""
    if steps is None:
        steps = steps_for(engine.current_framework(), len(diagnostic.products), diagnostic.kind)
    done = set(diagnostic.steps_done)
    products = diagnostic.answers.get("products") or []
    url = step_urls(diagnostic.pk)
    rows = [{"key": s.key, "title": s.title(products, language), "done": s.key in done, "url": url(s.key)} for s in steps]
    count = sum(1 for r in rows if r["done"])
    resume = next((r["key"] for r in rows if not r["done"]), rows[-1]["key"] if rows else "")
    return {
        "steps": rows,
        "done": count,
        "total": len(rows),
        "percent": round(100 * count / len(rows)) if rows else 100,
        "resume": resume,
    }


def step_urls(pk: int) -> Callable[[str], str]:
    """The address of each step of diagnostic ``pk`` by its key (``reverse`` once, not per step)."""
    return links("diagnostics:step", "key", pk=pk)


def step_context(
    diagnostic: Diagnostic,
    steps: list[Step],
    current: Step,
    form: StepForm,
    problems: dict[str, str],
    language: str,
    *,
    detail: bool = False,
    state: StepState | None = None,
) -> dict[str, Any]:
    """What the step page shows; ``state``: the step with its answers as they are, when the caller
    has it (what the answers show is then not computed again)."""
    framework = engine.current_framework()
    if state is None:
        state = StepState(framework, current, level_answers(diagnostic.answers, current))
    mapping = state.mapping
    shown = {q.id for q in state.shown(detail=detail)}
    rows = {r["question"].id: r for r in form.rows()}
    # answers the records or the previous diagnostic gave: marked, to confirm, until the step is saved
    given = {} if current.key in diagnostic.steps_done else origins(
        framework, diagnostic, current.level, current.product_index, mapping
    )
    # Follow-ups and settled answers carry their rule: the page's script shows or hides them as
    # answers change, without a round trip; without JavaScript they appear on save.
    groups = []
    for criterion in current.dimension.criteria:
        group_rows = []
        for question in criterion.questions:
            if question.id not in rows:
                continue
            row = dict(rows[question.id])
            row["problem"] = problems.get(question.id, "")
            row["conditional"] = question.condition is not None
            row["waiting"] = question.id not in shown
            row["origin"] = given.get(question.id, "")
            row["rule"] = current.rules[question.id]
            row["is_unknown"] = mapping.get(question.id) in (DONT_KNOW, NOT_APPLICABLE)
            group_rows.append(row)
        if group_rows:
            groups.append(
                {
                    "title": resolve(criterion.label, language),
                    "help": resolve(criterion.help, language) if criterion.help else "",
                    "rows": group_rows,
                }
            )
    # the questions as HTML, built in Python (see step_rows); the focus on the first refused answer
    focus = first_problem(groups)
    for group in groups:
        group["rows_html"] = rows_html(group["rows"], focus)
    index = steps.index(current)
    products = diagnostic.answers.get("products") or []
    problems_list = [
        {"id": qid, "label": resolve(framework.question(qid).label, language), "message": message}
        for qid, message in problems.items()
        if framework.has_question(qid)
    ]
    return {
        "diagnostic": diagnostic,
        "current": current,
        "title": current.title(products, language),
        "help": resolve(current.dimension.help, language) if current.dimension.help else "",
        "groups": groups,
        "problems": problems,
        "problems_list": problems_list,
        "previous": steps[index - 1] if index > 0 else None,
        "next": steps[index + 1] if index + 1 < len(steps) else None,
        "progress": progress(diagnostic, language, steps),
        "saved": current.key in diagnostic.steps_done and not problems,
        "detail": detail,
        "more_detail": 0 if detail else len(state.hidden_detail()),
    }


def answer_text(question: Question, value: Any, language: str) -> str:
    """An answer as a reader says it: option labels, yes/no, number with unit, "I don't know"."""
    if value == DONT_KNOW:
        return _("I don't know")
    if value == NOT_APPLICABLE:
        return _("Not applicable")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list) or question.type == "choice":
        labels = {o.value: resolve(o.label, language) for o in question.options}
        if isinstance(value, list):
            return ", ".join(labels.get(v, v) for v in value) or "—"
        return labels.get(str(value), str(value))
    if question.type == "scale" and isinstance(value, (int, float)) and int(value) in question.levels:
        return f"{int(value)} — {resolve(question.levels[int(value)], language)}"
    if question.type in ("number", "scale") and isinstance(value, (int, float)) and not isinstance(value, bool):
        with use_language(language):
            return quantity(value, question.unit, language)
    return str(value)


def review_sections(diagnostic: Diagnostic, language: str) -> list[dict[str, Any]]:
    framework = engine.current_framework()
    products = diagnostic.answers.get("products") or []
    sections = []
    # the steps of one level (or product) share its answers: what they show is computed once
    visible: dict[tuple[str, int | None], frozenset[str]] = {}
    for step in steps_for(framework, len(diagnostic.products), diagnostic.kind):
        mapping = level_answers(diagnostic.answers, step)
        where = (step.level, step.product_index)
        state = StepState(framework, step, mapping, visible=visible.get(where))
        visible[where] = state.visible
        shown = {q.id for q in state.shown()}
        rows = [
            {
                "label": resolve(q.label, language),
                "answer": answer_text(q, mapping[q.id], language),
                "unknown": mapping[q.id] == DONT_KNOW,
            }
            for q in step_questions(step)
            if q.id in shown and q.id in mapping
        ]
        questions = [q for q in step_questions(step) if q.id in shown]
        sections.append(
            {
                "key": step.key,
                "title": step.title(products, language),
                "rows": rows,
                "rows_html": _review_rows(rows),
                "answered": answered_count(questions, mapping),
                "asked": len(questions),
            }
        )
    return sections


def _review_rows(rows: list[dict[str, Any]]) -> SafeString:
    """The review table's rows, as the template wrote them (each on a line of its own)."""
    return mark_safe(  # noqa: S308 - every text in it is escaped here
        "".join(
            f'\n        <tr><th scope="row">{escape(row["label"])}</th>'
            f'<td class="{"unknown" if row["unknown"] else ""}">{escape(row["answer"])}</td></tr>\n        '
            for row in rows
        )
    )


def review_ask_next(diagnostic: Diagnostic, language: str, limit: int = 8) -> list[dict[str, Any]]:
    """The draft's first "ask next" answers: what each would decide, and the step that asks it."""
    from citymade.errors import CitymadeError
    from citymade.scoring.wording import verdict_name

    framework = engine.current_framework()
    try:
        result = engine.score(framework, diagnostic.answers)
    except CitymadeError:
        return []
    products = diagnostic.answers.get("products") or []
    where: dict[tuple[str, int | None], str] = {}
    for step in steps_for(framework, len(diagnostic.products), diagnostic.kind):
        for q in step_questions(step):
            where.setdefault((q.id, step.product_index), step.key)
    items = []
    with use_language(language):
        for item in (result.get("ask_next") or [])[:limit]:
            product = item.get("product")
            label = resolve(item.get("label"), language)
            if product is not None and len(products) > 1:
                label = f"{label} — {product_name(products, product)}"
            names = list(dict.fromkeys(verdict_name(framework, result, v, language) for v in item.get("decides") or []))
            items.append({"label": label, "decides": ", ".join(names), "step": where.get((item["question"], product))})
    return items


def report_info(diagnostic: Diagnostic, language: str) -> ReportInfo:
    assessor = diagnostic.assessor
    return ReportInfo(
        company=diagnostic.company.name,
        enterprise_number=getattr(diagnostic.company, "enterprise_number", "") or "",
        date=date_format(diagnostic.assessed_on, "DATE_FORMAT"),
        framework_version=diagnostic.framework_version,
        assessor=(assessor.get_full_name() or assessor.username) if assessor else "",
        version=diagnostic.version,
        state=str(diagnostic.get_state_display()),
        language=language,
    )


def report_title(info: ReportInfo) -> str:
    """The report's title, as :func:`build_report` words it (without building the report)."""
    with use_language(info.language):
        return core_gettext("Diagnostic of {company}").format(company=info.company)


#: Bump when the report body's template or what it shows changes, so older cached bodies are not read.
REPORT_CACHE_VERSION = 1


def report_cache_key(diagnostic: Diagnostic, earlier: Diagnostic | None, framework_version: str, language: str) -> str | None:
    """The cache key of a finished diagnostic's report body, naming everything the body is made of.

    The body is made of the diagnostic's result, the earlier diagnostic's result (what moved), the
    framework's labels and the language; results never change after submission, so the ids with the
    submission times name them. A diagnostic without a submission time (not finished through the
    workflow) is not cached: its id alone could name other data later.
    """
    if diagnostic.submitted_at is None or (earlier is not None and earlier.submitted_at is None):
        return None
    parts = [f"{diagnostic.pk}@{diagnostic.submitted_at.isoformat()}"]
    if earlier is not None and earlier.submitted_at is not None:
        parts.append(f"{earlier.pk}@{earlier.submitted_at.isoformat()}@{earlier.assessed_on.isoformat()}")
    return f"diagnostics.report.v{REPORT_CACHE_VERSION}.{framework_version}.{language}." + ".".join(parts)


def results(diagnostic: Diagnostic, language: str) -> dict[str, Any]:
    """The results page: its header facts, the report body (HTML, cached) and the earlier diagnostic.

    Only the header — company name, assessor, state — can change after submission; it is computed on
    every request. The body is rendered from the report model on the first request in a language.
    """
    framework = engine.current_framework()
    earlier = reads.earlier(diagnostic, defer=("answers", "result"))
    info = report_info(diagnostic, language)
    key = report_cache_key(diagnostic, earlier, framework.version, language)
    reports = caches["reports"]
    body = reports.get(key) if key is not None else None
    if body is None:
        report = build_report(
            framework,
            diagnostic.result or {},
            info=info,
            previous=earlier.result if earlier is not None else None,
            previous_date=date_format(earlier.assessed_on, "DATE_FORMAT") if earlier is not None else None,
        )
        body = render_to_string("diagnostics/_report.html", {"report": report, "earlier": earlier})
        if key is not None:
            reports.set(key, str(body), timeout=None)
    return {"title": report_title(info), "info": info, "report_body": mark_safe(body), "earlier": earlier}


def finished_dimension_scores(diagnostic: Diagnostic, language: str) -> list[dict[str, Any]]:
    """A finished diagnostic's profile, one ``{id, label, value, grade}`` per dimension: computed
    from its result once per language, then read from the cache (the result never changes)."""
    framework = engine.current_framework()
    key = None
    if diagnostic.submitted_at is not None:
        key = f"diagnostics.profile.v1.{framework.version}.{language}.{diagnostic.pk}@{diagnostic.submitted_at.isoformat()}"
        cached = cache.get(key)
        if cached is not None:
            return list(cached)
    if "result" in diagnostic.get_deferred_fields():
        result = Diagnostic.objects.filter(pk=diagnostic.pk).values_list("result", flat=True).first()
    else:
        result = diagnostic.result
    scores = [
        {"id": s.id, "label": s.label, "value": s.value, "grade": s.grade}
        for s in dimension_scores(framework, result or {}, language)
    ]
    if key is not None:
        cache.set(key, scores, timeout=None)
    return scores


def history_chart(finished: list[Diagnostic], language: str) -> charts.Chart | None:
    """Latest against first finished diagnostic, per dimension (None with fewer than two)."""
    if len(finished) < 2:
        return None
    newest, oldest = finished[0], finished[-1]
    before = {s["id"]: s["value"] for s in finished_dimension_scores(oldest, language)}
    changes = [
        charts.Change(label=s["label"], before=before.get(s["id"]), after=s["value"])
        for s in finished_dimension_scores(newest, language)
    ]
    title = _("Profile on %(first)s and on %(last)s") % {
        "first": date_format(oldest.assessed_on, "DATE_FORMAT"),
        "last": date_format(newest.assessed_on, "DATE_FORMAT"),
    }
    return charts.comparison_chart(chart_id="history", title=title, changes=changes)


def what_if_comparison(outcome: Any, language: str) -> dict[str, Any]:
    framework = engine.current_framework()
    before = {s.id: s for s in dimension_scores(framework, outcome.before, language)}
    after = dimension_scores(framework, outcome.after, language)
    rows = []
    for score in after:
        old = before.get(score.id)
        rows.append(
            {
                "label": score.label,
                "before": old.value if old else None,
                "before_grade": old.grade if old else None,
                "after": score.value,
                "after_grade": score.grade,
                "delta": None if old is None or old.value is None or score.value is None else round(score.value - old.value),
            }
        )
    chart = charts.comparison_chart(
        chart_id="what-if",
        title=_("Scores now and in the scenario"),
        changes=[charts.Change(label=r["label"], before=r["before"], after=r["after"]) for r in rows],
    )
    changed = [
        {
            "question": resolve(framework.question(qid).label, language),
            "target": target,
            "value": answer_text(framework.question(qid), value, language),
        }
        for target, values in outcome.changes.items()
        for qid, value in values.items()
    ]
    return {"rows": rows, "chart": chart, "changed": changed}


def company_panel(request: HttpRequest, company: Any) -> dict[str, Any] | None:
    """The "Diagnostics" panel on the company page: the latest five, and the grades of the latest
    finished one."""
    from django.utils.translation import get_language

    from citymade.i18n import normalise

    diagnostics = reads.latest_of_company(request.user, company)
    latest = next((d for d in diagnostics if d.is_finished), None)
    grades: list[dict[str, Any]] = []
    if latest is not None:
        scores = finished_dimension_scores(latest, normalise(get_language()))
        grades = [{"grade": s["grade"], "label": s["label"]} for s in scores if s["grade"]]
    return {"diagnostics": diagnostics, "latest": latest, "grades": grades}


__all__ = [
    "Framework",
    "answer_text",
    "company_panel",
    "finished_dimension_scores",
    "history_chart",
    "progress",
    "results",
    "report_cache_key",
    "report_title",
    "review_sections",
    "step_context",
    "what_if_comparison",
    "review_ask_next",
]
