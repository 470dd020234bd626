"""What the process keeps in front of the cache is read by the pages, never changed by them
(citymade.web.core.memo: every caller of a process shares the same summary objects)."""

from __future__ import annotations

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.core.memo import Memo
from citymade.web.diagnostics.models import Diagnostic
from citymade.web.portfolio import data


@pytest.fixture
def demo(db, settings):
    from citymade.web.demo import load_demo

    settings.CITYMADE_DEVELOPMENT = True
    return load_demo()


def test_the_pages_read_the_summaries_and_leave_them_as_they_were(client, demo):
    from django.utils import timezone

    from citymade.web.portfolio.demo import demo_years

    advisor = User.objects.filter(role=Role.ADVISOR).first()
    client.force_login(advisor)
    data._SUMMARIES.clear()
    company = Diagnostic.objects.finished().first().company
    year = demo_years(timezone.localdate())[-1]
    urls = ["/portfolio/", f"/portfolio/review/{year}/", "/companies/", f"/companies/{company.slug}/", "/",
            f"/api/portfolio/review?year={year}", "/api/results"]
    assert client.get(urls[0]).status_code == 200
    assert len(data._SUMMARIES) > 10  # the dashboard read every finished diagnostic's summary
    before = copy.deepcopy(data._SUMMARIES._values)
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert data._SUMMARIES._values == before


def test_a_summary_read_again_comes_from_the_process_without_the_cache(demo):
    rows = data.finished_rows()
    pairs = [(pk, submitted) for pk, _c, _d, _v, submitted in rows]
    data._SUMMARIES.clear()
    first = data.diagnostic_summaries(pairs)
    with CaptureQueriesContext(connection) as queries:
        again = data.diagnostic_summaries(pairs)
    assert again == first and len(queries) == 0
    assert all(again[pk] is first[pk] for pk in first)  # the same objects: nothing unpickled


def test_a_full_memo_starts_again_empty():
    memo = Memo(limit=3)
    memo.set_many({"a": 1, "b": 2})
    memo.set_many({"c": 3})
    assert memo.get_many(["a", "b", "c", "d"]) == {"a": 1, "b": 2, "c": 3}
    memo.set_many({"d": 4})
    assert memo.get_many(["a", "d"]) == {"d": 4} and len(memo) == 1
