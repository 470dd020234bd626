"""The appendix's parts about the company and its site: value chain and urban affordability, local
value and human work, maturity, cohabitation with the neighbourhood."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from citymade.framework.model import Framework
from citymade.i18n import _, resolve
from citymade.reports import charts
from citymade.reports.model import Block, Reason, ScoreView, Section
from citymade.reports.reading import (
    Json,
    answer_text,
    bars,
    fmt,
    id_label,
    num,
    percent,
    scores_in,
    yes_no,
)
from citymade.scoring import wording as verdicts

__all__ = ["cohabitation", "growth_verdict", "local_value", "maturity", "value_chain"]


def growth_verdict(growth: Json, verdict: str, threshold_key: str, min_start: float) -> str:
    """A high-growth verdict with its reason: the growth against the threshold over three years, or
    the size at the start the definition asks for (a small firm growing fast is not "high growth")."""
    held = growth.get(verdict)
    threshold = num(growth.get(threshold_key))
    rates = [num(growth.get(k)) for k in ("employees_growth", "turnover_growth")]
    known = [r for r in rates if r is not None]
    best = max(known) if known else None
    limit = percent(threshold) if threshold is not None else ""
    if held is None:
        return _("not known: the headcounts or turnover of three years ago are missing")
    if held:
        return _("yes: {growth} a year over three years (threshold {limit})").format(growth=percent(best), limit=limit)
    if best is not None and threshold is not None and best > threshold:
        return _("no: the definition counts firms with at least {count} employees at the start").format(count=fmt(min_start))
    if best is not None:
        return _("no: {growth} a year over three years, under {limit}").format(growth=percent(best), limit=limit)
    return _("no")


def value_chain(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> Section:
    chain = result.get("value_chain") or {}
    section = Section(
        id="value_chain",
        title=_("Value chain and urban affordability"),
        intro=_("How much of the chain the company holds, and whether the value it creates pays for its urban site."),
        scores=scores_in(profile, result, ("E",)),
    )
    block = Block(title=_("Integration"))
    block.rows.append((_("Integration ratio"), percent(chain.get("integration_ratio"))))
    block.rows.append((_("Value added ÷ sales"), percent(chain.get("value_added_share"))))
    steps = chain.get("steps") or {}
    for qid, status in steps.items():
        question = framework.question(qid) if framework.has_question(qid) else None
        label = resolve(question.label, language) if question else qid
        block.rows.append((label, answer_text(question, status, language) if status is not None else _("not known")))
    section.blocks.append(block)
    affordability = chain.get("affordability") or {}
    afford = Block(title=_("Urban affordability"))
    afford.rows.append((_("Value added per m² per year"), fmt(affordability.get("value_added_per_m2"), " €")))
    afford.rows.append((_("Site cost as a share of value added"), percent(affordability.get("occupancy_share"))))
    if affordability.get("flagged"):
        afford.flags.append(_("The site's cost eats too large a share of the value created."))
    section.blocks.append(afford)
    return section


def local_value(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> Section:
    section = Section(
        id="local_value",
        title=_("Local value and human work"),
        intro=_("Jobs for all qualification levels, local hires, purchases and sales, openness, and people at the centre of production."),
        scores=scores_in(profile, result, ("B", "F")),
    )
    indicators = result.get("indicators") or {}
    if indicators.get("lm3") is not None:
        section.blocks.append(Block(title=_("Local multiplier (LM3)"), rows=[(_("LM3"), fmt(indicators["lm3"], digits=2))]))
    for score in section.scores:
        if score.children:
            section.charts.append(bars(f"dimension-{score.id}", score))
    return section


def maturity(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> Section:
    maturity = result.get("maturity") or {}
    section = Section(
        id="maturity",
        title=_("Maturity: from start-up to scale-up"),
        intro=_("The stage comes from evidence (sales, margin, team, processes, capacity, funding), never from age."),
        scores=scores_in(profile, result, ("G",)),
    )
    block = Block(title=_("Stage"))
    if maturity:
        block.rows.append((_("Stage"), verdicts.stage_verdict(maturity, language)))
        growth = maturity.get("high_growth") or {}
        block.rows.append((_("Yearly employee growth over three years"), percent(growth.get("employees_growth"))))
        min_start = framework.maturity.high_growth_min_start
        block.rows.append((_("High growth (OECD, over 20 % a year)"), growth_verdict(growth, "oecd", "threshold", min_start)))
        block.rows.append(
            (_("High growth (Eurostat, over 10 % a year)"), growth_verdict(growth, "eurostat", "eurostat_threshold", min_start))
        )
        block.rows.append((_("Years active"), fmt(maturity.get("years_active"))))
        if maturity.get("long_standing_startup"):
            block.flags.append(_("Long-standing start-up: an early stage after many years, which needs specific support."))
        block.notes = [n for n in (_evidence(framework, e, language) for e in maturity.get("evidence") or []) if n]
        collect = verdicts.collect_for(result, "stage", language)
        if collect and not maturity.get("decided", True):
            block.notes.append(_("To decide it, collect: {questions}").format(questions="; ".join(collect)))
        elif "stage_possible" not in maturity and maturity.get("could_be_higher"):
            block.notes.append(
                _("With the unknown answers, the stage could be as high as {stage}.").format(stage=max(maturity["could_be_higher"]))
            )
    section.blocks.append(block)
    axes = [
        charts.Axis(label=resolve(a.get("label"), language), value=num(a.get("value")))
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
    """A piece of stage evidence: an id (question, derived figure) becomes its label, a language map
    its text; an id that names nothing is left out."""
    if isinstance(item, Mapping):
        return resolve(item, language)
    return id_label(framework, str(item), language)


def _zone_status(status: Any) -> str:
    return verdicts.zone_status_name(status)


def _floor_status(floor: Mapping[str, Any]) -> str:
    area = fmt(floor.get("area_m2"), " m²") if floor.get("area_m2") is not None else _("not known")
    status = {
        "within": _("within the ceiling"),
        "special_measures": _("above the ceiling: only with special measures"),
        "exceeds": _("above the ceiling"),
        "unknown": _("to collect"),
    }.get(str(floor.get("status")), "")
    return f"{area} — {status}"


def cohabitation(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> Section:
    data = result.get("cohabitation") or {}
    section = Section(
        id="cohabitation",
        title=_("Cohabitation with the neighbourhood"),
        intro=_(
            "Nuisance category and distance in the style of the VNG guidance. Compatible zone types and "
            "the permit class are indicative, not a permit decision."
        ),
        scores=scores_in(profile, result, ("H",)),
    )
    components = {c.get("id"): c for c in data.get("components") or []}
    block = Block(title=_("Nuisance category"))
    block.rows.append((_("Category"), verdicts.category_verdict(data)))
    block.rows.append((_("Indicative distance to dwellings"), fmt(data.get("distance_m"), " m")))
    limiting = data.get("limiting_nuisance")
    block.rows.append(
        (_("Limiting nuisance"), resolve(components[limiting].get("label"), language) if limiting in components else "—")
    )
    if data.get("distance_to_dwellings_m") is not None:
        block.rows.append((_("Distance to the nearest dwelling"), fmt(data.get("distance_to_dwellings_m"), " m")))
        block.rows.append((_("Distance sufficient"), yes_no(data.get("distance_sufficient"))))
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
        block.rows.append((_("Productive floor area allowed (PRAS)"), fmt(floor.get("max_m2"), " m²")))
        if floor.get("extended_max_m2"):
            block.rows.append((_("With special measures"), f"{fmt(floor.get('extended_max_m2'), ' m²')} — {resolve(floor.get('extended_when'), language)}"))
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
