"""docs/api.md's pandas snippet runs as written against the demo cluster (``requests`` replaced by
the test client, which speaks the same HTTP to the same application)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from citymade.web.accounts.models import User
from citymade.web.accounts.tokens import create_token
from citymade.web.diagnostics.models import Diagnostic

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _snippet() -> str:
    text = DOC.read_text(encoding="utf-8")
    return re.search(r"<!-- snippet: pandas -->\s*```python\n(.*?)```", text, re.S).group(1)


class _Requests:
    """``requests.get`` over Django's test client."""

    def __init__(self, client) -> None:
        self.client = client

    def get(self, url, params=None, headers=None, timeout=None):
        path = url.split("localhost:8000", 1)[1]
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
        response = self.client.get(path, data=params or {}, **extra)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return _Answer(response.status_code, body)


class _Answer:
    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code, self.content = status_code, content

    def raise_for_status(self) -> None:
        assert self.status_code == 200, self.status_code


@pytest.mark.django_db
def test_the_pandas_snippet_loads_every_latest_result_of_the_demo(client, settings):
    from citymade.web.demo import load_demo

    settings.CITYMADE_DEVELOPMENT = True  # the demo loads in development only
    load_demo()
    token = create_token(user=User.objects.get(username="advisor"), name="notebook", scope="read")[1]
    code = _snippet().replace('"cm_…"', repr(token)).replace("import requests\n", "")
    namespace = {"requests": _Requests(client)}
    exec(compile(code, str(DOC), "exec"), namespace)
    results = namespace["results"]
    assert isinstance(results, pd.DataFrame)
    companies = Diagnostic.objects.finished().values("company_id").distinct().count()
    assert len(results) == companies and results["company_id"].is_unique
    assert {"id", "company", "date", "stage", "updated_at"} <= set(results.columns)
    assert pd.api.types.is_datetime64_any_dtype(results["date"])
