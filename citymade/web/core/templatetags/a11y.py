"""Form fields tied to what describes them, for assistive technology.

``{% field_widget field invalid=… required=… autofocus=… %}`` renders a bound field's widget with:

* ``aria-describedby`` naming the ids of its help (``<auto_id>_helptext``, the id Django itself
  uses) and of its error (``<auto_id>_error``) — the templates give those ids to the help and the
  error paragraphs, so no reference dangles;
* ``aria-invalid="true"`` when the answer was refused (also for answers the service, not the form,
  refused: the questionnaire's problems);
* ``aria-required="true"`` on a single input (a group of radios or boxes says it in its legend);
* ``autofocus`` on the first refused field of a page, so the focus lands on it without script.

``{{ field|help_id }}`` and ``{{ field|error_id }}`` give the ids to put on the help and the error.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def help_id(field: BoundField) -> str:
    return f"{field.auto_id}_helptext"


@register.filter
def error_id(field: BoundField) -> str:
    return f"{field.auto_id}_error"


@register.filter
def is_group(field: BoundField) -> bool:
    """Radios or check boxes (rendered in a fieldset), not one input."""
    return bool(getattr(field.field.widget, "use_fieldset", False))


def describedby(field: BoundField, invalid: bool, extra: str = "") -> str:
    ids = extra.split()
    if field.help_text:
        ids.append(help_id(field))
    if invalid:
        ids.append(error_id(field))
    return " ".join(ids)


@register.filter
def first_invalid(form: Any) -> str:
    """The name of the form's first visible field with an error ("" when none)."""
    if not form.is_bound:
        return ""
    for field in form.visible_fields():
        if field.errors:
            return str(field.name)
    return ""


@register.filter
def first_problem(groups: Any) -> str:
    """The questionnaire step's first question (in page order) whose answer was refused."""
    for group in groups or ():
        for row in group.get("rows", ()):
            if row.get("problem"):
                return str(row["question"].id)
    return ""


@register.simple_tag
def field_widget(
    field: BoundField,
    invalid: Any = False,
    required: Any = False,
    autofocus: Any = False,
    focus: str = "",
    notes: str = "",
) -> SafeString:
    """The field's widget (see the module's description): ``focus`` names the field to focus;
    ``notes`` are suffixes of more describing paragraphs' ids (``"_origin"`` → ``<auto_id>_origin``)."""
    invalid = bool(invalid or field.errors)
    autofocus = bool(autofocus or (focus and focus == field.name))
    attrs: dict[str, Any] = {}
    ids = describedby(field, invalid, " ".join(f"{field.auto_id}{suffix}" for suffix in notes.split()))
    if ids:
        attrs["aria-describedby"] = ids
    if invalid:
        attrs["aria-invalid"] = "true"
    group = is_group(field)
    if required and not group:
        attrs["aria-required"] = "true"
    if autofocus and not group:
        attrs["autofocus"] = True
    html = str(field.as_widget(attrs=attrs))
    if autofocus and group:  # the first radio or box only (one autofocus per page)
        html = html.replace("<input ", "<input autofocus ", 1)
    return mark_safe(html)  # noqa: S308 - Django's own rendering of the widget
