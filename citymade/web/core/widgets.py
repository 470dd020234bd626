"""The form renderer: Django's own Jinja2 widget templates, with the common widgets written in Python.

A questionnaire step draws ~40 widgets, and each radio button of them goes through four nested
templates (the group, the option, the label, the input, its attributes): ~200 template renderings a
page, most of the step page's remaining cost under load (``benchmarks/load.py``). Django builds
each widget's context (its value, its options, which is checked, the ids); :class:`Renderer` then
writes the markup those templates write, byte for byte — the same structure, the same escaping
(``markupsafe``'s, as the Jinja2 engine's autoescape), the result stripped as Django strips it — for
the templates listed in :data:`WRITTEN`, and hands every other template to the Jinja2 engine.
``tests/web/test_widgets.py`` compares both renderings over random widgets, values and attributes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import Jinja2
from markupsafe import escape

__all__ = ["WRITTEN", "Renderer"]


def _attrs(attrs: dict[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``: False leaves the attribute out, True writes its name alone."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"')
    return "".join(out)


def _input(widget: dict[str, Any]) -> str:
    """``django/forms/widgets/input.html`` (and the input types that include it)."""
    value = widget.get("value")
    shown = f' value="{escape(value)}"' if value is not None else ""
    return f'<input type="{escape(widget.get("type"))}" name="{escape(widget.get("name"))}"{shown}{_attrs(widget["attrs"])}>'


def _input_option(widget: dict[str, Any]) -> str:
    """``django/forms/widgets/input_option.html`` (a radio button or a check box of a group)."""
    if not widget.get("wrap_label"):
        return _input(widget)
    option_id = widget["attrs"].get("id")
    target = f' for="{escape(option_id)}"' if option_id else ""
    return f"<label{target}>{_input(widget)} {escape(widget.get('label'))}</label>"


_OPTIONS: dict[str, Callable[[dict[str, Any]], str]] = {
    "django/forms/widgets/radio_option.html": _input_option,
    "django/forms/widgets/checkbox_option.html": _input_option,
    "django/forms/widgets/input_option.html": _input_option,
}


def _multiple_input(widget: dict[str, Any]) -> str:
    """``django/forms/widgets/multiple_input.html`` (radio buttons, check boxes)."""
    attrs = widget["attrs"]
    group_id, css = attrs.get("id"), attrs.get("class")
    opening = "<div"
    if group_id:
        opening += f' id="{escape(group_id)}"'
    if css:
        opening += f' class="{escape(css)}"'
    out = [opening + ">"]
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{escape(group)}</label>")
        for option in options:
            out.append(f"<div>\n    {_OPTIONS[option['template_name']](option)}</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>")
    return "".join(out)


def _select(widget: dict[str, Any]) -> str:
    """``django/forms/widgets/select.html`` with its ``select_option.html``."""
    out = [f'<select name="{escape(widget.get("name"))}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f'\n  <optgroup label="{escape(group)}">')
        for option in options:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                raise _Unwritten
            out.append(
                f'\n  <option value="{escape(option.get("value"))}"{_attrs(option["attrs"])}>{escape(option.get("label"))}</option>'
            )
        if group:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(widget: dict[str, Any]) -> str:
    value = widget.get("value")
    return (
        f'<textarea name="{escape(widget.get("name"))}"{_attrs(widget["attrs"])}>\n'
        f"{escape(value) if value else ''}</textarea>"
    )


class _Unwritten(Exception):
    """A widget context this module does not write (an option template of its own): the engine renders it."""


#: the input types whose template is only ``{% include "django/forms/widgets/input.html" %}``
_INPUTS = ("checkbox", "color", "date", "datetime", "email", "hidden", "number", "password", "search", "tel", "text", "time", "url")

#: The widget templates written here, each by the function writing its markup.
WRITTEN: dict[str, Callable[[dict[str, Any]], str]] = {
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS},
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/radio.html": _multiple_input,
    "django/forms/widgets/checkbox_select.html": _multiple_input,
    "django/forms/widgets/multiple_input.html": _multiple_input,
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
}


class Renderer(Jinja2):
    """Django's Jinja2 form renderer, the widgets of :data:`WRITTEN` written in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = WRITTEN.get(template_name)
        widget = context.get("widget") if write is not None else None
        if write is not None and isinstance(widget, dict) and len(context) == 1:
            try:
                return write(widget).strip()
            except (_Unwritten, KeyError):
                pass
        return super().render(template_name, context, request=request)
