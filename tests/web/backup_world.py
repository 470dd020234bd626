"""Random installations for the backup tests: every kind of row a cluster holds, and a register store."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from decimal import Decimal
from pathlib import Path

import duckdb
from django.core import serializers
from hypothesis import strategies as st

from citymade.web.accounts.models import ApiToken, User
from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company, ContactPerson, Product, Site
from citymade.web.core.audit import log_action
from citymade.web.diagnostics.models import Diagnostic, TransitionLog
from citymade.web.operations.backup import _models, register_store_path
from citymade.web.portfolio.models import (
    Event,
    JobsFigure,
    Milestone,
    Participation,
    Partner,
    Pivot,
    StatusChange,
    SupportAction,
    WorkingGroup,
)

# PostgreSQL refuses NUL in text; surrogates are not text.
text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False, width=32) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
dates = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))
moments = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2030, 1, 1), timezones=st.just(dt.UTC))


@st.composite
def installations(draw: st.DrawFn) -> dict:
    n_companies = draw(st.integers(0, 3))
    companies = [
        {
            "name": draw(text) or "c",
            "nace": draw(st.lists(st.sampled_from(["31010", "25620", "95230"]), max_size=2)),
            "founded": draw(st.none() | dates),
            "products": draw(st.lists(st.tuples(text, st.none() | st.decimals(0, 9999, places=3)), max_size=2)),
            "sites": draw(st.lists(st.tuples(text, st.booleans(), st.none() | st.integers(0, 10**6)), max_size=2)),
            "contacts": draw(st.lists(text, max_size=1)),
            "diagnostics": draw(st.lists(st.tuples(st.dictionaries(text, json_value, max_size=4), dates, st.none() | moments), max_size=2)),
            "support": draw(st.lists(st.tuples(dates, st.integers(0, 600), text), max_size=2)),
            "jobs": draw(st.lists(st.tuples(dates, st.decimals(0, 9999, places=1)), max_size=2)),
            "milestone": draw(st.booleans()),
            "pivot": draw(st.none() | text),
        }
        for _ in range(n_companies)
    ]
    roles = [Role.ADVISOR] + draw(st.lists(st.sampled_from([Role.ADMIN, Role.ADVISOR, Role.OBSERVER, Role.COMPANY]), max_size=3))
    users = [
        {"role": r, "company": draw(st.integers(0, max(n_companies - 1, 0))), "tokens": draw(st.integers(0, 2)), "active": draw(st.booleans())}
        for r in roles
        if r != Role.COMPANY or n_companies
    ]
    return {
        "companies": companies,
        "users": users,
        "groups": draw(st.lists(text, max_size=2)),
        "events": draw(st.lists(st.tuples(text, dates), max_size=2)),
        "partner": draw(st.booleans()),
        "audit": draw(st.lists(st.dictionaries(text, json_value, max_size=2), max_size=3)),
        "register": draw(st.none() | st.lists(st.integers(-(2**31), 2**31 - 1), max_size=20)),
    }


def build(spec: dict) -> None:
    """Create every row ``spec`` describes (the database must be empty, the data directory too)."""
    companies = []
    for i, c in enumerate(spec["companies"]):
        company = Company.objects.create(name=c["name"], slug=f"company-{i}", nace_codes=c["nace"], founded_on=c["founded"])
        companies.append(company)
        for name, mass in c["products"]:
            Product.objects.create(company=company, name=name, unit_mass_kg=mass)
        for name, dwellings, area in c["sites"]:
            Site.objects.create(company=company, name=name, dwellings_adjacent=dwellings, floor_area_m2=area)
        for name in c["contacts"]:
            ContactPerson.objects.create(company=company, name=name, email="person@example.org")
    users = []
    for j, u in enumerate(spec["users"]):
        company = companies[u["company"]] if u["role"] == Role.COMPANY else None
        user = User.objects.create_user(username=f"user{j}", password="pw", role=u["role"], company=company, is_active=u["active"])
        users.append(user)
        for k in range(u["tokens"]):
            ApiToken.objects.create(user=user, name=f"t{k}", prefix=f"p{j}{k}", digest=hashlib.sha256(f"{j}-{k}".encode()).hexdigest())
    actor = users[0]
    for company, c in zip(companies, spec["companies"], strict=True):
        previous = None
        for version, (answers, on, submitted) in enumerate(c["diagnostics"], start=1):
            diagnostic = Diagnostic.objects.create(
                company=company, version=version, previous=previous, framework_version="1", answers=answers,
                assessor=actor, assessed_on=on, submitted_at=submitted, state="submitted" if submitted else "draft",
            )
            TransitionLog.objects.create(diagnostic=diagnostic, transition="submit", from_state="draft", to_state="submitted", by=actor)
            previous = diagnostic
        StatusChange.objects.create(company=company, from_status="", to_status="member", by=actor)
        for on, minutes, outcome in c["support"]:
            SupportAction.objects.create(company=company, date=on, advisor=actor, type="advice", minutes=minutes, outcome=outcome)
        for on, fte in c["jobs"]:
            JobsFigure.objects.create(company=company, date=on, fte=Decimal(fte))
        if c["milestone"]:
            Milestone.objects.create(company=company, kind="break_even", date=dt.date(2024, 5, 1))
        if c["pivot"] is not None:
            Pivot.objects.create(company=company, date=dt.date(2023, 1, 1), aspect="market", description=c["pivot"])
    for g, name in enumerate(spec["groups"]):
        group = WorkingGroup.objects.create(name=name or "g", slug=f"group-{g}")
        group.members.set(companies)
    partner = Partner.objects.create(name="Partner", joined_on=dt.date(2020, 1, 1)) if spec["partner"] else None
    for title, on in spec["events"]:
        event = Event.objects.create(title=title, kind="visit", date=on)
        for company in companies[:1]:
            Participation.objects.create(event=event, company=company, attended=True)
        if partner:
            Participation.objects.create(event=event, partner=partner)
    for after in spec["audit"]:
        log_action("company.changed", actor=actor, obj=companies[0] if companies else actor, after=after)
    if spec["register"] is not None:
        with duckdb.connect(str(register_store_path())) as con:
            con.execute("CREATE TABLE figures (n INTEGER)")
            for n in spec["register"]:
                con.execute("INSERT INTO figures VALUES (?)", [n])


def rows() -> dict[str, list[dict]]:
    """Every application row, by table, in primary-key order (plain keys: ids must survive too)."""
    return {m._meta.label_lower: serializers.serialize("python", m._default_manager.order_by("pk")) for m in _models()}


def register_digest() -> str | None:
    store = register_store_path()
    return hashlib.sha256(store.read_bytes()).hexdigest() if store.exists() else None


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))
