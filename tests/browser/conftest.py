"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Playwright's own browser download does not work here, so the tests use ``/usr/bin/chromium`` (Debian
package ``chromium``). Where it is missing the tests are skipped with that reason and listed by
``make test`` as not run; with ``CITYMADE_REQUIRE_ALL=1`` (CI) a missing Chromium is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told it is safe (it is: tests touch the DB between browser calls).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = "browser tests: Chromium not found at /usr/bin/chromium (install the Debian package 'chromium')"
        if os.environ.get("CITYMADE_REQUIRE_ALL") == "1":
            pytest.fail(reason)
        with open(REPO_ROOT / ".pytest-not-run", "a", encoding="utf-8") as fh:
            fh.write(reason + "\n")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    # A Brussels French-speaking browser (Accept-Language fr-BE): pages open in French, the default.
    context = browser.new_context(locale="fr-BE", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def log_in(live_server):
    """Log a browser page in through the real login form: ``log_in(page, username, password)``."""

    def _log_in(page, username: str, password: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form[action$='/accounts/login/'] button[type=submit]")
        page.wait_for_load_state()

    return _log_in
