"""Cross-field rules: answers that cannot all be true (shares of one whole above 100 %, parts above
their total). The rules live in the framework (``consistency``); this module finds the breaches in
one mapping of answers (a product, the company or the site) and words them for people."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from citymade.framework.model import Consistency, Framework
from citymade.i18n import _, resolve

__all__ = ["Breach", "breaches", "describe"]


@dataclass(frozen=True)
class Breach:
    rule: Consistency
    questions: tuple[str, ...]
    values: tuple[float, ...]
    total: float | None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def breaches(framework: Framework, level: str, answers: Mapping[str, Any]) -> list[Breach]:
    """The consistency rules of ``level`` that ``answers`` (normalised, "?" allowed) break."""
    found: list[Breach] = []
    for rule in framework.consistency:
        if rule.level != level:
            continue
        known = [(q, n) for q in rule.questions if (n := _number(answers.get(q))) is not None]
        if not known:
            continue
        total = sum(n for _q, n in known)
        if rule.kind == "sum_at_most":
            if len(known) >= 2 and total > rule.max + 1e-9:
                found.append(Breach(rule, tuple(q for q, _n in known), tuple(n for _q, n in known), None))
        else:
            limit = _number(answers.get(rule.total)) if rule.total else None
            if limit is not None and total > limit + 1e-9:
                found.append(Breach(rule, (*(q for q, _n in known), str(rule.total)), (*(n for _q, n in known), limit), limit))
    return found


def _figure(value: float) -> str:
    return f"{value:g}"


def describe(framework: Framework, breach: Breach) -> str:
    """"<rule>: <field> (40) + <field> (90) = 130, more than 100" in the active language."""
    rule = breach.rule

    def named(qid: str, value: float) -> str:
        return f"“{resolve(framework.question(qid).label)}” ({_figure(value)})"

    if breach.total is None:
        parts = " + ".join(named(q, v) for q, v in zip(breach.questions, breach.values, strict=True))
        detail = _("%(parts)s = %(sum)s, more than %(max)s") % {"parts": parts, "sum": _figure(sum(breach.values)), "max": _figure(rule.max)}
    else:
        parts = " + ".join(named(q, v) for q, v in zip(breach.questions[:-1], breach.values[:-1], strict=True))
        detail = _("%(parts)s = %(sum)s, more than %(total)s") % {
            "parts": parts,
            "sum": _figure(sum(breach.values[:-1])),
            "total": named(breach.questions[-1], breach.total),
        }
    return f"{resolve(rule.label)}: {detail}"
