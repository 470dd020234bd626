"""The diagnostic lifecycle as named transitions, each saying from where, to where and who may fire it.

=========  ==========================  =========================  ======================================
name       from                        to                         who
=========  ==========================  =========================  ======================================
start      —                           draft                      staff; a company user for its company
save       draft                       draft                      staff; a company user for its company
submit     draft                       submitted                  staff; a company user for its company
validate   submitted                   validated                  staff only
revise     submitted, validated        a new draft version        staff; a company user for its company
discard    draft                       — (the draft is deleted)   staff; a company user for its company
extend     draft, submitted, validated a full draft (quick scans) staff; a company user for its company
=========  ==========================  =========================  ======================================

``extend`` grows a quick scan into the full diagnostic: a quick draft becomes a full draft, a
finished quick scan gets a full draft as its next version; no answer is typed twice.

A company has at most one open draft: starting or revising while one is open is refused (409) with a
message that points to it.

:func:`check` refuses with :class:`TransitionRefused` (a message the user can read); services call it
before changing anything, views call :func:`allowed` to show only the buttons that will work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citymade.web.accounts.roles import STAFF_ROLES, Role
from citymade.web.diagnostics.models import State


class TransitionRefused(Exception):
    """A transition that may not be fired now, by this user; the message says why (``draft``: the
    company's open draft, when that is why)."""

    def __init__(self, message: str, *, status: int = 403, draft: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.draft = draft


def _staff(user: Any, company_id: int | None) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES)


def _member_or_staff(user: Any, company_id: int | None) -> bool:
    if _staff(user, company_id):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role == Role.COMPANY
        and user.company_id is not None
        and user.company_id == company_id
    )


@dataclass(frozen=True)
class Transition:
    name: str
    label: Any
    sources: tuple[str, ...]
    target: str
    may: Callable[[Any, int | None], bool]


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("start", gettext_lazy("Start"), ("",), State.DRAFT, _member_or_staff),
        Transition("save", gettext_lazy("Save"), (State.DRAFT,), State.DRAFT, _member_or_staff),
        Transition("submit", gettext_lazy("Submit"), (State.DRAFT,), State.SUBMITTED, _member_or_staff),
        Transition("validate", gettext_lazy("Validate"), (State.SUBMITTED,), State.VALIDATED, _staff),
        Transition(
            "revise", gettext_lazy("Revise"), (State.SUBMITTED, State.VALIDATED), State.DRAFT, _member_or_staff
        ),
        Transition("discard", gettext_lazy("Discard the draft"), (State.DRAFT,), "", _member_or_staff),
        Transition(
            "extend",
            gettext_lazy("Continue as a full diagnostic"),
            (State.DRAFT, State.SUBMITTED, State.VALIDATED),
            State.DRAFT,
            _member_or_staff,
        ),
    )
}

#: Transitions that ask for a confirmation (and an optional note) before they act.
CONFIRM = ("validate", "revise", "discard")

#: Transitions a user fires with a button on the diagnostic's pages.
BUTTONS = ("submit", "validate", "revise", "extend", "discard")
#: Transitions only a quick scan has.
QUICK_ONLY = ("extend",)


def check(name: str, *, user: Any, state: str, company_id: int | None) -> Transition:
    """The transition ``name`` if ``user`` may fire it from ``state``; else :class:`TransitionRefused`."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionRefused(_("There is no such step in a diagnostic's life."), status=404)
    if not transition.may(user, company_id):
        raise TransitionRefused(_("Your role may not do this with this diagnostic."))
    if state not in transition.sources:
        if state in (State.SUBMITTED, State.VALIDATED) and name in ("save", "submit"):
            raise TransitionRefused(
                _("This diagnostic is submitted and can no longer be changed: revise it to make a new version."),
                status=409,
            )
        raise TransitionRefused(
            _("This cannot be done on a diagnostic in the state “%(state)s”.") % {"state": State(state).label},
            status=409,
        )
    return transition


def allowed(user: Any, *, state: str, company_id: int | None, kind: str = "full") -> list[Transition]:
    """The button transitions ``user`` may fire now on a diagnostic of ``kind``, in display order."""
    out = []
    for name in BUTTONS:
        if name in QUICK_ONLY and kind != "quick":
            continue
        transition = TRANSITIONS[name]
        if state in transition.sources and transition.may(user, company_id):
            out.append(transition)
    return out
