"""The diagnostic reads of the busiest pages, each a query whose SQL is written once (:mod:`citymade.web.core.shaped`).

Who may see what stays :meth:`DiagnosticQuerySet.visible_to`'s alone: the reads scoped to the user
are :class:`~citymade.web.core.shaped.ByRole`, built from it, so a change there changes them too.
"""

from __future__ import annotations

import datetime
from functools import cache
from typing import Any

from django.http import Http404

from citymade.web.core.shaped import ByRole, Shaped
from citymade.web.diagnostics.models import Diagnostic, TransitionLog

__all__ = ["earlier", "latest_of_company", "listing", "locked", "of_company", "previous", "transitions", "visible", "visible_or_404"]


@cache
def _visible(defer: tuple[str, ...]) -> ByRole:
    return ByRole(
        lambda viewer, pk: Diagnostic.objects.visible_to(viewer).select_related("company", "assessor").defer(*defer).filter(pk=pk),
        int,
        name="diagnostic",
    )


def visible(user: Any, pk: int, *, defer: tuple[str, ...] = ()) -> Diagnostic | None:
    """The diagnostic ``pk`` with its company and assessor, if ``user`` may see it, else ``None``:
    ``Diagnostic.objects.visible_to(user).select_related("company", "assessor").defer(*defer)
    .filter(pk=pk).first()``."""
    found: Diagnostic | None = _visible(defer).first(user, pk)
    return found


def visible_or_404(user: Any, pk: int, *, defer: tuple[str, ...] = ()) -> Diagnostic:
    """:func:`visible`, or 404 (``get_object_or_404``)."""
    found = visible(user, pk, defer=defer)
    if found is None:
        raise Http404("No Diagnostic matches the given query.")
    return found


#: the diagnostics the list page shows, newest first
LISTED = 200

_LISTING = ByRole(
    lambda viewer: Diagnostic.objects.visible_to(viewer)
    .select_related("company")
    .only("assessed_on", "version", "state", "company__name")
    .history()[:LISTED],
    name="diagnostics list",
)


def listing(user: Any) -> list[Diagnostic]:
    """The newest :data:`LISTED` diagnostics ``user`` may see, with only the columns the list shows
    (the date, version, state and company name)."""
    found: list[Diagnostic] = _LISTING(user)
    return found


_OF_COMPANY = Shaped(
    lambda company_id: Diagnostic.objects.filter(company_id=company_id)
    .select_related("assessor")
    .defer("answers", "result")
    .history(),
    int,
    name="a company's diagnostics",
)


def of_company(company: Any) -> list[Diagnostic]:
    """Every diagnostic of ``company``, newest first, with its assessor, without answers and result."""
    found: list[Diagnostic] = _OF_COMPANY(company.pk)
    return found


_LATEST_OF_COMPANY = ByRole(
    lambda viewer, company_id: Diagnostic.objects.visible_to(viewer)
    .filter(company_id=company_id)
    .defer("answers", "result")
    .history()[:5],
    int,
    name="a company's latest diagnostics",
)


def latest_of_company(user: Any, company: Any) -> list[Diagnostic]:
    """The company's latest five diagnostics ``user`` may see, newest first, without their answers
    and result (the company page's panel)."""
    found: list[Diagnostic] = _LATEST_OF_COMPANY(user, company.pk)
    return found


@cache
def _earlier(defer: tuple[str, ...]) -> Shaped:
    return Shaped(
        lambda company_id, assessed_on, version, pk: Diagnostic.objects.finished()
        .defer(*defer)
        .filter(company_id=company_id)
        .before(assessed_on, version)
        .exclude(pk=pk)
        .history()[:1],
        int,
        datetime.date,
        int,
        int,
        name="earlier diagnostic",
    )


def earlier(diagnostic: Diagnostic, *, defer: tuple[str, ...] = ()) -> Diagnostic | None:
    """The company's latest finished diagnostic before ``diagnostic``: the base of "what moved"
    (:meth:`Diagnostic.earlier` asks this). ``defer`` names fields not to read now (the large
    ``result``, when only the id is needed)."""
    found: Diagnostic | None = _earlier(defer).first(diagnostic.company_id, diagnostic.assessed_on, diagnostic.version, diagnostic.pk)
    return found


_LOCKED = Shaped(lambda pk: Diagnostic.objects.select_for_update().filter(pk=pk), int, name="diagnostic to change")


def locked(pk: int) -> Diagnostic:
    """``Diagnostic.objects.select_for_update().get(pk=pk)``: the row, locked until the end of the
    transaction the caller holds (on PostgreSQL; SQLite's write transaction locks the whole file)."""
    found: list[Diagnostic] = _LOCKED(pk)
    if not found:
        raise Diagnostic.DoesNotExist("Diagnostic matching query does not exist.")
    return found[0]


_TRANSITIONS = Shaped(
    lambda pk: TransitionLog.objects.filter(diagnostic_id=pk).select_related("by"), int, name="transitions"
)


def transitions(diagnostic: Diagnostic) -> list[TransitionLog]:
    """The diagnostic's transitions in order, each with who fired it (``diagnostic.transitions``)."""
    logs: list[TransitionLog] = _TRANSITIONS(diagnostic.pk)
    for log in logs:
        log.diagnostic = diagnostic  # as the related manager sets it
    return logs


_PREVIOUS = Shaped(lambda pk: Diagnostic.objects.filter(pk=pk).only("pk", "version")[:1], int, name="previous version")


def previous(diagnostic: Diagnostic, earlier: Diagnostic | None) -> Diagnostic | None:
    """The diagnostic this one revises (its id and version), often the earlier one already read."""
    if not diagnostic.previous_id:
        return None
    if earlier is not None and earlier.pk == diagnostic.previous_id:
        return earlier
    found: Diagnostic | None = _PREVIOUS.first(diagnostic.previous_id)
    return found
