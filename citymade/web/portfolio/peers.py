"""Peer benchmarks for a company user and aggregates for observers, both behind the threshold of
:data:`citymade.portfolio.benchmark.MIN_GROUP` companies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from citymade.i18n import resolve
from citymade.portfolio import vocabulary
from citymade.portfolio.benchmark import MIN_GROUP, PeerRow, peer_benchmark, suppress_small
from citymade.portfolio.dashboard import by_model, by_municipality, stage_funnel
from citymade.web.companies.models import Company
from citymade.web.portfolio.data import company_facts, latest_summaries

__all__ = ["PeerGroup", "observer_aggregates", "peer_groups"]

IN_PORTFOLIO = ("member", "candidate")


@dataclass(frozen=True)
class PeerGroup:
    """A benchmark against one group (same model or same stage): ``rows`` is ``None`` when too small."""

    key: str
    title: str
    peers: int
    rows: list[PeerRow] | None


def peer_groups(company: Company, language: str) -> list[PeerGroup]:
    """The company's scores against peers of its stage and of each of its circular models."""
    latest = {company_id: summary for company_id, (_date, summary) in latest_summaries().items()}
    own = latest.get(company.pk)
    if own is None or not own["scores"]:
        return []
    others = [s for company_id, s in latest.items() if company_id != company.pk and s["scores"]]
    groups: list[tuple[str, str, list[dict[str, Any]]]] = []
    if own["stage"] is not None:
        title = vocabulary.label("stage", own["stage"], language)
        groups.append((f"stage-{own['stage']}", title, [s for s in others if s["stage"] == own["stage"]]))
    for model in own["models"]:
        groups.append((f"model-{model}", vocabulary.label("model", model, language), [s for s in others if model in s["models"]]))
    own_scores: dict[str, float | None] = dict(own["scores"])
    return [
        PeerGroup(key=key, title=title, peers=len(peers), rows=peer_benchmark(own_scores, [p["scores"] for p in peers]))
        for key, title, peers in groups
    ]


def dimension_labels(language: str) -> dict[str, str]:
    try:
        from citymade.framework.loader import load_framework

        return {d.id: resolve(d.label, language) for d in load_framework().dimensions}
    except Exception:  # the framework is being edited: fall back to the ids
        return {}


def observer_aggregates(language: str) -> dict[str, Any]:
    """Counts of the portfolio by status, stage, model and municipality; groups under 5 are hidden."""
    facts = company_facts()
    members = [f for f in facts if f.status in IN_PORTFOLIO]
    statuses = {s: sum(1 for f in facts if f.status == s) for s in Company.Membership.values}
    stages = stage_funnel(members, sorted(vocabulary.stages()))
    models = by_model(members, list(vocabulary.circular_models()))
    return {
        "minimum": MIN_GROUP,
        "total": len(members) if len(members) >= MIN_GROUP else None,
        # The total is members + candidates: neither may be worked out from it and the other.
        "statuses": [
            (Company.Membership(s).label, v)
            for s, v in suppress_small(statuses, totals=[IN_PORTFOLIO]).items()
        ],
        "stages": [
            (vocabulary.label("stage", s, language) if s is not None else None, v)
            for s, v in suppress_small(stages).items()  # type: ignore[arg-type]
        ],
        "models": [(vocabulary.label("model", m, language), v) for m, v in suppress_small(models).items()],
        "municipalities": [(m, v) for m, v in suppress_small(by_municipality(members)).items() if m],
    }
