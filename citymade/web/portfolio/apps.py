from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "citymade.web.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self) -> None:
        from citymade.web.accounts.roles import Role
        from citymade.web.api import portfolio as _api  # noqa: F401  (registers the API router)
        from citymade.web.companies.panels import register_panel
        from citymade.web.core import navigation
        from citymade.web.portfolio import signals as _signals  # noqa: F401
        from citymade.web.portfolio.panels import company_panel, peer_panel

        staff = frozenset({Role.ADMIN, Role.ADVISOR})
        navigation.register("portfolio:dashboard", _("Portfolio"), staff)
        navigation.register("portfolio:review", _("Annual review"), staff)
        navigation.register("portfolio:figures", _("Key figures"), frozenset({Role.OBSERVER}))
        register_panel(key="portfolio", template="portfolio/company_panel.html", context=company_panel, order=20)
        register_panel(key="peers", template="portfolio/peer_panel.html", context=peer_panel, order=30)

    def load_demo(self, companies: Any, *, now: Any) -> Any:
        """A few years of follow-up for the demo companies (called by ``citymade demo``)."""
        from citymade.web.portfolio.demo import load_demo

        return load_demo(companies, now=now)
