"""The audit trail in words: every kind of event as a label (for filters) and a sentence (for the
company history and the audit page), in the reader's language, with consecutive saves of one
diagnostic by one person folded into one line.

A kind not listed here (a future one) reads as "Other change", never as its code; a test checks
that every kind the code logs is listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
    "event.created": gettext_lazy("Event created"),
    "event.attendance_recorded": gettext_lazy("Attendance recorded"),
    "prospect.dismissed": gettext_lazy("Prospect dismissed"),
    "prospect.restored": gettext_lazy("Prospect dismissal undone"),
    "token.created": gettext_lazy("API token created"),
    "token.revoked": gettext_lazy("API token revoked"),
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
    elif entry.action in _DIAGNOSTIC and after.get("version"):
        text = _("%(what)s (version %(version)s)") % {"what": label, "version": after["version"]}
    names = field_labels or {}
    changed = tuple(
        sorted(str(names.get(k, "")) for k in after if k in before and before[k] != after[k] and k != "updated_at" and names.get(k))
    )
    company = entry.company.name if getattr(entry, "company_id", None) and entry.company is not None else ""
    return Line(at=entry.at, who=person(entry.actor), text=text, kind=entry.action, changed=changed, company=company)


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

    return {d.id: resolve(d.label, language) for d in current_framework().dimensions}


def field_labels() -> dict[str, str]:
    """The readable name of every field a company, product, site or contact person records."""
    from citymade.web.companies.models import Company, ContactPerson, Product, Site

    labels = {"answers": str(_("answers")), "state": str(_("state"))}
    for model in (Company, Product, Site, ContactPerson):
        for f in model._meta.get_fields():
            if hasattr(f, "verbose_name") and not f.is_relation:
                labels.setdefault(f.name, str(f.verbose_name))
    return labels


def lines_for(entries: Iterable[Any], language: str) -> list[Line]:
    """Audit entries as folded lines in ``language``."""
    titles, fields = step_titles(language), field_labels()
    return fold([describe(e, step_titles=titles, field_labels=fields) for e in entries])
