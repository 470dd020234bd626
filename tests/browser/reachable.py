"""Every page a role can reach, taken from the access matrix (tests/web/test_access_matrix.py).

The matrix must list every URL (``test_every_url_has_cases`` fails otherwise), so a page added to
citymade is in the matrix and, from there, in the browser tests that walk each role's pages (axe,
320 px). A page is a GET case the matrix expects to answer 200 for the role; its address is built
with the matrix's own arguments, on a world whose ``own`` company is the browser world's company.
Downloads (CSV, XLSX, PDF, JSON) and plain-text answers are left out by their content type, not by
a list of names, so a new HTML page cannot be left out by mistake.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.web.conftest import World
from tests.web.test_access_matrix import ANON, CASES

#: the same pages in a state the matrix does not ask for (a filter, a sort, a search)
VARIANTS: dict[str, list[str]] = {
    "advisor": ["/region/prospects/?show=dismissed", "/companies/?sort=-contact&q=ateliers"],
    "admin": ["/accounts/users/?q=peeters"],
    "observer": ["/portfolio/figures/?stage=none"],
}


def reachable_paths(role: str, own: Any, other: Any, users: dict[str, Any]) -> list[str]:
    """The address of every page ``role`` may open (``ANON`` for a visitor not logged in), each once."""
    world = World(own=own, other=other, users=users)
    paths: list[str] = []
    for case in CASES:
        if case.method != "get" or case.expect.get(role) != 200:
            continue
        path = reverse(case.name, kwargs=case.kwargs(world))
        if path not in paths:
            paths.append(path)
    return paths + [p for p in VARIANTS.get(str(role), []) if p not in paths]


def is_a_page(response: Any) -> bool:
    """An HTML page a person reads (not a file to download nor a health probe's ``ok``)."""
    kind = response.headers.get("content-type", "")
    disposition = response.headers.get("content-disposition", "")
    return kind.startswith("text/html") and "attachment" not in disposition


__all__ = ["ANON", "VARIANTS", "is_a_page", "reachable_paths"]
