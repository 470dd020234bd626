"""``GET /api/results``: every visible company's latest finished result in one call (JSON or CSV).

The same columns as the web export of diagnostics (``/portfolio/export/diagnostics/csv/``) plus the
company id, the submission, validation and change dates and the circular models found. A company
user gets its own company's rows only; staff every company's. Observers see aggregates only: they
are refused (403) with a message naming ``GET /api/portfolio/figures``, which answers the counts of
the figures page with small groups suppressed.

The answer is streamed: the rows are read from the database in chunks of :data:`CHUNK` ids and the
few figures of each result come from the portfolio's cached summaries
(:func:`citymade.web.portfolio.data.diagnostic_summaries`), so the result documents of every
diagnostic are never held in memory at once.
"""


import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any, Literal

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery, Sum
from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from citymade.portfolio.tabular import neutralise
from citymade.web.accounts.roles import ALL_ROLES, Role
from citymade.web.api.caching import conditional, fingerprint, last_modified
from citymade.web.api.errors import ApiError, errors
from citymade.web.api.main import api
from citymade.web.core.access import api_allow
from citymade.web.diagnostics import engine
from citymade.web.diagnostics.models import Diagnostic
from citymade.web.portfolio.data import diagnostic_summaries

__all__ = ["CHUNK", "COLUMNS", "result_rows"]

router = Router(tags=["results"])

#: How many diagnostics are read from the database at a time.
CHUNK = 200

#: The columns of every row, before the dimension scores.
COLUMNS = [
    "id", "company_id", "company", "company_slug", "date", "version", "state", "framework_version",
    "submitted_at", "validated_at", "updated_at", "stage", "models",
]
_FIELDS = (
    "pk", "company_id", "company__name", "company__slug", "assessed_on", "version", "state", "framework_version",
    "submitted_at", "validated_at", "updated_at",
)


class ResultRow(Schema):
    id: int
    company_id: int
    company: str
    company_slug: str
    date: dt.date
    version: int
    state: Literal["submitted", "validated"]
    framework_version: str
    submitted_at: dt.datetime | None = None
    validated_at: dt.datetime | None = None
    updated_at: dt.datetime
    stage: int | None = Field(None, description="The maturity stage reached (null when not scored).")
    models: list[str] = Field(description="Circular models the result finds.")
    scores: dict[str, float] = Field(description="Company-level dimension scores (0–100), by dimension id.")


class ResultsOut(Schema):
    items: list[ResultRow]
    count: int


class ResultsQuery(Schema):
    all: bool = Field(False, description="Every finished diagnostic instead of each company's latest one.")
    format: Literal["json", "csv"] | None = Field(
        None, description="`csv` for a CSV file (also `Accept: text/csv`); JSON otherwise."
    )


def _diagnostics(user: Any, every: bool) -> QuerySet[Diagnostic]:
    qs = Diagnostic.objects.visible_to(user).finished()
    if not every:
        newest = (
            Diagnostic.objects.finished()
            .filter(company_id=OuterRef("company_id"))
            .order_by("-assessed_on", "-version", "-pk")
            .values("pk")[:1]
        )
        qs = qs.filter(pk=Subquery(newest))
    return qs.order_by("company__name", "company_id", "assessed_on", "version", "pk")


def result_rows(user: Any, *, every: bool = False) -> Iterator[dict[str, Any]]:
    """The rows ``user`` may see, one dict per finished diagnostic, read :data:`CHUNK` at a time."""
    rows = _diagnostics(user, every).values_list(*_FIELDS)
    chunk: list[tuple[Any, ...]] = []
    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from _with_figures(chunk)
            chunk = []
    if chunk:
        yield from _with_figures(chunk)


def _with_figures(chunk: list[tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
    summaries = diagnostic_summaries((row[0], row[8]) for row in chunk)
    for row in chunk:
        item = dict(zip(("id", *COLUMNS[1:11]), row, strict=True))
        summary = summaries.get(row[0]) or {}
        item["stage"] = summary.get("stage")
        item["models"] = list(summary.get("models") or ())
        item["scores"] = dict(summary.get("scores") or {})
        yield item


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _json_stream(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield '{"items": ['
    count = 0
    for row in rows:
        yield ("," if count else "") + json.dumps(row, default=_json_value, ensure_ascii=False)
        count += 1
    yield f'], "count": {count}}}'


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return neutralise(str(value))


def _csv_stream(rows: Iterator[dict[str, Any]], dimensions: list[str]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(c) for c in [*COLUMNS, *dimensions]])
    yield "\ufeff" + _drain(out)
    for number, row in enumerate(rows, start=1):
        scores = row["scores"]
        writer.writerow(
            [_cell(" ".join(row["models"]) if c == "models" else row[c]) for c in COLUMNS]
            + [_cell(scores.get(d)) for d in dimensions]
        )
        if number % CHUNK == 0:
            yield _drain(out)
    yield _drain(out)


def _drain(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def _wants_csv(request: HttpRequest, query: ResultsQuery) -> bool:
    if query.format is not None:
        return query.format == "csv"
    accept = request.headers.get("Accept", "")
    return "text/csv" in accept and "application/json" not in accept


def _dimensions() -> list[str]:
    return [d.id for d in engine.current_framework().dimensions]


@router.get(
    "/results",
    response={200: ResultsOut, **errors(401, 403, 422)},
    summary="Every visible company's latest finished result (all finished diagnostics with all=true), JSON or CSV",
    openapi_extra={"responses": {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}},
)
@api_allow(*ALL_ROLES)
def results(request: HttpRequest, query: Query[ResultsQuery]) -> HttpResponseBase:
    if request.user.role == Role.OBSERVER:
        raise ApiError(
            403, _("Observers see aggregates only: read GET /api/portfolio/figures (small groups are hidden).")
        )
    csv_wanted = _wants_csv(request, query)
    state = _diagnostics(request.user, query.all).aggregate(
        n=Count("pk"), ids=Sum("pk"), changed=Max("updated_at"), renamed=Max("company__updated_at")
    )
    last_modified(request, state["changed"])
    last_modified(request, state["renamed"])
    etag = fingerprint(
        request.user.pk, request.user.role, request.user.company_id, query.all, csv_wanted,
        translation.get_language(), *state.values(), *_dimensions(),
    )
    rows = result_rows(request.user, every=query.all)
    if csv_wanted:
        response = StreamingHttpResponse(_csv_stream(rows, _dimensions()), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="citymade-results.csv"'
    else:
        response = StreamingHttpResponse(_json_stream(rows), content_type="application/json; charset=utf-8")
    response["Content-Language"] = translation.get_language() or "fr"
    patch_vary_headers(response, ("Cookie", "Accept-Language", "Authorization", "Accept"))
    return conditional(request, response, etag=etag)


api.add_router("/", router)
