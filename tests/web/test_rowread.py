"""The session and the user read by one prepared statement are what Django's ORM reads (citymade.web.core.rowread).

Run on SQLite and PostgreSQL (``make test``): SQLite hands back dates as text and booleans as numbers,
which the converters must turn into the ORM's objects.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.core.rowread import AccountBackend, SessionStore, row_by_pk

pytestmark = pytest.mark.django_db


def _fields(user: User) -> dict[str, object]:
    return {f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields}


def test_the_user_is_the_orms_user_field_for_field_and_type(world):
    user = world.users[Role.COMPANY]
    user.last_login = timezone.now().replace(microsecond=123456)
    user.language = "nl"
    user.save()
    mine = AccountBackend().get_user(str(user.pk))  # the session holds the key as text
    theirs = User.objects.get(pk=user.pk)
    assert isinstance(mine, User)
    assert _fields(mine) == _fields(theirs)
    assert {k: type(v) for k, v in _fields(mine).items()} == {k: type(v) for k, v in _fields(theirs).items()}
    assert isinstance(mine.last_login, dt.datetime) and mine.last_login == user.last_login
    assert mine.is_active is True and mine._state.adding is False and mine._state.db == "default"
    assert mine.company == world.own  # relations still load as usual


def test_nobody_for_an_unknown_a_malformed_or_an_inactive_account(world):
    backend = AccountBackend()
    assert backend.get_user("999999") is None
    assert backend.get_user("not-a-number") is None
    user = world.users[Role.ADVISOR]
    user.is_active = False
    user.save()
    assert backend.get_user(user.pk) is None
    assert row_by_pk(User, user.pk) is not None  # the row is there: the backend refuses it


def test_one_query_for_the_user(world):
    with CaptureQueriesContext(connection) as queries:
        AccountBackend().get_user(world.users[Role.ADMIN].pk)
    assert len(queries) == 1


def _saved_session(data: dict[str, object], *, expires_in: dt.timedelta = dt.timedelta(hours=1)) -> str:
    store = DjangoStore()
    for key, value in data.items():
        store[key] = value
    store.save()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() + expires_in)
    assert store.session_key is not None
    return store.session_key


def test_a_session_reads_as_djangos_store_reads_it(world):
    data = {SESSION_KEY: str(world.users[Role.ADVISOR].pk), BACKEND_SESSION_KEY: "x", "note": "é€ 1,5 m²"}
    key = _saved_session(data)
    assert SessionStore(key).load() == DjangoStore(key).load() == data
    with CaptureQueriesContext(connection) as queries:
        SessionStore(key).load()
    assert len(queries) == 1


def test_an_expired_or_unknown_session_is_empty_and_its_key_forgotten(world):
    expired = _saved_session({"a": 1}, expires_in=-dt.timedelta(seconds=1))
    for key in (expired, "x" * 32):
        store = SessionStore(key)
        assert store.load() == {}
        assert store.session_key is None  # as Django's store: a new session gets a new key


def test_logged_in_pages_work_through_both(client, world):
    from tests.web.conftest import PASSWORD

    assert client.login(username="advisor1", password=PASSWORD)
    page = client.get("/companies/")
    assert page.status_code == 200 and page.wsgi_request.user == world.users[Role.ADVISOR]
    client.post("/accounts/logout/")
    assert client.get("/companies/").status_code == 302  # the session is gone from the table
