"""Plain records the portfolio figures are computed from (one per database row, no Django)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "AttendanceRecord",
    "CompanyFacts",
    "DiagnosticRecord",
    "JobsRecord",
    "MilestoneRecord",
    "PartnerRecord",
    "StatusRecord",
    "SupportRecord",
]

MEMBER = "member"
ADVICE = "advice"
INDUSTRIALISED = "industrialised"
BREAK_EVEN = "break_even"


@dataclass(frozen=True, kw_only=True)
class StatusRecord:
    """A company's membership status from ``date`` on (prospect, candidate, member, alumni)."""

    id: int
    company_id: int
    status: str
    date: dt.date


@dataclass(frozen=True, kw_only=True)
class PartnerRecord:
    """A support organisation or public body beside the cluster, from ``joined_on`` to ``left_on``."""

    id: int
    name: str
    joined_on: dt.date
    left_on: dt.date | None = None

    def active_on(self, day: dt.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


@dataclass(frozen=True, kw_only=True)
class SupportRecord:
    id: int
    company_id: int
    date: dt.date
    type: str
    advisor: str = ""
    minutes: int = 0


@dataclass(frozen=True, kw_only=True)
class AttendanceRecord:
    """One organisation invited to one event, and whether it came."""

    id: int
    event_id: int
    date: dt.date
    attended: bool
    company_id: int | None = None
    partner_id: int | None = None

    @property
    def organisation(self) -> tuple[str, int]:
        if self.company_id is not None:
            return ("company", self.company_id)
        return ("partner", self.partner_id or 0)


@dataclass(frozen=True, kw_only=True)
class DiagnosticRecord:
    """A finished (submitted or validated) diagnostic: its date and the stage it found."""

    id: int
    company_id: int
    date: dt.date
    stage: int | None = None


@dataclass(frozen=True, kw_only=True)
class MilestoneRecord:
    """A milestone the cluster counts: ``industrialised`` (first industrialised production) or ``break_even``."""

    id: int
    company_id: int
    kind: str
    date: dt.date


@dataclass(frozen=True, kw_only=True)
class JobsRecord:
    """A company's jobs in full-time equivalents, as known on ``date``."""

    id: int
    company_id: int
    date: dt.date
    fte: float


@dataclass(frozen=True, kw_only=True)
class CompanyFacts:
    """What the dashboards know of one company today (its latest diagnostic, contacts, jobs)."""

    id: int
    name: str
    slug: str = ""
    status: str = ""
    municipality: str = ""
    sector: str = ""
    founded_on: dt.date | None = None
    stage: int | None = None
    #: the highest stage still possible while answers are unknown (= ``stage`` when decided)
    stage_possible: int | None = None
    models: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    last_diagnostic: dt.date | None = None
    last_contact: dt.date | None = None
    #: who made the last contact (a full name; empty when not known, e.g. an event)
    contacted_by: str = ""
    fte: float | None = None
    scores: dict[str, float] = field(default_factory=dict)
