"""The diagnostic report as a plain model, built once from a scored assessment (its JSON form).

Both deliveries read this model: the web results page (HTML with inline SVG charts and ``<details>``
explanations) and the PDF (:mod:`citymade.reports.pdf`). It follows the vision's order: the profile
at a glance, urban fit per product, circular models, eco-design and MCI, value chain and
affordability, local value and manufacture, maturity, cohabitation, the action plan and the data to
collect. Labels come from the assessment's language maps, UI words from the ``reports`` catalog.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from citymade.framework.model import Framework, Question
from citymade.framework.units import quantity
from citymade.i18n import _, resolve, use_language
from citymade.reports import charts
from citymade.scoring import wording as verdicts

__all__ = [
    "Action",
    "Block",
    "Reason",
    "Report",
    "ReportInfo",
    "ScoreView",
    "Section",
    "build_report",
    "dimension_scores",
]

Json = Mapping[str, Any]


@dataclass(frozen=True, kw_only=True)
class ReportInfo:
    """Who and what the report is about (the cover page)."""

    company: str
    date: str
    framework_version: str
    assessor: str = ""
    enterprise_number: str = ""
    version: int = 1
    state: str = ""
    language: str = "fr"


@dataclass(frozen=True, kw_only=True)
class Reason:
    """One line of an explanation: the rule, the answer behind it and the points it moved."""

    text: str
    question: str = ""
    answer: str = ""
    points: float | None = None
    rule: str = ""


@dataclass(kw_only=True)
class ScoreView:
    """One figure: its value 0–100 (``None`` = not known), grade, confidence and why."""

    id: str
    label: str
    value: float | None
    grade: str | None = None
    confidence: float | None = None
    reasons: list[Reason] = field(default_factory=list)
    children: list[ScoreView] = field(default_factory=list)

    @property
    def confidence_percent(self) -> int | None:
        return None if self.confidence is None else round(self.confidence * 100)


@dataclass(kw_only=True)
class Block:
    """Facts about one thing (label → value rows), its red flags, notes and reasons."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)


@dataclass(kw_only=True)
class Section:
    id: str
    title: str
    intro: str = ""
    scores: list[ScoreView] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    charts: list[charts.Chart] = field(default_factory=list)


@dataclass(kw_only=True)
class Action:
    title: str
    text: str
    support: str
    impact: float | None
    because: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class Report:
    info: ReportInfo
    title: str
    profile: list[ScoreView]
    profile_chart: charts.Chart
    sections: list[Section]
    actions: list[Action]
    unknowns: list[str]
    moved: Section | None = None

    def as_json(self) -> dict[str, Any]:
        """Plain data for the PDF template."""
        return asdict(self)


# --- small readers ------------------------------------------------------------------------------


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _fmt(value: Any, unit: str = "", digits: int = 0) -> str:
    number = _num(value)
    if number is None:
        return _("not known")
    text = f"{number:,.{digits}f}".replace(",", "\u202f")
    return f"{text}{unit}"


def _percent(share: Any) -> str:
    number = _num(share)
    return _("not known") if number is None else f"{number * 100:.0f} %"


def _yes_no(value: Any) -> str:
    if value is None:
        return _("not known")
    return _("yes") if value else _("no")


def _answer_text(question: Question | None, answer: Any, language: str) -> str:
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


def reasons(framework: Framework, effects: Any, language: str) -> list[Reason]:
    """The engine's explanation effects as readable reasons."""
    out = []
    for effect in effects or []:
        if not isinstance(effect, Mapping):
            continue
        qid = effect.get("question")
        question = framework.question(qid) if qid and framework.has_question(qid) else None
        text = resolve(effect.get("text"), language)
        question_label = resolve(question.label, language) if question else ""
        out.append(
            Reason(
                text="" if text == question_label else text,
                question=question_label,
                answer=_answer_text(question, effect.get("answer"), language) if question else "",
                points=_num(effect.get("points")),
                rule=str(effect.get("rule") or ""),
            )
        )
    return out


def score_view(framework: Framework, score: Json, language: str, *, label: str | None = None) -> ScoreView:
    return ScoreView(
        id=str(score.get("id", "")),
        label=label or resolve(score.get("label"), language),
        value=_num(score.get("value")),
        grade=score.get("grade"),
        confidence=_num(score.get("confidence")),
        reasons=reasons(framework, score.get("explanation"), language),
        children=[score_view(framework, c, language) for c in score.get("criteria") or []],
    )


def dimension_scores(framework: Framework, result: Json, language: str) -> list[ScoreView]:
    """The company profile: one score per dimension, in framework order."""
    return [score_view(framework, d, language) for d in result.get("dimensions") or []]


def _scores_in(profile: Sequence[ScoreView], result: Json, sections: Sequence[str]) -> list[ScoreView]:
    wanted = {str(d.get("id")) for d in result.get("dimensions") or [] if d.get("section") in sections}
    return [s for s in profile if s.id in wanted]


def _bars(chart_id: str, score: ScoreView) -> charts.Chart:
    return charts.bar_chart(
        chart_id=chart_id,
        title=score.label,
        bars=[charts.Bar(label=c.label, value=c.value, grade=c.grade) for c in score.children],
    )


# --- the sections --------------------------------------------------------------------------------


def _criterion_label(framework: Framework, dimension_id: str, criterion_id: str | None, language: str) -> str:
    for dimension in framework.dimensions:
        if dimension.id == dimension_id:
            for criterion in dimension.criteria:
                if criterion.id == criterion_id:
                    return resolve(criterion.label, language)
    return str(criterion_id or "—")


def _products(framework: Framework, result: Json, language: str) -> Section:
    section = Section(
        id="urban_fit",
        title=_("Urban fit of each product"),
        intro=_(
            "Each product is scored on five characteristics (geometry, chemical and physical "
            "properties, function, production facilities, end of life); the limiting characteristic "
            "is the one that holds it back most. Red flags cap a characteristic."
        ),
    )
    dimension_id = str(getattr(framework.settings, "urban_fit_dimension", "urban_fit"))
    for product in result.get("products") or []:
        index = int(product.get("index", 0))
        name = str(product.get("name") or _("Product {number}").format(number=index + 1))
        views = [
            score_view(framework, d, language, label=f"{resolve(d.get('label'), language)} — {name}")
            for d in product.get("dimensions") or []
        ]
        section.scores.extend(views)
        fit = product.get("urban_fit") or {}
        block = Block(title=name)
        block.rows.append((_("Urban fit"), _fmt(fit.get("value")) + (f" ({fit['grade']})" if fit.get("grade") else "")))
        limiting = fit.get("limiting_characteristic")
        block.rows.append(
            (_("Limiting characteristic"), _criterion_label(framework, dimension_id, limiting, language) if limiting else "—")
        )
        block.rows.append((_("Material Circularity Indicator (MCI)"), _fmt(product.get("mci"), digits=2)))
        block.flags = [resolve(f.get("label"), language) for f in product.get("red_flags") or []]
        section.blocks.append(block)
        characteristics = fit.get("characteristics") or {}
        if characteristics:
            section.charts.append(
                charts.bar_chart(
                    chart_id=f"urban-fit-{index}",
                    title=_("Urban fit of {product}").format(product=name),
                    bars=[
                        charts.Bar(label=_criterion_label(framework, dimension_id, key, language), value=_num(value))
                        for key, value in characteristics.items()
                    ],
                )
            )
    return section


def _strength(value: str) -> str:
    return {
        "none": _("none"),
        "emerging": _("emerging"),
        "established": _("established"),
        "leading": _("leading"),
    }.get(value, value)


def _models(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> Section:
    circular = result.get("circular")
    section = Section(
        id="circular_models",
        title=_("Circular business models"),
        intro=(
            _("The company is circular: at least one of the cluster's four models holds.")
            if circular
            else _("No circular model is proven yet, but some could be once the missing answers are known.")
            if any(m.get("possible", "none") != "none" for m in result.get("circular_models") or [])
            else _("No circular model holds yet on the evidence given; a company is circular when at least one does.")
        ),
        scores=_scores_in(profile, result, ("C",)),
    )
    for model in result.get("circular_models") or []:
        block = Block(title=f"{model.get('number', '')}. {resolve(model.get('label'), language)}".strip(". "))
        block.rows.append((_("Strength"), verdicts.model_verdict(model)))
        block.rows.append((_("Evidence points"), _fmt(model.get("points"))))
        block.reasons = [
            Reason(text=resolve(e.get("label"), language), points=_num(e.get("points")), rule=str(e.get("rule", "")))
            for e in model.get("evidence") or []
        ]
        collect = verdicts.collect_for(result, f"model:{model.get('id')}", language)
        if collect and not model.get("decided", True):
            block.notes.append(_("To decide it, collect: {questions}").format(questions="; ".join(collect)))
        section.blocks.append(block)
    return section


def _eco_design(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> Section:
    section = Section(
        id="eco_design",
        title=_("Eco-design: product, process, building"),
        intro=_("Eco-design at three levels, with the Material Circularity Indicator (0 to 1) for each product."),
        scores=_scores_in(profile, result, ("D",)),
    )
    names = {"product": _("Product"), "process": _("Process"), "building": _("Building integration")}
    levels = result.get("eco_design") or {}
    if levels:
        section.charts.append(
            charts.bar_chart(
                chart_id="eco-design",
                title=_("Eco-design levels"),
                bars=[charts.Bar(label=names.get(k, k), value=_num(v)) for k, v in levels.items()],
            )
        )
    block = Block(title=_("Material Circularity Indicator (MCI)"))
    for product in result.get("products") or []:
        block.rows.append((str(product.get("name") or "—"), _fmt(product.get("mci"), digits=2)))
    company_mci = (result.get("indicators") or {}).get("mci")
    if company_mci is not None:
        block.rows.append((_("Company (weighted by share of turnover)"), _fmt(company_mci, digits=2)))
    if block.rows:
        section.blocks.append(block)
    for score in section.scores:
        if score.children:
            section.charts.append(_bars(f"dimension-{score.id}", score))
    return section


def _value_chain(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> Section:
    chain = result.get("value_chain") or {}
    section = Section(
        id="value_chain",
        title=_("Value chain and urban affordability"),
        intro=_("How much of the chain the company holds, and whether the value it creates pays for its urban site."),
        scores=_scores_in(profile, result, ("E",)),
    )
    block = Block(title=_("Integration"))
    block.rows.append((_("Integration ratio"), _percent(chain.get("integration_ratio"))))
    block.rows.append((_("Value added ÷ sales"), _percent(chain.get("value_added_share"))))
    steps = chain.get("steps") or {}
    for qid, status in steps.items():
        question = framework.question(qid) if framework.has_question(qid) else None
        label = resolve(question.label, language) if question else qid
        block.rows.append((label, _answer_text(question, status, language) if status is not None else _("not known")))
    section.blocks.append(block)
    affordability = chain.get("affordability") or {}
    afford = Block(title=_("Urban affordability"))
    afford.rows.append((_("Value added per m² per year"), _fmt(affordability.get("value_added_per_m2"), " €")))
    afford.rows.append((_("Site cost as a share of value added"), _percent(affordability.get("occupancy_share"))))
    if affordability.get("flagged"):
        afford.flags.append(_("The site's cost eats too large a share of the value created."))
    section.blocks.append(afford)
    return section


def _local_value(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> Section:
    section = Section(
        id="local_value",
        title=_("Local value and human work"),
        intro=_("Jobs for all qualification levels, local hires, purchases and sales, openness, and people at the centre of production."),
        scores=_scores_in(profile, result, ("B", "F")),
    )
    indicators = result.get("indicators") or {}
    if indicators.get("lm3") is not None:
        section.blocks.append(Block(title=_("Local multiplier (LM3)"), rows=[(_("LM3"), _fmt(indicators["lm3"], digits=2))]))
    for score in section.scores:
        if score.children:
            section.charts.append(_bars(f"dimension-{score.id}", score))
    return section


def _maturity(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> Section:
    maturity = result.get("maturity") or {}
    section = Section(
        id="maturity",
        title=_("Maturity: from start-up to scale-up"),
        intro=_("The stage comes from evidence (sales, margin, team, processes, capacity, funding), never from age."),
        scores=_scores_in(profile, result, ("G",)),
    )
    block = Block(title=_("Stage"))
    if maturity:
        block.rows.append((_("Stage"), verdicts.stage_verdict(maturity, language)))
        growth = maturity.get("high_growth") or {}
        block.rows.append((_("Yearly employee growth over three years"), _percent(growth.get("employees_growth"))))
        block.rows.append((_("High growth (OECD, over 20 % a year)"), _yes_no(growth.get("oecd"))))
        block.rows.append((_("High growth (Eurostat, over 10 % a year)"), _yes_no(growth.get("eurostat"))))
        block.rows.append((_("Years active"), _fmt(maturity.get("years_active"))))
        if maturity.get("long_standing_startup"):
            block.flags.append(_("Long-standing start-up: an early stage after many years, which needs specific support."))
        block.notes = [_evidence(framework, e, language) for e in maturity.get("evidence") or []]
        collect = verdicts.collect_for(result, "stage", language)
        if collect and not maturity.get("decided", True):
            block.notes.append(_("To decide it, collect: {questions}").format(questions="; ".join(collect)))
        elif "stage_possible" not in maturity and maturity.get("could_be_higher"):
            block.notes.append(
                _("With the unknown answers, the stage could be as high as {stage}.").format(stage=max(maturity["could_be_higher"]))
            )
    section.blocks.append(block)
    axes = [
        charts.Axis(label=resolve(a.get("label"), language), value=_num(a.get("value")))
        for a in maturity.get("readiness") or []
    ]
    if axes:
        section.charts.append(
            charts.radar_chart(
                chart_id="readiness", title=_("Readiness (1 to 9)"), axes=axes, minimum=0, maximum=9, rings=(1, 3, 5, 7, 9)
            )
        )
    return section


def _evidence(framework: Framework, item: Any, language: str) -> str:
    """A piece of stage evidence: a question id becomes its label, a language map its text."""
    if isinstance(item, Mapping):
        return resolve(item, language)
    if isinstance(item, str) and framework.has_question(item):
        return resolve(framework.question(item).label, language)
    return str(item)


def _zone_status(status: Any) -> str:
    return verdicts.zone_status_name(status)


def _floor_status(floor: Mapping[str, Any]) -> str:
    area = _fmt(floor.get("area_m2"), " m²") if floor.get("area_m2") is not None else _("not known")
    status = {
        "within": _("within the ceiling"),
        "special_measures": _("above the ceiling: only with special measures"),
        "exceeds": _("above the ceiling"),
        "unknown": _("to collect"),
    }.get(str(floor.get("status")), "")
    return f"{area} — {status}"


def _cohabitation(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> Section:
    data = result.get("cohabitation") or {}
    section = Section(
        id="cohabitation",
        title=_("Cohabitation with the neighbourhood"),
        intro=_(
            "Nuisance category and distance in the style of the VNG guidance. Compatible zone types and "
            "the permit class are indicative, not a permit decision."
        ),
        scores=_scores_in(profile, result, ("H",)),
    )
    components = {c.get("id"): c for c in data.get("components") or []}
    block = Block(title=_("Nuisance category"))
    block.rows.append((_("Category"), verdicts.category_verdict(data)))
    block.rows.append((_("Indicative distance to dwellings"), _fmt(data.get("distance_m"), " m")))
    limiting = data.get("limiting_nuisance")
    block.rows.append(
        (_("Limiting nuisance"), resolve(components[limiting].get("label"), language) if limiting in components else "—")
    )
    if data.get("distance_to_dwellings_m") is not None:
        block.rows.append((_("Distance to the nearest dwelling"), _fmt(data.get("distance_to_dwellings_m"), " m")))
        block.rows.append((_("Distance sufficient"), _yes_no(data.get("distance_sufficient"))))
    if data.get("site_zone_status"):
        block.rows.append((_("The site's zone"), _zone_status(data.get("site_zone_status"))))
    if data.get("permit_class_estimate"):
        block.rows.append((_("Permit class (estimate)"), str(data["permit_class_estimate"])))
    for component in components.values():
        block.reasons.append(
            Reason(
                text=resolve(component.get("label"), language),
                question="",
                answer=_("category {category}").format(category=component["category"])
                if component.get("category")
                else _("not known"),
                rule=str(component.get("id", "")),
            )
        )
    section.blocks.append(block)
    zones = Block(title=_("Compatible zone types (indicative)"))
    for zone in data.get("zones") or []:
        status = _zone_status(zone.get("status"))
        if zone.get("status") == "undecided":
            status = _("undecided: {best} to {worst}").format(best=_zone_status(zone.get("best")), worst=_zone_status(zone.get("worst")))
        zones.rows.append((resolve(zone.get("label"), language), status))
    site_zone = next((z for z in data.get("zones") or [] if z.get("id") == data.get("site_zone")), None)
    floor = (site_zone or {}).get("floor_area")
    if floor:
        block.rows.append((_("Productive floor area allowed (PRAS)"), _fmt(floor.get("max_m2"), " m²")))
        if floor.get("extended_max_m2"):
            block.rows.append((_("With special measures"), f"{_fmt(floor.get('extended_max_m2'), ' m²')} — {resolve(floor.get('extended_when'), language)}"))
        block.rows.append((_("Site's floor area"), _floor_status(floor)))
        block.notes.append(resolve(floor.get("prescription"), language))
    collect = verdicts.collect_for(result, "zone", language)
    if collect and data.get("site_zone_status") == "undecided":
        zones.notes.append(_("To decide it, collect: {questions}").format(questions="; ".join(collect)))
    if zones.rows:
        section.blocks.append(zones)
    mitigations = [resolve(m.get("label"), language) for m in data.get("mitigations") or []]
    if mitigations:
        section.blocks.append(Block(title=_("Mitigations"), notes=mitigations))
    return section


def _actions(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> list[Action]:
    labels = {s.id: s.label for s in profile}
    for score in profile:
        for child in score.children:
            labels[f"{score.id}.{child.id}"] = f"{score.label} — {child.label}"
    actions = [
        Action(
            title=resolve(rec.get("title"), language),
            text=resolve(rec.get("text"), language),
            support=resolve(rec.get("support_label"), language) or str(rec.get("support", "")),
            impact=_num(rec.get("expected_impact", rec.get("impact"))),
            because=[labels.get(str(t), str(t)) for t in rec.get("triggered_by") or []],
        )
        for rec in result.get("recommendations") or []
    ]
    return actions


def _unknowns(framework: Framework, result: Json, language: str) -> list[str]:
    """The data to collect: "ask next" first, each with the verdicts it would decide."""
    products = {int(p.get("index", i)): str(p.get("name") or "") for i, p in enumerate(result.get("products") or [])}
    decides = {(a.get("question"), a.get("product")): a.get("decides") or [] for a in result.get("ask_next") or []}
    out = []
    for item in result.get("unknowns") or []:
        text = resolve(item.get("label"), language)
        product = item.get("product")
        if product is not None and products.get(int(product)):
            text = f"{text} ({products[int(product)]})"
        named = list(dict.fromkeys(verdicts.verdict_name(framework, result, v, language) for v in decides.get((item.get("question"), product), [])))
        if named:
            text = _("{answer} — would decide: {verdicts}").format(answer=text, verdicts=", ".join(named))
        out.append(text)
    return out


def _moved(framework: Framework, result: Json, previous: Json, since: str | None, language: str) -> Section:
    before = {s.id: s for s in dimension_scores(framework, previous, language)}
    after = dimension_scores(framework, result, language)
    changes = [
        charts.Change(label=s.label, before=before[s.id].value if s.id in before else None, after=s.value) for s in after
    ]
    title = _("What moved since {date}").format(date=since) if since else _("What moved since the last diagnostic")
    block = Block(title=_("Changes per dimension"))
    for change, score in zip(changes, after, strict=True):
        old = before.get(score.id)
        text = f"{_fmt(change.before)} → {_fmt(change.after)}"
        if change.before is not None and change.after is not None:
            text += f" ({change.after - change.before:+.0f})"
        if old is not None and old.grade != score.grade:
            text += f" · {old.grade or '—'} → {score.grade or '—'}"
        block.rows.append((change.label, text))
    old_stage = (previous.get("maturity") or {}).get("stage")
    new_stage = (result.get("maturity") or {}).get("stage")
    if old_stage is not None and new_stage is not None:
        block.rows.append((_("Maturity stage"), f"{old_stage} → {new_stage}"))
    old_models = {m.get("id"): m.get("strength") for m in previous.get("circular_models") or []}
    for model in result.get("circular_models") or []:
        old = old_models.get(model.get("id"))
        if old is not None and old != model.get("strength"):
            block.rows.append(
                (resolve(model.get("label"), language), f"{_strength(str(old))} → {_strength(str(model.get('strength')))}")
            )
    return Section(
        id="moved",
        title=title,
        blocks=[block],
        charts=[charts.comparison_chart(chart_id="moved", title=title, changes=changes)],
    )


def build_report(
    framework: Framework,
    result: Json,
    *,
    info: ReportInfo,
    previous: Json | None = None,
    previous_date: str | None = None,
) -> Report:
    """The whole report in ``info.language``: profile, each part, action plan, unknowns, what moved."""
    language = info.language
    with use_language(language):
        profile = dimension_scores(framework, result, language)
        radar = charts.radar_chart(
            chart_id="profile",
            title=_("Profile at a glance"),
            axes=[charts.Axis(label=s.label, value=s.value, grade=s.grade) for s in profile],
        )
        sections = [
            _products(framework, result, language),
            _models(framework, result, profile, language),
            _eco_design(framework, result, profile, language),
            _value_chain(framework, result, profile, language),
            _local_value(framework, result, profile, language),
            _maturity(framework, result, profile, language),
            _cohabitation(framework, result, profile, language),
        ]
        return Report(
            info=info,
            title=_("Diagnostic of {company}").format(company=info.company),
            profile=profile,
            profile_chart=radar,
            sections=sections,
            actions=_actions(framework, result, profile, language),
            unknowns=_unknowns(framework, result, language),
            moved=_moved(framework, result, previous, previous_date, language) if previous else None,
        )
