"""Page one of the report: what the entrepreneur keeps.

The company and its products, three strengths and three priorities (the best and the weakest
dimensions), the action plan — what, who, by when, with which support of the cluster — the next
meeting, the advisor and the note typed at validation.

Who: the cluster's advisor for the supports the cluster delivers itself (an introduction to a
partner, a subsidy file, recruitment, industrial support, account management), the company for the
others (it acts on simple advice, it joins a working group). By when: the next meeting for the three
actions of most expected impact, three months later for the others; without a next meeting, three
and six months after the diagnostic.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence

from babel.dates import format_date

from citymade.framework.model import Framework
from citymade.i18n import _, resolve
from citymade.reports.model import Action, PlanItem, ReportInfo, ScoreView, Summary
from citymade.reports.reading import Json, id_label, num

__all__ = ["ADVISOR_LED", "FIRST_PAGE_ACTIONS", "NOTE_ON_FIRST_PAGE", "actions", "add_months", "long_date", "summary"]

#: Support types the cluster's advisor carries out; the company carries out the others.
ADVISOR_LED = frozenset({"networking", "rd_subsidy", "recruitment", "industrial_support", "account_management"})
#: Actions on page one (the appendix lists them all).
FIRST_PAGE_ACTIONS = 5
#: Actions due first (at the next meeting, or within three months).
FIRST_DUE = 3
#: Characters of the validation note on page one (a longer note is printed whole in the appendix).
NOTE_ON_FIRST_PAGE = 450


def long_date(day: dt.date, language: str) -> str:
    """``day`` as written in ``language``: "17 novembre 2026", "17 november 2026", "17 November 2026"."""
    return str(format_date(day, format="d MMMM y", locale=language))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def actions(framework: Framework, result: Json, profile: Sequence[ScoreView], language: str) -> list[Action]:
    """The recommendations, as the engine ordered them (by expected impact), with what triggered each."""
    out = []
    for rec in result.get("recommendations") or []:
        because = [id_label(framework, str(t), language) for t in rec.get("triggered_by") or []]
        support_type = str(rec.get("support", ""))
        support = resolve(rec.get("support_label"), language) or resolve(framework.support_types.get(support_type), language)
        out.append(
            Action(
                title=resolve(rec.get("title"), language),
                text=resolve(rec.get("text"), language),
                support=support,
                impact=num(rec.get("expected_impact", rec.get("impact"))),
                because=list(dict.fromkeys(b for b in because if b)),
                support_type=support_type,
            )
        )
    return out


def _deadlines(info: ReportInfo, count: int, language: str) -> tuple[list[str], str]:
    few = count <= FIRST_DUE
    if info.next_meeting is not None:
        first, later = info.next_meeting, add_months(info.next_meeting, 3)
        note = (
            _("Dates: the next meeting.")
            if few
            else _("Dates: the next meeting for the three actions of most impact, three months after it for the others.")
        )
    else:
        start = info.assessed_on or dt.date.today()
        first, later = add_months(start, 3), add_months(start, 6)
        note = (
            _("Dates: three months after the diagnostic (no next meeting is set yet).")
            if few
            else _(
                "Dates: three months after the diagnostic for the three actions of most impact, six months for the "
                "others (no next meeting is set yet)."
            )
        )
    return [long_date(first if i < FIRST_DUE else later, language) for i in range(count)], note


STRONG = ("A", "B")


def summary(info: ReportInfo, result: Json, profile: Sequence[ScoreView], plan: Sequence[Action]) -> Summary:
    """Page one, in ``info.language`` (call inside :func:`citymade.i18n.use_language`)."""
    language = info.language
    known = sorted((s for s in profile if s.value is not None), key=lambda s: (-(s.value or 0), s.label))
    # a strength is graded A or B, a priority C to E: a D is never called a strength, even when
    # little is known yet (a quick scan)
    strengths = [s for s in known if s.grade in STRONG][:3]
    priorities = sorted((s for s in known if s.grade not in STRONG), key=lambda s: (s.value or 0, s.label))[:3]
    advisor = info.advisor or info.assessor
    dates, plan_dates = _deadlines(info, len(plan), language)
    items = [
        PlanItem(
            what=action.title,
            who=(advisor or _("the cluster's advisor")) if action.support_type in ADVISOR_LED else info.company,
            by_when=due,
            support=action.support,
        )
        for action, due in zip(plan, dates, strict=True)
    ]
    note = " ".join(info.validation_note.split())
    if len(note) > NOTE_ON_FIRST_PAGE:
        note = note[: NOTE_ON_FIRST_PAGE].rsplit(" ", 1)[0] + " … " + _("(the whole note is in the appendix)")
    return Summary(
        products=[str(p.get("name")) for p in result.get("products") or [] if p.get("name")],
        strengths=strengths,
        priorities=priorities,
        plan=items[:FIRST_PAGE_ACTIONS],
        plan_dates=plan_dates,
        more_actions=max(0, len(items) - FIRST_PAGE_ACTIONS),
        next_meeting=long_date(info.next_meeting, language) if info.next_meeting else "",
        advisor=advisor,
        note=note,
        date=long_date(info.assessed_on, language) if info.assessed_on else info.date,
    )
