"""The diagnostics list's rows and its companies' links as HTML, built once in Python.

The list shows up to 200 diagnostics; as a template loop, each row's link, date filter and state
label cost a dozen template nodes. These functions write the same markup, every value escaped as
``{{ value }}`` escapes it, each date and state label worded once per page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from citymade.web.core.links import links
from citymade.web.diagnostics.models import Diagnostic

__all__ = ["company_links", "diagnostic_rows"]


def diagnostic_rows(diagnostics: Iterable[Diagnostic]) -> list[SafeString]:
    """One ``<tr>`` per diagnostic: its company (linked to the results), date, version and state."""
    detail = links("diagnostics:detail")
    states = {value: esc(label) for value, label in Diagnostic._meta.get_field("state").flatchoices}
    dates: dict[dt.date, str] = {}
    rows = []
    for d in diagnostics:
        if d.assessed_on not in dates:
            dates[d.assessed_on] = esc(date_format(d.assessed_on, "SHORT_DATE_FORMAT"))
        rows.append(mark_safe(  # noqa: S308 - every value is escaped
            f'\n  <tr>\n    <td><a href="{esc(detail(d.pk))}">{esc(d.company.name)}</a></td>\n'
            f'    <td>{dates[d.assessed_on]}</td>\n    <td class="num">{esc(localize(d.version))}</td>\n'
            f'    <td><span class="state state-{esc(d.state)}">{states.get(d.state, esc(d.state))}</span></td>\n  </tr>\n  '
        ))
    return rows


def company_links(companies: Iterable[tuple[str, str]]) -> list[SafeString]:
    """One ``<li>`` per ``(name, slug)``: the company's diagnostics and the link to start a new one."""
    history, start = links("diagnostics:history"), links("diagnostics:start")
    new = esc(_("new diagnostic"))
    return [
        mark_safe(  # noqa: S308 - every value is escaped
            f'\n    <li><a href="{esc(history(slug))}">{esc(name)}</a>\n'
            f'      · <a href="{esc(start(slug))}">{new}</a></li>\n    '
        )
        for name, slug in companies
    ]
