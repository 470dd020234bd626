"""Every URL, requested as every role and anonymously, answers as declared here.

To add a page: add one or more ``Case`` rows below. ``test_every_url_has_cases`` fails when a URL
exists without a row, so no page can slip out of the matrix. ``own``/``other`` cases check that a
company user reaches its own company's objects and never another's (even by guessing ids).

Expected answers: 200 ok · 302 redirect (anonymous → login page) · 403 role refused · 404 not
visible (company-scoped objects of another company) · 405 method not allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from citymade.web.accounts.roles import Role

ANON = "anonymous"
ROLES = [ANON, Role.ADMIN, Role.ADVISOR, Role.COMPANY, Role.OBSERVER]


def _all(status: int) -> dict[str, int]:
    return {role: status for role in ROLES}


def staff_only(company: int = 403, observer: int = 403) -> dict[str, int]:
    return {ANON: 302, Role.ADMIN: 200, Role.ADVISOR: 200, Role.COMPANY: company, Role.OBSERVER: observer}


LOGGED_IN = {ANON: 302, Role.ADMIN: 200, Role.ADVISOR: 200, Role.COMPANY: 200, Role.OBSERVER: 200}
PUBLIC = _all(200)


@dataclass
class Case:
    name: str
    expect: dict[str, int]
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda w: {})
    method: str = "get"
    label: str = ""


def _company_part(kind: str, company: Any) -> Any:
    """A product, site or contact person of ``company`` (made on first use)."""
    from citymade.web.companies.models import ContactPerson, Product, Site

    model = {"product": Product, "site": Site, "contact": ContactPerson}[kind]
    return model.objects.get_or_create(company=company, name=f"{kind} of {company.slug}")[0]


def _company_part_cases(kind: str) -> list[Case]:
    """Add/edit/delete pages of a company's part: own, other company's, and a guessed id."""
    guessed = {ANON: 302, Role.ADMIN: 404, Role.ADVISOR: 404, Role.COMPANY: 404, Role.OBSERVER: 403}
    cases = [
        Case(f"companies:{kind}_add", staff_only(company=200), kwargs=lambda w: {"slug": w.own.slug}, label="own"),
        Case(f"companies:{kind}_add", staff_only(company=404), kwargs=lambda w: {"slug": w.other.slug}, label="other"),
    ]
    for action in ("edit", "delete"):
        cases += [
            Case(f"companies:{kind}_{action}", staff_only(company=200), label="own",
                 kwargs=lambda w: {"slug": w.own.slug, "pk": _company_part(kind, w.own).pk}),
            Case(f"companies:{kind}_{action}", staff_only(company=404), label="other",
                 kwargs=lambda w: {"slug": w.other.slug, "pk": _company_part(kind, w.other).pk}),
            # The company's own slug with another company's id: still not found.
            Case(f"companies:{kind}_{action}", guessed, label="guessed",
                 kwargs=lambda w: {"slug": w.own.slug, "pk": _company_part(kind, w.other).pk}),
        ]
    return cases


def _diagnostic(company: Any, state: str = "submitted") -> Any:
    """A diagnostic of ``company`` in ``state`` (made on first use; finished ones carry a result)."""
    from citymade.web.diagnostics.models import Diagnostic

    diagnostic = Diagnostic.objects.filter(company=company, state=state).first()
    if diagnostic is None:
        diagnostic = Diagnostic.objects.create(
            company=company,
            version=Diagnostic.objects.filter(company=company).count() + 1,
            framework_version="test",
            state=state,
            result=None if state == "draft" else {"dimensions": []},
        )
    return diagnostic


def _first_step_key() -> str:
    from citymade.framework import load_framework
    from citymade.web.diagnostics.questionnaire import steps_for

    return steps_for(load_framework(), 0)[0].key


def _diagnostic_cases() -> list[Case]:
    """Every diagnostic page for the own company's diagnostic and another company's."""
    people = staff_only(company=200)
    hidden = staff_only(company=404)
    cases = [Case("diagnostics:list", people)]
    for label, expect, which in (("own", people, "own"), ("other", hidden, "other")):
        company = (lambda w: w.own) if which == "own" else (lambda w: w.other)
        cases += [
            Case("diagnostics:history", expect, label=label, kwargs=lambda w, c=company: {"slug": c(w).slug}),
            Case("diagnostics:start", expect, label=label, kwargs=lambda w, c=company: {"slug": c(w).slug}),
            Case("diagnostics:detail", expect, label=label + "-draft",
                 kwargs=lambda w, c=company: {"pk": _diagnostic(c(w), "draft").pk}),
            Case("diagnostics:detail", expect, label=label + "-submitted",
                 kwargs=lambda w, c=company: {"pk": _diagnostic(c(w)).pk}),
            Case("diagnostics:step", expect, label=label,
                 kwargs=lambda w, c=company: {"pk": _diagnostic(c(w), "draft").pk, "key": _first_step_key()}),
            Case("diagnostics:review", expect, label=label,
                 kwargs=lambda w, c=company: {"pk": _diagnostic(c(w), "draft").pk}),
            Case("diagnostics:what_if", expect, label=label, kwargs=lambda w, c=company: {"pk": _diagnostic(c(w)).pk}),
            Case("diagnostics:report", expect, label=label, kwargs=lambda w, c=company: {"pk": _diagnostic(c(w)).pk}),
        ]
    # Validating is for staff only: a company user is refused on its own diagnostic, 404 on another's.
    cases += [
        Case("diagnostics:transition", staff_only(company=403) | {Role.ADMIN: 302, Role.ADVISOR: 302}, method="post",
             label="validate-own", kwargs=lambda w: {"pk": _diagnostic(w.own).pk, "name": "validate"}),
        Case("diagnostics:transition", staff_only(company=404) | {Role.ADMIN: 302, Role.ADVISOR: 302}, method="post",
             label="validate-other", kwargs=lambda w: {"pk": _diagnostic(w.other).pk, "name": "validate"}),
        Case("diagnostics:transition", staff_only(company=302) | {Role.ADMIN: 302, Role.ADVISOR: 302}, method="post",
             label="revise-own", kwargs=lambda w: {"pk": _diagnostic(w.own).pk, "name": "revise"}),
    ]
    return cases


def _support_action(company: Any) -> Any:
    """A support action given to ``company`` (made on first use)."""
    import datetime as dt

    from citymade.web.portfolio.models import SupportAction

    return SupportAction.objects.get_or_create(company=company, type="advice", date=dt.date(2024, 1, 1))[0]


def _partner() -> Any:
    """A partner of the cluster (made on first use)."""
    import datetime as dt

    from citymade.web.portfolio.models import Partner

    return Partner.objects.get_or_create(name="Agence", organisation_type="public", joined_on=dt.date(2020, 1, 1))[0]


def _event() -> Any:
    """An event of the cluster (made on first use) for the attendance page."""
    import datetime as dt

    from citymade.web.portfolio.models import Event

    return Event.objects.get_or_create(title="Open day", kind="open_day", date=dt.date(2024, 5, 4))[0]


def _group() -> Any:
    """A working group of the cluster (made on first use)."""
    from citymade.web.portfolio.models import WorkingGroup

    return WorkingGroup.objects.get_or_create(slug="textile", defaults={"name": "Textile"})[0]


def _invitation(company: Any) -> Any:
    """``company`` invited to the open day (made again on every use: removing it deletes it)."""
    from citymade.web.portfolio.models import Participation

    return Participation.objects.get_or_create(event=_event(), company=company)[0]


def _portfolio_cases() -> list[Case]:
    """Portfolio pages: staff only, except the key figures (aggregates) that observers see too."""
    cases = [
        Case("portfolio:dashboard", staff_only()),
        Case("portfolio:review", staff_only()),
        Case("portfolio:review_year", staff_only(), kwargs=lambda w: {"year": 2024}),
        *[
            Case("portfolio:review_download", staff_only(), kwargs=lambda w, f=fmt: {"year": 2024, "fmt": f}, label=fmt)
            for fmt in ("json", "pdf", "xlsx")
        ],
        Case("portfolio:review_figure", staff_only(), kwargs=lambda w: {"year": 2024, "key": "members_total"}),
        Case("portfolio:review_edit", staff_only(), kwargs=lambda w: {"year": 2024}),
        Case("portfolio:review_edit", {**staff_only(), Role.ADMIN: 404, Role.ADVISOR: 404}, kwargs=lambda w: {"year": 2999}, label="future"),
        Case("portfolio:group_edit", staff_only(), kwargs=lambda w: {"pk": _group().pk}),
        Case("portfolio:group_edit", {**staff_only(), Role.ADMIN: 404, Role.ADVISOR: 404}, kwargs=lambda w: {"pk": 999999}, label="guessed"),
        Case("portfolio:event_edit", staff_only(), kwargs=lambda w: {"pk": _event().pk}),
        Case("portfolio:event_edit", {**staff_only(), Role.ADMIN: 404, Role.ADVISOR: 404}, kwargs=lambda w: {"pk": 999999}, label="guessed"),
        Case("portfolio:invitation_remove", {**staff_only(), Role.ADMIN: 302, Role.ADVISOR: 302}, method="post",
             kwargs=lambda w: {"event_id": _event().pk, "pk": _invitation(w.own).pk}),
        Case("portfolio:invitation_remove", {**staff_only(), Role.ADMIN: 404, Role.ADVISOR: 404}, method="post",
             kwargs=lambda w: {"event_id": _event().pk, "pk": 999999}, label="guessed"),
        Case("portfolio:invitation_remove", {**staff_only(), Role.ADMIN: 405, Role.ADVISOR: 405},
             kwargs=lambda w: {"event_id": _event().pk, "pk": _invitation(w.own).pk}, label="get"),
        Case("portfolio:figures", staff_only(observer=200)),
        *[
            Case("portfolio:figures_download", staff_only(observer=200), kwargs=lambda w, f=fmt: {"fmt": f}, label=fmt)
            for fmt in ("csv", "xlsx")
        ],
        Case("portfolio:figures_download", {**staff_only(observer=404), Role.ADMIN: 404, Role.ADVISOR: 404},
             kwargs=lambda w: {"fmt": "pdf"}, label="unknown format"),
        Case("portfolio:support_list", staff_only()),
        Case("portfolio:partners", staff_only()),
        Case("portfolio:partner_edit", staff_only(), kwargs=lambda w: {"pk": _partner().pk}),
        Case("portfolio:partner_edit", {**staff_only(), Role.ADMIN: 404, Role.ADVISOR: 404}, kwargs=lambda w: {"pk": 999999}, label="guessed"),
        Case("portfolio:groups", staff_only()),
        Case("portfolio:attendance", staff_only(), kwargs=lambda w: {"event_id": _event().pk}),
        Case("portfolio:import", staff_only()),
        *[
            Case("portfolio:import_template", staff_only(), kwargs=lambda w, k=kind, f=fmt: {"kind": k, "fmt": f}, label=f"{kind}-{fmt}")
            for kind in ("status_changes", "attendance")
            for fmt in ("csv", "xlsx")
        ],
        Case("portfolio:import_template", {**staff_only(), Role.ADMIN: 404, Role.ADVISOR: 404},
             kwargs=lambda w: {"kind": "secrets", "fmt": "csv"}, label="unknown"),
        Case("portfolio:export", staff_only()),
        *[
            Case("portfolio:export_download", staff_only(), kwargs=lambda w, k=kind, f=fmt: {"kind": k, "fmt": f}, label=f"{kind}-{fmt}")
            for kind in ("companies", "diagnostics", "support_actions")
            for fmt in ("csv", "xlsx")
        ],
    ]
    # Changing a support action: staff only (the company user is refused even for its own company).
    cases += [
        Case("portfolio:support_edit", staff_only(), kwargs=lambda w: {"pk": _support_action(w.own).pk}, label="own"),
        Case("portfolio:support_edit", staff_only(), kwargs=lambda w: {"pk": _support_action(w.other).pk}, label="other"),
        Case("portfolio:support_edit", {**staff_only(), Role.ADMIN: 404, Role.ADVISOR: 404}, kwargs=lambda w: {"pk": 999999}, label="guessed"),
    ]
    # Recording a contact (POST only): staff only, a company user refused even on its own company.
    posted = {**staff_only(), Role.ADMIN: 302, Role.ADVISOR: 302}
    cases += [
        Case("portfolio:contact_create", posted, method="post", kwargs=lambda w: {"slug": w.own.slug}, label="own"),
        Case("portfolio:contact_create", posted, method="post", kwargs=lambda w: {"slug": w.other.slug}, label="other"),
        Case("portfolio:contact_create", {**staff_only(), Role.ADMIN: 405, Role.ADVISOR: 405}, kwargs=lambda w: {"slug": w.own.slug}, label="get"),
    ]
    # A plan item: staff only; a recommendation not in the plan is not found.
    cases += [
        Case("portfolio:plan_item_edit", {**staff_only(), Role.ADMIN: 404, Role.ADVISOR: 404},
             kwargs=lambda w: {"slug": w.own.slug, "diagnostic_id": 999999, "recommendation": "r_guessed"}, label="guessed"),
        Case("portfolio:plan_item_edit", {**staff_only(), Role.ADMIN: 404, Role.ADVISOR: 404},
             kwargs=lambda w: {"slug": w.other.slug, "diagnostic_id": 999999, "recommendation": "r_guessed"}, label="other"),
    ]
    # A company's follow-up forms: staff only; a company user is refused even on its own company.
    for name in ("support_create", "status_change", "pivot_create", "milestone_create", "jobs_create"):
        cases += [
            Case(f"portfolio:{name}", staff_only(), kwargs=lambda w: {"slug": w.own.slug}, label="own"),
            Case(f"portfolio:{name}", staff_only(), kwargs=lambda w: {"slug": w.other.slug}, label="other"),
        ]
    return cases


def _someone() -> Any:
    """An account the administrator's pages act on (made on first use)."""
    from citymade.web.accounts.models import User

    return User.objects.get_or_create(username="someone", defaults={"first_name": "Sam", "last_name": "One",
                                                                    "email": "sam@example.org", "role": Role.OBSERVER})[0]


def _account_cases() -> list[Case]:
    """Account pages: the profile for everybody, the users' pages for the administrator only, the
    invitation of an entrepreneur for staff (on any company), its link for anybody."""
    admin_only = staff_only() | {Role.ADVISOR: 403}
    posted = admin_only | {Role.ADMIN: 302}
    return [
        Case("accounts:profile", LOGGED_IN),
        Case("accounts:users", admin_only),
        Case("accounts:user_create", admin_only),
        Case("accounts:user_edit", admin_only, kwargs=lambda w: {"pk": _someone().pk}),
        Case("accounts:user_edit", admin_only | {Role.ADMIN: 404}, kwargs=lambda w: {"pk": 999999}, label="guessed"),
        *[
            Case(f"accounts:{name}", posted, method="post", kwargs=lambda w: {"pk": _someone().pk})
            for name in ("user_deactivate", "user_reactivate", "user_send_link")
        ],
        Case("accounts:user_deactivate", {**_all(405)}, kwargs=lambda w: {"pk": _someone().pk}, label="get"),
        Case("accounts:invite", staff_only(), kwargs=lambda w: {"slug": w.own.slug}, label="own"),
        Case("accounts:invite", staff_only(), kwargs=lambda w: {"slug": w.other.slug}, label="other"),
        Case("accounts:invite", {**staff_only(), Role.ADMIN: 404, Role.ADVISOR: 404}, kwargs=lambda w: {"slug": "no-such-company"},
             label="guessed"),
        Case("accounts:invitation", PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "x-y"}),
    ]


CASES: list[Case] = [
    # core
    Case("core:home", LOGGED_IN),
    Case("core:set_language", _all(302), method="post"),
    Case("core:healthz", PUBLIC),
    Case("core:audit", staff_only(company=403, observer=403) | {Role.ADVISOR: 403}),
    # accounts
    Case("accounts:login", {ANON: 200, **{r: 302 for r in ROLES[1:]}}),
    Case("accounts:logout", _all(405)),
    Case("accounts:password_change", LOGGED_IN),
    Case("accounts:password_change_done", LOGGED_IN),
    Case("accounts:password_reset", PUBLIC),
    Case("accounts:password_reset_done", PUBLIC),
    Case("accounts:password_reset_confirm", PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "x-y"}),
    Case("accounts:password_reset_complete", PUBLIC),
    Case("accounts:tokens", LOGGED_IN),
    Case("accounts:revoke_token", {**_all(405)}, kwargs=lambda w: {"token_id": 1}),
    *_account_cases(),
    # region (register figures: every role; prospects: staff only)
    Case("region:figures", LOGGED_IN),
    Case("region:download", {**LOGGED_IN, Role.ADMIN: 404, Role.ADVISOR: 404, Role.COMPANY: 404, Role.OBSERVER: 404},
         kwargs=lambda w: {"table": "by_municipality", "fmt": "csv"}, label="no store yet"),
    Case("region:prospects", staff_only()),
    Case("region:add_prospect", {**staff_only(), Role.ADMIN: 302, Role.ADVISOR: 302}, method="post", label="empty number"),
    Case("region:dismiss_prospect", {**staff_only(), Role.ADMIN: 302, Role.ADVISOR: 302}, method="post", label="empty number"),
    Case("region:dismiss_prospect", {ANON: 302, Role.ADMIN: 405, Role.ADVISOR: 405, Role.COMPANY: 403, Role.OBSERVER: 403}),
    Case("region:restore_prospect", {**staff_only(), Role.ADMIN: 302, Role.ADVISOR: 302}, method="post", label="empty number"),
    Case("region:restore_prospect", {ANON: 302, Role.ADMIN: 405, Role.ADVISOR: 405, Role.COMPANY: 403, Role.OBSERVER: 403}),
    # companies
    Case("companies:list", staff_only(company=200)),
    Case("companies:detail", staff_only(company=200), kwargs=lambda w: {"slug": w.own.slug}, label="own"),
    Case("companies:detail", staff_only(company=404), kwargs=lambda w: {"slug": w.other.slug}, label="other"),
    Case("companies:create", staff_only()),
    Case("companies:edit", staff_only(company=200), kwargs=lambda w: {"slug": w.own.slug}, label="own"),
    Case("companies:edit", staff_only(company=404), kwargs=lambda w: {"slug": w.other.slug}, label="other"),
    *_company_part_cases("product"),
    *_company_part_cases("site"),
    *_company_part_cases("contact"),
    Case("companies:contact_personal_data", staff_only(), label="own",
         kwargs=lambda w: {"slug": w.own.slug, "pk": _company_part("contact", w.own).pk}),
    Case("companies:contact_personal_data", {**staff_only(), Role.ADMIN: 404, Role.ADVISOR: 404}, label="guessed",
         kwargs=lambda w: {"slug": w.own.slug, "pk": _company_part("contact", w.other).pk}),
    Case("companies:contact_erase", _all(405), kwargs=lambda w: {"slug": w.own.slug, "pk": 1}),
    # diagnostics
    *_diagnostic_cases(),
    # portfolio
    *_portfolio_cases(),
]

#: API operations: (method, path template, expected per role). 401 = not authenticated.
#: Templates name objects of the own or the other company ({own_product}, {other_draft} …, made on
#: first use by :class:`_ApiIds`). A role refused by an operation gets 403 before its body is read.
#: Write rows send no JSON (the test client posts an empty form, PATCH/PUT nothing), so the roles
#: that may write get 415 (a form, not JSON) or 422 (the body is missing) before any object is looked
#: up — what each role may do with a valid body is tested in tests/web/test_api_*.py.
def _api(anon: int = 401, admin: int = 200, advisor: int = 200, company: int = 200, observer: int = 403) -> dict[str, int]:
    return {ANON: anon, Role.ADMIN: admin, Role.ADVISOR: advisor, Role.COMPANY: company, Role.OBSERVER: observer}


PEOPLE_READ = _api()
OWN_ONLY = _api(company=404)  # another company's object: staff 200, the company user 404
API_CASES: list[tuple[str, str, dict[str, int]]] = [
    # Every role may score answers; an empty form is refused as not JSON (415) — scoring is in test_api_assess.
    ("post", "/api/assess", _api(admin=415, advisor=415, company=415, observer=415)),
    # companies
    ("get", "/api/companies", PEOPLE_READ),
    ("post", "/api/companies", _api(admin=415, advisor=415, company=403)),
    ("get", "/api/companies/{own}", PEOPLE_READ),
    ("get", "/api/companies/{other}", OWN_ONLY),
    ("get", "/api/companies/999999999", _api(admin=404, advisor=404, company=404)),
    ("patch", "/api/companies/{own}", _api(admin=422, advisor=422, company=422)),
    ("patch", "/api/companies/{other}", _api(admin=422, advisor=422, company=422)),
    # products and sites of a company
    *[
        row
        for part in ("product", "site")
        for row in [
            ("get", f"/api/companies/{{own}}/{part}s", PEOPLE_READ),
            ("get", f"/api/companies/{{other}}/{part}s", OWN_ONLY),
            ("post", f"/api/companies/{{own}}/{part}s", _api(admin=415, advisor=415, company=415)),
            ("post", f"/api/companies/{{other}}/{part}s", _api(admin=415, advisor=415, company=415)),
            ("get", f"/api/companies/{{own}}/{part}s/{{own_{part}}}", PEOPLE_READ),
            ("get", f"/api/companies/{{other}}/{part}s/{{other_{part}}}", OWN_ONLY),
            # The own company with another company's id: not found for everybody.
            ("get", f"/api/companies/{{own}}/{part}s/{{other_{part}}}", _api(admin=404, advisor=404, company=404)),
            ("patch", f"/api/companies/{{own}}/{part}s/{{own_{part}}}", _api(admin=422, advisor=422, company=422)),
            ("patch", f"/api/companies/{{other}}/{part}s/{{other_{part}}}", _api(admin=422, advisor=422, company=422)),
            ("delete", f"/api/companies/{{own}}/{part}s/{{own_{part}}}", _api(admin=204, advisor=204, company=204)),
            ("delete", f"/api/companies/{{other}}/{part}s/{{other_{part}}}", _api(admin=204, advisor=204, company=404)),
        ]
    ],
    # diagnostics
    ("get", "/api/diagnostics", PEOPLE_READ),
    ("get", "/api/companies/{own}/diagnostics", PEOPLE_READ),
    ("get", "/api/companies/{other}/diagnostics", OWN_ONLY),
    ("post", "/api/companies/{own}/diagnostics", _api(admin=415, advisor=415, company=415)),
    ("post", "/api/companies/{other}/diagnostics", _api(admin=415, advisor=415, company=415)),
    ("get", "/api/diagnostics/999999999", _api(admin=404, advisor=404, company=404)),
    ("get", "/api/diagnostics/{own_submitted}", PEOPLE_READ),
    ("get", "/api/diagnostics/{other_submitted}", OWN_ONLY),
    ("get", "/api/diagnostics/{own_draft}/questionnaire", PEOPLE_READ),
    ("get", "/api/diagnostics/{other_draft}/questionnaire", OWN_ONLY),
    ("put", "/api/diagnostics/{own_draft}/steps/{step}", _api(admin=422, advisor=422, company=422)),
    ("put", "/api/diagnostics/{other_draft}/steps/{step}", _api(admin=422, advisor=422, company=422)),
    ("put", "/api/diagnostics/{own_draft}/answers", _api(admin=422, advisor=422, company=422)),
    ("put", "/api/diagnostics/{other_draft}/answers", _api(admin=422, advisor=422, company=422)),
    # Transitions; validating is for staff only. Their effects (409 on a submitted diagnostic …) are
    # in test_api_diagnostics.py.
    ("post", "/api/diagnostics/{own_draft}/submit", _api(admin=415, advisor=415, company=415)),
    ("post", "/api/diagnostics/{own_submitted}/validate", _api(admin=415, advisor=415, company=403)),
    ("post", "/api/diagnostics/{own_submitted}/revise", _api(admin=415, advisor=415, company=415)),
    ("get", "/api/diagnostics/{own_submitted}/result", PEOPLE_READ),
    ("get", "/api/diagnostics/{other_submitted}/result", OWN_ONLY),
    ("get", "/api/diagnostics/{own_draft}/result", _api(admin=409, advisor=409, company=409)),
    # portfolio: support actions (company users see their own company's), the review (staff only).
    # Creating a support action with a valid body, as every role, is checked in test_portfolio_api.py.
    ("get", "/api/portfolio/support-actions", PEOPLE_READ),
    ("post", "/api/portfolio/support-actions", _api(admin=415, advisor=415, company=403)),
    ("get", "/api/portfolio/support-actions/{own_action}", PEOPLE_READ),
    ("get", "/api/portfolio/support-actions/{other_action}", OWN_ONLY),
    ("patch", "/api/portfolio/support-actions/{own_action}", _api(admin=422, advisor=422, company=403)),
    ("get", "/api/portfolio/review?year=2024", _api(company=403)),
    ("get", "/api/portfolio/review", _api(admin=422, advisor=422, company=403)),
    # The anonymised counts of the figures page: staff and observers (company users have peer benchmarks).
    ("get", "/api/portfolio/figures", _api(company=403, observer=200)),
    # Loading the history: staff only (valid bodies as every role in test_portfolio_api_records.py).
    ("post", "/api/portfolio/status-changes", _api(admin=415, advisor=415, company=403)),
    ("post", "/api/portfolio/jobs", _api(admin=415, advisor=415, company=403)),
    ("post", "/api/portfolio/partners", _api(admin=415, advisor=415, company=403)),
    ("post", "/api/portfolio/working-groups", _api(admin=415, advisor=415, company=403)),
    ("post", "/api/portfolio/working-groups/{group}/members", _api(admin=415, advisor=415, company=403)),
    ("post", "/api/portfolio/events", _api(admin=415, advisor=415, company=403)),
    ("post", "/api/portfolio/events/{event}/attendance", _api(admin=415, advisor=415, company=403)),
    # The bulk export: people see rows (a company user its own); observers 403 with a pointer to the figures.
    ("get", "/api/results", PEOPLE_READ),
    ("get", "/api/results?all=true&format=csv", PEOPLE_READ),
    # register figures: aggregates, every role; no store imported in this world (404 with a message).
    ("get", "/api/register/figures", _api(admin=404, advisor=404, company=404, observer=404)),
]


class _ApiIds(dict):
    """Ids for the API path templates, made on first use."""

    def __init__(self, world: Any) -> None:
        super().__init__(own=world.own.pk, other=world.other.pk)
        self.world = world

    def __missing__(self, key: str) -> Any:


        if key == "step":
            return _first_step_key()
        if key == "group":
            return _group().pk
        if key == "event":
            return _event().pk
        which, _sep, kind = key.partition("_")
        company = self.world.own if which == "own" else self.world.other
        if kind in ("product", "site"):
            value = _company_part(kind, company).pk
        elif kind in ("draft", "submitted"):
            value = _diagnostic(company, kind).pk
        elif kind == "action":
            value = _support_action(company).pk
        else:
            raise KeyError(key)
        self[key] = value
        return value


API_DOC_URLS = ["/api/docs", "/api/openapi.json"]


def _url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns == "api" or str(pattern.pattern).startswith("api/"):
                continue  # covered by API_CASES
            names |= _url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_cases():
    missing = _url_names() - {c.name for c in CASES}
    assert not missing, f"URLs without an access case in the matrix: {sorted(missing)}"


def test_every_api_operation_has_cases_and_a_rule():
    from citymade.web.api.routes import api

    schema = api.get_openapi_schema()
    declared = {(m, p) for m, p, _ in API_CASES}
    for path, operations in schema["paths"].items():
        for method in operations:
            assert (method, path) in declared or any(
                m == method and _matches(p, path) for m, p, _ in API_CASES
            ), f"API operation {method.upper()} {path} has no access case"
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                assert getattr(operation.view_func, "access", None) is not None, (
                    f"API operation {operation.view_func.__name__} has no api_allow rule"
                )


def _matches(template: str, path: str) -> bool:
    a, b = template.strip("/").split("/"), path.strip("/").split("/")
    return len(a) == len(b) and all(x == y or x.startswith("{") or y.startswith("{") for x, y in zip(a, b, strict=True))


def _matrix():
    for case in CASES:
        for role in ROLES:
            yield pytest.param(case, role, id=f"{case.name}{'[' + case.label + ']' if case.label else ''}-{role}")


@pytest.mark.parametrize(("case", "role"), list(_matrix()))
def test_page_access(client, world, case: Case, role: str):
    if role != ANON:
        client.force_login(world.users[role])
    url = reverse(case.name, kwargs=case.kwargs(world))
    response = getattr(client, case.method)(url)
    assert response.status_code == case.expect[role], f"{case.method.upper()} {url} as {role}"
    if role == ANON and response.status_code == 302 and case.expect is not PUBLIC and case.name != "core:set_language":
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(("method", "path", "expect"), API_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_api_access(client, world, method, path, expect, role):
    if role != ANON:
        client.force_login(world.users[role])
    response = getattr(client, method)(path.format_map(_ApiIds(world)))
    assert response.status_code == expect[role], f"{method.upper()} {path} as {role}: {response.content[:300]!r}"


@pytest.mark.parametrize("url", API_DOC_URLS)
def test_api_docs_need_login(client, world, url):
    assert client.get(url).status_code == 302
    client.force_login(world.users[Role.OBSERVER])
    assert client.get(url).status_code == 200


def test_company_user_sees_only_own_company_in_lists(client, world):
    client.force_login(world.users[Role.COMPANY])
    page = client.get(reverse("companies:list")).content.decode()
    assert world.own.name in page and world.other.name not in page
    data = client.get("/api/companies").json()
    assert [item["slug"] for item in data["items"]] == [world.own.slug] and data["count"] == 1


def test_undeclared_view_is_refused(rf, world):
    """A view without an access rule is closed by the middleware, not open."""
    from django.core.exceptions import PermissionDenied

    from citymade.web.core.access import AccessMiddleware

    def naked_view(request):  # no @allow
        raise AssertionError("must not run")

    request = rf.get("/somewhere/")
    request.user = world.users[Role.ADMIN]
    middleware = AccessMiddleware(lambda r: None)
    with pytest.raises(PermissionDenied):
        middleware.process_view(request, naked_view, (), {})
