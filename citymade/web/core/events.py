"""The audit trail in words: every kind of event as a label (for filters) and a sentence (for the
company history and the audit page), in the reader's language, with consecutive saves of one
diagnostic by one person folded into one line.

A kind not listed here (a future one) reads as "Other change", never as its code; a test checks
that every kind the code logs is listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

__all__ = ["EVENT_KINDS", "Line", "describe", "fold", "kind_label"]

#: Every kind of event the code logs → its label (what happened), in the order of the filter list.
EVENT_KINDS: dict[str, Any] = {
    "company.created": gettext_lazy("Company created"),
    "company.changed": gettext_lazy("Company changed"),
    "company.status_changed": gettext_lazy("Membership status changed"),
    "product.created": gettext_lazy("Product added"),
    "product.changed": gettext_lazy("Product changed"),
    "product.deleted": gettext_lazy("Product deleted"),
    "site.created": gettext_lazy("Site added"),
    "site.changed": gettext_lazy("Site changed"),
    "site.deleted": gettext_lazy("Site deleted"),
    "contact.created": gettext_lazy("Contact person added"),
    "contact.changed": gettext_lazy("Contact person changed"),
    "contact.deleted": gettext_lazy("Contact person deleted"),
    "contact.erased": gettext_lazy("Contact person's personal data erased"),
    "contact.recorded": gettext_lazy("Contact recorded"),
    "diagnostic.started": gettext_lazy("Diagnostic started"),
    "diagnostic.answers_saved": gettext_lazy("Diagnostic answers saved"),
    "diagnostic.answers_imported": gettext_lazy("Diagnostic answers imported"),
    "diagnostic.submitted": gettext_lazy("Diagnostic submitted"),
    "diagnostic.validated": gettext_lazy("Diagnostic validated"),
    "diagnostic.revised": gettext_lazy("Diagnostic revised"),
    "diagnostic.discarded": gettext_lazy("Diagnostic draft discarded"),
    "diagnostic.extended": gettext_lazy("Quick scan continued as a full diagnostic"),
    "support_action.created": gettext_lazy("Support action recorded"),
    "support_action.changed": gettext_lazy("Support action changed"),
    "plan_item.changed": gettext_lazy("Action plan item changed"),
    "pivot.created": gettext_lazy("Pivot recorded"),
    "milestone.recorded": gettext_lazy("Milestone recorded"),
    "jobs.recorded": gettext_lazy("Jobs recorded"),
    "partner.created": gettext_lazy("Partner added"),
    "partner.changed": gettext_lazy("Partner changed"),
    "working_group.saved": gettext_lazy("Working group saved"),
    "working_group.changed": gettext_lazy("Working group changed"),
    "event.created": gettext_lazy("Event created"),
    "event.changed": gettext_lazy("Event changed"),
    "event.attendance_recorded": gettext_lazy("Attendance recorded"),
    "event.invitation_removed": gettext_lazy("Invitation removed"),
    "review.targets_changed": gettext_lazy("Review targets changed"),
    "review.narrative_changed": gettext_lazy("Review narrative changed"),
    "prospect.dismissed": gettext_lazy("Prospect dismissed"),
    "prospect.restored": gettext_lazy("Prospect dismissal undone"),
    "token.created": gettext_lazy("API token created"),
    "token.revoked": gettext_lazy("API token revoked"),
    "user.created": gettext_lazy("Account created"),
    "user.changed": gettext_lazy("Account changed"),
    "user.deactivated": gettext_lazy("Account deactivated"),
    "user.reactivated": gettext_lazy("Account reactivated"),
    "user.invited": gettext_lazy("Entrepreneur invited"),
    "user.invitation_accepted": gettext_lazy("Invitation accepted"),
    "user.password_link_sent": gettext_lazy("Link to choose a password sent"),
    "user.profile_changed": gettext_lazy("Own profile changed"),
}

#: Kinds a diagnostic's version is named in ("… of diagnostic 3").
_DIAGNOSTIC = {"diagnostic.started", "diagnostic.answers_saved", "diagnostic.answers_imported", "diagnostic.submitted",
               "diagnostic.validated", "diagnostic.revised", "diagnostic.discarded", "diagnostic.extended"}


def kind_label(kind: str) -> str:
    label = EVENT_KINDS.get(kind)
    return str(label) if label is not None else _("Other change")


def person(user: Any) -> str:
    """A person as people are named on every page: the full name, the login only without one."""
    if user is None:
        return _("citymade")
    return user.get_full_name() or user.username


@dataclass(frozen=True)
class Line:
    """One line of a history: when, who, what (a sentence) and what changed."""

    at: Any
    who: str
    text: str
    kind: str
    changed: tuple[str, ...] = ()
    count: int = 1
    company: str = ""
    #: what changed, before and after, in words ("Date: 2024-05-04 → 2024-05-06")
    details: tuple[str, ...] = ()


def _subject(before: dict[str, Any], after: dict[str, Any]) -> str:
    for source in (after, before):
        for key in ("name", "title"):
            if source.get(key):
                return str(source[key])
    return ""


def describe(entry: Any, *, step_titles: dict[str, str] | None = None, field_labels: dict[str, str] | None = None) -> Line:
    """One audit entry as a line a person reads."""
    before, after = entry.before or {}, entry.after or {}
    if not isinstance(before, dict):
        before = {}
    if not isinstance(after, dict):
        after = {}
    label = kind_label(entry.action)
    subject = _subject(before, after)
    text = _("%(what)s: %(subject)s") % {"what": label, "subject": subject} if subject else label
    if entry.action == "diagnostic.answers_saved":
        step = str(after.get("step") or "")
        title = (step_titles or {}).get(step.rsplit("-", 1)[-1], "")
        text = _("Saved the step “%(step)s” of a diagnostic") % {"step": title} if title else _("Saved a step of a diagnostic")
    elif entry.action.startswith("user."):
        text = _account_sentence(entry.action, before, after) or text
    elif entry.action in _DIAGNOSTIC and after.get("version"):
        text = _("%(what)s (version %(version)s)") % {"what": label, "version": after["version"]}
    names = field_labels or {}
    changed = tuple(
        sorted(str(names.get(k, "")) for k in after if k in before and before[k] != after[k] and k != "updated_at" and names.get(k))
    )
    company = entry.company.name if getattr(entry, "company_id", None) and entry.company is not None else ""
    details = before_after(entry.action, before, after) if entry.action in _DETAILED else ()
    if entry.action in _DETAILED and after.get("year"):
        text = _("%(what)s (%(year)s)") % {"what": text, "year": after["year"]}
    return Line(at=entry.at, who=person(entry.actor), text=text, kind=entry.action, changed=changed, company=company, details=details)


#: Kinds whose line says each value before and after.
_DETAILED = {"partner.changed", "working_group.changed", "event.changed", "event.attendance_recorded", "event.invitation_removed", "review.targets_changed", "review.narrative_changed"}
#: The longest value a line repeats (a narrative is cut, its whole text stays in the entry).
_VALUE_MAX = 120


def _value(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    if key in ("share_companies", "participation_rate") and isinstance(value, (int, float)):
        from citymade.portfolio.document import format_value

        return format_value(key, value)
    if isinstance(value, float):
        from babel.numbers import format_decimal
        from django.utils.translation import get_language

        return format_decimal(value, format="0.#", locale=get_language() or "fr")
    if key == "kind":
        from citymade.web.portfolio.models import Event

        value = Event.Kind(value).label if value in Event.Kind.values else value
    if key == "organisation_type":
        from citymade.web.companies.models import OrganisationType

        value = OrganisationType(value).label if value in OrganisationType.values else value
    text = " ".join(str(value).split())
    return text if len(text) <= _VALUE_MAX else text[: _VALUE_MAX - 1] + "…"


def _detail_labels() -> dict[str, str]:
    from citymade.portfolio.document import definitions

    labels = {key: label for key, (label, _definition) in definitions().items()}
    labels.update({
        "name": _("Name"), "sector": _("Sector"), "members": _("Participants"), "title": _("Title"), "kind": _("Kind"),
        "invited": _("Invited"),
        "date": _("Date"), "working_group": _("Working group"), "organisation": _("Organisation"),
        "attended": _("Attended"), "narrative": _("Narrative"),
    })
    from django.utils.text import capfirst

    from citymade.web.portfolio.models import Partner

    # a partner's fields, as its model names them ("Partner until: — → 2023-06-30")
    labels.update({name: capfirst(Partner._meta.get_field(name).verbose_name) for name in ("organisation_type", "joined_on", "left_on", "website")})
    return labels


def before_after(kind: str, before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    """Each value that differs, as "label: before → after" (a removal: "label: before → —")."""
    labels = _detail_labels()
    keys = [
        k for k in dict.fromkeys([*before, *after])
        if k not in ("year", "invited_count", "attended_count") and before.get(k) != after.get(k)
    ]
    return tuple(
        _("%(field)s: %(before)s → %(after)s")
        % {"field": labels.get(k, k), "before": _value(k, before.get(k)), "after": _value(k, after.get(k))}
        for k in keys
    )


def _role(value: Any) -> str:
    from citymade.web.accounts.roles import Role

    return str(Role(value).label) if value in Role.values else _("unknown role")


def _account_sentence(kind: str, before: dict[str, Any], after: dict[str, Any]) -> str:
    """What was done to an account, as a sentence naming the person (never their login alone)."""
    whom = str(after.get("person") or before.get("person") or "")
    if not whom:
        return ""
    values = {"person": whom, "role": _role(after.get("role")), "company": after.get("company_name") or "", "email": after.get("email") or ""}
    if kind == "user.created":
        if values["company"]:
            return _("Created the account of %(person)s, company user of %(company)s") % values
        return _("Created the account of %(person)s (%(role)s)") % values
    if kind == "user.changed":
        if before.get("role") and before.get("role") != after.get("role"):
            return _("Changed the account of %(person)s: now %(role)s") % values
        if before.get("company") != after.get("company") and values["company"]:
            return _("Changed the account of %(person)s: now bound to %(company)s") % values
        return _("Changed the account of %(person)s") % values
    sentences = {
        "user.deactivated": _("Deactivated the account of %(person)s"),
        "user.reactivated": _("Reactivated the account of %(person)s"),
        "user.invited": _("Invited %(person)s (%(email)s) to citymade for %(company)s"),
        "user.invitation_accepted": _("%(person)s accepted the invitation and chose a password"),
        "user.password_link_sent": _("Sent %(person)s a link to choose a password (%(email)s)"),
        "user.profile_changed": _("%(person)s changed their own profile"),
    }
    return sentences[kind] % values if kind in sentences else ""


def fold(lines: Sequence[Line]) -> list[Line]:
    """Consecutive saves of a diagnostic by one person become one line ("saved 16 steps")."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if (
            previous is not None
            and line.kind == previous.kind == "diagnostic.answers_saved"
            and line.who == previous.who
            and line.company == previous.company
        ):
            count = previous.count + 1
            text = ngettext("Saved %(count)d step of a diagnostic", "Saved %(count)d steps of a diagnostic", count) % {"count": count}
            out[-1] = Line(at=previous.at, who=previous.who, text=text, kind=previous.kind, count=count, company=previous.company)
            continue
        out.append(line)
    return out


def kind_choices() -> list[tuple[str, str]]:
    """The filter list of event kinds, by label."""
    return [("", "—"), *sorted(((k, str(v)) for k, v in EVENT_KINDS.items()), key=lambda kv: kv[1])]


def step_titles(language: str) -> dict[str, str]:
    """A questionnaire step's title by its dimension id (a step key ends with it)."""
    from citymade.i18n import resolve
    from citymade.web.diagnostics.engine import current_framework

    framework = current_framework()
    titles: dict[str, str] = framework.memo(
        ("events.step_titles", language), lambda: {d.id: resolve(d.label, language) for d in framework.dimensions}
    )
    return dict(titles)


def field_labels() -> dict[str, str]:
    """The readable name of every field a company, product, site or contact person records (in the
    active language; made once per language, as the models' names never change while running)."""
    from django.utils.translation import get_language

    return dict(_field_labels(get_language()))


@lru_cache(maxsize=16)
def _field_labels(_language: str | None) -> dict[str, str]:
    from citymade.web.accounts.models import User
    from citymade.web.companies.models import Company, ContactPerson, Product, Site

    labels = {"answers": str(_("answers")), "state": str(_("state"))}
    for model in (Company, Product, Site, ContactPerson):
        for f in model._meta.get_fields():
            if hasattr(f, "verbose_name") and not f.is_relation:
                labels.setdefault(f.name, str(f.verbose_name))
    labels.setdefault("advisor", str(Company._meta.get_field("advisor").verbose_name))  # the one named relation
    # an account's fields, as the audit keeps them (services.facts)
    for name in ("username", "first_name", "last_name", "email", "role", "company", "language", "is_active"):
        labels.setdefault(name, str(User._meta.get_field(name).verbose_name))
    return labels


def lines_for(entries: Iterable[Any], language: str) -> list[Line]:
    """Audit entries as folded lines in ``language``."""
    titles, fields = step_titles(language), field_labels()
    return fold([describe(e, step_titles=titles, field_labels=fields) for e in entries])
