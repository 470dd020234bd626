"""Diagnostics API: a company's diagnostics and one diagnostic's scored result.

Same scoping as the pages: a company user reaches only its own company's diagnostics (another
company's answer 404), observers are refused (403).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from citymade.web.accounts.roles import Role
from citymade.web.api.main import api
from citymade.web.companies.models import Company
from citymade.web.core.access import api_allow
from citymade.web.diagnostics.models import Diagnostic

router = Router(tags=["diagnostics"])
PEOPLE = (Role.ADMIN, Role.ADVISOR, Role.COMPANY)


class DiagnosticItem(Schema):
    id: int
    status: str
    date: dt.date
    version: int
    framework_version: str
    company_id: int
    submitted_at: dt.datetime | None = None
    validated_at: dt.datetime | None = None
    url: str


class DiagnosticOut(DiagnosticItem):
    company: str
    assessor: str | None = None
    answers: dict[str, Any]
    result: dict[str, Any] | None = None


def _item(d: Diagnostic) -> dict[str, Any]:
    return {
        "id": d.pk,
        "status": d.state,
        "date": d.assessed_on,
        "version": d.version,
        "framework_version": d.framework_version,
        "company_id": d.company_id,
        "submitted_at": d.submitted_at,
        "validated_at": d.validated_at,
        "url": f"/diagnostics/{d.pk}/",
    }


@router.get(
    "/companies/{company_id}/diagnostics",
    response=list[DiagnosticItem],
    summary="A company's diagnostics, newest first",
)
@api_allow(*PEOPLE)
def company_diagnostics(request: HttpRequest, company_id: int) -> list[dict[str, Any]]:
    company = get_object_or_404(Company.objects.visible_to(request.user), pk=company_id)
    return [_item(d) for d in Diagnostic.objects.filter(company=company).history()]


@router.get(
    "/diagnostics/{diagnostic_id}",
    response=DiagnosticOut,
    summary="One diagnostic: state, answers and scored result (null for a draft)",
)
@api_allow(*PEOPLE)
def diagnostic(request: HttpRequest, diagnostic_id: int) -> dict[str, Any]:
    d = get_object_or_404(
        Diagnostic.objects.visible_to(request.user).select_related("company", "assessor"), pk=diagnostic_id
    )
    return {
        **_item(d),
        "company": d.company.name,
        "assessor": d.assessor.get_full_name() or d.assessor.username if d.assessor else None,
        "answers": d.answers,
        "result": d.result,
    }


api.add_router("/", router)
