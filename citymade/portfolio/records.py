"""Plain records the portfolio figures are computed from (one per database row, no Django)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "AttendanceRecord",
    "CompanyFacts",
    "DiagnosticRecord",
    "EventRecord",
    "JobsRecord",
    "MilestoneRecord",
    "PartnerRecord",
    "StatusRecord",
    "SupportRecord",
]

PROSPECT = "prospect"
CANDIDATE = "candidate"
MEMBER = "member"
ALUMNI = "alumni"
#: a candidate member who stopped without becoming a member (not a former member)
STOPPED = "stopped"
ADVICE = "advice"
INDUSTRIALISED = "industrialised"
BREAK_EVEN = "break_even"

#: Organisation types of members and partners (``COMPANY`` counts in the share of companies).
COMPANY = "company"
ORGANISATION_TYPES = (COMPANY, "association", "research", "public", "support")

#: The two families of support types the review totals (``support_families`` in the framework).
INDIVIDUAL_FAMILY = "individual"
ADVICE_FAMILY = "advice"


@dataclass(frozen=True, kw_only=True)
class StatusRecord:
    """A company's membership status from ``date`` on (prospect, candidate, member, alumni)."""

    id: int
    company_id: int
    status: str
    date: dt.date


@dataclass(frozen=True, kw_only=True)
class PartnerRecord:
    """An organisation beside the cluster (not a member), from ``joined_on`` to ``left_on``; its
    ``organisation_type`` is one of :data:`ORGANISATION_TYPES`."""

    id: int
    name: str
    joined_on: dt.date
    left_on: dt.date | None = None
    organisation_type: str = "support"

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
class EventRecord:
    """An event (visit, open day, working-group meeting, general assembly) on ``date``."""

    id: int
    date: dt.date
    kind: str = ""
    working_group_id: int | None = None


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
