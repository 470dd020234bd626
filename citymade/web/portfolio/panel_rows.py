"""The follow-up panel's longest lists as HTML, built once in Python: the action plan's rows and the
latest support actions.

The company page is the advisors' most visited; as template loops these two lists (each row a dozen
``{{ }}``, filters, links and conditions) were most of its panel's rendering. The markup, the
escaping (``{{ value }}``'s), the date formats (the ``date`` filter's) and the links are the ones
``portfolio/company_panel.html`` wrote.
"""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from citymade.web.core.links import links
from citymade.web.core.printed import printed
from citymade.web.core.templatetags.datecache import date

__all__ = ["actions_html", "plan_html"]




def plan_html(plan: list[dict[str, Any]], *, slug: str, staff: bool) -> SafeString:
    """The plan table's rows (``<tbody>``'s content)."""
    change = gettext("change")  # a template literal's translation: printed as it is
    edit: dict[Any, Any] = {}
    out = []
    for p in plan:
        support = f' <span class="help">({printed(p["support"])})</span>' if p["support"] else ""
        link = ""
        if staff:
            if p["diagnostic_id"] not in edit:
                edit[p["diagnostic_id"]] = links(
                    "portfolio:plan_item_edit", "recommendation", slug=slug, diagnostic_id=p["diagnostic_id"]
                )
            link = f' · <a href="{printed(edit[p["diagnostic_id"]](p["id"]))}">{change}</a>'
        due = printed(date(p["due_on"], "DATE_FORMAT")) if p["due_on"] else "—"
        actions = ", ".join(printed(date(a.date, "SHORT_DATE_FORMAT")) for a in p["actions"]) or "—"
        out.append(
            f'\n    <tr class="plan-{printed(p["status"])}"><td>{printed(p["title"])}{support}</td>\n'
            f'      <td><span class="plan-status">{printed(p["status_label"])}</span>{link}</td>\n'
            f'      <td>{printed(p["owner"]) if p["owner"] else "—"}</td><td>{due}</td>\n'
            f"      <td>{actions}</td></tr>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 - every text in it is escaped here


def actions_html(actions: list[Any], *, staff: bool) -> SafeString:
    """The latest support actions (``<ul>``'s items)."""
    change = gettext("change")
    edit = links("portfolio:support_edit") if staff else None
    out = []
    for a in actions:
        line = f"<li>{printed(date(a.date, 'SHORT_DATE_FORMAT'))} · {printed(a.type_label)}"
        if a.advisor:
            line += f" · {printed(a.advisor.get_full_name() or a.advisor.username)}"
        if a.outcome:
            line += f": {printed(Truncator(a.outcome).chars(140))}"
        if edit is not None:
            line += f' · <a href="{printed(edit(a.pk))}">{change}</a>'
        out.append(line + "</li>")
    return mark_safe("".join(out))  # noqa: S308 - every text in it is escaped here
