"""``citymade demo``: a realistic, complete and idempotent demo cluster."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from citymade.errors import CitymadeError
from citymade.register.enterprise_number import parse_enterprise_number
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company, ContactPerson, Product, Site
from citymade.web.core.models import AuditEntry
from citymade.web.demo import DEMO_PASSWORD, load_demo, read_cluster

MODELS = {"less_is_more", "make_it_last", "close_the_loop", "use_over_ownership"}


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Company, Product, Site, ContactPerson, User, AuditEntry)
    }


@pytest.fixture
def demo(db, settings):
    """The companies and users of the demo (other apps' hooks are tested by those apps)."""
    settings.CITYMADE_DEVELOPMENT = True
    return load_demo(hooks=False)


def test_demo_runs_twice_with_the_same_result(demo):
    first = _counts()
    again = load_demo(hooks=False)
    assert _counts() == first
    assert again.companies == demo.companies


def test_demo_cluster_is_large_and_varied(demo):
    records = read_cluster()
    assert demo.companies == len(records) >= 30
    assert Company.objects.count() == len(records)
    assert {r["stage"] for r in records} == set(range(7))
    assert set().union(*(r["models"] for r in records)) == MODELS
    assert all(r["models"] and set(r["models"]) <= MODELS for r in records)
    assert all(len(r["employees"]) == 3 for r in records)
    assert len({r["municipality"] for r in records}) >= 8
    assert all(1000 <= int(r["postal_code"]) <= 1210 for r in records)
    zones = set(Site.objects.values_list("zone_type", flat=True))
    assert zones >= {"housing", "mixed", "strong_mix", "zemu", "ziu", "zapt"}


def test_every_demo_company_is_valid_and_complete(demo):
    numbers = set()
    for company in Company.objects.prefetch_related("products", "sites", "contacts"):
        company.full_clean()
        assert parse_enterprise_number(company.enterprise_number) == company.enterprise_number
        numbers.add(company.enterprise_number)
        assert company.products.all(), company.slug
        assert len(company.sites.all()) == 1, company.slug
        assert len(company.contacts.all()) == 1, company.slug
        for part in [*company.products.all(), *company.sites.all(), *company.contacts.all()]:
            part.full_clean()
    assert len(numbers) == Company.objects.count()


def test_demo_users_log_in_with_the_demo_password(demo):
    usernames = dict(demo.users)
    assert usernames["admin"] == Role.ADMIN and usernames["advisor"] == Role.ADVISOR
    assert usernames["observer"] == Role.OBSERVER
    company = Company.objects.get(slug="champignons-du-canal")
    user = authenticate(username=company.slug, password=DEMO_PASSWORD)
    assert user is not None and user.role == Role.COMPANY and user.company == company
    assert authenticate(username="advisor", password=DEMO_PASSWORD) is not None
    assert User.objects.filter(role=Role.COMPANY).count() == Company.objects.count()


def test_demo_includes_the_companies_the_cluster_is_known_for(demo):
    names = " ".join(Product.objects.values_list("description", flat=True)).lower()
    for clue in ("coffee grounds", "children's clothes", "bikes", "oak", "banners", "spent grain",
                 "laptops", "stoneware", "printed on demand"):
        assert clue in names, clue
    press = Site.objects.get(company__slug="forges-de-forest")
    assert press.zone_type == Site.ZoneType.ZIU and not press.dwellings_adjacent


def test_demo_refuses_with_debug_off_unless_forced(db, settings):
    settings.CITYMADE_DEVELOPMENT = False
    with pytest.raises(CitymadeError, match="--force"):
        load_demo(hooks=False)
    assert Company.objects.count() == 0
    assert load_demo(force=True, hooks=False).companies >= 30


def test_app_hooks_receive_the_companies_with_their_records(db, settings, monkeypatch):
    from django.apps import apps

    settings.CITYMADE_DEVELOPMENT = True
    seen = {}

    def hook(companies, *, now):
        seen["stages"] = {c.slug: c.demo_record["stage"] for c in companies}
        seen["now"] = now
        return "42 things"

    config = apps.get_app_config("companies")
    monkeypatch.setattr(config, "load_demo", hook, raising=False)
    result = load_demo(hooks=["companies"])
    assert seen["stages"]["forges-de-forest"] == 6
    assert len(seen["stages"]) == result.companies
    assert seen["now"] is not None
    assert result.extras == {"companies": "42 things"}
    assert load_demo(hooks=False).extras == {}


def test_a_failing_hook_leaves_nothing_behind(db, settings, monkeypatch):
    from django.apps import apps

    settings.CITYMADE_DEVELOPMENT = True

    def hook(companies, *, now):
        raise RuntimeError("boom")

    monkeypatch.setattr(apps.get_app_config("companies"), "load_demo", hook, raising=False)
    with pytest.raises(RuntimeError):
        load_demo(hooks=["companies"])
    assert Company.objects.count() == 0


def test_the_demo_advisor_follows_the_members_and_candidates_and_prospects_have_nobody_yet(demo):
    from citymade.web.companies.models import Company

    followed = Company.objects.exclude(membership=Company.Membership.PROSPECT)
    assert followed.exists() and all(c.advisor is not None and c.advisor.username == "advisor" for c in followed)
    assert not Company.objects.filter(membership=Company.Membership.PROSPECT, advisor__isnull=False).exists()
