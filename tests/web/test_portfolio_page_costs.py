"""The portfolio's pages read the cluster in a fixed number of queries, whatever the number of
companies, support actions and diagnostics: a loop of queries (one per company or per row) coming
back into the dashboard, the annual review, its API twin or the advisor's home fails here."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.portfolio.models import SupportAction


def _grow(count: int, advisor) -> None:
    start = Company.objects.count()
    for index in range(start, start + count):
        company = Company.objects.create(name=f"Atelier {index}", slug=f"atelier-{index}")
        for day in (1, 2):
            SupportAction.objects.create(company=company, advisor=advisor, type="coaching", date=dt.date(2025, 3, day))


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_portfolio_pages_read_in_a_fixed_number_of_queries(world, login):
    advisor = world.users[Role.ADVISOR]
    client = login(advisor)
    urls = ["/portfolio/", "/portfolio/review/2025/", "/"]
    _grow(2, advisor)
    few = [_queries(client, url) for url in urls]
    _grow(6, advisor)
    many = [_queries(client, url) for url in urls]
    assert many == few
    dashboard, review, home = few
    # the review's records, its breakdowns and its years are read once (23 queries before, here)
    assert review <= 14
    assert dashboard <= 16 and home <= 16
