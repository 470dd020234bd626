"""Prepare the demo database for the load benchmark and describe it for the load driver (JSON).

Run by ``benchmarks/load.py`` after ``citymade demo --force``, with the same environment as the
server (``DATABASE_URL`` and friends). It only adds what real use would have added by then:

* a draft self-diagnostic for every demo company that has finished ones (its user revised the
  latest, as a company does for its yearly diagnostic), so company users have a questionnaire to fill;
* personal read tokens of the demo advisor, one per API reader (a script authenticates with
  ``Authorization: Bearer``, see ``/accounts/tokens/``).

It then writes what the load driver needs to know — logins, ids, step keys, tokens, review years —
to the JSON file given as argument. Nothing here is measured.

Run: ``python benchmarks/load_fixture.py OUT.json --tokens 20`` (inside the benchmark's environment)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the JSON description")
    parser.add_argument("--tokens", type=int, default=20, help="how many API tokens to create")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from citymade.web import setup

    setup()
    from django.db.models import Count

    from citymade.web.accounts.models import ApiToken, User
    from citymade.web.accounts.roles import Role
    from citymade.web.accounts.tokens import create_token
    from citymade.web.companies.models import Company
    from citymade.web.demo import DEMO_PASSWORD
    from citymade.web.diagnostics import services
    from citymade.web.diagnostics.models import Diagnostic

    advisor = User.objects.get(username="advisor")
    companies = []
    for company in Company.objects.annotate(n=Count("diagnostics")).filter(n__gt=0).order_by("pk"):
        owner = User.objects.filter(role=Role.COMPANY, company=company, is_active=True).order_by("pk").first()
        finished = list(Diagnostic.objects.finished().filter(company=company).history())
        if owner is None or not finished:
            continue
        draft = Diagnostic.objects.filter(company=company, state="draft").first()
        if draft is None:
            draft = services.revise(finished[0], user=owner)
        companies.append(
            {
                "id": company.pk,
                "slug": company.slug,
                "username": owner.username,
                "finished": [d.pk for d in finished],
                "draft": draft.pk,
                "steps": [s.key for s in services.steps(draft)],
            }
        )
    if not companies:
        raise SystemExit("the demo has no company with a finished diagnostic and a company user")

    tokens = []
    for index in range(args.tokens):
        _token, key = create_token(user=advisor, name=f"load benchmark {index + 1}", scope=ApiToken.Scope.READ)
        tokens.append(key)

    years = sorted({d.assessed_on.year for d in Diagnostic.objects.finished()})
    description = {
        "password": DEMO_PASSWORD,
        "advisor": advisor.username,
        "companies": companies,
        "diagnostics": list(Diagnostic.objects.finished().order_by("pk").values_list("pk", flat=True)),
        "tokens": tokens,
        "review_years": years,
    }
    args.out.write_text(json.dumps(description, indent=1), encoding="utf-8")
    print(
        f"prepared {len(companies)} companies with a draft, {len(description['diagnostics'])} finished "
        f"diagnostics, {len(tokens)} API tokens"
    )


if __name__ == "__main__":
    main()
