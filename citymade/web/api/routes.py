"""Every API operation, gathered on one :data:`api`; each is declared with
:func:`~citymade.web.core.access.api_allow` (the same permission layer as the pages)."""

from __future__ import annotations

from citymade.web.api import assess as _assess  # noqa: F401  (POST /api/assess)
from citymade.web.api import companies as _companies  # noqa: F401  (companies, products, sites)
from citymade.web.api import diagnostics as _diagnostics  # noqa: F401  (diagnostics)
from citymade.web.api import portfolio as _portfolio  # noqa: F401  (support actions, review)
from citymade.web.api import portfolio_records as _portfolio_records  # noqa: F401  (history: statuses, jobs, partners, groups, events)
from citymade.web.api import register as _register  # noqa: F401  (register figures)
from citymade.web.api import results as _results  # noqa: F401  (GET /api/results: the bulk export)
from citymade.web.api.main import api

__all__ = ["api"]
