"""The cluster's follow-up as plain Python: the annual review, dashboards, peer benchmarks, tables.

Nothing here imports Django. The web app turns its rows into the plain records of
:mod:`citymade.portfolio.records` and calls these functions, so a test or a notebook can compute the
same figures from records it builds by hand.
"""

from citymade.portfolio.records import (
    AttendanceRecord,
    CompanyFacts,
    DiagnosticRecord,
    EventRecord,
    JobsRecord,
    MilestoneRecord,
    PartnerRecord,
    StatusRecord,
    SupportRecord,
)
from citymade.portfolio.review import REVIEW_KEYS, Review, compute_review

__all__ = [
    "REVIEW_KEYS",
    "AttendanceRecord",
    "CompanyFacts",
    "DiagnosticRecord",
    "EventRecord",
    "JobsRecord",
    "MilestoneRecord",
    "PartnerRecord",
    "Review",
    "StatusRecord",
    "SupportRecord",
    "compute_review",
]
