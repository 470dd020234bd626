"""An assessment as a Markdown report in the reader's language (``citymade assess --format markdown``)."""

from __future__ import annotations

from typing import Any

from citymade.framework.model import Framework
from citymade.framework.units import quantity
from citymade.i18n import _, resolve, use_language
from citymade.scoring.results import Assessment, DimensionScore, Effect, Score
from citymade.scoring.wording import (
    category_verdict,
    collect_for,
    model_verdict,
    stage_verdict,
    verdict_name,
    zone_status_name,
)

__all__ = ["render_markdown"]


def _value(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _score_line(score: Score, lang: str) -> str:
    grade = score["grade"] or "—"
    return f"| {resolve(score['label'], lang)} | {_value(score['value'])} | {grade} | {score['confidence']:.0%} |"


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class _Answers:
    """Answers shown as the reader sees them in the questionnaire: option labels and units."""

    def __init__(self, framework: Framework | None, lang: str) -> None:
        self.framework = framework
        self.lang = lang

    def __call__(self, effect: Effect) -> str:
        value, qid = effect["answer"], effect["question"]
        if self.framework is None or qid is None or not self.framework.has_question(qid):
            return _plain(value)
        question = self.framework.question(qid)
        labels = {o.value: resolve(o.label, self.lang) for o in question.options}
        if isinstance(value, list):
            return ", ".join(labels.get(str(v), str(v)) for v in value) or "—"
        if isinstance(value, str) and value in labels:
            return labels[value]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return quantity(value, question.unit, self.lang)
        return _plain(value)


def _why(dimensions: list[DimensionScore], show: _Answers, suffix: str = "") -> list[str]:
    """One line per criterion: which answers gave how many points, and the caps applied."""
    lines = []
    for dim in dimensions:
        for crit in dim["criteria"]:
            effects = [
                resolve(e["text"], show.lang)
                + (f" = {show(e)}" if e["answer"] is not None else "")
                + f" ({e['points']:+.0f})"
                for e in crit["explanation"]
            ]
            if effects:
                lines.append(f"- **{resolve(crit['label'], show.lang)}{suffix}** {_value(crit['value'])}: " + "; ".join(effects))
    return lines


def _derived_inputs(framework: Framework) -> dict[str, set[str]]:
    """The questions each derived value reads, through the derived values it reads."""
    found: dict[str, set[str]] = {}
    for derived in framework.derived:
        questions: set[str] = set()
        for source in derived.inputs.values():
            for ref in source if isinstance(source, list) else [source]:
                if isinstance(ref, str):
                    questions |= found.get(ref, {ref} if framework.has_question(ref) else set())
        found[derived.id] = questions
    return found


def render_markdown(assessment: Assessment, language: str | None = None, framework: Framework | None = None) -> str:
    """The whole assessment as Markdown, texts resolved in ``language`` (default: active one).

    With the ``framework`` that scored it (the default one when the versions match), answers are
    shown with their option labels and units.
    """
    if framework is None:
        from citymade.framework.loader import load_framework

        default = load_framework()
        framework = default if default.version == assessment.framework_version else None
    with use_language(language) as lang:
        return "\n".join(_render(assessment, _Answers(framework, lang))) + "\n"


def _render(a: Assessment, show: _Answers) -> list[str]:
    lang = show.lang
    out = [f"# {_('Diagnostic report')}", ""]
    out.append(_("Framework version %(version)s · overall confidence %(confidence)s") % {"version": a.framework_version, "confidence": f"{a.confidence:.0%}"})
    if a.answers_framework_version and a.answers_framework_version != a.framework_version:
        out.append(_("The answers were written for framework version %(version)s.") % {"version": a.answers_framework_version})
    out += ["", f"## {_('Profile')}", "", f"| {_('Score')} | {_('Value')} | {_('Grade')} | {_('Confidence')} |", "|---|---|---|---|"]
    for dim in a.dimensions:
        out.append(_score_line(dim, lang))
        for crit in dim["criteria"]:
            line = _score_line(crit, lang)
            out.append(line.replace("| ", "| ↳ ", 1))
    out += ["", f"## {_('Products')}", ""]
    for product in a.products:
        out.append(f"### {product['name']}")
        fit = product["urban_fit"]
        if fit is not None:
            out.append(_("Urban fit: %(value)s (%(grade)s), limiting characteristic: %(limit)s") % {"value": _value(fit["value"]), "grade": fit["grade"] or "—", "limit": resolve(fit["limiting_label"], lang) or "—"})
        if product["mci"] is not None:
            out.append(_("Material Circularity Indicator: %(mci).2f") % {"mci": product["mci"]})
        for flag in product["red_flags"]:
            out.append(f"- ⚠ {resolve(flag['label'], lang)}")
        out.append("")
    out += [f"## {_('Circular models')}", ""]
    result = a.model_dump(mode="json")

    def collect(verdict: str) -> str:
        found = collect_for(result, verdict, lang)
        return " — " + _("collect: %(answers)s") % {"answers": "; ".join(found)} if found else ""

    for model in a.circular_models:
        out.append(f"- **{resolve(model['label'], lang)}**: {model_verdict(model)}{'' if model.get('decided', True) else collect('model:' + model['id'])}")
        for ev in model["evidence"]:
            out.append(f"  - {resolve(ev['label'], lang)} (+{ev['points']:g})")
    m = a.maturity
    stage_line = _("Stage: %(verdict)s") % {"verdict": stage_verdict(m, lang)}
    out += ["", f"## {_('Maturity')}", "", stage_line + ("" if m.get("decided", True) else collect("stage"))]
    radar = ", ".join(f"{resolve(r['label'], lang)} {r['value'] if r['value'] is not None else '?'}" for r in m["readiness"])
    out.append(_("Readiness (1–9): %(radar)s") % {"radar": radar})
    if m["high_growth"]["oecd"]:
        out.append(_("High-growth enterprise (OECD definition)."))
    if m["long_standing_startup"]:
        out.append(_("Long-standing start-up: old company at an early stage, needs specific support."))
    c = a.cohabitation
    out += ["", f"## {_('Cohabitation')}", ""]
    if c["category"] is None:
        out.append(_("Not enough answers to estimate a category."))
    else:
        out.append(_("Category %(category)s (indicative distance to dwellings %(distance)g m), limited by: %(limit)s") % {"category": category_verdict(c), "distance": c["distance_m"] or 0, "limit": resolve(c["limiting_label"], lang)})
    out.append(_("Zone types (indicative):"))
    for z in c["zones"]:
        line = f"- {resolve(z['label'], lang)} — {zone_status_name(z['status'])}"
        if z["status"] == "undecided":
            line += f" ({zone_status_name(z['best'])} … {zone_status_name(z['worst'])}){collect('zone:' + z['id'])}"
        out.append(line)
    if c["category"] is not None:
        if c["mitigations"]:
            out.append(_("Mitigations:"))
        for mitigation in c["mitigations"]:
            out.append(f"- {resolve(mitigation['label'], lang)}")
    out += ["", f"## {_('Action plan')}", ""]
    for i, rec in enumerate(a.recommendations, 1):
        out.append(f"{i}. **{resolve(rec['title'], lang)}** ({resolve(rec['support_label'], lang)}) — {resolve(rec['text'], lang)}")
    out += ["", f"## {_('Why these scores')}", ""]
    for product in a.products:
        out += _why(product["dimensions"], show, f" — {product['name']}")
    out += _why([d for d in a.dimensions if d["level"] != "product"], show)
    out += ["", f"## {_('Data to collect')}", ""]
    labels = {d.id: d.label for d in show.framework.derived} if show.framework is not None else {}
    inputs = _derived_inputs(show.framework) if show.framework is not None else {}
    for key, gap in a.indicator_gaps.items():
        if key not in labels or not (gap["missing"] or gap["conflict"]):
            continue
        if not gap["conflict"] and set(gap["missing"]) >= inputs.get(key, set()):
            continue  # nothing of it was answered: its answers are listed below
        if gap["conflict"]:
            out.append(_("%(indicator)s cannot be computed: its answers are impossible together.") % {"indicator": resolve(labels[key], lang)})
        elif show.framework is not None:
            names = [resolve(show.framework.question(q).label, lang) for q in gap["missing"] if show.framework.has_question(q)]
            out.append(_("%(indicator)s cannot be computed yet: missing %(answers)s.") % {"indicator": resolve(labels[key], lang), "answers": "; ".join(names)})
    if out[-1] != "":
        out.append("")
    if a.ask_next:
        out += [_("Ask next: the answers that would decide the most verdicts come first."), ""]
    decides = {(i["question"], i["product"]): i["decides"] for i in a.ask_next}
    for unknown in a.unknowns:
        where = _("product %(n)d") % {"n": unknown["product"] + 1} if unknown["product"] is not None else _(unknown["level"])
        line = f"- {resolve(unknown['label'], lang)} ({where})"
        verdicts = decides.get((unknown["question"], unknown["product"]))
        if verdicts and show.framework is not None:
            named = list(dict.fromkeys(verdict_name(show.framework, result, v, lang) for v in verdicts))
            line += " — " + _("would decide: %(verdicts)s") % {"verdicts": ", ".join(named)}
        out.append(line)
    return out
