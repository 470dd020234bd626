"""Small readers shared by the report's parts: numbers, answers and explanations as people read them,
and the names of framework ids (an id is never printed: what has no name is left out)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from citymade.framework.model import Framework, Question
from citymade.framework.units import format_number, quantity
from citymade.i18n import _, resolve
from citymade.reports import charts
from citymade.reports.model import Reason, ScoreView

__all__ = [
    "Json",
    "answer_text",
    "bars",
    "criterion_label",
    "dimension_scores",
    "fmt",
    "id_label",
    "num",
    "percent",
    "reasons",
    "score_view",
    "scores_in",
    "yes_no",
]

Json = Mapping[str, Any]


def num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def fmt(value: Any, unit: str = "", digits: int = 0) -> str:
    """A number for the active language ("0,95" in French and Dutch), with ``unit`` after it."""
    number = num(value)
    if number is None:
        return _("not known")
    text = format_number(charts.half_up(number, digits), digits=digits)
    return f"{text}{unit}"


def percent(share: Any) -> str:
    number = num(share)
    return _("not known") if number is None else f"{format_number(charts.half_up(number * 100), digits=0)}\u00a0%"


def yes_no(value: Any) -> str:
    if value is None:
        return _("not known")
    return _("yes") if value else _("no")


def answer_text(question: Question | None, answer: Any, language: str) -> str:
    if answer is None:
        return ""
    if answer == "?":
        return _("not known")
    if isinstance(answer, bool):
        return _("yes") if answer else _("no")
    if question is not None and question.options:
        labels = {o.value: resolve(o.label, language) for o in question.options}
        if isinstance(answer, list):
            return ", ".join(labels.get(str(a), str(a)) for a in answer)
        return labels.get(str(answer), str(answer))
    if isinstance(answer, list):
        return ", ".join(str(a) for a in answer)
    if isinstance(answer, (int, float)):
        return quantity(answer, question.unit if question is not None else None, language)
    return str(answer)


def _weights(framework: Framework, effects: list[Mapping[str, Any]]) -> list[float | None]:
    """Each effect's share of its criterion's weight: scored answers and indicators count by their
    weight among those known (how the engine averages them); a cap or a flag has none."""
    indicator_weights = {
        i.id: i.weight for d in framework.dimensions for c in d.criteria for i in c.indicators
    }
    # a dimension's explanation lists its criteria (``dimension.criterion``) with their weight
    indicator_weights.update({f"{d.id}.{c.id}": c.weight for d in framework.dimensions for c in d.criteria})
    raw: list[float | None] = []
    for effect in effects:
        qid, rule = effect.get("question"), str(effect.get("rule") or "")
        if qid and framework.has_question(qid) and framework.question(qid).weight > 0 and rule == qid:
            raw.append(float(framework.question(qid).weight))
        elif not qid and rule in indicator_weights:
            raw.append(float(indicator_weights[rule]))
        else:
            raw.append(None)
    total = sum(w for w in raw if w is not None)
    return [w / total if w is not None and total > 0 else None for w in raw]


def reasons(framework: Framework, effects: Any, language: str) -> list[Reason]:
    """The engine's explanation effects as readable reasons, each with the weight that turns the
    points it earned into its part of the score."""
    effects = [e for e in effects or [] if isinstance(e, Mapping)]
    weights = _weights(framework, effects)
    out = []
    for effect, weight in zip(effects, weights, strict=True):
        qid = effect.get("question")
        question = framework.question(qid) if qid and framework.has_question(qid) else None
        text = resolve(effect.get("text"), language)
        question_label = resolve(question.label, language) if question else ""
        out.append(
            Reason(
                text="" if text == question_label else text,
                question=question_label,
                answer=answer_text(question, effect.get("answer"), language) if question else "",
                points=num(effect.get("points")),
                rule=str(effect.get("rule") or ""),
                weight=weight,
                earned=_earned(effect.get("points"), weight),
            )
        )
    return out


def _earned(points: Any, weight: float | None) -> float | None:
    value = num(points)
    return round(value / weight, 1) if value is not None and weight else None


def score_view(framework: Framework, score: Json, language: str, *, label: str | None = None) -> ScoreView:
    children = [score_view(framework, c, language) for c in score.get("criteria") or []]
    value, confidence = num(score.get("value")), num(score.get("confidence"))
    explained = reasons(framework, score.get("explanation"), language)
    low, high = _range(framework, value, confidence, children)
    if value is not None and low is not None and high is not None:
        if confidence == 1:
            low = high = value
        # a red-flag cap can sit below the range; a score raised to its models' level stays there
        low, high = min(low, value), max(high, value)
        if any(r.rule.startswith("model.") for r in explained):
            low = value
    return ScoreView(
        id=str(score.get("id", "")),
        label=label or resolve(score.get("label"), language),
        value=value,
        grade=score.get("grade"),
        confidence=confidence,
        reasons=explained,
        children=children,
        low=low,
        high=high,
    )


def _range(framework: Framework, value: float | None, confidence: float | None, children: list[ScoreView]) -> tuple[float | None, float | None]:
    """The lowest and highest the score could reach as its unknown answers become known: a
    criterion's known part is ``value × confidence`` and the rest could give 0 to 100 points; a
    dimension weighs its criteria's ranges as it weighs their scores."""
    if not children:
        if confidence is None:
            return None, None
        known = (value or 0.0) * confidence
        return round(known, 1), round(known + 100 * (1 - confidence), 1)
    weights = {f"{d.id}.{c.id}": c.weight for d in framework.dimensions for c in d.criteria}
    parts = [(weights.get(c.id, 0.0), c.low if c.low is not None else 0.0, c.high if c.high is not None else 100.0) for c in children]
    total = sum(w for w, _l, _h in parts)
    if not total:
        return None, None
    return round(sum(w * lo for w, lo, _h in parts) / total, 1), round(sum(w * hi for w, _l, hi in parts) / total, 1)


def dimension_scores(framework: Framework, result: Json, language: str) -> list[ScoreView]:
    """The company profile: one score per dimension, in framework order."""
    return [score_view(framework, d, language) for d in result.get("dimensions") or []]


def scores_in(profile: Sequence[ScoreView], result: Json, sections: Sequence[str]) -> list[ScoreView]:
    wanted = {str(d.get("id")) for d in result.get("dimensions") or [] if d.get("section") in sections}
    return [s for s in profile if s.id in wanted]


def bars(chart_id: str, score: ScoreView) -> charts.Chart:
    return charts.bar_chart(
        chart_id=chart_id,
        title=score.label,
        bars=[charts.Bar(label=c.label, value=c.value, grade=c.grade) for c in score.children],
    )


def criterion_label(framework: Framework, dimension_id: str, criterion_id: str | None, language: str) -> str:
    for dimension in framework.dimensions:
        if dimension.id == dimension_id:
            for criterion in dimension.criteria:
                if criterion.id in (criterion_id, f"{dimension_id}.{criterion_id}"):
                    return resolve(criterion.label, language)
    return id_label(framework, str(criterion_id or ""), language) or "—"


def id_label(framework: Framework, ref: str, language: str) -> str:
    """The name of whatever framework id ``ref`` is (dimension, criterion, red flag, circular model,
    derived figure, question); ``""`` when it names nothing, so an id is never shown as such."""
    if not ref:
        return ""
    for dimension in framework.dimensions:
        if dimension.id == ref:
            return resolve(dimension.label, language)
        for criterion in dimension.criteria:
            if ref in (criterion.id, f"{dimension.id}.{criterion.id}"):
                return f"{resolve(dimension.label, language)} — {resolve(criterion.label, language)}"
    for group in (framework.red_flags, framework.circular_models, framework.derived):
        for item in group:
            if item.id == ref:
                return resolve(item.label, language)
    if framework.has_question(ref):
        return resolve(framework.question(ref).label, language)
    return ""
