"""Queries of the ORM whose SQL is written once: only the values change from one request to the next.

Every ORM query builds its statement anew: cloning the query set at each ``filter``, resolving the
lookups, then compiling the select list, the joins, the ordering and the conditions. On PostgreSQL
that is most of a page's database cost in the server process (the query itself and its rows are a
fraction of it), and the pages ask the same few questions with other values all day long.

:class:`Shaped` takes a function building a query set from its arguments and the kinds of those
arguments (``int``, ``str``, ``date``). On first use on a database connection it builds and compiles
the query set twice, with two sets of stand-in values: the statement's text must be the same, and the
parameters that differ are where the arguments go. Every later call runs that statement with the real
values in their place and turns the rows into what the query set itself would give — model instances
(with ``select_related``, ``defer``/``only``, annotations and ``prefetch_related``), ``values_list``
tuples or flat values — through the compiler's own converters and Django's related-object populators.
An argument the statement does not use (a role that sees everything needs no company) is ignored.

An argument that changes the statement's text (a slice bound, ``None``) or that reaches it transformed
(a ``contains`` pattern), or an unsupported query set (``values()`` dictionaries, a related manager's
query set), is refused when first compiled: a mistake of the code, caught by the tests that compare
each shape with the ORM. A value the statement cannot take as it is (an integer beyond 64 bits, a
``bool`` or ``None`` where an ``int`` is expected) is answered by the ORM itself, so the result is
always the query set's.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet, prefetch_related_objects
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.transaction import TransactionManagementError

__all__ = ["ByRole", "Shaped", "Viewer", "every_row"]

_INT64 = (-(2**63), 2**63 - 1)
# psycopg's integer types, in which Django's PostgreSQL backend sends an integer field's values
_WRAPPED_BITS = {"Int2": 16, "Int4": 32, "Int8": 64}


def _stand_in(kind: type, index: int, round_: int = 0) -> Any:
    """A value of ``kind`` for argument ``index`` in compilation ``round_`` (0 or 1), distinct for
    each argument and each round. Integers fit even a small integer field's range (the ORM drops or
    empties a lookup whose value is out of its field's range); the two rounds differ in parity, the
    strings in case and in the characters a ``LIKE`` pattern escapes, the dates in month and day — so
    that an argument the ORM transforms on its way to the statement differs from its stand-in and is
    refused."""
    if kind is int:
        return 20011 + 1001 * round_ + 37 * index
    if kind is str:
        return f"\x1fShaped%_\\stand-in-{round_}-{index}\x1f"
    if kind is datetime.date:
        return datetime.date(1001 + 500 * round_ + index, 3 + 8 * round_, 7 + 16 * round_)
    raise TypeError(f"Shaped: no stand-in for arguments of kind {kind.__name__}")


def _adapter(kind: type, connection: Any) -> Callable[[Any], Any]:
    """How the compiler turns a value of ``kind`` into a statement parameter on this connection."""
    if kind is datetime.date:
        adapt: Callable[[Any], Any] = connection.ops.adapt_datefield_value
        return adapt
    return lambda value: value


class _Plan:
    """One shape compiled on one connection: the statement and how to read its rows."""

    def __init__(self, shaped: Shaped, alias: str) -> None:
        connection = connections[alias]
        self.adapters = [_adapter(kind, connection) for kind in shaped.kinds]
        # compiled twice, with two sets of stand-ins: what differs between the two is where the
        # arguments go; an argument that changes the statement's text is refused
        first, second = (self._compile(shaped, alias, round_) for round_ in (0, 1))
        self.empty = first is None
        self.used: frozenset[int] = frozenset()
        self.for_update = False
        if (first is None) != (second is None) or (first is not None and second is not None and first[0] != second[0]):
            raise TypeError(f"Shaped {shaped.name}: an argument changes the statement itself, not only its parameters")
        if first is None or second is None:
            return  # no rows whatever the values (the ORM's none()): nothing is asked
        (sql, params, queryset, compiler), (_sql, other_params, _q, _c) = first, second
        stand_ins = [self._stand_ins(shaped, round_) for round_ in (0, 1)]
        # (argument index or None, the constant, the parameter's own type: PostgreSQL's Int4 for an
        # integer field, say, which the value is wrapped in as the compiler wraps it)
        self.slots: list[tuple[int | None, Any, Any]] = []
        for param, other in zip(params, other_params, strict=True):
            index = next(
                (
                    i
                    for i in range(len(shaped.kinds))
                    if isinstance(param, type(stand_ins[0][i])) and param == stand_ins[0][i] and other == stand_ins[1][i]
                ),
                None,
            )
            if index is None:
                if param != other:
                    raise TypeError(f"Shaped {shaped.name}: a parameter is made from an argument ({param!r})")
                self.slots.append((None, param, None))
                continue
            wrap = type(param)
            if wrap is not type(stand_ins[0][index]) and wrap.__name__ not in _WRAPPED_BITS:
                raise TypeError(f"Shaped {shaped.name}: parameters of type {wrap.__name__} are not supported")
            self.slots.append((index, None, wrap if wrap.__name__ in _WRAPPED_BITS else None))
        iterable = queryset._iterable_class
        if iterable not in (ModelIterable, ValuesListIterable, FlatValuesListIterable):
            raise TypeError(f"Shaped {shaped.name}: only model instances and values_list() rows are supported")
        if queryset._known_related_objects:
            raise TypeError(f"Shaped {shaped.name}: a related manager's query set is not supported")
        if any(not isinstance(lookup, str) for lookup in queryset._prefetch_related_lookups):
            raise TypeError(f"Shaped {shaped.name}: only prefetch_related() by name is supported (a Prefetch's query set would keep its stand-ins)")
        self.iterable = iterable
        self.prefetch = queryset._prefetch_related_lookups
        self.used = frozenset(index for index, _constant, _wrap in self.slots if index is not None)
        self.for_update = bool(queryset.query.select_for_update)
        self.sql = sql
        self.compiler = compiler
        self.trim = compiler.col_count if compiler.has_extra_select else None
        if iterable is ModelIterable:
            select, klass_info = compiler.select, compiler.klass_info
            fields = klass_info["select_fields"]
            self.model = klass_info["model"]
            self.start, self.end = fields[0], fields[-1] + 1
            self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
            self.populators = get_related_populators(klass_info, select, alias)
            self.annotations = list(compiler.annotation_col_map.items())

    def _stand_ins(self, shaped: Shaped, round_: int) -> list[Any]:
        """The stand-ins as they reach the statement (adapted as the compiler adapts such values)."""
        return [
            adapt(_stand_in(kind, i, round_)) for i, (kind, adapt) in enumerate(zip(shaped.kinds, self.adapters, strict=True))
        ]

    @staticmethod
    def _compile(shaped: Shaped, alias: str, round_: int) -> tuple[str, tuple[Any, ...], Any, Any] | None:
        queryset = shaped.build(*(_stand_in(kind, i, round_) for i, kind in enumerate(shaped.kinds)))
        if not isinstance(queryset, QuerySet):
            raise TypeError(f"Shaped {shaped.name}: the build function must return a query set")
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        return sql, tuple(params), queryset, compiler

    def run(self, alias: str, args: tuple[Any, ...]) -> list[Any] | None:
        """The rows for ``args``; ``None`` when a value does not fit its parameter's type (the ORM
        answers those without asking the database)."""
        if self.empty:
            return []
        connection = connections[alias]
        if self.for_update and connection.features.has_select_for_update and connection.get_autocommit():
            # as the ORM's compiler refuses it
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        values = [
            adapt(value) if index in self.used else None
            for index, (adapt, value) in enumerate(zip(self.adapters, args, strict=True))
        ]
        params = []
        for index, constant, wrap in self.slots:
            if index is None:
                params.append(constant)
                continue
            value = values[index]
            if wrap is not None:
                bits = _WRAPPED_BITS[wrap.__name__]
                if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
                    return None
                value = wrap(value)
            params.append(value)
        with connections[alias].cursor() as cursor:
            cursor.execute(self.sql, params)
            fetched = cursor.fetchall()
        if self.trim is not None:
            fetched = [row[: self.trim] for row in fetched]
        rows = self.compiler.results_iter(results=[fetched], tuple_expected=self.iterable is ValuesListIterable)
        if self.iterable is ValuesListIterable:
            return list(rows)
        if self.iterable is FlatValuesListIterable:
            return [row[0] for row in rows]
        objects = []
        for row in rows:
            obj = self.model.from_db(alias, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        if self.prefetch and objects:
            prefetch_related_objects(objects, *self.prefetch)
        return objects


class Shaped:
    """A query set built by ``build(*args)`` whose statement is compiled once per database connection.

    ``kinds`` are the types of the arguments, in order (``int``, ``str`` or ``datetime.date``); each
    argument must reach the statement as a parameter (a lookup's value, not a slice bound).
    ``shaped(*args)`` is ``list(build(*args))``; :meth:`first` its first row or ``None``.
    """

    def __init__(self, build: Callable[..., QuerySet[Any]], *kinds: type, name: str = "") -> None:
        self.build = build
        self.kinds = kinds
        self.name = name or getattr(build, "__qualname__", "query")
        self._alias: str | None = None

    def _takes(self, plan: _Plan, args: tuple[Any, ...]) -> bool:
        """Whether the compiled statement can take these values as they are (an argument it does
        not use — the company of a role that sees every company — may be anything)."""
        for index, (kind, value) in enumerate(zip(self.kinds, args, strict=True)):
            if index not in plan.used:
                continue
            if type(value) is not kind:  # a bool is no int, a datetime no date, None no value: the ORM decides
                return False
            if kind is int and not _INT64[0] <= value <= _INT64[1]:
                return False
        return True

    def __call__(self, *args: Any) -> list[Any]:
        if len(args) != len(self.kinds):
            raise TypeError(f"Shaped {self.name}: {len(self.kinds)} argument(s) expected, {len(args)} given")
        if self._alias is None:
            # the database the query set reads from (its .db: the router's answer, the write
            # database for select_for_update), asked once
            self._alias = str(self.build(*(_stand_in(kind, i) for i, kind in enumerate(self.kinds))).db)
        alias = self._alias
        connection = connections[alias]
        # kept on the connection (one per thread), so they go with it
        plans: dict[Shaped, _Plan] = connection.__dict__.setdefault("_citymade_shaped_plans", {})
        plan = plans.get(self)
        if plan is None:
            plan = plans[self] = _Plan(self, alias)
        rows = plan.run(alias, args) if self._takes(plan, args) else None
        return list(self.build(*args)) if rows is None else rows

    def first(self, *args: Any) -> Any | None:
        rows = self(*args)
        return rows[0] if rows else None


# by the id of the function's code, which the entry keeps alive (so the id is not reused)
_EVERY: dict[int, tuple[Any, Shaped]] = {}


def every_row(build: Callable[[], QuerySet[Any]]) -> list[Any]:
    """``list(build())`` for a query set of no argument (a whole table's rows, say), its statement
    compiled once per connection. The shape is known by the function's code object (its identity:
    two equal lambdas of two modules are two shapes), so ``build`` must capture no variable and
    have no default argument (a ``lambda`` naming only its module's globals)."""
    if getattr(build, "__closure__", None) or getattr(build, "__defaults__", None) or getattr(build, "__kwdefaults__", None):
        raise TypeError("every_row: the query set's function must not capture variables or have defaults (its code names the shape)")
    code = build.__code__
    found = _EVERY.get(id(code))
    if found is None:
        name = f"{code.co_filename.rsplit('/', 1)[-1]}:{code.co_firstlineno}"
        found = _EVERY.setdefault(id(code), (code, Shaped(build, name=name)))
    return found[1]()


class Viewer:
    """What a ``visible_to(user)`` reads of a user: logged in, a role and a company."""

    is_authenticated = True

    def __init__(self, role: str, company_id: int | None) -> None:
        self.role = role
        self.company_id = company_id


class ByRole:
    """A read scoped to the user: ``build(viewer, *args)`` builds the query set from
    ``visible_to(viewer)``, and a :class:`Shaped` is compiled per role, the user's company its last
    argument (who may see what stays ``visible_to``'s alone). ``by_role(user, *args)`` is
    ``list(build(user, *args))``; nobody logged in sees nothing."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *kinds: type, name: str = "") -> None:
        self.build = build
        self.kinds = kinds
        self.name = name or getattr(build, "__qualname__", "query")
        self._shapes: dict[str, Shaped] = {}

    def _shape(self, role: str) -> Shaped:
        shape = self._shapes.get(role)
        if shape is None:
            build = self.build
            shape = self._shapes.setdefault(
                role,
                Shaped(lambda *args: build(Viewer(role, args[-1]), *args[:-1]), *self.kinds, int, name=f"{self.name} ({role})"),
            )
        return shape

    def __call__(self, user: Any, *args: Any) -> list[Any]:
        if not getattr(user, "is_authenticated", False):
            return []
        return self._shape(str(user.role))(*args, user.company_id)

    def first(self, user: Any, *args: Any) -> Any | None:
        rows = self(user, *args)
        return rows[0] if rows else None
