"""The company list's table rows as HTML, built once in Python.

The list shows up to 50 rows of 8 cells, and each grade badge of a row is itself a few nodes: as a
template loop that was most of the page's rendering time (each ``{{ }}``, ``{% if %}`` and filter of
each row resolved by the template engine). :func:`rows_html` writes the same markup, byte for byte,
with the same escaping (:func:`conditional_escape` of :func:`localize`, as ``{{ value }}`` does) and
the same date formats as the ``date`` filter. ``companies/_results.html`` prints it in ``<tbody>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.template.defaultfilters import date as date_filter
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from citymade.web.companies.listing import CompanyRow
from citymade.web.core.links import links
from citymade.web.core.printed import printed

__all__ = ["rows_html"]


class _Memo:
    """The pieces many rows share (a date, a grade badge), built once per page."""

    def __init__(self) -> None:
        self.times: dict[tuple[Any, str], str] = {}
        self.badges: dict[tuple[str, str, str], str] = {}
        self.words = {
            "number": printed(gettext("Enterprise number")),
            "none": printed(gettext("no diagnostic yet")),
            "never": printed(gettext("never")),
        }
        self.detail_url = links("companies:detail")

    def time(self, day: Any, css: str) -> str:
        """``<time datetime=… title=…>…</time>`` as the list writes its dates."""
        key = (day, css)
        if key not in self.times:
            self.times[key] = (
                f'<time{css} datetime="{printed(date_filter(day, "Y-m-d"))}" '
                f'title="{printed(date_filter(day, "DATE_FORMAT"))}">'
                f'{printed(date_filter(day, "SHORT_DATE_FORMAT"))}</time>'
            )
        return self.times[key]

    def badge(self, grade: dict[str, str]) -> str:
        key = (grade["grade"], grade["label"], grade["spoken"])
        if key not in self.badges:
            self.badges[key] = (
                f'<span class="grade grade-{printed(key[0])}" title="{printed(key[1])}">'
                f'<span aria-hidden="true">{printed(key[0])}</span>'
                f'<span class="visually-hidden">{printed(key[2])}</span></span>'
            )
        return self.badges[key]


def _diagnostic(row: CompanyRow, memo: _Memo) -> str:
    if not row.last_diagnostic:
        return memo.words["none"]
    badges = ""
    if row.grades:
        badges = '<span class="grades">' + "".join(memo.badge(g) for g in row.grades) + "</span>"
    return memo.time(row.last_diagnostic, ' class="nowrap"') + "\n        " + badges + "\n        "


def _row(row: CompanyRow, is_staff: bool, memo: _Memo) -> str:
    company = row.company
    number = ""
    if company.enterprise_number:
        number = (
            '<br><span class="muted nowrap"><span class="visually-hidden">'
            f'{memo.words["number"]} </span>{printed(company.enterprise_number)}</span>'
        )
    place = (printed(company.postal_code) + " " if company.postal_code else "") + printed(company.municipality or "—")
    out = (
        "\n    <tr>\n"
        f'      <td><a href="{printed(memo.detail_url(company.slug))}">{printed(company.name)}</a>'
        f"{number}</td>\n"
        f"      <td>{place}</td>\n"
        f'      <td><span class="membership membership-{printed(company.membership)}">'
        f"{printed(company.get_membership_display())}</span></td>\n      "
    )
    if is_staff:
        if row.advisor_assigned:
            advisor = printed(row.advisor)
        else:
            advisor = f'<span class="muted">{printed(row.advisor_text)}</span>'
        contact = memo.time(row.last_contact, "") if row.last_contact else memo.words["never"]
        out += (
            f"\n      <td>{printed(row.stage_text or '—')}</td>\n"
            f"      <td>{_diagnostic(row, memo)}</td>\n"
            f"      <td>{advisor}</td>\n"
            f'      <td class="nowrap">{contact}</td>\n      '
        )
    out += f'\n      <td class="num">{printed(company.product_count)}</td>\n    </tr>\n  '
    return out


def rows_html(rows: Iterable[CompanyRow], *, is_staff: bool) -> SafeString:
    """The ``<tr>`` of every row, the staff's columns only for staff; each value escaped."""
    memo = _Memo()
    return mark_safe("".join(_row(row, is_staff, memo) for row in rows))  # noqa: S308 - every value is escaped above
