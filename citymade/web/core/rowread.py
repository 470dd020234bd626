"""Two reads every logged-in request makes, without the ORM's query building: the session and the user.

Each page asks the database for its session (by key, not expired) and for the user the session names
(by primary key). Through the ORM each read builds and compiles its query anew: ~0.55 ms of CPU for the
session and ~0.35 ms for the user on PostgreSQL, where the query itself and its row cost ~0.1 ms —
together ~5 % of the server's CPU under ``benchmarks/load.py``. Here the SQL is written once per model
(quoted by the connection, so it is the ORM's own statement) and the row goes through the same
converters the ORM applies (SQLite's dates and booleans), so the objects are the same as the ORM's.

:class:`SessionStore` and :class:`AccountBackend` are Django's own database session store and model
backend with only that read replaced; every other behaviour (saving, expiry, logging in, permissions)
is theirs.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.utils import timezone

__all__ = ["AccountBackend", "SessionStore", "row_by_pk"]


@cache
def _select(model: type[models.Model], alias: str) -> tuple[str, list[str], list[tuple[int, Any]]]:
    """The statement selecting one row of ``model`` by primary key on database ``alias``, the
    attribute names of its columns in order, and the columns the ORM converts (by position)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = model._meta.concrete_fields
    table = model._meta.db_table
    columns = ", ".join(quote(f.column) for f in fields)
    pk = model._meta.pk
    assert pk is not None
    sql = f"SELECT {columns} FROM {quote(table)} WHERE {quote(pk.column)} = %s"
    converted = []
    for index, field in enumerate(fields):
        col = field.get_col(table)
        if connection.ops.get_db_converters(col) or col.get_db_converters(connection):
            converted.append((index, col))
    return sql, [f.attname for f in fields], converted


def row_by_pk(model: type[models.Model], pk: Any) -> models.Model | None:
    """The instance of ``model`` with primary key ``pk`` (already of the key's type), or ``None``:
    what ``model._default_manager.get(pk=pk)`` gives (without ``DoesNotExist``)."""
    alias = router.db_for_read(model)
    sql, attnames, converted = _select(model, alias)
    connection = connections[alias]  # this thread's: its converters, as the ORM's compiler takes them
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, col in converted:
        for function in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
            values[index] = function(values[index], col, connection)
    return model.from_db(alias, attnames, values)


@cache
def _session_select(model: type[models.Model], alias: str) -> str:
    quote = connections[alias].ops.quote_name
    data, key, expiry = (quote(model._meta.get_field(name).column) for name in ("session_data", "session_key", "expire_date"))
    return f"SELECT {data} FROM {quote(model._meta.db_table)} WHERE {key} = %s AND {expiry} > %s"


class SessionStore(DatabaseSessionStore):
    """Django's database sessions; the session is read with SQL written once (see the module)."""

    def load(self) -> dict[str, Any]:
        key = self.session_key
        if key is None:
            return {}
        model = self.model
        alias = router.db_for_read(model)
        connection = connections[alias]
        sql = _session_select(model, alias)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, now])
            row = cursor.fetchone()
        if row is None:  # unknown or expired: Django's store forgets the key the same way
            self._session_key = None
            return {}
        decoded: dict[str, Any] = self.decode(row[0])
        return decoded


class AccountBackend(ModelBackend):
    """Django's model backend; the logged-in user is read with SQL written once (see the module)."""

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        pk_field = model._meta.pk
        assert pk_field is not None
        try:
            pk = pk_field.to_python(user_id)
        except ValidationError:  # not a key at all: nobody (the ORM's lookup would fail the same way)
            return None
        user = row_by_pk(model, pk)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None
