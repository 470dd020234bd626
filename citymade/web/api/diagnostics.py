"""Diagnostics API: list, start a draft, read the questionnaire, answer, submit, validate, revise, result.

Same scoping and lifecycle as the pages (:mod:`citymade.web.diagnostics.services` does every change,
checks the transition and writes the audit entry): a company user reaches only its own company's
diagnostics (another company's answer 404), observers are refused (403), a submitted diagnostic
is immutable (409: revise it to make a new draft), and answers saved from a stale copy — the step
was saved since ``loaded_at``, by anyone, the same user in another script included — are refused
(409) rather than overwriting the newer answers.
"""


import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from citymade.framework import normalise_answer
from citymade.i18n import normalise, resolve
from citymade.web.accounts.roles import PEOPLE, STAFF
from citymade.web.api.caching import last_modified
from citymade.web.api.errors import ApiError, errors
from citymade.web.api.main import api
from citymade.web.api.pagination import Page
from citymade.web.api.questionnaire_schemas import QuestionnaireOut
from citymade.web.api.scoping import MAX_ID, Date, Id, InputSchema, Moment, visible_company
from citymade.web.core.access import api_allow
from citymade.web.core.memo import Memo
from citymade.web.diagnostics import engine, reads, services
from citymade.web.diagnostics.models import Diagnostic, State
from citymade.web.diagnostics.questionnaire import (
    find_step,
    level_answers,
    shown_questions,
    step_questions,
)
from citymade.web.diagnostics.workflow import check

router = Router(tags=["diagnostics"])

READ = errors(401, 403, 404, 422)
WRITE = errors(400, 401, 403, 404, 409, 422)

Status_ = Literal["draft", "submitted", "validated"]


class DiagnosticItem(Schema):
    id: int
    status: str
    date: dt.date
    version: int
    framework_version: str
    company_id: int
    previous_id: int | None = None
    submitted_at: dt.datetime | None = None
    validated_at: dt.datetime | None = None
    updated_at: dt.datetime
    url: str

    @staticmethod
    def resolve_status(obj: Diagnostic) -> str:
        return obj.state

    @staticmethod
    def resolve_date(obj: Diagnostic) -> dt.date:
        return obj.assessed_on

    @staticmethod
    def resolve_url(obj: Diagnostic) -> str:
        return f"/diagnostics/{obj.pk}/"


class DiagnosticOut(DiagnosticItem):
    company: str
    assessor: str | None = None
    answers: dict[str, Any]
    products: list[dict[str, Any]]
    steps_done: list[str]
    loaded_at: str = Field(description="Send it back as `loaded_at` when saving answers (stale-save check).")
    result: dict[str, Any] | None = None

    @staticmethod
    def resolve_company(obj: Diagnostic) -> str:
        return obj.company.name

    @staticmethod
    def resolve_assessor(obj: Diagnostic) -> str | None:
        if obj.assessor is None:
            return None
        return obj.assessor.get_full_name() or obj.assessor.username

    @staticmethod
    def resolve_loaded_at(obj: Diagnostic) -> str:
        return obj.updated_at.isoformat()


Ordering = Literal["-date", "date", "-updated_at", "updated_at"]
#: Each ordering, made total by the id (the cursor of ``next`` links continues it).
ORDERINGS: dict[str, tuple[str, ...]] = {
    "-date": ("-assessed_on", "-version", "-pk"),
    "date": ("assessed_on", "version", "pk"),
    "-updated_at": ("-updated_at", "-pk"),
    "updated_at": ("updated_at", "pk"),
}


class DiagnosticQuery(Schema):
    status: Status_ | None = None
    company: int | None = Field(None, ge=1, le=MAX_ID, description="Only this company's diagnostics (its id).")
    updated_since: Moment | None = Field(
        None, description="Only those changed at or after this time (ISO 8601, e.g. 2026-01-31T00:00:00Z; without a zone: UTC)."
    )
    date_from: Date | None = Field(None, description="Only those assessed on or after this date (YYYY-MM-DD).")
    date_to: Date | None = Field(None, description="Only those assessed on or before this date (YYYY-MM-DD).")
    ordering: Ordering = Field(
        "-date", description="`-date` newest first (default), `date`, `updated_at` (for syncing: oldest change first), `-updated_at`."
    )


class StartIn(InputSchema):
    product_ids: list[int] | None = Field(
        None, max_length=200, description="The company's products to diagnose (default: all of them)."
    )


class NoteIn(InputSchema):
    note: str = Field("", max_length=2000)


class StepIn(InputSchema):
    answers: dict[str, Any] = Field(
        description='Question id → answer; "?" for don\'t know, null to clear. Other questions keep their answers.'
    )
    loaded_at: str | None = Field(None, max_length=64, description="`loaded_at` of the diagnostic when you read it.")


class AnswersIn(InputSchema):
    answers: dict[str, Any] = Field(description="A whole answers document (`company`, `products`, `site`).")
    loaded_at: str | None = Field(None, max_length=64, description="`loaded_at` of the diagnostic when you read it.")


class ProblemOut(Schema):
    question: str
    message: str


class StepSavedOut(Schema):
    diagnostic: DiagnosticOut
    step: str
    problems: list[ProblemOut] = Field(description="Answers saved but inconsistent with others of the step.")


def _visible(request: HttpRequest, diagnostic_id: int, *, defer: tuple[str, ...] = ()) -> Diagnostic:
    found = reads.visible(request.user, diagnostic_id, defer=defer)
    if found is None:
        raise ApiError(404, _("There is no diagnostic with this id, or you may not see it."))
    return found


def _fresh(diagnostic: Diagnostic) -> Diagnostic:
    return Diagnostic.objects.select_related("company", "assessor").get(pk=diagnostic.pk)


@router.get(
    "/diagnostics",
    response={200: list[DiagnosticItem], **READ},
    summary="Diagnostics you may see (newest first by default), filtered by status, company, change time, date",
)
@paginate(Page)
@api_allow(*PEOPLE)
def list_diagnostics(request: HttpRequest, filters: Query[DiagnosticQuery]) -> Any:
    diagnostics = Diagnostic.objects.visible_to(request.user)
    if filters.status:
        diagnostics = diagnostics.filter(state=filters.status)
    if filters.company:
        diagnostics = diagnostics.filter(company_id=filters.company)
    if filters.updated_since:
        diagnostics = diagnostics.filter(updated_at__gte=filters.updated_since)
    if filters.date_from:
        diagnostics = diagnostics.filter(assessed_on__gte=filters.date_from)
    if filters.date_to:
        diagnostics = diagnostics.filter(assessed_on__lte=filters.date_to)
    return diagnostics.order_by(*ORDERINGS[filters.ordering])


@router.get(
    "/companies/{company_id}/diagnostics",
    response={200: list[DiagnosticItem], **READ},
    summary="A company's diagnostics, newest first",
)
@paginate(Page)
@api_allow(*PEOPLE)
def company_diagnostics(request: HttpRequest, company_id: Id) -> Any:
    company = visible_company(request, company_id)
    return Diagnostic.objects.filter(company=company).history()


@router.post(
    "/companies/{company_id}/diagnostics",
    response={201: DiagnosticOut, **WRITE},
    summary="Start a draft diagnostic (answers start from the latest finished one)",
)
@api_allow(*PEOPLE)
def start_diagnostic(request: HttpRequest, company_id: Id, payload: StartIn | None = None) -> Any:
    company = visible_company(request, company_id)
    products = None
    if payload is not None and payload.product_ids is not None:
        wanted = list(dict.fromkeys(payload.product_ids))
        found = {p.pk: p for p in company.products.filter(pk__in=[i for i in wanted if 0 < i <= MAX_ID])}
        missing = [i for i in wanted if i not in found]
        if missing:
            raise ApiError(
                422,
                _("Some values are not valid: see the details."),
                details=[
                    {"loc": ["body", "product_ids", wanted.index(i)], "message": _("This company has no product with this id.")}
                    for i in missing
                ],
            )
        products = [found[i] for i in wanted]
    diagnostic = services.start_diagnostic(company=company, user=request.user, products=products)
    return Status(201, _fresh(diagnostic))


@router.get(
    "/diagnostics/{diagnostic_id}",
    response={200: DiagnosticOut, **READ},
    summary="One diagnostic: state, answers and scored result (null for a draft)",
)
@api_allow(*PEOPLE)
def diagnostic(request: HttpRequest, diagnostic_id: Id) -> Any:
    # its state and change time first, without the large answers and result (see ``_BODIES``)
    found = _visible(request, diagnostic_id, defer=_LARGE)
    last_modified(request, found.updated_at)
    if found.state == State.DRAFT:  # a draft changes as it is filled in: always read whole
        return _fresh(found)
    key = _body_key(found)
    body = _BODIES.get_many([key]).get(key)
    if body is not None:
        return api.answer(request, body)
    full = _fresh(found)
    kept = _body_key(full)  # what was read now (it may have been validated meanwhile)
    request.api_keep_body = lambda content: _BODIES.set_many({kept: bytes(content)})  # type: ignore[attr-defined]
    return full


#: The large columns of a diagnostic, read only to render its answer.
_LARGE = ("answers", "result", "products", "steps_done", "step_saves")
#: A finished diagnostic's rendered answer (~70 KB of JSON), kept by each server process under
#: everything the answer is made of that can still change: its state and change time (a submitted
#: diagnostic's answers, products and result never change; validating it changes its time), its
#: company's name and its assessor's name. Reading, checking and writing the large JSON columns was
#: most of the cost of this read, the API's most frequent.
_BODIES = Memo(200)


def _body_key(diagnostic: Diagnostic) -> str:
    assessor = diagnostic.assessor
    parts = [
        diagnostic.pk, diagnostic.state, diagnostic.updated_at.isoformat(), diagnostic.company.name,
        "" if assessor is None else f"{assessor.first_name}\x1f{assessor.last_name}\x1f{assessor.username}",
    ]
    return "\x1e".join(str(p) for p in parts)


@router.get(
    "/diagnostics/{diagnostic_id}/questionnaire",
    response={200: QuestionnaireOut, **READ},
    summary="The questionnaire: its steps, each question, which apply now and the answers so far",
)
@api_allow(*PEOPLE)
def questionnaire(request: HttpRequest, diagnostic_id: Id) -> dict[str, Any]:
    d = _visible(request, diagnostic_id)
    language = normalise(get_language())
    framework = engine.current_framework()
    done = set(d.steps_done)
    answers = d.answers
    steps = []
    for step in services.steps(d, framework):
        mapping = dict(level_answers({**answers, "products": list(answers.get("products") or [])}, step))
        shown = {q.id for q in shown_questions(framework, step, mapping)}
        steps.append(
            {
                "key": step.key,
                "level": step.level,
                "title": step.title(d.products, language),
                "product_index": step.product_index,
                "done": step.key in done,
                "questions": [
                    {
                        "id": q.id,
                        "type": q.type,
                        "label": resolve(q.label, language),
                        "help": resolve(q.help, language) if q.help else "",
                        "unit": q.unit,
                        "min": q.min,
                        "max": q.max,
                        "required": q.required,
                        "options": [{"value": o.value, "label": resolve(o.label, language)} for o in q.options],
                        "shown": q.id in shown,
                        "answer": mapping.get(q.id),
                    }
                    for q in step_questions(step)
                ],
            }
        )
    return {"diagnostic_id": d.pk, "status": d.state, "loaded_at": d.updated_at.isoformat(), "steps": steps}


@router.put(
    "/diagnostics/{diagnostic_id}/steps/{step_key}",
    response={200: StepSavedOut, **WRITE},
    summary="Save the answers of one questionnaire step (a draft only)",
)
@api_allow(*PEOPLE)
def save_step(
    request: HttpRequest, diagnostic_id: Id, payload: StepIn, step_key: str = Path(..., max_length=120)
) -> dict[str, Any]:
    d = _visible(request, diagnostic_id)
    check("save", user=request.user, state=d.state, company_id=d.company_id)  # a submitted one: 409 first
    framework = engine.current_framework()
    step = find_step(services.steps(d, framework), step_key)
    if step is None:
        raise ApiError(404, _("This questionnaire has no such step."))
    questions = {q.id: q for q in step_questions(step)}
    details = []
    for qid, value in payload.answers.items():
        question = questions.get(qid)
        if question is None:
            details.append({"loc": ["body", "answers", qid], "message": _("This step has no such question.")})
        elif value is not None and value != "":
            try:
                normalise_answer(question, value)
            except ValueError as exc:
                details.append({"loc": ["body", "answers", qid], "message": str(exc)})
    if details:
        # Nothing is saved when an answer is wrong: the caller fixes it and sends the step again.
        raise ApiError(422, _("Some answers are not valid: nothing was saved."), details=details)
    outcome = services.save_step(d, user=request.user, step_key=step.key, raw=payload.answers, loaded_at=payload.loaded_at)
    return {
        "diagnostic": _fresh(outcome.diagnostic),
        "step": step.key,
        "problems": [{"question": qid, "message": message} for qid, message in outcome.problems.items()],
    }


@router.put(
    "/diagnostics/{diagnostic_id}/answers",
    response={200: DiagnosticOut, **WRITE},
    summary="Replace all the answers of a draft with an answers document",
)
@api_allow(*PEOPLE)
def replace_answers(request: HttpRequest, diagnostic_id: Id, payload: AnswersIn) -> Diagnostic:
    d = _visible(request, diagnostic_id)
    services.replace_answers(d, user=request.user, answers=payload.answers, loaded_at=payload.loaded_at)
    return _fresh(d)


@router.post(
    "/diagnostics/{diagnostic_id}/submit",
    response={200: DiagnosticOut, **WRITE},
    summary="Submit a draft: score it and freeze it",
)
@api_allow(*PEOPLE)
def submit(request: HttpRequest, diagnostic_id: Id, payload: NoteIn | None = None) -> Diagnostic:
    d = _visible(request, diagnostic_id)
    services.submit(d, user=request.user, note=payload.note if payload else "")
    return _fresh(d)


@router.post(
    "/diagnostics/{diagnostic_id}/validate",
    response={200: DiagnosticOut, **WRITE},
    summary="Validate a submitted diagnostic (cluster staff)",
)
@api_allow(*STAFF)
def validate(request: HttpRequest, diagnostic_id: Id, payload: NoteIn | None = None) -> Diagnostic:
    d = _visible(request, diagnostic_id)
    services.validate(d, user=request.user, note=payload.note if payload else "")
    return _fresh(d)


@router.post(
    "/diagnostics/{diagnostic_id}/revise",
    response={201: DiagnosticOut, **WRITE},
    summary="Open a new draft version of a submitted diagnostic (the submitted one stays as it was)",
)
@api_allow(*PEOPLE)
def revise(request: HttpRequest, diagnostic_id: Id, payload: NoteIn | None = None) -> Any:
    d = _visible(request, diagnostic_id)
    draft = services.revise(d, user=request.user, note=payload.note if payload else "")
    return Status(201, _fresh(draft))


@router.get(
    "/diagnostics/{diagnostic_id}/result",
    response={200: dict[str, Any], **errors(401, 403, 404, 409, 422)},
    summary="The scored result stored when the diagnostic was submitted",
)
@api_allow(*PEOPLE)
def result(request: HttpRequest, diagnostic_id: Id) -> Any:
    d = _visible(request, diagnostic_id)
    # The stored snapshot is an Assessment (model_dump), answered as stored (typed in the OpenAPI document).
    if not d.is_finished or d.result is None:
        raise ApiError(409, _("A draft has no result yet: submit it first."))
    last_modified(request, d.submitted_at or d.updated_at)
    return d.result


api.add_router("/", router)
