"""What moved between two assessments, and "what if" scenarios on changed answers.

``compare(before, after)`` serves both the what-if view (same company, some answers changed) and
"what moved since the last diagnostic" (two diagnostics of one company, possibly scored with
different framework versions: scores are matched by id).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from citymade.errors import CitymadeError
from citymade.framework.answers import Answers, parse_answers
from citymade.framework.model import Framework
from citymade.i18n import _
from citymade.scoring.engine import evaluate
from citymade.scoring.results import Assessment

__all__ = ["Change", "Comparison", "apply_changes", "compare", "what_if"]


class Change(BaseModel):
    """One score or classification before and after; ``delta`` for numeric scores."""

    id: str
    label: dict[str, str]
    before: Any
    after: Any
    delta: float | None = None


class Comparison(BaseModel):
    """The differences between two assessments, biggest score movements first."""

    framework_before: str
    framework_after: str
    scores: list[Change]
    circular_models: list[Change]
    stage: Change
    cohabitation_category: Change
    red_flags_added: list[str]
    red_flags_removed: list[str]
    recommendations_added: list[str]
    recommendations_removed: list[str]
    confidence: Change
    before: Assessment
    after: Assessment

    def moved(self) -> list[Change]:
        """Only the scores that changed."""
        return [c for c in self.scores if c.before != c.after]


def _scores(assessment: Assessment) -> dict[str, tuple[dict[str, str], float | None]]:
    found: dict[str, tuple[dict[str, str], float | None]] = {}
    for dim in assessment.dimensions:
        found[dim["id"]] = (dim["label"], dim["value"])
        for crit in dim["criteria"]:
            found[crit["id"]] = (crit["label"], crit["value"])
    return found


def compare(before: Assessment, after: Assessment) -> Comparison:
    """Per-score differences (after − before), model strengths, stage, flags and actions."""
    old, new = _scores(before), _scores(after)
    changes = []
    for key in list(dict.fromkeys([*old, *new])):
        label = (new.get(key) or old[key])[0]
        a = old.get(key, (label, None))[1]
        b = new.get(key, (label, None))[1]
        delta = round(b - a, 2) if a is not None and b is not None else None
        changes.append(Change(id=key, label=label, before=a, after=b, delta=delta))
    changes.sort(key=lambda c: -abs(c.delta or 0))
    old_models = {m["id"]: m["strength"] for m in before.circular_models}
    models = [
        Change(id=m["id"], label=m["label"], before=old_models.get(m["id"]), after=m["strength"])
        for m in after.circular_models
    ]
    flags_old = {f["id"] for f in before.red_flags}
    flags_new = {f["id"] for f in after.red_flags}
    recs_old = {r["id"] for r in before.recommendations}
    recs_new = {r["id"] for r in after.recommendations}
    return Comparison(
        framework_before=before.framework_version,
        framework_after=after.framework_version,
        scores=changes,
        circular_models=models,
        stage=Change(
            id="stage",
            label=after.maturity["label"],
            before=before.maturity["stage"],
            after=after.maturity["stage"],
            delta=after.maturity["stage"] - before.maturity["stage"],
        ),
        cohabitation_category=Change(
            id="cohabitation",
            label={"fr": "Catégorie", "nl": "Categorie", "en": "Category"},
            before=before.cohabitation["category"],
            after=after.cohabitation["category"],
        ),
        red_flags_added=sorted(flags_new - flags_old),
        red_flags_removed=sorted(flags_old - flags_new),
        recommendations_added=sorted(recs_new - recs_old),
        recommendations_removed=sorted(recs_old - recs_new),
        confidence=Change(
            id="confidence",
            label={"fr": "Confiance", "nl": "Betrouwbaarheid", "en": "Confidence"},
            before=before.confidence,
            after=after.confidence,
            delta=round(after.confidence - before.confidence, 3),
        ),
        before=before,
        after=after,
    )


def apply_changes(framework: Framework, answers: Answers, changes: Mapping[str, Any]) -> Answers:
    """A copy of ``answers`` with ``changes`` applied, validated again.

    ``changes`` maps question ids to new answers (a product question changes every product), or
    has the answers-file shape: ``company``/``site`` mappings and ``products`` as a list or as a
    mapping ``{index: {question: answer}}``.
    """
    data = answers.model_dump(mode="json")
    for key, value in changes.items():
        if key in ("company", "site"):
            data[key].update(value)
        elif key == "products":
            items = value.items() if isinstance(value, Mapping) else enumerate(value)
            for index, product in items:
                position = int(index)
                if not 0 <= position < len(data["products"]):
                    raise CitymadeError(_("There is no product number %(index)s.") % {"index": index})
                data["products"][position].update(product)
        elif framework.has_question(key):
            level = framework.level_of(key)
            targets = data["products"] if level == "product" else [data[level]]
            for target in targets:
                target[key] = value
        else:
            raise CitymadeError(_("unknown question “%(id)s”") % {"id": key})
    return parse_answers(framework, data)


def what_if(framework: Framework, answers: Answers | Mapping[str, Any], changes: Mapping[str, Any]) -> Comparison:
    """Evaluate ``answers`` and a variant with ``changes`` applied; return the differences."""
    base = answers if isinstance(answers, Answers) else parse_answers(framework, answers)
    return compare(evaluate(framework, base), evaluate(framework, apply_changes(framework, base, changes)))
