"""The annual review for the board, from the database: the cluster's targets and narrative per
year (set by an advisor or the administrator, audited), the breakdowns of the members and the
:class:`~citymade.portfolio.board.Board` the page, the PDF and the workbook are made from."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from citymade.portfolio import vocabulary
from citymade.portfolio.board import Board
from citymade.portfolio.breakdowns import Breakdown, breakdowns
from citymade.portfolio.review import Review
from citymade.portfolio.targets import RATIOS, TARGET_MAX
from citymade.text import strip_control
from citymade.web.companies.models import Company
from citymade.web.core.audit import log_action
from citymade.web.portfolio.data import (
    ReviewData,
    diagnostic_records,
    diagnostic_summaries,
    finished_diagnostics,
    status_records,
)
from citymade.web.portfolio.models import NARRATIVE_MAX, ReviewNarrative, ReviewTarget

__all__ = ["board_for", "member_breakdowns", "narrative_for", "set_narrative", "set_targets", "targets_for"]


def targets_for(year: int) -> dict[str, float]:
    """``{figure key: target}`` set for ``year`` (a ratio's 0–1)."""
    return {key: float(value) for key, value in ReviewTarget.objects.filter(year=year).values_list("key", "value")}


def narrative_for(year: int) -> str:
    found = ReviewNarrative.objects.filter(year=year).values_list("text", flat=True).first()
    return found or ""


def _check(key: str, value: Decimal) -> None:
    top = Decimal(1) if key in RATIOS else Decimal(TARGET_MAX)
    if value < 0 or value > top or not value.is_finite():
        raise ValidationError({key: _("A target is a number from 0 to %(top)s.") % {"top": "100 %" if key in RATIOS else TARGET_MAX}})


@transaction.atomic
def set_targets(year: int, values: Mapping[str, Decimal | None], *, actor: Any) -> dict[str, float]:
    """Set (or, with ``None``, remove) the targets of ``year``; one audit entry with the targets
    before and after, only when something changed."""
    before = targets_for(year)
    for key, value in values.items():
        if value is None:
            ReviewTarget.objects.filter(year=year, key=key).delete()
            continue
        _check(key, value)
        ReviewTarget.objects.update_or_create(
            year=year, key=key, defaults={"value": value, "updated_by": actor if getattr(actor, "is_authenticated", False) else None}
        )
    after = targets_for(year)
    if after != before:
        log_action("review.targets_changed", actor=actor, before={"year": year, **before}, after={"year": year, **after})
    return after


@transaction.atomic
def set_narrative(year: int, text: str, *, actor: Any) -> str:
    """Set what the cluster says of ``year`` (plain text, at most :data:`NARRATIVE_MAX` characters;
    control characters other than line breaks are taken out), audited with before and after."""
    text = "\n".join(strip_control(line).rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")).strip()
    if len(text) > NARRATIVE_MAX:
        raise ValidationError({"narrative": _("The narrative is longer than %(max)d characters.") % {"max": NARRATIVE_MAX}})
    before = narrative_for(year)
    if text == before:
        return text
    ReviewNarrative.objects.update_or_create(
        year=year, defaults={"text": text, "updated_by": actor if getattr(actor, "is_authenticated", False) else None}
    )
    log_action("review.narrative_changed", actor=actor, before={"year": year, "narrative": before}, after={"year": year, "narrative": text})
    return text


def member_breakdowns(year: int, data: ReviewData | None = None) -> dict[str, Breakdown]:
    """The members at the end of ``year`` (and the year before) by stage, circular model and
    municipality (``data``: :func:`~citymade.web.portfolio.data.review_data`, when already read)."""
    if data is not None:
        diagnostics = data.records["diagnostics"]
        found = {d.id: data.summaries[d.id] for d in diagnostics if d.date.year <= year and d.id in data.summaries}
        return breakdowns(
            year,
            statuses=data.records["statuses"],
            diagnostics=diagnostics,
            models={pk: tuple(s.get("models") or ()) for pk, s in found.items()},
            municipalities=data.municipalities,
            stages=sorted(vocabulary.stages()),
            model_ids=list(vocabulary.circular_models()),
        )
    diagnostics = diagnostic_records()
    models: dict[int, tuple[str, ...]] = {}
    qs = finished_diagnostics()
    if qs is not None and diagnostics:
        wanted = {d.id for d in diagnostics if d.date.year <= year}
        rows = qs.filter(pk__in=wanted).values_list("pk", "submitted_at")
        models = {pk: tuple(s.get("models") or ()) for pk, s in diagnostic_summaries(rows).items()}
    return breakdowns(
        year,
        statuses=status_records(),
        diagnostics=diagnostics,
        models=models,
        municipalities=dict(Company.objects.values_list("pk", "municipality")),
        stages=sorted(vocabulary.stages()),
        model_ids=list(vocabulary.circular_models()),
    )


def board_for(review: Review, previous: Review | None, *, language: str, data: ReviewData | None = None) -> Board:
    """Everything the board document of ``review``'s year shows, in ``language`` (``data``: the
    records ``review`` was computed from, not read again)."""
    name = str(getattr(settings, "CITYMADE_CLUSTER_NAME", "") or "citymade")
    logo, logo_format = None, ""
    if apps.is_installed("citymade.web.diagnostics"):  # the logo is read (and checked) where the reports read it
        from citymade.web.diagnostics.reporting import cluster_info

        found = cluster_info()
        name, logo, logo_format = found.name, found.logo, found.logo_format
    with translation.override(language):  # Django's formats, in the document's language
        generated = date_format(timezone.localdate(), "DATE_FORMAT")
    return Board(
        review=review,
        previous=previous,
        targets=targets_for(review.year),
        narrative=narrative_for(review.year),
        breakdowns=member_breakdowns(review.year, data),
        cluster=name,
        generated=generated,
        logo=logo,
        logo_format=logo_format,
    )
