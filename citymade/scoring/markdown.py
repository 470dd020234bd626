"""An assessment as a Markdown report in the reader's language (``citymade assess --format markdown``)."""

from __future__ import annotations

from citymade.i18n import _, resolve, use_language
from citymade.scoring.results import Assessment, Score

__all__ = ["render_markdown"]


def _value(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _score_line(score: Score, lang: str) -> str:
    grade = score["grade"] or "—"
    return f"| {resolve(score['label'], lang)} | {_value(score['value'])} | {grade} | {score['confidence']:.0%} |"


def render_markdown(assessment: Assessment, language: str | None = None) -> str:
    """The whole assessment as Markdown, texts resolved in ``language`` (default: active one)."""
    with use_language(language) as lang:
        return "\n".join(_render(assessment, lang)) + "\n"


def _render(a: Assessment, lang: str) -> list[str]:
    out = [f"# {_('Diagnostic report')}", ""]
    out.append(_("Framework version %(version)s · overall confidence %(confidence)s") % {"version": a.framework_version, "confidence": f"{a.confidence:.0%}"})
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
    for model in a.circular_models:
        out.append(f"- **{resolve(model['label'], lang)}**: {_(model['strength'])}")
        for ev in model["evidence"]:
            out.append(f"  - {resolve(ev['label'], lang)} (+{ev['points']:g})")
    m = a.maturity
    out += ["", f"## {_('Maturity')}", "", _("Stage %(stage)d — %(label)s") % {"stage": m["stage"], "label": resolve(m["label"], lang)}]
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
        out.append(_("Category %(category)s (indicative distance to dwellings %(distance)g m), limited by: %(limit)s") % {"category": c["category"], "distance": c["distance_m"] or 0, "limit": resolve(c["limiting_label"], lang)})
        out.append(_("Zone types (indicative):"))
        out += [f"- {resolve(z['label'], lang)} — {_(z['status'])}" for z in c["zones"]]
        if c["mitigations"]:
            out.append(_("Mitigations:"))
        for mitigation in c["mitigations"]:
            out.append(f"- {resolve(mitigation['label'], lang)}")
    out += ["", f"## {_('Action plan')}", ""]
    for i, rec in enumerate(a.recommendations, 1):
        out.append(f"{i}. **{resolve(rec['title'], lang)}** ({resolve(rec['support_label'], lang)}) — {resolve(rec['text'], lang)}")
    out += ["", f"## {_('Data to collect')}", ""]
    for unknown in a.unknowns:
        where = _("product %(n)d") % {"n": unknown["product"] + 1} if unknown["product"] is not None else _(unknown["level"])
        out.append(f"- {resolve(unknown['label'], lang)} ({where})")
    return out
