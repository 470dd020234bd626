"""The appendix's parts about the products and what the company makes of them: urban fit per
product, circular business models, eco-design and the Material Circularity Indicator."""

from __future__ import annotations

from collections.abc import Sequence

from citymade.framework.model import Framework
from citymade.i18n import _, resolve
from citymade.reports import charts
from citymade.reports.model import Block, Reason, ScoreView, Section
from citymade.reports.reading import Json, bars, criterion_label, fmt, num, score_view, scores_in
from citymade.scoring import wording as verdicts

__all__ = ["eco_design", "models", "products", "strength"]


def products(framework: Framework, result: Json, language: str) -> Section:
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
        block.rows.append((_("Urban fit"), fmt(fit.get("value")) + (f" ({fit['grade']})" if fit.get("grade") else "")))
        limiting = fit.get("limiting_characteristic")
        block.rows.append(
            (_("Limiting characteristic"), criterion_label(framework, dimension_id, limiting, language) if limiting else "—")
        )
        block.rows.append((_("Material Circularity Indicator (MCI)"), fmt(product.get("mci"), digits=2)))
        block.flags = [resolve(f.get("label"), language) for f in product.get("red_flags") or []]
        section.blocks.append(block)
        characteristics = fit.get("characteristics") or {}
        if characteristics:
            section.charts.append(
                charts.bar_chart(
                    chart_id=f"urban-fit-{index}",
                    title=_("Urban fit of {product}").format(product=name),
                    bars=[
                        charts.Bar(label=criterion_label(framework, dimension_id, key, language), value=num(value))
                        for key, value in characteristics.items()
                    ],
                )
            )
    return section


def strength(value: str) -> str:
    return {
        "none": _("none"),
        "emerging": _("emerging"),
        "established": _("established"),
        "leading": _("leading"),
    }.get(value, value)


def models(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> Section:
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
        scores=scores_in(profile, result, ("C",)),
    )
    for model in result.get("circular_models") or []:
        block = Block(title=f"{model.get('number', '')}. {resolve(model.get('label'), language)}".strip(". "))
        block.rows.append((_("Strength"), verdicts.model_verdict(model)))
        block.rows.append((_("Evidence points"), fmt(model.get("points"))))
        block.reasons = [
            Reason(text=resolve(e.get("label"), language), points=num(e.get("points")), rule=str(e.get("rule", "")))
            for e in model.get("evidence") or []
        ]
        collect = verdicts.collect_for(result, f"model:{model.get('id')}", language)
        if collect and not model.get("decided", True):
            block.notes.append(_("To decide it, collect: {questions}").format(questions="; ".join(collect)))
        section.blocks.append(block)
    return section


def eco_design(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> Section:
    section = Section(
        id="eco_design",
        title=_("Eco-design: product, process, building"),
        intro=_("Eco-design at three levels, with the Material Circularity Indicator (0 to 1) for each product."),
        scores=scores_in(profile, result, ("D",)),
    )
    names = {"product": _("Product"), "process": _("Process"), "building": _("Building integration")}
    # The company's MCI (0 to 1) sits beside the three levels (0 to 100): it has its own block below.
    levels = {k: v for k, v in (result.get("eco_design") or {}).items() if k in names}
    if levels:
        section.charts.append(
            charts.bar_chart(
                chart_id="eco-design",
                title=_("Eco-design levels"),
                bars=[charts.Bar(label=names[k], value=num(v)) for k, v in levels.items()],
            )
        )
    block = Block(title=_("Material Circularity Indicator (MCI, from 0 = linear to 1 = fully circular)"))
    for product in result.get("products") or []:
        block.rows.append((str(product.get("name") or "—"), fmt(product.get("mci"), digits=2)))
    company_mci = (result.get("indicators") or {}).get("mci")
    if company_mci is not None:
        block.rows.append((_("Company (weighted by share of turnover)"), fmt(company_mci, digits=2)))
    if block.rows:
        section.blocks.append(block)
    for score in section.scores:
        if score.children:
            section.charts.append(bars(f"dimension-{score.id}", score))
    return section
