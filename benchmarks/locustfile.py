"""The load benchmark's mix of users (locust), run by ``benchmarks/load.py``; see its docstring.

Three kinds of simulated people, in the proportions 2 : 2 : 1:

* **Advisors** log in through the login form once, then browse: the company list, company pages,
  diagnostic results pages (the heaviest HTML page), a company's diagnostic history, the portfolio
  dashboard, the annual review, the diagnostics list and the home page.
* **Company users** (each one a different demo company) log in once, then fill their draft
  self-diagnostic step after step — open the step, post it back with its answers ("Save and
  continue"), now and then a live HTMX save of the step — and look at their results, their company
  page, their history and the draft's review page.
* **API readers** (scripts with a personal read token, ``Authorization: Bearer``) read companies,
  diagnostics with their scored result, and the annual review.

Every request must answer exactly as a browser or a script expects (status, and for pages a marker
of the right page); anything else — an error, a redirect to the login page, a refused form — counts
as an error. Redirects are never followed silently: a POST must answer 302 and the next page is
requested on its own.

The driver plays the TLS-terminating proxy of a deployment: it sends ``X-Forwarded-Proto: https``,
and its cookie jar sends the production server's ``Secure`` cookies over the loopback http, as a
browser does over https to the proxy (:class:`BehindTlsProxy`).

The measured window starts once every user has logged in (a login costs a deliberately slow
password hash, once per session of hours, so the login storm of the first seconds is reported apart)
and the warm-up of ``CITYMADE_LOAD_WARMUP`` seconds has passed (the same load, not measured, but its
failures are counted), and lasts ``CITYMADE_LOAD_SECONDS``; then the run stops. Environment:
``CITYMADE_LOAD_FIXTURE`` (the JSON of ``load_fixture.py``), ``CITYMADE_LOAD_USERS``,
``CITYMADE_LOAD_WARMUP``, ``CITYMADE_LOAD_SECONDS``,
``CITYMADE_LOAD_REPORT`` (where to write the login timings), ``CITYMADE_LOAD_THINK`` (the pause
between two requests of one user, "min,max" seconds).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import gevent
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stepform import StepFormReader  # noqa: E402

if not os.environ.get("CITYMADE_LOAD_FIXTURE"):
    raise SystemExit(
        "benchmarks/locustfile.py is run by benchmarks/load.py; to run it alone, set CITYMADE_LOAD_FIXTURE "
        "to the JSON written by benchmarks/load_fixture.py for the server's database."
    )
FIXTURE: dict[str, Any] = json.loads(Path(os.environ["CITYMADE_LOAD_FIXTURE"]).read_text(encoding="utf-8"))
THINK = tuple(float(x) for x in os.environ.get("CITYMADE_LOAD_THINK", "0.05,0.15").split(","))
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATIC_LINKS = re.compile(r'(?:href|src)="(/static/[^"]+)"')

_companies = itertools.count()
_tokens = itertools.count()
_logins: list[dict[str, Any]] = []
_window: dict[str, Any] = {"started": None, "users": 0, "warmup": None, "before_warmup": (0, 0)}


def _expected_users(environment: Any) -> int:
    configured = os.environ.get("CITYMADE_LOAD_USERS")
    return int(configured) if configured else int(getattr(environment.runner, "target_user_count", 0) or 0)


def _ready(user: FastHttpUser, login_seconds: float | None = None, ok: bool = True) -> None:
    """Count users ready to work; when the last one is, the measured window starts (stats reset)."""
    environment = user.environment
    if login_seconds is not None:
        _logins.append({"user": type(user).__name__, "ms": round(login_seconds * 1000), "ok": ok})
    _window["users"] += 1
    if _window["users"] == _expected_users(environment) and _window["warmup"] is None:
        warmup = float(os.environ.get("CITYMADE_LOAD_WARMUP", "0"))
        total = environment.stats.total  # what the logins asked is reported apart
        _window["before_warmup"] = (total.num_requests, total.num_failures)
        _window["warmup"] = {"seconds": warmup, "requests": 0, "failures": 0, "what_failed": []}
        if warmup > 0:
            gevent.spawn_later(warmup, _start_window, environment)
        else:
            _start_window(environment)


def _start_window(environment: Any) -> None:
    """The measured window starts: what the warm-up did is counted apart (its failures still count)."""
    stats = environment.stats
    requests, failures = _window["before_warmup"]
    warmup = _window["warmup"]
    warmup.update(requests=stats.total.num_requests - requests, failures=stats.total.num_failures - failures)
    if warmup["failures"]:  # what failed, before the reset forgets it (the logins' failures included)
        warmup["what_failed"] = [
            f"{e.method} {e.name}: {e.error} (×{e.occurrences})" for e in list(stats.errors.values())[:15]
        ]
    stats.reset_all()
    _window["started"] = time.time()
    seconds_to_run = float(os.environ.get("CITYMADE_LOAD_SECONDS", "0"))
    if seconds_to_run > 0 and environment.runner is not None:
        gevent.spawn_later(seconds_to_run, environment.runner.quit)


@events.test_stop.add_listener
def _write_report(environment: Any, **_kwargs: Any) -> None:
    path = os.environ.get("CITYMADE_LOAD_REPORT")
    if path:
        ended = time.time()
        report = {"logins": _logins, "warmup": _window["warmup"], "window_started": _window["started"],
                  "window_ended": ended}
        Path(path).write_text(json.dumps(report), encoding="utf-8")


class BehindTlsProxy(DefaultCookiePolicy):
    """Send ``Secure`` cookies over the loopback http: here the driver stands where the TLS proxy is."""

    def return_ok_secure(self, cookie: Any, request: Any) -> bool:
        return True


class Browser(FastHttpUser):
    """A person in a browser: logs in through the form once, then requests pages."""

    abstract = True
    wait_time = between(*THINK)
    default_headers = {"X-Forwarded-Proto": "https", "Accept-Language": "fr"}
    username = ""

    def page(self, url: str, name: str, marker: str, *, headers: dict[str, str] | None = None) -> str | None:
        """GET a page that must answer 200 with ``marker`` in it; the page's text, or None."""
        with self.client.get(url, name=name, allow_redirects=False, headers=headers, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} (expected 200)")
                return None
            text = r.text or ""
            if marker not in text:
                r.failure(f"marker {marker!r} missing")
                return None
            return text

    def post_form(self, url: str, name: str, fields: list[tuple[str, str]], *, expect: int = 302,
                  headers: dict[str, str] | None = None) -> str | None:
        """POST a form as the browser does (with the page's CSRF token and origin)."""
        all_headers = {
            "Origin": self.origin,
            "Referer": self.origin + url,
            "Content-Type": "application/x-www-form-urlencoded",
            **(headers or {}),
        }
        with self.client.post(url, data=urlencode(fields), name=name, allow_redirects=False, headers=all_headers,
                              catch_response=True) as r:
            if r.status_code != expect:
                r.failure(f"{r.status_code} (expected {expect})")
                return None
            if expect != 302:
                return r.text or ""
            location = r.headers.get("Location", "")
            if "/accounts/login/" in location and not url.startswith("/accounts/login/"):
                r.failure("sent to the login page")
                return None
            return location

    @property
    def origin(self) -> str:
        return "https://" + (self.host or "").split("://", 1)[-1].rstrip("/")

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(BehindTlsProxy())
        self.choose_identity()
        started = time.perf_counter()
        ok = self.log_in()
        _ready(self, time.perf_counter() - started, ok)

    def choose_identity(self) -> None:
        """Set ``username``: each kind of person below says who it logs in as (this class is abstract)."""
        raise NotImplementedError(f"{type(self).__name__} must say which demo user it logs in as")

    def log_in(self) -> bool:
        login = self.page("/accounts/login/", "/accounts/login/", 'name="password"')
        if login is None:
            return False
        for asset in sorted(set(STATIC_LINKS.findall(login))):  # first visit: the stylesheet and htmx
            self.client.get(asset, name="/static/[asset]")
        token = CSRF_INPUT.search(login)
        fields = [
            ("csrfmiddlewaretoken", token.group(1) if token else ""),
            ("username", self.username),
            ("password", FIXTURE["password"]),
            ("next", ""),
        ]
        location = self.post_form("/accounts/login/", "/accounts/login/ (POST)", fields)
        return location is not None and "/accounts/login" not in location


class Advisor(Browser):
    """A cluster advisor browsing companies, results and dashboards."""

    weight = 2

    def choose_identity(self) -> None:
        self.username = FIXTURE["advisor"]

    def _company(self) -> dict[str, Any]:
        return random.choice(FIXTURE["companies"])

    @task(2)
    def company_list(self) -> None:
        self.page("/companies/", "/companies/", 'id="company-results"')

    @task(3)
    def company_page(self) -> None:
        self.page(f"/companies/{self._company()['slug']}/", "/companies/[slug]/", "<h1")

    @task(5)
    def results_page(self) -> None:
        pk = random.choice(FIXTURE["diagnostics"])
        self.page(f"/diagnostics/{pk}/", "/diagnostics/[id]/ (results)", "<h1")

    @task(2)
    def history(self) -> None:
        self.page(f"/diagnostics/company/{self._company()['slug']}/", "/diagnostics/company/[slug]/", "<h1")

    @task(2)
    def dashboard(self) -> None:
        self.page("/portfolio/", "/portfolio/ (dashboard)", "<h1")

    @task(1)
    def annual_review(self) -> None:
        year = random.choice(FIXTURE["review_years"])
        self.page(f"/portfolio/review/{year}/", "/portfolio/review/[year]/", "<h1")

    @task(1)
    def diagnostic_list(self) -> None:
        self.page("/diagnostics/", "/diagnostics/", "<h1")

    @task(1)
    def home(self) -> None:
        self.page("/", "/ (home)", "<h1")


class CompanyUser(Browser):
    """An entrepreneur filling the company's self-diagnostic and looking at its results."""

    weight = 2

    def choose_identity(self) -> None:
        companies = FIXTURE["companies"]
        self.company = companies[next(_companies) % len(companies)]
        self.username = self.company["username"]
        self.step_index = 0

    def _step_key(self) -> str:
        steps = self.company["steps"]
        return str(steps[self.step_index % len(steps)])

    @task(6)
    def fill_step(self) -> None:
        """Open the current step, then "Save and continue" with its answers as they stand."""
        draft, key = self.company["draft"], self._step_key()
        url = f"/diagnostics/{draft}/step/{key}/"
        text = self.page(url, "/diagnostics/[id]/step/[key]/", 'id="step-form"')
        if text is None:
            return
        reader = StepFormReader()
        reader.feed(text)
        gevent.sleep(random.uniform(*THINK))  # reading and answering takes a moment
        location = self.post_form(url, "/diagnostics/[id]/step/[key]/ (POST save)", [*reader.answered(), ("next", "1")])
        if location is not None:
            self.step_index += 1

    @task(1)
    def live_save(self) -> None:
        """A driver question changed: HTMX saves the step and redraws the form (200, a fragment)."""
        draft, key = self.company["draft"], self._step_key()
        url = f"/diagnostics/{draft}/step/{key}/"
        text = self.page(url, "/diagnostics/[id]/step/[key]/", 'id="step-form"')
        if text is None:
            return
        reader = StepFormReader()
        reader.feed(text)
        self.post_form(url, "/diagnostics/[id]/step/[key]/ (POST htmx)", reader.answered(), expect=200,
                       headers={"HX-Request": "true"})

    @task(3)
    def my_results(self) -> None:
        pk = self.company["finished"][0]
        self.page(f"/diagnostics/{pk}/", "/diagnostics/[id]/ (results)", "<h1")

    @task(1)
    def my_company(self) -> None:
        self.page(f"/companies/{self.company['slug']}/", "/companies/[slug]/", "<h1")

    @task(1)
    def my_history(self) -> None:
        self.page(f"/diagnostics/company/{self.company['slug']}/", "/diagnostics/company/[slug]/", "<h1")

    @task(1)
    def draft_review(self) -> None:
        self.page(f"/diagnostics/{self.company['draft']}/review/", "/diagnostics/[id]/review/", "<h1")


class ApiReader(FastHttpUser):
    """A script reading companies, diagnostics and the annual review with a personal read token."""

    weight = 1
    wait_time = between(*THINK)

    def on_start(self) -> None:
        tokens = FIXTURE["tokens"]
        self.token = tokens[next(_tokens) % len(tokens)]
        _ready(self)

    def _get(self, url: str, name: str) -> None:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        with self.client.get(url, name=name, headers=headers, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} (expected 200)")
            elif not (r.headers.get("Content-Type") or "").startswith("application/json"):
                r.failure("not JSON")

    @task(3)
    def company(self) -> None:
        self._get(f"/api/companies/{random.choice(FIXTURE['companies'])['id']}", "/api/companies/[id]")

    @task(3)
    def diagnostic(self) -> None:
        self._get(f"/api/diagnostics/{random.choice(FIXTURE['diagnostics'])}", "/api/diagnostics/[id]")

    @task(1)
    def review(self) -> None:
        year = random.choice(FIXTURE["review_years"])
        self._get(f"/api/portfolio/review?year={year}", "/api/portfolio/review")
