"""``evaluate(framework, answers) -> Assessment``: the generic, deterministic scoring engine.

Products are scored one by one (urban fit, eco-design, MCI, red flags), then aggregated into the
company profile weighted by their share of turnover (equal weights when a share is unknown); the
company and site are scored together; then circular models, maturity, cohabitation and the
ordered action plan are derived from the scores and answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from citymade.framework.answers import Answers, parse_answers
from citymade.framework.conditions import UNKNOWN
from citymade.framework.model import Framework
from citymade.i18n import use_language
from citymade.scoring.ask_next import ask_next, undecided_flags
from citymade.scoring.classification import circular_models, maturity
from citymade.scoring.cohabitation import cohabitation, grade_cap
from citymade.scoring.compiled import CompiledFramework, DimensionSpec, compiled
from citymade.scoring.results import (
    Assessment,
    DimensionScore,
    FlagResult,
    IndicatorGap,
    ProductResult,
    RecommendationResult,
    Score,
    ValueChain,
)
from citymade.scoring.rounding import round_to
from citymade.scoring.units import (
    UnitContext,
    apply_visibility,
    combine,
    compute_derived,
    known_only,
    not_applicable,
    red_flags,
    score_dimension,
)
from citymade.scoring.unknowns import unknown_answers
from citymade.scoring.wording import strength_name

__all__ = ["evaluate"]


def _cleaned(values: dict[str, Any]) -> dict[str, float | None]:
    """Derived values as reported: rounded to 4 decimals, None when unknown."""
    return {key: None if value is UNKNOWN else round_to(float(value), 4) for key, value in values.items()}


def _product_weights(framework: Framework, products: list[dict[str, Any]]) -> list[float]:
    question = framework.settings.product_weight_question
    if question and products:
        shares = [p.get(question) for p in products]
        numbers: list[int | float] = [s for s in shares if isinstance(s, (int, float)) and not isinstance(s, bool)]
        if len(numbers) == len(shares):
            total = float(sum(numbers))
            if total > 0:
                return [float(s) / total for s in numbers]
    return [1 / len(products)] * len(products) if products else []


def _score_product(cf: CompiledFramework, framework: Framework, index: int, answers: dict[str, Any], entity: Mapping[str, Any], weight: float, absent: set[str]) -> tuple[ProductResult, UnitContext]:
    ctx = UnitContext(cf, entity=entity, product=answers)
    if absent:
        ctx.hidden |= absent
    apply_visibility(ctx, "product")
    compute_derived(ctx, "product")
    flags = red_flags(ctx, "product", index)
    dims = [score_dimension(ctx, dim, flags) for dim in cf.dimensions["product"]]
    urban = None
    urban_id = framework.settings.urban_fit_dimension
    for dim in dims:
        if dim["id"] == urban_id:
            known = [c for c in dim["criteria"] if c["value"] is not None]
            weakest = min(known, key=lambda c: c["value"]) if known else None  # type: ignore[return-value, arg-type]
            urban = {
                "value": dim["value"],
                "confidence": dim["confidence"],
                "grade": dim["grade"],
                "limiting_characteristic": weakest["id"].partition(".")[2] if weakest else None,
                "limiting_label": weakest["label"] if weakest else None,
                "characteristics": {c["id"].partition(".")[2]: c["value"] for c in dim["criteria"]},
            }
    indicators = _cleaned(ctx.derived_values)
    mci_id = framework.settings.mci
    name = answers.get("name")
    result: ProductResult = {
        "index": index,
        "name": name if isinstance(name, str) else f"#{index + 1}",
        "weight": round_to(weight, 4),
        "dimensions": dims,
        "urban_fit": urban,  # type: ignore[typeddict-item]
        "red_flags": flags,
        "mci": indicators.get(mci_id) if mci_id else None,
        "indicators": indicators,
    }
    return result, ctx


def _aggregate(cf: CompiledFramework, dim: DimensionSpec, position: int, products: list[ProductResult], shown: list[tuple[str, str, dict[str, str]]]) -> DimensionScore:
    """A product dimension for the company profile: each criterion is the products' mean weighted by
    their share; ``shown`` is each product's (name, rule, text) for the explanation, built once."""
    criteria: list[Score] = []
    count = len(products)
    columns = [(product["weight"], product["dimensions"][position]["criteria"], seen) for product, seen in zip(products, shown, strict=True)]
    for ci, crit in enumerate(dim.criteria):
        total = weight_known = confidence = 0.0
        known: list[tuple[float, float, tuple[str, str, dict[str, str]]]] = []
        for weight, scores, seen in columns:
            score = scores[ci]
            # confidence is averaged with equal weights: an unknown turnover share must not
            # shift weight towards better-known products and so raise it
            confidence += score["confidence"] / count
            v = score["value"]
            if v is not None:
                total += weight * v
                weight_known += weight
                known.append((weight, v, seen))
        if known and weight_known <= 0:  # only products with a 0 % share are known: count them equally
            equal = 1 / len(known)
            total, weight_known = sum(v for _w, v, _s in known) / len(known), 1.0
            known = [(equal, v, seen) for _w, v, seen in known]
        criteria.append(
            {
                "id": crit.key,
                "label": crit.label,
                "value": total / weight_known if weight_known else None,
                "confidence": confidence,
                "grade": None,
                "explanation": [
                    {"question": None, "answer": name, "points": w * v / weight_known, "rule": rule, "text": text}
                    for w, v, (name, rule, text) in known
                ],
            }
        )
    return combine(cf, dim, criteria)


def _recommendations(cf: CompiledFramework, ctx: UnitContext) -> list[RecommendationResult]:
    """The recommendations whose condition holds, the largest expected impact first."""
    keyed: list[tuple[float, float, str, int, RecommendationResult]] = []
    scores = ctx.scores
    for rec in cf.recommendations:
        if rec.when.test(ctx) is not True:
            continue
        values = [v for s in rec.scores if (v := scores.get(s)) is not None]
        gap = sum([100 - v for v in values]) / (100 * len(values)) if values else 1.0
        expected = round_to(rec.impact * (0.5 + 0.5 * gap), 3)
        item: RecommendationResult = {
            "id": rec.id,
            "title": rec.title,
            "text": rec.text,
            "support": rec.support,
            "support_label": rec.support_label,
            "impact": rec.impact,
            "expected_impact": expected,
            "triggered_by": list(rec.triggered_by),
        }
        keyed.append((-expected, -rec.impact, rec.id, len(keyed), item))
    keyed.sort()  # the position keeps the order of equal keys (as a stable sort): items are never compared
    return [item for _e, _i, _id, _n, item in keyed]


def evaluate(framework: Framework, answers: Answers | Mapping[str, Any]) -> Assessment:
    """Score ``answers`` against ``framework``: a full, explained, deterministic assessment."""
    if not isinstance(answers, Answers):
        answers = parse_answers(framework, answers)
    cf = compiled(framework)
    settings = framework.settings
    entity = known_only({**answers.company, **answers.site})
    known_products = [known_only(p) for p in answers.products]
    weights = _product_weights(framework, answers.products)
    products: list[ProductResult] = []
    flags: list[FlagResult] = []
    product_derived: dict[str, list[tuple[float, Any]]] = {}
    product_contexts: list[UnitContext] = []
    absent = not_applicable(answers.company) | not_applicable(answers.site)
    for index, product_answers in enumerate(known_products):
        result, pctx = _score_product(
            cf, framework, index, product_answers, entity, weights[index], absent | not_applicable(answers.products[index])
        )
        products.append(result)
        product_contexts.append(pctx)
        flags.extend(result["red_flags"])
        for key, value in pctx.derived_values.items():
            product_derived.setdefault(key, []).append((weights[index], value))

    ctx = UnitContext(cf, entity=entity, products=known_products)
    if absent:
        ctx.hidden |= absent
    for level in ("company", "site"):
        apply_visibility(ctx, level)
    for key, pairs in product_derived.items():
        # a product indicator averaged over the products (by turnover share) is known only when it
        # is known for every product: the unknown ones could pull the average either way
        weight = sum(w for w, _v in pairs)
        if any(v is UNKNOWN for _w, v in pairs):
            ctx.derived_values[key] = UNKNOWN
        else:
            ctx.derived_values[key] = sum(w * float(v) for w, v in pairs) / weight if weight > 0 else sum(float(v) for _w, v in pairs) / len(pairs)
    compute_derived(ctx, "company")
    compute_derived(ctx, "site")
    site_flags = red_flags(ctx, "company", None) + red_flags(ctx, "site", None)
    flags.extend(site_flags)
    ctx.flags = {f["id"] for f in flags} | {f["family"] for f in flags}

    dimensions: list[DimensionScore] = []
    product_dims = cf.dimensions["product"]
    shown = [(p["name"], f"product[{p['index']}]", {"fr": p["name"], "nl": p["name"], "en": p["name"]}) for p in products]
    by_level = {
        "product": [_aggregate(cf, dim, i, products, shown) for i, dim in enumerate(product_dims)],
        "company": [score_dimension(ctx, dim, site_flags) for dim in cf.dimensions["company"]],
        "site": [score_dimension(ctx, dim, site_flags) for dim in cf.dimensions["site"]],
    }
    position = {level: 0 for level in by_level}
    for dim_model in framework.dimensions:
        dimensions.append(by_level[dim_model.level][position[dim_model.level]])
        position[dim_model.level] += 1
    for dim in dimensions:
        ctx.scores[dim["id"]] = dim["value"]
        for crit in dim["criteria"]:
            ctx.scores[crit["id"]] = crit["value"]

    models = circular_models(framework, ctx)
    _offer_follows_models(framework, cf, models, dimensions, ctx)
    stage = maturity(framework, ctx, answers)
    cohab = cohabitation(framework, ctx)
    _cap_cohabitation_grade(framework, cf, cohab, dimensions, ctx)
    open_flags = undecided_flags(cf, product_contexts, ctx)
    by_id = {d["id"]: d for d in dimensions}
    rank: dict[int | None, dict[str, int]] = {}
    to_ask = ask_next(
        framework,
        cf,
        ctx,
        product_contexts,
        models=models,
        maturity=stage,
        cohabitation=cohab,
        flags=open_flags,
        dimensions=by_id,
        product_dimensions=[p["dimensions"] for p in products],
        rank=rank,
    )
    units = [(pctx, "product", index) for index, pctx in enumerate(product_contexts)]
    unknowns = unknown_answers(cf, [*units, (ctx, "company", None), (ctx, "site", None)], rank)
    plan = _recommendations(cf, ctx)
    indicators = _cleaned(ctx.derived_values)
    gaps: dict[str, IndicatorGap] = {key: {"missing": list(missing), "conflict": conflict} for key, (missing, conflict) in ctx.gaps.items()}
    for pctx in product_contexts:
        for key, (missing, conflict) in pctx.gaps.items():
            gap = gaps.setdefault(key, {"missing": [], "conflict": False})
            gap["missing"] = list(dict.fromkeys([*gap["missing"], *missing]))
            gap["conflict"] = gap["conflict"] or conflict

    def derived(key: str | None) -> float | None:
        return indicators.get(key) if key else None

    value_chain: ValueChain = {
        "integration_ratio": derived(settings.integration),
        "value_added_share": derived(settings.value_added_share),
        "steps": {q: (None if ctx.value(q) is UNKNOWN else ctx.value(q)) for q in settings.value_chain_steps},
        "affordability": {
            "value_added_per_m2": derived(settings.value_added_per_m2),
            "occupancy_share": derived(settings.occupancy_share),
            "flagged": settings.affordability_family in ctx.flags,
        },
    }
    eco_design: dict[str, float | None] = {
        level: by_id[dim_id]["value"] for level, dim_id in settings.eco_design_dimensions.items()
    }
    if settings.mci:
        eco_design["mci"] = derived(settings.mci)
    confidences = [d["confidence"] for d in dimensions]
    return Assessment.model_construct(
        framework_version=framework.version,
        answers_framework_version=answers.framework,
        confidence=round_to(sum(confidences) / len(confidences), 3) if confidences else 0.0,
        dimensions=dimensions,
        products=products,
        circular=any(m["strength"] != "none" for m in models),
        circular_models=models,
        eco_design=eco_design,
        manufacture=by_id.get(settings.manufacture_dimension or ""),
        value_chain=value_chain,
        local_value=by_id.get(settings.local_value_dimension or ""),
        maturity=stage,
        cohabitation=cohab,
        red_flags=flags,
        indicators=indicators,
        recommendations=plan,
        unknowns=unknowns,
        ask_next=to_ask,
        undecided_flags=open_flags,
        indicator_gaps=gaps,
    )


def _cap_cohabitation_grade(framework: Framework, cf: CompiledFramework, cohab: Any, dimensions: list[DimensionScore], ctx: UnitContext) -> None:
    """The cohabitation grade cannot be better than the verdict: a distance not met or a site zone
    that tolerates the category only under conditions caps it below B; an incompatible one at E."""
    dim_id = framework.cohabitation.grade_dimension
    cap = grade_cap(framework, cohab)
    if dim_id is None or cap is None:
        return
    limit, reason = cap
    for dim in dimensions:
        value = dim["value"]
        if dim["id"] == dim_id and value is not None and value > limit:
            dim["explanation"].append({"question": None, "answer": None, "points": round(limit - value, 2), "rule": f"cohabitation.{reason}", "text": _CAP_TEXT[reason]})
            dim["value"] = limit
            dim["grade"] = cf.grade(limit)
            ctx.scores[dim_id] = limit


def _offer_follows_models(framework: Framework, cf: CompiledFramework, models: list[Any], dimensions: list[DimensionScore], ctx: UnitContext) -> None:
    """The offer dimension cannot contradict the models it stands for: when one of them is proven
    at a strength (never from unknowns: only its proven ``strength`` counts), the dimension is at
    least that strength's floor, and the explanation says which model raised it."""
    settings = framework.settings
    if not settings.offer_dimension or not settings.offer_floors:
        return
    best: tuple[float, Any] | None = None
    for model in models:
        floor = settings.offer_floors.get(model["strength"])
        if model["id"] in settings.offer_models and floor is not None and (best is None or floor > best[0]):
            best = (floor, model)
    if best is None:
        return
    floor, model = best
    for dim in dimensions:
        value = dim["value"]
        if dim["id"] == settings.offer_dimension and (value is None or value < floor):
            text = _offer_text(model["label"], model["strength"])
            dim["explanation"].append({"question": None, "answer": None, "points": round(floor - (value or 0), 2), "rule": f"model.{model['id']}", "text": text})
            dim["value"] = floor
            dim["grade"] = cf.grade(floor)
            ctx.scores[dim["id"]] = floor


def _offer_text(label: dict[str, str], strength: str) -> dict[str, str]:
    """The offer's explanation in every language, built once per model and strength: the
    strength's name comes from the catalog the pages use, which a process loads once."""
    key = (strength, label["fr"], label["nl"], label["en"])
    found = _OFFER_TEXTS.get(key)
    if found is None:
        found = {}
        for lang, template in _OFFER_TEXT.items():
            with use_language(lang):
                found[lang] = template.format(model=label[lang], strength=strength_name(strength))
        if len(_OFFER_TEXTS) >= 256:  # a framework has a handful of models: a bound, never reached
            _OFFER_TEXTS.clear()
        _OFFER_TEXTS[key] = found
    return dict(found)  # each assessment owns its explanation


_OFFER_TEXTS: dict[tuple[str, str, str, str], dict[str, str]] = {}

_OFFER_TEXT = {
    "fr": "Relevé au niveau du modèle {model}, prouvé {strength}",
    "nl": "Opgetrokken tot het niveau van het model {model}, bewezen {strength}",
    "en": "Raised to the level of the {model} model, proven {strength}",
}


_CAP_TEXT = {
    "distance_not_met": {"fr": "La distance aux logements est inférieure à celle de la catégorie de nuisance", "nl": "De afstand tot woningen is kleiner dan die van de hindercategorie", "en": "Dwellings are closer than the nuisance category's guide distance"},
    "zone_conditional": {"fr": "La zone du site ne tolère cette catégorie que sous conditions", "nl": "Het gebied van de site laat deze categorie alleen onder voorwaarden toe", "en": "The site's zone tolerates this category only under conditions"},
    "zone_incompatible": {"fr": "La catégorie de nuisance est incompatible avec la zone du site", "nl": "De hindercategorie is onverenigbaar met het gebied van de site", "en": "The nuisance category is incompatible with the site's zone"},
}
