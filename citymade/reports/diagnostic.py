"""The diagnostic report as a plain model, built once from a scored assessment (its JSON form).

Both deliveries read this model: the web results page (HTML with inline SVG charts and ``<details>``
explanations) and the PDF (:mod:`citymade.reports.pdf`). Page one is the summary the entrepreneur
keeps (:mod:`citymade.reports.summary`); the details follow the vision's order: the profile at a
glance, urban fit per product, circular models, eco-design and MCI (:mod:`.sections_products`),
value chain and affordability, local value and manufacture, maturity, cohabitation
(:mod:`.sections_company`), the action plan and the data to collect. Labels come from the
assessment's language maps, UI words from the ``reports`` catalog. The parts are plain data
(:mod:`citymade.reports.model`), re-exported here.
"""

from __future__ import annotations

from citymade.framework.model import Framework
from citymade.i18n import _, resolve, use_language
from citymade.reports import charts, sections_company, sections_products
from citymade.reports.model import (
    Action,
    Block,
    ClusterInfo,
    PlanItem,
    Reason,
    Report,
    ReportInfo,
    ScoreView,
    Section,
    Summary,
)
from citymade.reports.reading import Json, dimension_scores, fmt, reasons, score_view
from citymade.reports.sections_products import strength
from citymade.reports.summary import actions as plan_actions
from citymade.reports.summary import summary as first_page
from citymade.scoring import wording as verdicts

__all__ = [
    "Action",
    "Block",
    "ClusterInfo",
    "PlanItem",
    "Reason",
    "Report",
    "ReportInfo",
    "ScoreView",
    "Section",
    "Summary",
    "build_report",
    "dimension_scores",
    "reasons",
    "score_view",
]


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
        text = f"{fmt(change.before)} → {fmt(change.after)}"
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
                (resolve(model.get("label"), language), f"{strength(str(old))} → {strength(str(model.get('strength')))}")
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
    """The whole report in ``info.language``: summary, profile, each part, action plan, unknowns, what moved."""
    language = info.language
    with use_language(language):
        profile = dimension_scores(framework, result, language)
        radar = charts.radar_chart(
            chart_id="profile",
            title=_("Profile at a glance"),
            axes=[charts.Axis(label=s.label, value=s.value, grade=s.grade) for s in profile],
        )
        sections = [
            sections_products.products(framework, result, language),
            sections_products.models(framework, result, profile, language),
            sections_products.eco_design(framework, result, profile, language),
            sections_company.value_chain(framework, result, profile, language),
            sections_company.local_value(framework, result, profile, language),
            sections_company.maturity(framework, result, profile, language),
            sections_company.cohabitation(framework, result, profile, language),
        ]
        actions = plan_actions(framework, result, profile, language)
        return Report(
            info=info,
            title=_("Diagnostic of {company}").format(company=info.company),
            profile=profile,
            profile_chart=radar,
            sections=sections,
            actions=actions,
            unknowns=_unknowns(framework, result, language),
            moved=_moved(framework, result, previous, previous_date, language) if previous else None,
            summary=first_page(info, result, profile, actions),
        )
