"""Honest health: with a database that takes no writes, /healthz says so and pages say it plainly.

The database is made read-only for real on its connection (SQLite's ``query_only``, PostgreSQL's
``default_transaction_read_only``): every write then fails as on a read-only file or a standby server.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from citymade.web.accounts.roles import Role
from citymade.web.diagnostics import services
from tests.web.conftest import PASSWORD


@contextmanager
def read_only_database():
    on, off = (
        ("PRAGMA query_only = ON", "PRAGMA query_only = OFF")
        if connection.vendor == "sqlite"
        else ("SET default_transaction_read_only = on", "SET default_transaction_read_only = off")
    )
    with connection.cursor() as cursor:
        cursor.execute(on)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(off)


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_takes_writes(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db(transaction=True)
def test_healthz_is_not_ok_when_the_database_takes_no_writes(client):
    with read_only_database():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content.startswith(b"not ok")


@pytest.mark.django_db(transaction=True)
def test_a_login_on_a_read_only_database_says_the_service_cannot_save(world):
    client = Client(raise_request_exception=False)
    with read_only_database():
        response = client.post(reverse("accounts:login"), {"username": "advisor1", "password": PASSWORD})
    assert response.status_code == 503
    assert "Le service ne peut rien enregistrer pour le moment" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_save_on_a_read_only_database_says_so_in_the_visitors_language(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "nl"
    diagnostic = services.start_diagnostic(company=world.own, user=world.users[Role.ADVISOR])
    url = reverse("diagnostics:step", kwargs={"pk": diagnostic.pk, "key": "company-manufacture"})
    with read_only_database():
        response = client.post(url, {"c_human_hours_share": "70", "stay": "1"})
    assert response.status_code == 503
    assert "De dienst kan op dit moment niets opslaan" in response.content.decode()
    assert response.headers["Content-Language"] == "nl"
    diagnostic.refresh_from_db()
    assert "c_human_hours_share" not in diagnostic.answers["company"]


def test_an_error_saving_the_session_also_gets_the_plain_page(rf):
    """A write that fails outside a view (the session saved on the way out) reaches the 500 handler."""
    from django.db import OperationalError

    from citymade.web.core.errors import server_error

    try:
        raise OperationalError("attempt to write a readonly database")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(rf.get("/")).status_code == 500
