"""The advisors' dashboard: filtered company facts → counts, charts (SVG + text) and attention list."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from citymade.i18n import resolve
from citymade.portfolio import vocabulary
from citymade.portfolio.dashboard import (
    CONTACT_MAX_DAYS,
    DIAGNOSTIC_MAX_DAYS,
    LONG_STANDING_YEARS,
    Filters,
    apply_filters,
    by_model,
    by_municipality,
    jobs_by_year,
    needs_attention,
    stage_funnel,
    stage_transitions,
)
from citymade.reports.charts import Bar, Chart, bar_chart
from citymade.web.portfolio.data import _person as person_name
from citymade.web.portfolio.data import (
    facts_and_diagnostics,
    jobs_records,
    status_records,
    today,
)
from citymade.web.portfolio.models import SupportAction


def _bars(counts: dict[Any, int], labels: dict[Any, str]) -> list[Bar]:
    return [Bar(label=labels.get(k, str(k)), value=float(v)) for k, v in counts.items()]


def _chart(chart_id: str, title: str, counts: dict[Any, int], labels: dict[Any, str]) -> Any:
    return chart_html(bar_chart(chart_id=chart_id, title=title, bars=_bars(counts, labels), maximum=float(max([*counts.values(), 1]))))


def chart_html(chart: Chart) -> SafeString:
    """A chart's figure for the portfolio pages: the SVG, its title and its figures as text (built
    here once rather than by a template included per chart)."""
    lines = "".join(f"<li>{conditional_escape(line)}</li>" for line in chart.lines)
    return mark_safe(  # noqa: S308 - the SVG is built escaped by citymade.reports.charts, the rest is escaped here
        f'\n<figure class="chart pf-chart" id="chart-{conditional_escape(chart.id)}">\n  {chart.svg}\n  <figcaption>\n'
        f'    <details><summary>{conditional_escape(chart.title)} — {conditional_escape(_("figures as text"))}</summary>\n'
        f'      <ul class="chart-text">{lines}</ul>\n    </details>\n  </figcaption>\n</figure>\n'
    )


def reasons_text() -> dict[str, str]:
    """Each reason with what clears it."""
    return {
        "long_standing": _(
            "long-standing start-up (%(years)d years or more, stage 2 or below): cleared when a diagnostic shows a later stage"
        ) % {"years": LONG_STANDING_YEARS},
        "red_flags": _("red flags in the latest diagnostic: cleared when a new diagnostic no longer shows them"),
        "no_diagnostic": _("no diagnostic for over %(days)d days: cleared by starting one") % {"days": DIAGNOSTIC_MAX_DAYS},
        "no_contact": _(
            "nobody contacted them for %(days)d days: a diagnostic, a support action, an event they attend or a recorded contact clears it"
        ) % {"days": CONTACT_MAX_DAYS},
    }


def attention_items(found: Any, reasons: dict[str, str]) -> list[dict[str, Any]]:
    """The rows of a "needs attention" list: company, reasons worded, its advisor (assigned, else
    the member of staff last in touch, said as such) and whether a contact clears it."""
    from citymade.web.companies.listing import advisor_text, shown_advisors

    advisors = shown_advisors([a.company.id for a in found])
    nobody = ("", False)
    return [
        {
            "company": a.company,
            "reasons": [reasons[r] for r in a.reasons],
            "no_contact": "no_contact" in a.reasons,
            "advisor": advisor_text(advisors.get(a.company.id, nobody)[0], assigned=advisors.get(a.company.id, nobody)[1]),
        }
        for a in found
    ]


def support_counts(ids: set[int] | None) -> tuple[Counter[str], dict[str, dict[str, int]]]:
    """The support actions of the companies ``ids`` (``None``: all) counted per type, and per
    advisor and type as :func:`support_by_type_and_advisor` does, from one grouped query (a few
    rows per advisor, not one per action)."""
    actions = SupportAction.objects.all() if ids is None else SupportAction.objects.filter(company_id__in=ids)
    rows = (
        actions.order_by()
        .values("type", "advisor_id", "advisor__first_name", "advisor__last_name", "advisor__username")
        .annotate(n=Count("pk"))
        .values_list("type", "advisor__first_name", "advisor__last_name", "advisor__username", "n")
    )
    types: Counter[str] = Counter()
    table: dict[str, dict[str, int]] = {}
    for kind, first, last, username, n in rows:
        types[kind] += n
        row = table.setdefault(person_name(first, last, username) or "", {})
        row[kind] = row.get(kind, 0) + n
    return types, dict(sorted(table.items()))


def dashboard(filters: Filters, language: str) -> dict[str, Any]:
    """Everything the dashboard page shows for the companies that pass ``filters``."""
    all_facts, diagnostics = facts_and_diagnostics()
    facts = apply_filters(all_facts, filters)
    ids = {f.id for f in facts}
    stage_labels = {s: f"{s} · {vocabulary.label('stage', s, language)}" for s in vocabulary.stages()}
    stage_labels[None] = _("no diagnostic yet")
    model_labels = {m: vocabulary.label("model", m, language) for m in vocabulary.circular_models()}
    funnel = stage_funnel(facts, sorted(vocabulary.stages()))
    models = by_model(facts, list(model_labels))
    municipalities = by_municipality(facts)
    every = len(facts) == len(all_facts)  # no filter left a company out: no list of ids to send
    transitions = stage_transitions(diagnostics if every else [d for d in diagnostics if d.company_id in ids])
    type_counts, by_advisor = support_counts(None if every else ids)
    support_labels = {t: vocabulary.label("support", t, language) for t in vocabulary.support_types()}
    reasons = reasons_text()
    attention = attention_items(needs_attention(facts, today=today()), reasons)
    jobs_total = round(sum(f.fte or 0 for f in facts), 1)
    this_year = today().year
    jobs_years = jobs_by_year(
        [r for r in status_records() if r.company_id in ids],
        [j for j in jobs_records() if j.company_id in ids],
        range(this_year - 4, this_year + 1),
    )
    statuses = Counter(f.status for f in facts)
    sectors = sector_labels(language)
    return {
        "count": len(facts),
        "funnel": _chart("funnel", _("Companies per maturity stage"), funnel, stage_labels),
        "models": _chart("models", _("Companies per circular model"), models, model_labels),
        "municipalities": _chart("municipalities", _("Companies per municipality"), municipalities, {}),
        "support": _chart("support", _("Support actions per type"), {t: type_counts.get(t, 0) for t in support_labels}, support_labels),
        "transitions": transitions,
        "by_advisor": [(advisor or _("unknown"), [row.get(t, 0) for t in support_labels]) for advisor, row in by_advisor.items()],
        "support_labels": list(support_labels.values()),
        "attention": attention,
        "jobs_total": jobs_total,
        "jobs_known": sum(1 for f in facts if f.fte is not None),
        "jobs_years": jobs_years,
        "pipeline": [(label, statuses.get(value, 0)) for value, label in _membership_choices()],
        "choices": {
            "status": [(s, lbl) for s, lbl in _membership_choices()],
            "model": list(model_labels.items()),
            "stage": [(s, stage_labels[s]) for s in sorted(vocabulary.stages())],
            "municipality": sorted({f.municipality for f in all_facts if f.municipality}),
            "sector": sorted(((s, sectors.get(s, s)) for s in {f.sector for f in all_facts if f.sector}), key=lambda kv: kv[1]),
        },
    }


def sector_labels(language: str) -> dict[str, str]:
    """The labels of the diagnostic's "main sector" answers (empty while the framework is edited)."""
    try:
        from citymade.framework.loader import load_framework

        question = load_framework().question("c_sector")
    except Exception:  # the framework does not validate or has no sector question
        return {}
    return {o.value: resolve(o.label, language) for o in question.options}


def _membership_choices() -> list[tuple[str, str]]:
    from citymade.web.companies.models import Company

    return [(str(v), str(lbl)) for v, lbl in Company.Membership.choices]


def filters_from(params: Any) -> Filters:
    stage = params.get("stage", "")
    return Filters(
        status=params.get("status", ""),
        model=params.get("model", ""),
        stage=int(stage) if stage.isdigit() else None,
        municipality=params.get("municipality", ""),
        sector=params.get("sector", ""),
    )
