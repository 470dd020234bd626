"""The framework as typed data: dimensions → criteria → questions, plus the rules that score them.

Every class mirrors one block of the framework YAML (see ``docs/framework.md``). Labels are
language maps ``{fr, nl, en}``; the loader (:mod:`citymade.framework.loader`) checks that all three
are present, that ids are unique, that rules reference existing questions and that weights add up.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, model_validator

__all__ = [
    "Band",
    "CircularModel",
    "Cohabitation",
    "Condition",
    "Criterion",
    "Derived",
    "DiagnosticKind",
    "Dimension",
    "EvidenceRule",
    "Framework",
    "Grade",
    "IndicatorScore",
    "Level",
    "Maturity",
    "NuisanceCategory",
    "NuisanceComponent",
    "Option",
    "Question",
    "QuestionType",
    "Recommendation",
    "RedFlag",
    "Stage",
    "Text",
    "ZoneType",
]

Text = dict[str, str]
"""A language map ``{"fr": …, "nl": …, "en": …}``."""

Level = Literal["product", "company", "site"]
QuestionType = Literal["choice", "multi_choice", "number", "yes_no", "scale", "text"]
LEVELS: tuple[str, ...] = ("product", "company", "site")
STRENGTHS: tuple[str, ...] = ("none", "emerging", "established", "leading")

def _as_text(value: Any) -> Any:
    # `version: 2026.1` or a category written `3.1` / `6` without quotes reads as a number in YAML
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


Name = Annotated[str, BeforeValidator(_as_text)]
"""A version or category id; numbers written without quotes are taken as text."""

Band = tuple[float, float]
"""A point of a piecewise-linear scoring curve: (answer value, points 0–100)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Strict):
    """A test on an answer, a derived value, a score, a flag, a model or the stage.

    Exactly one subject (``question``, ``derived``, ``score``, ``flag``, ``model``, ``stage``) with
    operators, or one combinator (``all``, ``any``, ``not``). Unknown answers make a condition
    unknown (three-valued logic), never silently false.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    question: str | None = None
    derived: str | None = None
    score: str | None = None
    flag: str | None = None
    model: str | None = None
    stage: bool | None = None
    equals: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")
    contains: str | None = None
    gte: float | None = None
    lte: float | None = None
    gt: float | None = None
    lt: float | None = None
    known: bool | None = None
    at_least: Literal["emerging", "established", "leading"] | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _one_subject(self) -> Condition:
        subjects = [
            name
            for name in ("question", "derived", "score", "flag", "model", "stage", "all", "any", "not_")
            if getattr(self, name) is not None
        ]
        if len(subjects) != 1:
            raise ValueError(
                "a condition needs exactly one of question, derived, score, flag, model, stage, "
                f"all, any, not (found: {', '.join(subjects) or 'none'})"
            )
        return self

    def references(self) -> list[tuple[str, str]]:
        """Every (kind, id) this condition refers to, combinators included."""
        refs: list[tuple[str, str]] = []
        for kind in ("question", "derived", "score", "flag", "model"):
            value = getattr(self, kind)
            if value is not None:
                refs.append((kind, value))
        for child in (self.all or []) + (self.any or []) + ([self.not_] if self.not_ else []):
            refs.extend(child.references())
        return refs


class Option(_Strict):
    """One allowed value of a choice question, with the points it gives (0–100) when scored."""

    value: str
    label: Text
    points: float | None = Field(default=None, ge=0, le=100)
    #: answers this option settles at the same level (``food`` settles "durable good?" as no), which
    #: are then filled in and not asked
    implies: dict[str, Any] = {}


class Question(_Strict):
    """A question an advisor asks; ``weight`` > 0 makes it count in its criterion's score."""

    id: str
    type: QuestionType
    label: Text
    help: Text | None = None
    options: list[Option] = []
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    required: bool = False
    condition: Condition | None = None
    weight: float = Field(default=0, ge=0)
    bands: list[Band] | None = None
    yes_points: float | None = Field(default=None, ge=0, le=100)
    no_points: float | None = Field(default=None, ge=0, le=100)
    combine: Literal["sum", "min"] = "sum"
    #: for a scale: a one-line descriptor of each level, so people choose a level, not a number
    levels: dict[int, Text] = {}

    _option_values: frozenset[str] | None = PrivateAttr(default=None)

    def option_values(self) -> frozenset[str]:
        """The allowed option values (computed once)."""
        private = self.__pydantic_private__
        assert private is not None
        found: frozenset[str] | None = private["_option_values"]
        if found is None:
            found = private["_option_values"] = frozenset(o.value for o in self.options)
        return found


class DiagnosticKind(_Strict):
    """A kind of diagnostic (``quick``, ``full``): which questions it asks and how long it takes.

    A quick scan asks only ``questions`` (and their follow-ups); the full diagnostic asks every
    question except ``detail`` ones (figures from documents), which it shows on request or once
    answered. ``seconds_per_question`` estimates the time shown on the start page."""

    label: Text
    description: Text
    seconds_per_question: float = Field(gt=0, le=600)
    questions: list[str] = []
    detail: list[str] = []


class IndicatorScore(_Strict):
    """A derived value (e.g. the MCI) turned into points inside a criterion."""

    id: str
    derived: str
    weight: float = Field(gt=0)
    bands: list[Band]
    label: Text


class Criterion(_Strict):
    """A scored group of questions; its weight counts inside its dimension."""

    id: str
    label: Text
    help: Text | None = None
    weight: float = Field(default=0, ge=0)
    questions: list[Question] = []
    indicators: list[IndicatorScore] = []


class Dimension(_Strict):
    """A section of the diagnostic at one level (product, company or site)."""

    id: str
    label: Text
    help: Text | None = None
    level: Level
    section: str | None = None
    criteria: list[Criterion]


class Derived(_Strict):
    """A value computed by an indicator function from answers (MCI, LM3, growth …)."""

    id: str
    level: Level
    indicator: str
    label: Text
    unit: str | None = None
    inputs: dict[str, str | list[str] | float] = {}


class RedFlag(_Strict):
    """A product or site trait that caps a criterion's score and must be shown."""

    id: str
    family: str
    level: Level = "product"
    criterion: str
    cap: float = Field(ge=0, le=100)
    when: Condition
    label: Text


class EvidenceRule(_Strict):
    """Points a model earns when ``when`` holds; rules of one ``group`` are alternative routes to
    the same fact (a qualitative answer or a measured figure), so only the best of them counts."""

    id: str
    when: Condition
    points: float = Field(gt=0)
    label: Text
    group: str | None = None
    excluded_by: Condition | None = None


class CircularModel(_Strict):
    """One of the cluster's circular business models, with the evidence that supports it."""

    id: str
    number: int
    label: Text
    description: Text
    evidence: list[EvidenceRule]
    thresholds: dict[Literal["emerging", "established", "leading"], float]


class Stage(_Strict):
    number: int = Field(ge=0, le=9)
    id: str
    label: Text
    when: Condition | None = None


class ReadinessAxis(_Strict):
    id: str
    label: Text
    question: str


class Maturity(_Strict):
    """Stages from evidence, the readiness radar, OECD growth and the long-standing start-up flag."""

    stages: list[Stage]
    readiness: list[ReadinessAxis]
    employees_series: list[str]
    turnover_growth: str | None = None
    high_growth_threshold: float = 0.20
    eurostat_threshold: float = 0.10
    high_growth_min_start: float = 10
    age_question: str
    long_standing_min_years: float = 5
    long_standing_max_stage: int = 2


class NuisanceCategory(_Strict):
    id: Name
    distance_m: float


class NuisanceComponent(_Strict):
    """A nuisance (noise, odour …): which answer feeds it and how it maps to a category."""

    id: str
    label: Text
    #: alternative answers to the same fact (measured or qualitative): any one known decides it
    questions: list[str]
    #: answers that only give a lower bound (how incoming material arrives says nothing of the rest)
    partial: list[str] = []
    thresholds: list[tuple[float, Name]] = []
    choices: dict[str, Name] = {}


class FloorAreaLimit(_Strict):
    """The land-use plan's ceiling on productive floor area per building in a zone type."""

    max_m2: float = Field(gt=0)
    extended_max_m2: float | None = None
    extended_when: Text | None = None
    prescription: Text


class ZoneType(_Strict):
    id: str
    label: Text
    max_category: Name
    conditional_category: Name | None = None
    floor_area: FloorAreaLimit | None = None


class Mitigation(_Strict):
    id: str
    component: str
    label: Text


class Cohabitation(_Strict):
    """VNG-style categories and distances, the nuisance table and the zone-type tolerances."""

    categories: list[NuisanceCategory]
    components: list[NuisanceComponent]
    zones: list[ZoneType]
    zones_indicative: bool = True
    mitigations: list[Mitigation]
    mitigate_above: Name = "2"
    permit_classes: list[tuple[Name, Name]] = []
    #: the dimension that grades cohabitation, and the highest value it may keep when the distance
    #: to dwellings is not met or the site's zone is only conditionally compatible / incompatible
    grade_dimension: str | None = None
    grade_caps: dict[Literal["distance_not_met", "zone_conditional", "zone_incompatible"], float] = {}
    floor_area_question: str | None = None


class Recommendation(_Strict):
    """An action the cluster offers when ``when`` holds, with its support type and impact (1–5)."""

    id: str
    title: Text
    text: Text
    support: str
    impact: float = Field(ge=1, le=5)
    when: Condition
    scores: list[str] = []


class Consistency(_Strict):
    """A cross-field rule: shares of one whole add up to at most ``max`` (``sum_at_most``), or parts
    are at most their ``total`` (``parts_at_most_total``)."""

    id: str
    level: Level
    kind: Literal["sum_at_most", "parts_at_most_total"]
    questions: list[str]
    total: str | None = None
    max: float = 100
    label: Text


class Grade(_Strict):
    grade: Literal["A", "B", "C", "D", "E"]
    min: float


class Settings(_Strict):
    """Which questions and derived values feed the fixed sections of the report."""

    product_weight_question: str | None = None
    mci: str | None = None
    integration: str | None = None
    value_added_share: str | None = None
    value_added_per_m2: str | None = None
    occupancy_share: str | None = None
    affordability_family: str | None = None
    value_chain_steps: list[str] = []
    site_zone_question: str | None = None
    dwelling_distance_question: str | None = None
    urban_fit_dimension: str | None = None
    manufacture_dimension: str | None = None
    local_value_dimension: str | None = None
    eco_design_dimensions: dict[str, str] = {}
    #: the dimension that grades the offer of ``offer_models``: a proven strength of one of them
    #: raises it to at least ``offer_floors[strength]``
    offer_dimension: str | None = None
    offer_models: list[str] = []
    offer_floors: dict[str, float] = {}


class SupportFamily(_Strict):
    """A family of support types the annual review totals (individual support, simple advice)."""

    label: Text
    types: list[Name]


#: The support families the annual review counts; every support type belongs to one of them.
SUPPORT_FAMILIES = ("individual", "advice")


class Framework(_Strict):
    """The whole diagnostic framework: what is asked, how it is scored, what is recommended."""

    version: Name
    title: Text
    dimensions: list[Dimension]
    derived: list[Derived] = []
    red_flags: list[RedFlag] = []
    red_flag_families: dict[str, Text] = {}
    circular_models: list[CircularModel] = []
    maturity: Maturity
    cohabitation: Cohabitation
    support_types: dict[str, Text]
    support_families: dict[str, SupportFamily] = {}
    recommendations: list[Recommendation] = []
    consistency: list[Consistency] = []
    grades: list[Grade]
    settings: Settings = Settings()
    kinds: dict[str, DiagnosticKind] = {}

    _questions: dict[str, Question] = PrivateAttr(default_factory=dict)
    _question_levels: dict[str, str] = PrivateAttr(default_factory=dict)
    _compiled: Any = PrivateAttr(default=None)
    _by_level: dict[str, tuple[Question, ...]] = PrivateAttr(default_factory=dict)
    _memo: dict[Any, Any] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        for dimension in self.dimensions:
            for criterion in dimension.criteria:
                for question in criterion.questions:
                    self._questions.setdefault(question.id, question)
                    self._question_levels.setdefault(question.id, dimension.level)
        levels = self._question_levels
        self._by_level.update(
            {level: tuple(q for q in self._questions.values() if levels[q.id] == level) for level in LEVELS}
        )

    # Private attributes go through pydantic's slow __getattr__; these lookups sit in hot loops
    # (validating answers), so they read the private dict directly.
    def _lookup(self) -> dict[str, Any]:
        private = self.__pydantic_private__
        assert private is not None
        return private

    def question(self, question_id: str) -> Question:
        """The question with this id; ``KeyError`` when there is none."""
        found: Question = self._lookup()["_questions"][question_id]
        return found

    def has_question(self, question_id: str) -> bool:
        return question_id in self._lookup()["_questions"]

    def level_of(self, question_id: str) -> str:
        """The level (product, company, site) a question is asked at."""
        level: str = self._lookup()["_question_levels"][question_id]
        return level

    def questions(self) -> list[Question]:
        """Every question, in questionnaire order."""
        return list(self._questions.values())

    def questions_for_level(self, level: str) -> list[Question]:
        """The questions asked at ``level``, in questionnaire order."""
        return list(self._lookup()["_by_level"].get(level, ()))

    def memo(self, key: Any, make: Any) -> Any:
        """A value derived from this framework alone, made by ``make()`` on first use and kept with
        it: a framework never changes once loaded, so nothing kept here can go stale."""
        memo: dict[Any, Any] = self._lookup()["_memo"]
        try:
            return memo[key]
        except KeyError:
            value = memo[key] = make()
            return value

    def dimensions_for_level(self, level: str) -> list[Dimension]:
        return [d for d in self.dimensions if d.level == level]
