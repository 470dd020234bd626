from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.core.access import allow


@allow(Role.ADMIN, Role.ADVISOR, Role.COMPANY)
def company_list(request: HttpRequest) -> HttpResponse:
    companies = Company.objects.visible_to(request.user)
    return render(request, "companies/list.html", {"companies": companies})


@allow(Role.ADMIN, Role.ADVISOR, Role.COMPANY)
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company.objects.visible_to(request.user), slug=slug)
    return render(request, "companies/detail.html", {"company": company})
