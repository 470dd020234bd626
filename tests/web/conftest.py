"""A small world for web tests: one user per role and two companies (own and other)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company

PASSWORD = "a-long-Test-password-42"


@dataclass
class World:
    own: Company
    other: Company
    users: dict[str, User]


def make_user(username: str, role: str, company: Company | None = None) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, company=company, email=f"{username}@example.org"
    )


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with empty API rate-limit counters (they live in the cache) and empty caches."""
    from django.core.cache import cache

    from citymade.web.core.memo import forget_all

    cache.clear()
    forget_all()  # what the process kept in front of the cache goes with it


@pytest.fixture
def world(db) -> World:
    own = Company.objects.create(name="Atelier Own", slug="atelier-own", enterprise_number="0403.170.701")
    other = Company.objects.create(name="Other Works", slug="other-works", enterprise_number="0202.239.951")
    users = {
        Role.ADMIN: make_user("admin1", Role.ADMIN),
        Role.ADVISOR: make_user("advisor1", Role.ADVISOR),
        Role.COMPANY: make_user("company1", Role.COMPANY, own),
        Role.OBSERVER: make_user("observer1", Role.OBSERVER),
    }
    return World(own=own, other=other, users=users)


@pytest.fixture
def login(client):
    """Log the test client in as a user: ``login(world.users[Role.ADVISOR])``."""

    def _login(user: User):
        client.force_login(user)
        return client

    return _login
