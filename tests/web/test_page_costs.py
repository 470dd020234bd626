"""What made pages cheaper under load stays correct: lists read their rows in a fixed number of
queries (they read only the columns they show, ``.only``: a field read by a template but left out of
the query would cost one more query per row), audit entries do not read their company, and the
peer panel's scores are written exactly as the template filters wrote them.
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


def test_an_audit_entry_names_the_company_of_its_object_without_reading_it(world):
    from citymade.web.core.audit import log_action
    from citymade.web.diagnostics.models import Diagnostic

    draft = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR])
    diagnostic = Diagnostic.objects.get(pk=draft.pk)  # its company not read yet
    with CaptureQueriesContext(connection) as queries:
        entry = log_action("diagnostic.answers_saved", actor=world.users[Role.ADVISOR], obj=diagnostic)
    assert len(queries.captured_queries) == 1  # the insert
    assert entry.company_id == world.own.pk
    assert log_action("company.changed", obj=world.own).company_id == world.own.pk
    assert log_action("user.changed", obj=world.users[Role.COMPANY]).company_id == world.own.pk
    assert log_action("user.changed", obj=world.users[Role.ADVISOR]).company_id is None


def test_peer_scores_are_written_as_the_template_filters_write_them():
    import random

    from django.template import engines
    from django.utils import translation

    from citymade.web.portfolio.panels import whole

    filters = engines["django"].from_string('{{ v|floatformat:0|default:"—" }}')
    rng = random.Random(7)
    values = [None, 0.0, -0.0, 0.5, 1.5, 2.5, -0.4, -0.5, -2.5, 99.5, 100.0, 89.19, 1e-9, 12.4999999]
    values += [round(rng.uniform(-5, 105), rng.choice([0, 1, 2, 3])) for _ in range(2000)]
    for language in ("fr", "nl", "en"):
        with translation.override(language):
            for value in values:
                assert whole(value) == filters.render({"v": value}), (language, value)


def test_a_revision_links_to_the_version_it_revises_whether_or_not_that_is_the_earlier_one(world, login):
    """The "based on" link reuses the earlier diagnostic when it is the revised one (one query less)."""
    import datetime as dt

    from django.urls import reverse

    from citymade.web.diagnostics.models import Diagnostic

    client = login(world.users[Role.ADVISOR])
    empty = {"company": {}, "products": [], "site": {}}

    def make(version: int, on: dt.date, previous=None) -> Diagnostic:
        return Diagnostic.objects.create(
            company=world.own, framework_version="test", state="validated", assessed_on=on, version=version,
            previous=previous, result={"recommendations": []}, answers=empty,
        )

    first = make(1, dt.date(2024, 1, 10))
    second = make(2, dt.date(2024, 6, 10))
    revised_latest = make(3, dt.date(2025, 1, 10), previous=second)  # revises the earlier one
    revised_oldest = make(4, dt.date(2025, 2, 10), previous=first)  # revises an older one
    for shown, based_on in ((revised_latest, second), (revised_oldest, first)):
        page = client.get(reverse("diagnostics:detail", args=[shown.pk])).content.decode()
        link = page.split('id="log"')[1].split("</section>")[0]
        assert f'href="/diagnostics/{based_on.pk}/">version {based_on.version}</a>' in link
    assert "Based on" not in client.get(reverse("diagnostics:detail", args=[first.pk])).content.decode()


def test_each_companys_latest_counted_diagnostic_is_the_newest_by_date_then_version(world):
    """``latest_summaries`` picks, per company, the newest diagnostic that counts (read in one query)."""
    import datetime as dt

    from citymade.web.diagnostics.models import Diagnostic
    from citymade.web.portfolio.data import latest_summaries

    empty = {"company": {}, "products": [], "site": {}}

    def make(company, version: int, on: dt.date, state: str = "validated", assessor=None) -> Diagnostic:
        # the stage names the version, so the test sees which one was picked
        return Diagnostic.objects.create(
            company=company, framework_version="test", state=state, assessed_on=on, version=version,
            assessor=assessor, result={"maturity": {"stage": version}}, answers=empty,
        )

    make(world.own, 1, dt.date(2025, 3, 1))
    newest_own = make(world.own, 3, dt.date(2025, 5, 1))
    make(world.own, 2, dt.date(2025, 5, 1))  # same day, lower version
    make(world.own, 4, dt.date(2025, 9, 1), state="draft")  # not finished: does not count
    make(world.own, 5, dt.date(2025, 10, 1), state="submitted", assessor=world.users[Role.COMPANY])  # not validated
    newest_other = make(world.other, 1, dt.date(2024, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        latest = latest_summaries()
    assert {company: (on, summary["stage"]) for company, (on, summary) in latest.items()} == {
        world.own.pk: (newest_own.assessed_on, 3), world.other.pk: (newest_other.assessed_on, 1),
    }
    assert len([q for q in queries.captured_queries if "diagnostics_diagnostic" in q["sql"]]) <= 2
    assert set(latest_summaries([world.other.pk])) == {world.other.pk}


def test_the_last_contact_is_the_latest_support_action_and_who_made_it_among_many(world):
    """``last_contacts`` reads only each company's latest support actions, and names their advisor."""
    import datetime as dt

    from citymade.web.portfolio import services as portfolio
    from citymade.web.portfolio.data import last_contacts

    advisor, admin = world.users[Role.ADVISOR], world.users[Role.ADMIN]
    for day in range(1, 20):
        portfolio.record_support_action(world.own, actor=advisor, type="advice", date=dt.date(2025, 1, day))
    portfolio.record_support_action(world.own, actor=admin, type="advice", date=dt.date(2025, 2, 3), advisor=admin)
    portfolio.record_support_action(world.other, actor=advisor, type="advice", date=dt.date(2025, 2, 3))
    portfolio.record_support_action(world.other, actor=advisor, type="advice", date=dt.date(2024, 12, 1), advisor=admin)
    dates, people = last_contacts([world.own.pk, world.other.pk])
    assert dates == {world.own.pk: dt.date(2025, 2, 3), world.other.pk: dt.date(2025, 2, 3)}
    assert people[world.own.pk] == (admin.get_full_name() or admin.username)
    assert people[world.other.pk] == (advisor.get_full_name() or advisor.username)
