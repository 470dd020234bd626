"""What to tell a person whose answer was refused, in plain words and in their language.

Answers files get the precise message of :func:`citymade.framework.answers.normalise_answer`
(question ids, accepted values); a person filling the questionnaire gets this one instead: what the
field takes, with its unit and bounds written for the reader ("Enter a number from 0 to 100 %.").
"""

from __future__ import annotations

from citymade.framework.model import Question
from citymade.framework.units import format_number, unit_label
from citymade.i18n import _

__all__ = ["plain_problem"]


def plain_problem(question: Question) -> str:
    """The plain message for a refused answer to ``question`` (what is allowed)."""
    if question.type in ("choice", "multi_choice"):
        return _("Choose one of the options, or tick “I don't know”.")
    if question.type == "yes_no":
        return _("Answer yes or no, or tick “I don't know”.")
    if question.type == "text":
        return _("This text is too long.")
    kind = _("a whole number") if question.type == "scale" else _("a number")
    low = None if question.min is None else format_number(question.min)
    high = None if question.max is None else format_number(question.max)
    if low is not None and high is not None:
        message = _("Enter %(kind)s from %(low)s to %(high)s") % {"kind": kind, "low": low, "high": high}
    elif low is not None:
        message = _("Enter %(kind)s of at least %(low)s") % {"kind": kind, "low": low}
    elif high is not None:
        message = _("Enter %(kind)s of at most %(high)s") % {"kind": kind, "high": high}
    else:
        message = _("Enter %(kind)s") % {"kind": kind}
    if question.unit:
        message += " " + _("(in %(unit)s)") % {"unit": unit_label(question.unit)}
    return message + "."
