"""Processes that save answers at once on a file-based SQLite database (``test_sqlite_writers.py``).

``python -m tests.web.sqlite_writers setup N`` opens N drafts, one per company, each with its own
advisor; ``python -m tests.web.sqlite_writers write I ROUNDS GO`` waits until the file GO exists,
then saves a step of draft I ROUNDS times through the service every page and API call uses, and
prints ``errors <n>`` and the first error. The database is the one the settings build from
``CITYMADE_DATA_DIR`` (no ``DATABASE_URL``): what a default installation runs on.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def setup(count: int) -> None:
    from citymade.web.accounts.models import User
    from citymade.web.accounts.roles import Role
    from citymade.web.companies.models import Company
    from citymade.web.diagnostics import services

    for i in range(count):
        company = Company.objects.create(name=f"Writer {i}", slug=f"writer-{i}")
        user = User.objects.create_user(username=f"writer{i}", password="x", role=Role.ADVISOR)
        services.start_diagnostic(company=company, user=user)


def write(index: int, rounds: int, go: Path) -> None:
    from django.db import close_old_connections

    from citymade.web.accounts.models import User
    from citymade.web.diagnostics import services
    from citymade.web.diagnostics.models import Diagnostic

    user = User.objects.get(username=f"writer{index}")
    diagnostic = Diagnostic.objects.get(company__slug=f"writer-{index}")
    close_old_connections()
    while not go.exists():  # start together with the other writers
        time.sleep(0.01)
    errors, first = 0, ""
    for n in range(rounds):
        try:
            services.save_step(diagnostic, user=user, step_key="company-manufacture", raw={"c_human_hours_share": str(n % 100)})
        except Exception as exc:  # every failure counts: "database is locked" is the one we look for
            errors += 1
            first = first or f"{type(exc).__name__}: {exc}"
    print(f"errors {errors}")
    print(f"first {first}")


def main(argv: list[str]) -> None:
    from citymade.web import setup as django_setup

    django_setup()
    if argv[0] == "setup":
        setup(int(argv[1]))
    else:
        write(int(argv[1]), int(argv[2]), Path(argv[3]))


if __name__ == "__main__":
    main(sys.argv[1:])
