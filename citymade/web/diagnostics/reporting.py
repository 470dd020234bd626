"""The diagnostic's PDF report: the core report model typeset in the reader's language.

The web gathers what the core report takes as plain data: the cluster's name, contact and logo
(settings ``CITYMADE_CLUSTER_*``), the next meeting, the advisor's name and the note typed at
validation.
"""

from __future__ import annotations

import dataclasses
import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

from citymade.reports.diagnostic import ClusterInfo, ReportInfo, build_report
from citymade.reports.pdf import render_pdf as typeset
from citymade.web.accounts.roles import STAFF_ROLES
from citymade.web.diagnostics import engine
from citymade.web.diagnostics.models import Diagnostic, TransitionLog

logger = logging.getLogger(__name__)

#: Logo file types the PDF embeds, by suffix; a logo above the size limit is left out.
LOGO_FORMATS = {".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".svg": "svg"}
LOGO_MAX_BYTES = 2_000_000


@lru_cache(maxsize=4)
def _logo(path: str) -> tuple[bytes | None, str]:
    if not path:
        return None, ""
    file = Path(path)
    kind = LOGO_FORMATS.get(file.suffix.lower())
    try:
        data = file.read_bytes() if kind else b""
    except OSError as exc:
        logger.warning("CITYMADE_CLUSTER_LOGO %s cannot be read (%s): the reports have no logo", path, exc)
        return None, ""
    if not kind or not data or len(data) > LOGO_MAX_BYTES:
        logger.warning("CITYMADE_CLUSTER_LOGO %s is not a PNG, JPEG or SVG under 2 MB: the reports have no logo", path)
        return None, ""
    return data, kind


def cluster_info() -> ClusterInfo:
    """The cluster as the settings name it."""
    logo, kind = _logo(str(getattr(settings, "CITYMADE_CLUSTER_LOGO", "") or ""))
    return ClusterInfo(
        name=str(getattr(settings, "CITYMADE_CLUSTER_NAME", "") or "citymade"),
        contact=str(getattr(settings, "CITYMADE_CLUSTER_CONTACT", "") or ""),
        logo=logo,
        logo_format=kind,
    )


def _name(user: object) -> str:
    """A person's full name; the user name only when no name is set."""
    if user is None:
        return ""
    return str(user.get_full_name() or user.username)  # type: ignore[attr-defined]


def follow_up_info(diagnostic: Diagnostic, info: ReportInfo) -> ReportInfo:
    """``info`` with page one's follow-up: the next meeting, the advisor and the validation note.

    The advisor is whoever validated the diagnostic; before validation, its assessor when that is
    cluster staff (a company's own user is not its advisor)."""
    validation = (
        TransitionLog.objects.filter(diagnostic=diagnostic, transition="validate").select_related("by").order_by("-at", "-pk").first()
    )
    advisor = _name(validation.by) if validation is not None and validation.by is not None else ""
    assessor = diagnostic.assessor
    if not advisor and assessor is not None and getattr(assessor, "role", None) in STAFF_ROLES:
        advisor = _name(assessor)
    return dataclasses.replace(
        info,
        assessed_on=diagnostic.assessed_on,
        next_meeting=diagnostic.next_meeting_on,
        advisor=advisor,
        validation_note=validation.note.strip() if validation is not None else "",
        cluster=cluster_info(),
    )


def render_pdf(diagnostic: Diagnostic, language: str) -> bytes:
    """PDF bytes of a finished diagnostic's report in ``language`` (fr, nl or en)."""
    from citymade.web.diagnostics.presentation import report_info

    with translation.override(language):
        earlier = diagnostic.earlier()
        report = build_report(
            engine.current_framework(),
            diagnostic.result or {},
            info=follow_up_info(diagnostic, report_info(diagnostic, language)),
            previous=earlier.result if earlier is not None else None,
            previous_date=date_format(earlier.assessed_on, "DATE_FORMAT") if earlier is not None else None,
        )
    return typeset(report)
