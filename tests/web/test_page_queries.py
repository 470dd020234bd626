"""Pages that list many rows read them in a fixed number of queries (no query per row).

The lists read only the columns they show (``.only``): a field read by a template but left out of
the query would cost one more query per row, which these tests would catch.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.diagnostics import services


def _drafts(count: int, user) -> None:
    start = Company.objects.count()
    for index in range(start, start + count):
        company = Company.objects.create(name=f"Atelier {index}", slug=f"atelier-{index}")
        services.start_diagnostic(company=company, user=user)


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_diagnostic_list_reads_its_rows_in_a_fixed_number_of_queries(world, login):
    advisor = world.users[Role.ADVISOR]
    client = login(advisor)
    _drafts(2, advisor)
    few, _page = _queries(client, "/diagnostics/")
    _drafts(5, advisor)
    many, page = _queries(client, "/diagnostics/")
    assert many == few
    # what a row shows: the company, the version and the state's label, and the links
    assert "Atelier 6" in page and 'class="state state-draft"' in page
    for company in Company.objects.filter(diagnostics__isnull=False):
        diagnostic = company.diagnostics.get()
        assert f'href="/diagnostics/{diagnostic.pk}/"' in page
        assert f'href="/diagnostics/company/{company.slug}/"' in page
