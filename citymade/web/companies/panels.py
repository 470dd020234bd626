"""Panels other apps add to the company page (the extension point of the company detail view).

An app contributes a panel from its ``AppConfig.ready``::

    from citymade.web.companies.panels import register_panel

    def diagnostics_context(request, company):
        if not company.diagnostics.exists() and request.user.role == "observer":
            return None                      # None hides the panel for this request
        return {"diagnostics": company.diagnostics.order_by("-date")}

    register_panel(
        key="diagnostics",
        template="diagnostics/company_panel.html",
        context=diagnostics_context,
        order=10,
    )

The company page renders the panels by ascending ``order`` (then ``key``), after the company's facts
and before its products, site and contacts. Each panel template is included with the page's context
(``company``, ``request``, ``user`` …) plus ``panel``: the dict its ``context`` callable returned,
so a template reads ``{{ panel.diagnostics }}``. It should render one ``<section>`` with an ``<h2>``.
The callable runs only for users who may see the company; it may return ``None`` to hide the panel.
Registering the same ``key`` again replaces the earlier panel (handy in tests and reloads).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from citymade.web.companies.models import Company

__all__ = ["Panel", "RenderedPanel", "panels_for", "register_panel", "unregister_panel"]

PanelContext = Callable[[HttpRequest, "Company"], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: PanelContext
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    """One panel ready for the template: its key, template and context for this request."""

    key: str
    template: str
    context: dict[str, Any]


_PANELS: dict[str, Panel] = {}


def register_panel(*, key: str, template: str, context: PanelContext, order: int = 100) -> Panel:
    """Add (or replace) the panel ``key`` on every company page."""
    panel = Panel(key=key, template=template, context=context, order=order)
    _PANELS[key] = panel
    return panel


def unregister_panel(key: str) -> None:
    _PANELS.pop(key, None)


def panels_for(request: HttpRequest, company: Company) -> list[RenderedPanel]:
    """The panels to show on ``company``'s page for this request, in order."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        data = panel.context(request, company)
        if data is not None:
            shown.append(RenderedPanel(key=panel.key, template=panel.template, context=data))
    return shown
