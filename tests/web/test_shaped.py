"""Queries compiled once (``citymade.web.core.shaped``) give exactly what their query sets give.

Each read the busy pages make through a shape is compared with the ORM's own answer over random
installations (several companies, dates, versions, states, plans and support actions), on SQLite and,
in ``make test``, on PostgreSQL: same rows, same field values, same deferred fields, same related
objects. Then what a shape refuses, and what it leaves to the ORM.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company, Product
from citymade.web.core.models import AuditEntry
from citymade.web.core.shaped import Shaped, every_row
from citymade.web.diagnostics import reads
from citymade.web.diagnostics.models import Diagnostic, State, TransitionLog
from citymade.web.portfolio import plan
from citymade.web.portfolio.models import PlanItem, SupportAction


def dump(obj) -> dict:
    """Everything an instance holds: its loaded field values, which fields are deferred, and the
    related objects already read with it (recursively)."""
    if obj is None:
        return {}
    deferred = obj.get_deferred_fields()
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in deferred}
    related = {
        name: dump(cached) for name, cached in sorted(obj._state.fields_cache.items()) if cached is not None
    }
    return {"model": obj._meta.label, "values": values, "deferred": sorted(deferred), "related": related,
            "adding": obj._state.adding, "db": obj._state.db}


DATES = [dt.date(2024, 3, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 1)]


@st.composite
def installations(draw):
    diagnostics = draw(
        st.lists(
            st.tuples(
                st.integers(0, 2),  # company
                st.sampled_from(DATES),
                st.integers(1, 2),  # how far the version moves on from the company's last one
                st.sampled_from([State.DRAFT, State.SUBMITTED, State.VALIDATED]),
                st.booleans(),  # has an assessor
                st.lists(st.sampled_from(["r1", "r2", "r3"]), unique=True, max_size=3),  # recommendations
            ),
            max_size=7,
        )
    )
    followed = draw(st.lists(st.tuples(st.integers(0, 6), st.sampled_from(["r1", "r2", "r4", ""])), max_size=6))
    return diagnostics, followed


def examples(count):
    """The property tests' decorator: ``count`` random installations (a database per example)."""
    limits = settings(max_examples=count, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    return lambda test: limits(given(spec=installations())(test))


def build(spec):
    diagnostics, followed = spec
    advisor = User.objects.create_user(username="adv", password="x" * 20, role=Role.ADVISOR, first_name="Ada")
    companies = [Company.objects.create(name=f"Atelier {i}", slug=f"atelier-{i}") for i in range(3)]
    made = []
    versions = [0, 0, 0]
    for index, (company, date, step, state, assessed, recs) in enumerate(diagnostics):
        versions[company] += step  # unique per company, not always in the order of the dates
        version = versions[company]
        result = {"recommendations": [{"id": r, "title": {"fr": r.upper()}} for r in recs]} if recs else None
        made.append(
            Diagnostic.objects.create(
                company=companies[company], assessed_on=date, version=version, state=state,
                assessor=advisor if assessed else None, result=result, framework_version="1",
                previous=made[index - 1] if index and index % 2 else None,
                submitted_at=dt.datetime(2025, 1, 1, 12, tzinfo=dt.UTC) if state != State.DRAFT else None,
            )
        )
        TransitionLog.objects.create(diagnostic=made[-1], transition="start", to_state=State.DRAFT,
                                     by=advisor if index % 2 else None)
    for index, (which, rec) in enumerate(followed):
        if which < len(made):
            diagnostic = made[which]
            if rec:
                PlanItem.objects.get_or_create(company=diagnostic.company, diagnostic_id=diagnostic.pk,
                                               recommendation=rec, defaults={"owner": advisor if index % 2 else None})
            SupportAction.objects.create(company=diagnostic.company, diagnostic_id=diagnostic.pk, recommendation=rec,
                                         type="visit", advisor=advisor)
    users = [advisor, User.objects.create_user(username="co", password="x" * 20, role=Role.COMPANY, company=companies[0]),
             User.objects.create_user(username="obs", password="x" * 20, role=Role.OBSERVER)]
    return companies, made, users


def _orm_earlier(diagnostic, defer):
    """The earlier diagnostic as the ORM answers it: finished, same company, an earlier date or the
    same date and a lower version, newest first."""
    from django.db.models import Q

    return (
        Diagnostic.objects.filter(state__in=[State.SUBMITTED, State.VALIDATED], company_id=diagnostic.company_id)
        .defer(*defer)
        .filter(Q(assessed_on__lt=diagnostic.assessed_on) | Q(assessed_on=diagnostic.assessed_on, version__lt=diagnostic.version))
        .exclude(pk=diagnostic.pk)
        .order_by("-assessed_on", "-version", "-pk")
        .first()
    )


def _orm_visible(user, pk, defer):
    try:
        return Diagnostic.objects.visible_to(user).select_related("company", "assessor").defer(*defer).get(pk=pk)
    except Diagnostic.DoesNotExist:
        return None


def _shaped_visible(user, pk, defer):
    try:
        return reads.visible_or_404(user, pk, defer=defer)
    except Http404:
        return None


@pytest.mark.django_db
@examples(25)
def test_the_shaped_reads_give_what_the_orm_gives(spec):
    with rolled_back():
        companies, made, users = build(spec)
        pks = [d.pk for d in made] + [max([d.pk for d in made], default=0) + 1]
        for user in users:
            for pk in pks:
                for defer in ((), ("answers", "result")):
                    assert dump(_shaped_visible(user, pk, defer)) == dump(_orm_visible(user, pk, defer))
        for diagnostic in made:
            for defer in ((), ("answers", "result")):
                assert dump(reads.earlier(diagnostic, defer=defer)) == dump(_orm_earlier(diagnostic, defer))
                assert dump(diagnostic.earlier(defer=defer)) == dump(_orm_earlier(diagnostic, defer))
            orm_logs = list(diagnostic.transitions.select_related("by"))
            shaped_logs = reads.transitions(diagnostic)
            assert [dump(t) for t in shaped_logs] == [dump(t) for t in orm_logs]
            assert all(t.diagnostic is diagnostic for t in shaped_logs)
            expected = (
                Diagnostic.objects.filter(pk=diagnostic.previous_id).only("pk", "version").first()
                if diagnostic.previous_id else None
            )
            assert dump(reads.previous(diagnostic, None)) == dump(expected)
            for company in companies:
                recs = Diagnostic.objects.filter(pk=diagnostic.pk, company=company).values_list(
                    "result__recommendations", flat=True
                )
                assert plan._recommendations()(diagnostic.pk, company.pk) == list(recs)
                items = PlanItem.objects.filter(diagnostic_id=diagnostic.pk).select_related("owner")
                assert [dump(i) for i in plan._ITEMS(diagnostic.pk)] == [dump(i) for i in items]
                actions = SupportAction.objects.filter(company=company, diagnostic_id=diagnostic.pk).exclude(
                    recommendation=""
                )
                assert [dump(a) for a in plan._ACTIONS(company.pk, diagnostic.pk)] == [dump(a) for a in actions]


@contextmanager
def rolled_back():
    """A block whose rows are undone at its end: hypothesis runs many examples in one test."""
    from django.db import transaction

    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _orm_company(user, **key):
    qs = Company.objects.visible_to(user)
    found = qs.select_related("advisor").filter(**key).first() if "slug" in key else qs.filter(**key).first()
    return found


@pytest.mark.django_db
@examples(20)
def test_the_company_page_and_list_reads_give_what_the_orm_gives(spec):
    from citymade.web.accounts.tokens import authenticate_key, create_token
    from citymade.web.companies import reads as company_reads
    from citymade.web.core.audit import log_action

    with rolled_back():
        companies, made, users = build(spec)
        companies[1].advisor = users[0]
        companies[1].save()
        Product.objects.create(company=companies[0], name="Chaise")
        log_action("company.changed", actor=users[0], obj=companies[0])
        for user in users:
            assert [dump(d) for d in reads.listing(user)] == [
                dump(d) for d in Diagnostic.objects.visible_to(user).select_related("company")
                .only("assessed_on", "version", "state", "company__name").history()[:200]
            ]
            assert company_reads.names_and_slugs(user) == list(Company.objects.visible_to(user).values_list("name", "slug"))
            for company in [*companies, Company(pk=companies[-1].pk + 1, slug="nobody")]:
                shaped = None
                try:
                    shaped = company_reads.visible_by_slug_or_404(user, company.slug)
                except Http404:
                    pass
                assert dump(shaped) == dump(_orm_company(user, slug=company.slug))
                assert dump(company_reads.visible_by_pk(user, company.pk)) == dump(_orm_company(user, pk=company.pk))
                assert [dump(d) for d in reads.latest_of_company(user, company)] == [
                    dump(d) for d in Diagnostic.objects.visible_to(user).filter(company=company)
                    .defer("answers", "result").history()[:5]
                ]
        for company in companies:
            assert [dump(d) for d in reads.of_company(company)] == [
                dump(d) for d in Diagnostic.objects.filter(company=company).select_related("assessor")
                .defer("answers", "result").history()
            ]
            parts = company_reads.parts(company)
            for name in ("products", "sites", "contacts"):
                assert [dump(p) for p in parts[name]] == [dump(p) for p in getattr(company, name).all()]
            expected = list(AuditEntry.objects.filter(company=company).select_related("actor")[:80])
            for entry in expected:
                entry.company = company
            assert [dump(e) for e in company_reads.audit_entries(company)] == [dump(e) for e in expected]
            assert [u.pk for u in company_reads.users_of(company)] == list(
                company.users.order_by("last_name", "first_name", "username").values_list("pk", flat=True)
            )
        token, key = create_token(user=users[1], name="script", scope="read")
        assert authenticate_key(key).pk == token.pk and authenticate_key(key).user.username == "co"
        users[1].is_active = False
        users[1].save()
        assert authenticate_key(key) is None
        assert authenticate_key(key[:-2] + "xx") is None


def test_a_company_user_reads_only_their_own_company_and_an_observer_no_diagnostic(world):
    advisor, own_user, observer = (world.users[r] for r in (Role.ADVISOR, Role.COMPANY, Role.OBSERVER))
    own = Diagnostic.objects.create(company=world.own, framework_version="1")
    other = Diagnostic.objects.create(company=world.other, framework_version="1")
    assert reads.visible_or_404(own_user, own.pk).pk == own.pk
    for user, pk in ((own_user, other.pk), (observer, own.pk), (observer, other.pk)):
        with pytest.raises(Http404):
            reads.visible_or_404(user, pk)
    for pk in (own.pk, other.pk):
        assert reads.visible_or_404(advisor, pk).company.name in ("Atelier Own", "Other Works")
    own_user.company = None  # a company account not tied to a company yet sees nothing
    with pytest.raises(Http404):
        reads.visible_or_404(own_user, own.pk)


def test_one_read_is_one_query_and_counted_as_the_orm_counts_it(world):
    diagnostic = Diagnostic.objects.create(company=world.own, framework_version="1")
    advisor = world.users[Role.ADVISOR]
    reads.visible_or_404(advisor, diagnostic.pk)  # compiled on this connection
    with CaptureQueriesContext(connection) as queries:
        found = reads.visible_or_404(advisor, diagnostic.pk, defer=("answers", "result"))
        assert found.company.name == "Atelier Own"  # read with it, not after
    assert len(queries.captured_queries) == 1


def test_an_argument_that_changes_the_statement_is_refused(world):
    with pytest.raises(TypeError, match="changes the statement"):
        Shaped(lambda n: Company.objects.order_by("pk")[:n], int)(1)
    with pytest.raises(TypeError, match="made from an argument"):
        Shaped(lambda name: Company.objects.filter(name__contains=name), str)("Own")
    with pytest.raises(TypeError, match="only model instances"):
        Shaped(lambda pk: Company.objects.filter(pk=pk).values("name"), int)(world.own.pk)
    with pytest.raises(TypeError, match="related manager"):
        Shaped(lambda pk: world.own.products.filter(pk=pk), int)(1)


def test_values_the_statement_cannot_take_are_left_to_the_orm(world):
    by_pk = Shaped(lambda pk: Company.objects.filter(pk=pk), int)
    assert by_pk(2**70) == list(Company.objects.filter(pk=2**70)) == []  # no error: no such company
    assert by_pk(world.own.pk)[0].name == "Atelier Own"
    by_slug = Shaped(lambda slug: Company.objects.filter(slug=slug), str)
    assert [c.pk for c in by_slug("other-works")] == [world.other.pk]
    assert by_slug("") == []
    with pytest.raises(TypeError, match="1 argument"):
        by_slug()
    # beyond a 32-bit field's range (PostgreSQL's Int4 parameter): what the ORM answers, no error
    Diagnostic.objects.create(company=world.own, framework_version="1", version=7)
    for value in (7, 3_000_000_000, -5, -3_000_000_000):
        for lookup in ("version", "version__lt", "version__gte"):
            shaped = Shaped(lambda v, lookup=lookup: Diagnostic.objects.filter(**{lookup: v}).values_list("version", flat=True), int)
            assert shaped(value) == list(Diagnostic.objects.filter(**{lookup: value}).values_list("version", flat=True))


def test_a_whole_table_read_is_compiled_once_and_refuses_a_captured_variable(world):
    assert every_row(lambda: Company.objects.order_by("pk").values_list("slug", flat=True)) == ["atelier-own", "other-works"]
    Company.objects.create(name="Third", slug="third")
    with CaptureQueriesContext(connection) as queries:
        slugs = every_row(lambda: Company.objects.order_by("pk").values_list("slug", flat=True))
    assert slugs == ["atelier-own", "other-works", "third"] and len(queries.captured_queries) == 1
    slug = "third"
    with pytest.raises(TypeError, match="capture"):
        every_row(lambda: Company.objects.filter(slug=slug))


def test_values_lists_annotations_and_prefetched_relations_come_back_as_the_orm_gives_them(world):
    from django.db.models import Count

    Product.objects.create(company=world.own, name="Chaise")
    Product.objects.create(company=world.own, name="Table")
    shaped = Shaped(
        lambda pk: Company.objects.filter(pk=pk).annotate(n=Count("products")).prefetch_related("products"), int
    )
    (company,) = shaped(world.own.pk)
    assert company.n == 2
    with CaptureQueriesContext(connection) as queries:
        assert sorted(p.name for p in company.products.all()) == ["Chaise", "Table"]
    assert not queries.captured_queries  # prefetched
    pairs = Shaped(lambda pk: Company.objects.filter(pk__gte=pk).order_by("pk").values_list("slug", "pk"), int)
    assert pairs(world.own.pk) == list(Company.objects.filter(pk__gte=world.own.pk).order_by("pk").values_list("slug", "pk"))
    dates = Shaped(lambda day: Diagnostic.objects.filter(assessed_on__gte=day).values_list("assessed_on", flat=True), dt.date)
    Diagnostic.objects.create(company=world.own, framework_version="1", assessed_on=dt.date(2025, 6, 1))
    assert dates(dt.date(2025, 1, 1)) == [dt.date(2025, 6, 1)]
    assert dates(dt.date(2025, 6, 2)) == []
    assert Shaped(lambda pk: Company.objects.none().filter(pk=pk), int)(world.own.pk) == []


def test_an_argument_the_statement_does_not_use_may_be_anything_and_does_not_rebuild_the_query_set(world):
    builds = []

    def build(pk, company_id):
        builds.append((pk, company_id))
        return Diagnostic.objects.visible_to(world.users[Role.ADVISOR]).filter(pk=pk)

    diagnostic = Diagnostic.objects.create(company=world.own, framework_version="1")
    shaped = Shaped(build, int, int)
    assert [d.pk for d in shaped(diagnostic.pk, None)] == [diagnostic.pk]  # staff: no company of their own
    compiled = len(builds)
    assert [d.pk for d in shaped(diagnostic.pk, None)] == [diagnostic.pk]
    assert len(builds) == compiled  # the compiled statement, not the ORM
    # a company user without a company: the argument is used, None is left to the ORM (which sees nothing)
    own_user = world.users[Role.COMPANY]
    own_user.company = None
    with pytest.raises(Http404):
        reads.visible_or_404(own_user, diagnostic.pk)


def test_a_small_integer_field_and_a_transformed_argument(world):
    from django.db.models import Prefetch

    from citymade.web.portfolio.models import ReviewTarget

    ReviewTarget.objects.create(year=2025, key="jobs", value=3)
    by_year = Shaped(lambda year: ReviewTarget.objects.filter(year=year).values_list("key", flat=True), int)
    assert by_year(2025) == ["jobs"] and by_year(2024) == []
    before = Shaped(lambda year: ReviewTarget.objects.filter(year__lt=year).values_list("key", flat=True), int)
    assert before(2026) == ["jobs"] and before(2025) == []
    assert by_year(70000) == list(ReviewTarget.objects.filter(year=70000)) == []  # beyond the field's range
    # iexact: escaped for LIKE on SQLite (refused), sent as it is on PostgreSQL (UPPER(…) = UPPER(%s))
    User.objects.create_user(username="axb", password="x" * 20, email="AxB@example.org")
    by_email = Shaped(lambda email: User.objects.filter(email__iexact=email).values_list("username", flat=True), str)
    for email in ("a_b@example.org", "axb@EXAMPLE.org", "a%"):
        try:
            found = by_email(email)
        except TypeError as refused:
            assert "made from an argument" in str(refused) and connection.vendor == "sqlite"
        else:
            assert found == list(User.objects.filter(email__iexact=email).values_list("username", flat=True))
    for build in (
        lambda name: Company.objects.filter(name=name.lower()),
        lambda name: Company.objects.filter(name__startswith=name),
    ):
        with pytest.raises(TypeError, match="made from an argument"):
            Shaped(build, str)("Atelier")
    with pytest.raises(TypeError, match="by name"):
        Shaped(lambda pk: Company.objects.filter(pk=pk).prefetch_related(Prefetch("products")), int)(world.own.pk)


@pytest.mark.django_db(transaction=True)
def test_a_locked_read_outside_a_transaction_is_refused_as_the_orm_refuses_it():
    from django.db import transaction
    from django.db.transaction import TransactionManagementError

    company = Company.objects.create(name="Atelier", slug="atelier")
    diagnostic = Diagnostic.objects.create(company=company, framework_version="1")
    with transaction.atomic():
        assert reads.locked(diagnostic.pk).pk == diagnostic.pk  # compiled inside a transaction
    if connection.features.has_select_for_update:
        with pytest.raises(TransactionManagementError):
            list(Diagnostic.objects.select_for_update().filter(pk=diagnostic.pk))
        with pytest.raises(TransactionManagementError):
            reads.locked(diagnostic.pk)
    else:  # SQLite: no row locks, nothing to refuse (the ORM does not either)
        assert reads.locked(diagnostic.pk).pk == diagnostic.pk
    with pytest.raises(Diagnostic.DoesNotExist), transaction.atomic():
        reads.locked(diagnostic.pk + 1)


def test_two_equal_functions_of_two_modules_are_two_shapes(world):
    from citymade.web.companies.models import Product

    Product.objects.create(company=world.own, name="atelier-own")
    source = "lambda: Model.objects.filter(name__isnull=False).order_by('pk').values_list('pk', flat=True)"
    of_companies = eval(source, {"Model": Company})  # noqa: S307 - a fixed text
    of_products = eval(source, {"Model": Product})  # noqa: S307
    assert of_companies.__code__ == of_products.__code__  # equal, yet not the same query
    assert every_row(of_companies) == [world.own.pk, world.other.pk]
    assert every_row(of_products) == list(Product.objects.order_by("pk").values_list("pk", flat=True))
    with pytest.raises(TypeError, match="defaults"):
        every_row(lambda model=Company: model.objects.all())
