"""What a user can do with a diagnostic, one function each: views, API, demo and tests call these.

Every function checks the transition with :mod:`.workflow` (who may, from which state), changes the
data in one transaction and leaves an audit entry (``log_action``) and, for a state change, a
:class:`~.models.TransitionLog` row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from citymade.errors import CitymadeError
from citymade.framework import (
    MAX_PRODUCTS,
    Framework,
    check_answers,
    normalise_answer,
    parse_answers,
)
from citymade.framework.asking import apply_implied
from citymade.framework.plain import plain_problem
from citymade.web.core.audit import log_action
from citymade.web.core.models import AuditEntry
from citymade.web.diagnostics import engine, reads
from citymade.web.diagnostics.models import Diagnostic, Kind, State, TransitionLog, empty_answers
from citymade.web.diagnostics.prefill import company_prefill, product_prefill, site_prefill
from citymade.web.diagnostics.questionnaire import (
    Step,
    StepState,
    find_step,
    level_answers,
    shown_questions,
    steps_for,
)
from citymade.web.diagnostics.workflow import TransitionRefused, check

__all__ = [
    "StepOutcome",
    "TransitionRefused",
    "WhatIf",
    "replace_answers",
    "revise",
    "discard",
    "save_step",
    "site_prefill",
    "start_diagnostic",
    "steps",
    "submit",
    "validate",
    "what_if",
]


def _state_of(diagnostic: Diagnostic) -> dict[str, Any]:
    return {"state": diagnostic.state, "version": diagnostic.version}


def _log(diagnostic: Diagnostic, name: str, source: str, *, user: Any, note: str, at: dt.datetime) -> None:
    TransitionLog.objects.create(
        diagnostic=diagnostic,
        transition=name,
        from_state=source,
        to_state=diagnostic.state,
        by=user if getattr(user, "is_authenticated", False) else None,
        at=at,
        note=note,
    )


def _next_version(company_id: int) -> int:
    top = Diagnostic.objects.filter(company_id=company_id).aggregate(top=Max("version"))["top"]
    return (top or 0) + 1


def steps(diagnostic: Diagnostic, framework: Framework | None = None) -> list[Step]:
    return steps_for(framework or engine.current_framework(), len(diagnostic.products), diagnostic.kind)


def start_diagnostic(
    *,
    company: Any,
    user: Any,
    products: list[Any] | None = None,
    site: Any = None,
    assessed_on: dt.date | None = None,
    at: dt.datetime | None = None,
    kind: str = Kind.FULL,
) -> Diagnostic:
    """Open a new draft of ``kind`` (quick scan or full) for ``company``, about ``products``
    (default: all of the company's).

    Answers start from the company's latest finished diagnostic when there is one (a yearly
    diagnostic revisits last year's answers), and site answers are prefilled from the site.
    """
    check("start", user=user, state="", company_id=company.pk)
    if kind not in Kind.values:
        raise TransitionRefused(_("Unknown kind of diagnostic."), status=422)
    _refuse_if_a_draft_is_open(company.pk)
    framework = engine.current_framework()
    at = at or timezone.now()
    if products is None:
        products = list(company.products.all()[: MAX_PRODUCTS + 1]) if hasattr(company, "products") else []
    if len(products) > MAX_PRODUCTS:
        raise TransitionRefused(too_many_products(len(products)), status=422)
    if site is None:
        site = getattr(company, "current_site", None)
    base = Diagnostic.objects.finished().filter(company=company).history().first()
    answers = empty_answers()
    previous_products: dict[Any, dict[str, Any]] = {}
    if base is not None:
        answers["company"] = dict(base.answers.get("company") or {})
        answers["site"] = dict(base.answers.get("site") or {})
        for ref, mapping in zip(base.products, base.answers.get("products") or [], strict=False):
            previous_products[ref.get("id")] = mapping
    refs = []
    for product in products:
        refs.append({"id": product.pk, "name": product.name})
        mapping = dict(previous_products.get(product.pk) or {})
        mapping[engine.PRODUCT_NAME_KEY] = product.name
        mapping.update(product_prefill(framework, product))  # the product form is the source of truth
        answers["products"].append(mapping)
    answers["company"].update(company_prefill(framework, company, timezone.localdate(at)))
    if site is not None:
        for qid, value in site_prefill(framework, site).items():
            answers["site"].setdefault(qid, value)
    with transaction.atomic():
        diagnostic = Diagnostic.objects.create(
            company=company,
            version=_next_version(company.pk),
            previous=base,
            kind=kind,
            framework_version=framework.version,
            answers=answers,
            products=refs,
            assessor=user if getattr(user, "is_authenticated", False) else None,
            assessed_on=assessed_on or timezone.localdate(at),
            created_at=at,
            updated_at=at,
        )
        _log(diagnostic, "start", "", user=user, note="", at=at)
        log_action("diagnostic.started", actor=user, obj=diagnostic, after=_state_of(diagnostic))
    return diagnostic


def _refuse_if_a_draft_is_open(company_id: int) -> None:
    draft = Diagnostic.objects.filter(company_id=company_id, state=State.DRAFT).defer("answers", "result").first()
    if draft is not None:
        raise TransitionRefused(
            _("A draft (version %(version)d) is already open for this company: continue it, or discard it first.")
            % {"version": draft.version},
            status=409,
            draft=draft,
        )


def discard(diagnostic: Diagnostic, *, user: Any, note: str = "", at: dt.datetime | None = None) -> Any:
    """Delete a draft (answers included); the audit trail keeps who discarded which version, and why."""
    with transaction.atomic():
        diagnostic = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
        check("discard", user=user, state=diagnostic.state, company_id=diagnostic.company_id)
        company = diagnostic.company
        log_action(
            "diagnostic.discarded",
            actor=user,
            obj=diagnostic,
            before=_state_of(diagnostic),
            after={"note": note[:2000]},
        )
        diagnostic.delete()
    return company


def too_many_products(count: int) -> str:
    return _("A diagnostic covers at most %(limit)d products; choose the ones to assess now.") % {"limit": MAX_PRODUCTS}


@dataclass
class StepOutcome:
    """What saving a step did: the problems per question (empty when all was saved)."""

    diagnostic: Diagnostic
    problems: dict[str, str] = field(default_factory=dict)
    #: the ids of the step's level's visible questions with the answers as saved (``None``: not known)
    visible: frozenset[str] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


DOCUMENT = "*"
_KEPT_SAVES = 20


def _saved_by_someone_else(diagnostic: Diagnostic, user: Any) -> bool:
    """Whether the latest save of this draft was made by another person (drafts saved before saves
    were recorded per step)."""
    last = (
        AuditEntry.objects.filter(
            object_type=diagnostic._meta.label_lower, object_id=str(diagnostic.pk),
            action__in=("diagnostic.answers_saved", "diagnostic.answers_imported"),
        )
        .order_by("-at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )
    return last is not None and last != user.pk


def _since(loaded_at: str) -> dt.datetime | None:
    try:
        since = dt.datetime.fromisoformat(loaded_at)
    except ValueError:
        return None
    return since if since.tzinfo is not None else since.replace(tzinfo=dt.UTC)


def _is_stale(diagnostic: Diagnostic, user: Any, loaded_at: str | None, keys: set[str] | None, editor: str) -> bool:
    """Whether a save of ``keys`` (every step when ``None``) from a copy loaded at ``loaded_at`` would
    overwrite a save made since: by anyone, the same person included (another tab, a script), except
    the same form itself (``editor``, the page's id, keeps its own live refreshes from conflicting)."""
    if not loaded_at or loaded_at == diagnostic.updated_at.isoformat():
        return False
    saves = diagnostic.step_saves or {}
    if not saves:
        return _saved_by_someone_else(diagnostic, user)
    since = _since(loaded_at)
    if since is None:
        return True
    for key, entries in saves.items():
        if keys is not None and key not in keys and key != DOCUMENT:
            continue
        for saved_at, by, by_editor in entries:
            own_form = bool(editor) and by == user.pk and by_editor == editor
            if not own_form and dt.datetime.fromisoformat(saved_at) > since:
                return True
    return False


def _refuse_if_stale(
    diagnostic: Diagnostic, user: Any, loaded_at: str | None, keys: set[str] | None = None, editor: str = ""
) -> None:
    """409 when this part of the draft was saved since ``loaded_at`` (the draft's ``updated_at`` then)."""
    if _is_stale(diagnostic, user, loaded_at, keys, editor):
        raise TransitionRefused(
            _(
                "Someone else saved answers in this diagnostic since you opened this page. Your "
                "answers were not saved: reload the page to see theirs, then enter yours again."
            ),
            status=409,
        )


def _record_save(diagnostic: Diagnostic, key: str, user: Any, editor: str) -> None:
    saves = dict(diagnostic.step_saves or {})
    entry = [diagnostic.updated_at.isoformat(), getattr(user, "pk", None), editor]
    saves[key] = [*saves.get(key, []), entry][-_KEPT_SAVES:]
    diagnostic.step_saves = saves


def save_step(
    diagnostic: Diagnostic,
    *,
    user: Any,
    step_key: str,
    raw: dict[str, Any],
    loaded_at: str | None = None,
    editor: str = "",
) -> StepOutcome:
    """Save one step's answers to the draft; wrong answers are not stored and come back as problems.

    ``raw`` maps question id → the answer as typed (``"?"`` for don't know, ``None`` for blank).
    ``loaded_at`` is the draft's ``updated_at`` when the form was opened: if someone saved since, the
    save is refused (409) rather than silently overwriting their answers — a save of this step by
    anyone, the same person in another tab included. ``editor`` names the page the save comes from
    (its own earlier saves are not a conflict).
    """
    framework = engine.current_framework()
    with transaction.atomic():
        diagnostic = reads.locked(diagnostic.pk)
        check("save", user=user, state=diagnostic.state, company_id=diagnostic.company_id)
        step = find_step(steps(diagnostic, framework), step_key)
        if step is None:
            raise TransitionRefused(_("This questionnaire has no such step."), status=404)
        _refuse_if_stale(diagnostic, user, loaded_at, {step.key}, editor)
        answers = diagnostic.answers
        mapping = level_answers(answers, step)
        before = dict(mapping)
        problems: dict[str, str] = {}
        asked = {q.id for q in StepState(framework, step, mapping).shown(detail=True)} | set(raw)
        for question in [q for q in step.questions if q.id in asked]:
            if question.id not in raw:
                continue
            value = raw[question.id]
            if value is None or value == "":
                mapping.pop(question.id, None)
                continue
            try:
                mapping[question.id] = normalise_answer(question, value)
            except ValueError:
                problems[question.id] = plain_problem(question)
                mapping.pop(question.id, None)
        apply_implied(framework, step.level, mapping)
        step_ids = {q.id for q in step.questions}
        saved = StepState(framework, step, mapping)
        shown = {q.id for q in saved.shown()}
        for qid, message in check_answers(framework, step.level, mapping, visible=saved.visible).items():
            if qid in step_ids and qid not in problems and qid in shown:
                problems[qid] = message
        # a step counts as done only when every answer on it was accepted
        if problems:
            diagnostic.steps_done = [k for k in diagnostic.steps_done if k != step.key]
        elif step.key not in diagnostic.steps_done:
            diagnostic.steps_done = [*diagnostic.steps_done, step.key]
        diagnostic.answers = answers
        diagnostic.updated_at = timezone.now()
        _record_save(diagnostic, step.key, user, editor)
        diagnostic.save(update_fields=["answers", "steps_done", "updated_at", "step_saves"])
        log_action(
            "diagnostic.answers_saved",
            actor=user,
            obj=diagnostic,
            before={"step": step.key, "answers": before},
            after={"step": step.key, "answers": dict(mapping)},
        )
    return StepOutcome(diagnostic=diagnostic, problems=problems, visible=saved.visible)


def replace_answers(
    diagnostic: Diagnostic,
    *,
    user: Any,
    answers: dict[str, Any],
    at: dt.datetime | None = None,
    loaded_at: str | None = None,
) -> Diagnostic:
    """Replace a draft's answers with a whole answers document (an import, the demo, the API).

    The document is validated like an answers file (:func:`citymade.framework.parse_answers`);
    a :class:`~citymade.errors.CitymadeError` lists every bad answer and nothing is stored.
    ``loaded_at`` works as in :func:`save_step`: someone else's save since then refuses it (409).
    """
    framework = engine.current_framework()
    at = at or timezone.now()
    parsed = parse_answers(framework, answers)
    clean = parsed.model_dump(mode="json", exclude={"framework", "pivots"})
    with transaction.atomic():
        diagnostic = reads.locked(diagnostic.pk)
        check("save", user=user, state=diagnostic.state, company_id=diagnostic.company_id)
        _refuse_if_stale(diagnostic, user, loaded_at)
        before = diagnostic.answers
        diagnostic.answers = clean
        diagnostic.steps_done = [s.key for s in steps(diagnostic, framework)]
        diagnostic.updated_at = at
        _record_save(diagnostic, DOCUMENT, user, "")
        diagnostic.save(update_fields=["answers", "steps_done", "updated_at", "step_saves"])
        log_action("diagnostic.answers_imported", actor=user, obj=diagnostic, before=before, after=clean)
    return diagnostic


def submit(diagnostic: Diagnostic, *, user: Any, note: str = "", at: dt.datetime | None = None) -> Diagnostic:
    """Score the draft with the engine, store the result and freeze the diagnostic."""
    framework = engine.current_framework()
    at = at or timezone.now()
    with transaction.atomic():
        diagnostic = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
        source = diagnostic.state
        check("submit", user=user, state=source, company_id=diagnostic.company_id)
        try:
            result = engine.score(framework, diagnostic.answers)
        except CitymadeError as exc:
            raise TransitionRefused(
                _("The answers cannot be scored yet: %(problems)s") % {"problems": "; ".join(exc.problems) or exc.message},
                status=400,
            ) from exc
        diagnostic.result = result
        diagnostic.framework_version = framework.version
        diagnostic.state = State.SUBMITTED
        diagnostic.submitted_at = at
        diagnostic.updated_at = at
        diagnostic.save()
        _log(diagnostic, "submit", source, user=user, note=note, at=at)
        log_action("diagnostic.submitted", actor=user, obj=diagnostic, before={"state": source}, after=_state_of(diagnostic))
    return diagnostic


def validate(
    diagnostic: Diagnostic,
    *,
    user: Any,
    note: str = "",
    next_meeting_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Diagnostic:
    """A cluster advisor confirms a submitted diagnostic, with an optional note and the date of the
    next meeting (both printed on the PDF; the audit entry records the date it replaced)."""
    at = at or timezone.now()
    with transaction.atomic():
        diagnostic = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
        source = diagnostic.state
        check("validate", user=user, state=source, company_id=diagnostic.company_id)
        before_meeting = diagnostic.next_meeting_on
        diagnostic.state = State.VALIDATED
        diagnostic.validated_at = at
        diagnostic.updated_at = at
        if next_meeting_on is not None:
            diagnostic.next_meeting_on = next_meeting_on
        diagnostic.save(update_fields=["state", "validated_at", "updated_at", "next_meeting_on"])
        _log(diagnostic, "validate", source, user=user, note=note, at=at)
        meeting = {"next_meeting_on": diagnostic.next_meeting_on.isoformat() if diagnostic.next_meeting_on else None}
        log_action(
            "diagnostic.validated",
            actor=user,
            obj=diagnostic,
            before={"state": source, "next_meeting_on": before_meeting.isoformat() if before_meeting else None},
            after={**_state_of(diagnostic), **meeting},
        )
    return diagnostic


def revise(
    diagnostic: Diagnostic, *, user: Any, note: str = "", at: dt.datetime | None = None, kind: str | None = None
) -> Diagnostic:
    """A new draft version with the same answers; the submitted diagnostic stays as it was.

    ``kind`` changes what the new version asks (a quick scan revised as a full diagnostic).
    If a draft revision of this diagnostic already exists, that draft is returned (no duplicates).
    """
    at = at or timezone.now()
    with transaction.atomic():
        diagnostic = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
        check("revise", user=user, state=diagnostic.state, company_id=diagnostic.company_id)
        existing = diagnostic.revisions.filter(state=State.DRAFT).first()
        if existing is not None:
            return existing
        _refuse_if_a_draft_is_open(diagnostic.company_id)
        draft = Diagnostic.objects.create(
            company_id=diagnostic.company_id,
            version=_next_version(diagnostic.company_id),
            previous=diagnostic,
            kind=kind or diagnostic.kind,
            framework_version=engine.current_framework().version,
            answers=diagnostic.answers,
            products=diagnostic.products,
            steps_done=diagnostic.steps_done if (kind or diagnostic.kind) == diagnostic.kind else [],
            assessor=user if getattr(user, "is_authenticated", False) else None,
            assessed_on=timezone.localdate(at),
            created_at=at,
            updated_at=at,
        )
        _log(draft, "revise", "", user=user, note=note or _("Revision of version %(v)d") % {"v": diagnostic.version}, at=at)
        log_action(
            "diagnostic.revised",
            actor=user,
            obj=draft,
            before={"from": diagnostic.pk, "version": diagnostic.version},
            after=_state_of(draft),
        )
    return draft


def extend(diagnostic: Diagnostic, *, user: Any, note: str = "", at: dt.datetime | None = None) -> Diagnostic:
    """Grow a quick scan into the full diagnostic without retyping anything.

    A quick draft becomes a full draft in place (a step stays done only if the full diagnostic
    asks nothing more on it); a finished quick scan gets a full draft as its next version.
    """
    at = at or timezone.now()
    if diagnostic.kind != Kind.QUICK:
        raise TransitionRefused(_("Only a quick scan can continue as a full diagnostic."), status=409)
    if diagnostic.state != State.DRAFT:
        draft = revise(diagnostic, user=user, note=note, at=at, kind=Kind.FULL)
        if draft.kind == Kind.FULL and not draft.steps_done:
            draft.steps_done = _complete_steps(engine.current_framework(), draft, list(diagnostic.steps_done))
            draft.save(update_fields=["steps_done"])
        return draft
    framework = engine.current_framework()
    with transaction.atomic():
        diagnostic = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
        check("extend", user=user, state=diagnostic.state, company_id=diagnostic.company_id)
        diagnostic.kind = Kind.FULL
        diagnostic.steps_done = _complete_steps(framework, diagnostic, list(diagnostic.steps_done))
        diagnostic.updated_at = at
        diagnostic.save(update_fields=["kind", "steps_done", "updated_at"])
        _log(diagnostic, "extend", State.DRAFT, user=user, note=note, at=at)
        log_action("diagnostic.extended", actor=user, obj=diagnostic, before={"kind": Kind.QUICK}, after=_state_of(diagnostic))
    return diagnostic


def _complete_steps(framework: Framework, diagnostic: Diagnostic, saved: list[str] | None = None) -> list[str]:
    """The steps of ``diagnostic`` (as its kind now asks them) that were saved before (``saved``;
    answers only carried over from a previous diagnostic are still to confirm) and whose every
    shown question is answered."""
    done = []
    for step in steps(diagnostic, framework):
        if saved is not None and step.key not in saved:
            continue
        mapping = level_answers(diagnostic.answers, step)
        if all(mapping.get(q.id) is not None for q in shown_questions(framework, step, mapping)):
            done.append(step.key)
    return done


@dataclass
class WhatIf:
    """Scores before and after some answers change; the stored diagnostic is untouched."""

    before: dict[str, Any]
    after: dict[str, Any]
    changes: dict[str, dict[str, Any]]
    problems: dict[str, str] = field(default_factory=dict)


def what_if(diagnostic: Diagnostic, *, changes: dict[str, dict[str, Any]]) -> WhatIf:
    """Score a variant of the diagnostic's answers (``{"company": {qid: value}, "product-0": …}``)."""
    framework = engine.current_framework()
    problems: dict[str, str] = {}
    clean: dict[str, dict[str, Any]] = {}
    for target, values in changes.items():
        for qid, value in values.items():
            if not framework.has_question(qid):
                problems[qid] = _("unknown question")
                continue
            if value is None or value == "":
                continue
            try:
                clean.setdefault(target, {})[qid] = normalise_answer(framework.question(qid), value)
            except ValueError as exc:
                problems[qid] = str(exc)
    before = diagnostic.result or engine.score(framework, diagnostic.answers)
    after = engine.score(framework, engine.with_changes(diagnostic.answers, clean)) if clean else before
    return WhatIf(before=before, after=after, changes=clean, problems=problems)

