"""The diagnostic's PDF report: the core report model typeset in the reader's language."""

from __future__ import annotations

from django.utils import translation
from django.utils.formats import date_format

from citymade.reports.diagnostic import build_report
from citymade.reports.pdf import render_pdf as typeset
from citymade.web.diagnostics import engine
from citymade.web.diagnostics.models import Diagnostic


def render_pdf(diagnostic: Diagnostic, language: str) -> bytes:
    """PDF bytes of a finished diagnostic's report in ``language`` (fr, nl or en)."""
    from citymade.web.diagnostics.presentation import report_info

    with translation.override(language):
        earlier = diagnostic.earlier()
        report = build_report(
            engine.current_framework(),
            diagnostic.result or {},
            info=report_info(diagnostic, language),
            previous=earlier.result if earlier is not None else None,
            previous_date=date_format(earlier.assessed_on, "DATE_FORMAT") if earlier is not None else None,
        )
    return typeset(report)
