from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "citymade.web.diagnostics"
    label = "diagnostics"
    verbose_name = _("Diagnostics")

    def ready(self) -> None:
        from citymade.web.accounts.roles import Role
        from citymade.web.api import diagnostics as _api  # noqa: F401  (registers the API router)
        from citymade.web.core import navigation

        navigation.register("diagnostics:list", _("Diagnostics"), frozenset({Role.ADMIN, Role.ADVISOR, Role.COMPANY}))
        try:
            from citymade.web.companies.panels import register_panel
        except ImportError:  # the company page has no panel registry in this version
            return
        register_panel(key="diagnostics", template="diagnostics/company_panel.html", context=_panel, order=10)

    def load_demo(self, companies: Any, *, now: Any) -> Any:
        """Three yearly diagnostics for most demo companies (called by ``citymade demo``)."""
        from citymade.web.diagnostics.demo import load_demo

        return load_demo(companies, now=now)


def _panel(request: Any, company: Any) -> Any:
    from citymade.web.diagnostics.presentation import company_panel

    return company_panel(request, company)
