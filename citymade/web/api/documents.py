"""Typed answers of the API's computed documents: the annual review and the register figures.

(The assessment result is :class:`citymade.scoring.results.Assessment` itself.) ``review_for`` and
``compute_figures`` build these shapes; the schemas check them on the way out and describe them in
the OpenAPI document.
"""

from __future__ import annotations

from ninja import Field, Schema

__all__ = ["FiguresOut", "ReviewOut"]


class ReviewOut(Schema):
    """The annual review of a year: the figures the cluster reports, computed from the records."""

    year: int
    members_total: int = Field(description="Members at the end of the year.")
    members_new: int
    partners_total: int
    partners_new: int
    members_and_partners: int = Field(description="Members plus partners at the end of the year.")
    joiners: int = Field(description="New members plus new partners of the year.")
    share_companies: float | None = Field(
        description="Organisations of the type company among the members and partners at the end of the year (0–1); null without any."
    )
    candidates_new: int = Field(description="Companies that became candidate members during the year.")
    candidates_became_members: int = Field(description="Candidate members that became members during the year.")
    candidates_stopped: int = Field(description="Candidate members that stopped during the year without becoming members.")
    participation_rate: float | None = Field(
        description="Members and candidates at the end of the year that attended at least one event of the year (0–1), each once; null without any."
    )
    working_groups: int = Field(description="Working groups that met during the year.")
    support_actions_by_type: dict[str, int]
    individual_support: int = Field(description="Support actions of the year in the family individual support.")
    simple_advice: int = Field(description="Support actions of the year in the family simple advice (introductions included).")
    diagnostics_done: int
    stage_progressions: int
    industrialised_projects: int
    break_even_reached: int
    jobs_fte: float


class _Region(Schema):
    key: str
    name: str
    postal_codes: list[int | str]


class _Definition(Schema):
    name: str
    version: int
    title: str
    classifications: list[str]
    families: list[str]


class _Pair(Schema):
    active: int
    production: int


class _Shares(Schema):
    enterprises: float
    establishments: float


class _Municipality(Schema):
    municipality: str
    municipality_fr: str
    municipality_nl: str
    postal_codes: list[str]
    production_enterprises: int
    production_establishments: int
    active_enterprises: int
    active_establishments: int


class _Division(Schema):
    division: str
    label: str
    production_enterprises: int
    production_establishments: int


class _StartYear(Schema):
    year: int
    production_enterprises: int
    production_establishments: int


class FiguresOut(Schema):
    """Key figures of production in a region, from the imported company register."""

    snapshot_date: str
    extract_number: int
    region: _Region
    production_definition: _Definition
    enterprises: _Pair
    establishments: _Pair
    production_share: _Shares
    employers: _Pair
    employer_share: float
    by_municipality: list[_Municipality]
    by_nace_division: list[_Division]
    by_start_year: list[_StartYear]
    notes: list[str]
