"""Three-valued verdicts said as people would, shared by the Markdown report, the results page and
the PDF: "at least emerging, could be leading — collect: share of inputs from waste".

Every function reads a stored result (plain JSON), so results stored before the verdicts had a
"possible" side still read: a missing ``possible`` counts as decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from citymade.framework.model import Framework
from citymade.i18n import _, resolve

__all__ = [
    "collect_for",
    "model_verdict",
    "stage_verdict",
    "strength_name",
    "verdict_name",
    "zone_status_name",
    "category_verdict",
]

Json = Mapping[str, Any]


def strength_name(value: str) -> str:
    return {"none": _("none"), "emerging": _("emerging"), "established": _("established"), "leading": _("leading")}.get(value, value)


def zone_status_name(status: Any) -> str:
    return {
        "compatible": _("compatible"),
        "conditional": _("under conditions"),
        "incompatible": _("not compatible"),
        "undecided": _("undecided"),
        "unknown": _("not known"),
    }.get(str(status), str(status))


def model_verdict(model: Json) -> str:
    """"leading", or "at least emerging, could be leading", or "not shown yet, could be …"."""
    strength = str(model.get("strength") or "none")
    possible = str(model.get("possible") or strength)
    if possible == strength:
        return strength_name(strength)
    if strength == "none":
        return _("not shown yet, could be %(possible)s") % {"possible": strength_name(possible)}
    return _("at least %(strength)s, could be %(possible)s") % {"strength": strength_name(strength), "possible": strength_name(possible)}


def stage_verdict(maturity: Json, language: str | None = None) -> str:
    """"3 · Covers its costs" or "at least 2 · Start-up, could be up to 6 · Established SME"."""
    stage = maturity.get("stage")
    label = resolve(maturity.get("label"), language)
    possible = maturity.get("stage_possible", stage)
    if possible is None or possible == stage:
        return f"{stage} · {label}"
    return _("at least %(stage)s · %(label)s, could be up to %(possible)s · %(possible_label)s") % {
        "stage": stage,
        "label": label,
        "possible": possible,
        "possible_label": resolve(maturity.get("possible_label"), language),
    }


def category_verdict(cohabitation: Json) -> str:
    category = cohabitation.get("category")
    possible = cohabitation.get("category_possible", category)
    if category is None and possible is None:
        return _("not known")
    if possible is None or possible == category:
        return str(category)
    if category is None:
        return _("not known, could be up to %(possible)s") % {"possible": possible}
    return _("at least %(category)s, could be up to %(possible)s") % {"category": category, "possible": possible}


def verdict_name(framework: Framework, result: Json, verdict: str, language: str | None = None) -> str:
    """A verdict id of ``ask_next`` (``model:close_the_loop``, ``zone:housing`` …) in words."""
    kind, _sep, ref = verdict.partition(":")
    if kind == "model":
        model = next((m for m in framework.circular_models if m.id == ref), None)
        return resolve(model.label, language).split(" — ")[0] if model else ref
    if kind == "stage":
        return _("stage")
    if kind == "distance":
        return _("distance to dwellings")
    if kind == "zone":
        zone = next((z for z in framework.cohabitation.zones if z.id == ref), None)
        return resolve(zone.label, language) if zone else ref
    if kind == "flag":
        flag = next((f for f in framework.red_flags if f.id == ref), None)
        return _("red flag “%(flag)s”") % {"flag": resolve(flag.label, language)} if flag else ref
    if kind == "grade":
        dim = next((d for d in framework.dimensions if d.id == ref), None)
        return _("grade of “%(dimension)s”") % {"dimension": resolve(dim.label, language).split(" — ")[0]} if dim else ref
    return verdict


def collect_for(result: Json, verdict: str, language: str | None = None, limit: int = 3) -> list[str]:
    """Labels of the first "ask next" answers that could decide ``verdict`` (a verdict id or prefix)."""
    names = {int(p.get("index", i)): str(p.get("name") or "") for i, p in enumerate(result.get("products") or [])}
    found: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for item in result.get("ask_next") or []:
        decides = item.get("decides") or []
        if not any(d == verdict or d.startswith(verdict + ":") for d in decides):
            continue
        question = str(item.get("question"))
        if question not in found:
            if len(found) >= limit:
                continue
            found[question] = []
            labels[question] = resolve(item.get("label"), language)
        if item.get("product") is not None:
            found[question].append(int(item["product"]))
    out = []
    for question, products in found.items():
        text = labels[question]
        if len(products) == 1 and len(names) > 1 and names.get(products[0]):
            text = f"{text} ({names[products[0]]})"
        out.append(text)
    return out
