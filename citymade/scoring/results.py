"""The shape of an assessment: what ``evaluate`` returns and what the web stores as JSON.

Nested parts are ``TypedDict``s so the engine builds plain dicts (fast) while pydantic still knows
the schema; ``Assessment.model_dump(mode="json")`` is the stored snapshot. Texts are language maps
``{fr, nl, en}``; resolve them with :func:`citymade.i18n.resolve`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from typing_extensions import TypedDict

__all__ = [
    "Assessment",
    "Cohabitation",
    "CircularModelResult",
    "DimensionScore",
    "Effect",
    "FlagResult",
    "Maturity",
    "ProductResult",
    "RecommendationResult",
    "Score",
    "Unknown",
]

Text = dict[str, str]


class Effect(TypedDict):
    """One line of an explanation: which answer (or part score) moved a score, by how many points."""

    question: str | None
    answer: Any
    points: float
    rule: str
    text: Text


class Score(TypedDict):
    id: str
    label: Text
    value: float | None
    confidence: float
    grade: str | None
    explanation: list[Effect]


class DimensionScore(Score):
    level: str
    section: str | None
    criteria: list[Score]


class FlagResult(TypedDict):
    id: str
    family: str
    label: Text
    criterion: str
    cap: float
    product: int | None


class UrbanFit(TypedDict):
    value: float | None
    confidence: float
    grade: str | None
    limiting_characteristic: str | None
    limiting_label: Text | None
    characteristics: dict[str, float | None]


class ProductResult(TypedDict):
    index: int
    name: str
    weight: float
    dimensions: list[DimensionScore]
    urban_fit: UrbanFit | None
    red_flags: list[FlagResult]
    mci: float | None
    indicators: dict[str, float | None]


class EvidenceResult(TypedDict):
    rule: str
    points: float
    label: Text


class CircularModelResult(TypedDict):
    id: str
    number: int
    label: Text
    strength: str
    possible: str
    decided: bool
    points: float
    possible_points: float
    evidence: list[EvidenceResult]
    unknown: list[str]


class ReadinessResult(TypedDict):
    id: str
    label: Text
    value: int | None


class HighGrowth(TypedDict):
    employees_growth: float | None
    turnover_growth: float | None
    oecd: bool | None
    eurostat: bool | None
    threshold: float
    eurostat_threshold: float


class Maturity(TypedDict):
    stage: int
    stage_id: str
    label: Text
    stage_possible: int
    possible_label: Text
    decided: bool
    evidence: list[str]
    could_be_higher: list[int]
    readiness: list[ReadinessResult]
    high_growth: HighGrowth
    years_active: float | None
    long_standing_startup: bool | None
    pivots: list[dict[str, str]]


class ComponentResult(TypedDict):
    id: str
    label: Text
    category: str | None
    possible: str | None
    decided: bool
    value: Any
    questions: list[str]


class FloorAreaResult(TypedDict):
    max_m2: float
    extended_max_m2: float | None
    extended_when: Text | None
    prescription: Text
    area_m2: float | None
    status: str


class ZoneResult(TypedDict):
    id: str
    label: Text
    status: str
    best: str
    worst: str
    floor_area: FloorAreaResult | None


class MitigationResult(TypedDict):
    id: str
    component: str
    label: Text


class Cohabitation(TypedDict):
    category: str | None
    category_possible: str | None
    decided: bool
    distance_m: float | None
    distance_possible_m: float | None
    limiting_nuisance: str | None
    limiting_label: Text | None
    components: list[ComponentResult]
    zones: list[ZoneResult]
    site_zone: str | None
    site_zone_status: str | None
    distance_to_dwellings_m: float | None
    distance_sufficient: bool | None
    mitigations: list[MitigationResult]
    permit_class_estimate: str | None
    permit_class_possible: str | None
    indicative: bool
    confidence: float


class Affordability(TypedDict):
    value_added_per_m2: float | None
    occupancy_share: float | None
    flagged: bool


class ValueChain(TypedDict):
    integration_ratio: float | None
    value_added_share: float | None
    steps: dict[str, Any]
    affordability: Affordability


class RecommendationResult(TypedDict):
    id: str
    title: Text
    text: Text
    support: str
    support_label: Text
    impact: float
    expected_impact: float
    triggered_by: list[str]


class Unknown(TypedDict):
    question: str
    level: str
    product: int | None
    label: Text
    weight: float


class AskNext(TypedDict):
    """An unknown answer worth collecting, and the verdicts it could change if it were known."""

    question: str
    level: str
    product: int | None
    label: Text
    decides: list[str]
    impact: float


class UndecidedFlag(TypedDict):
    """A red flag that could hold: it fires only once the answers it rests on are known."""

    id: str
    family: str
    label: Text
    product: int | None
    questions: list[str]


class IndicatorGap(TypedDict):
    """Why a derived indicator could not be computed: answers missing, or answers in conflict."""

    missing: list[str]
    conflict: bool


class Assessment(BaseModel):
    """A full, explained assessment; ``model_dump(mode="json")`` is the stored result snapshot."""

    model_config = ConfigDict(frozen=True)

    framework_version: str
    answers_framework_version: str | None
    confidence: float
    dimensions: list[DimensionScore]
    products: list[ProductResult]
    circular: bool
    circular_models: list[CircularModelResult]
    eco_design: dict[str, float | None]
    manufacture: Score | None
    value_chain: ValueChain
    local_value: Score | None
    maturity: Maturity
    cohabitation: Cohabitation
    red_flags: list[FlagResult]
    indicators: dict[str, float | None]
    recommendations: list[RecommendationResult]
    unknowns: list[Unknown]
    ask_next: list[AskNext] = []
    undecided_flags: list[UndecidedFlag] = []
    indicator_gaps: dict[str, IndicatorGap] = {}

    def dimension(self, dimension_id: str) -> DimensionScore:
        """The company-profile score of one dimension; ``KeyError`` when absent."""
        for dim in self.dimensions:
            if dim["id"] == dimension_id:
                return dim
        raise KeyError(dimension_id)

    def score(self, score_id: str) -> Score:
        """A dimension (``"urban_fit"``) or criterion (``"urban_fit.geometry"``) score."""
        dim = self.dimension(score_id.partition(".")[0])
        if "." not in score_id:
            return dim
        for crit in dim["criteria"]:
            if crit["id"] == score_id:
                return crit
        raise KeyError(score_id)
