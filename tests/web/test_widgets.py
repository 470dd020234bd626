"""The form renderer writes the common widgets in Python (``citymade.web.core.widgets``): the markup
must be exactly what Django's Jinja2 widget templates write, for any widget, value and attributes."""

from __future__ import annotations

from django import forms
from django.forms.renderers import Jinja2
from hypothesis import given, settings
from hypothesis import strategies as st

from citymade.web.core.widgets import WRITTEN, Renderer

FAST, ENGINE = Renderer(), Jinja2()

# text with what escaping must handle, and the empty string
TEXT = st.one_of(st.sampled_from(["", "a", "é → ✓", "<b>&amp;\"'</b>", "  spaced  "]), st.text(max_size=12))
ATTR_VALUES = st.one_of(TEXT, st.booleans(), st.integers(-5, 5))
ATTRS = st.dictionaries(st.sampled_from(["class", "aria-describedby", "aria-invalid", "autofocus", "min", "step", "data-x"]),
                        ATTR_VALUES, max_size=4)
CHOICES = st.lists(st.tuples(TEXT.filter(bool), TEXT), min_size=0, max_size=5, unique_by=lambda c: c[0])
GROUPED = st.lists(st.tuples(TEXT.filter(bool), CHOICES.filter(bool)), min_size=1, max_size=3)


def _widgets(choices, grouped):
    return [
        forms.TextInput(), forms.NumberInput(attrs={"step": "any", "min": "0"}), forms.EmailInput(), forms.HiddenInput(),
        forms.DateInput(), forms.PasswordInput(render_value=True), forms.URLInput(), forms.CheckboxInput(),
        forms.Textarea(attrs={"rows": 2}), forms.Select(choices=choices), forms.Select(choices=grouped),
        forms.SelectMultiple(choices=choices), forms.RadioSelect(choices=choices),
        forms.RadioSelect(choices=choices, attrs={"class": "levels"}), forms.RadioSelect(choices=grouped),
        forms.CheckboxSelectMultiple(choices=choices), forms.CheckboxSelectMultiple(choices=grouped),
    ]


@settings(max_examples=150, deadline=None)
@given(
    choices=CHOICES, grouped=GROUPED, attrs=ATTRS, name=TEXT.filter(bool),
    value=st.one_of(st.none(), TEXT, st.integers(0, 3), st.booleans(), st.lists(TEXT, max_size=3)),
    auto_id=st.booleans(),
)
def test_the_written_widgets_are_the_templates_markup(choices, grouped, attrs, name, value, auto_id):
    for widget in _widgets(choices, grouped):
        assert widget.template_name in WRITTEN, widget
        given_attrs = {**attrs, **({"id": f"id_{name}"} if auto_id else {})}
        if isinstance(widget, (forms.SelectMultiple, forms.CheckboxSelectMultiple)) and not isinstance(value, list):
            shown = [] if value is None else [value]
        else:
            shown = value
        fast = widget.render(name, shown, attrs=given_attrs, renderer=FAST)
        engine = widget.render(name, shown, attrs=given_attrs, renderer=ENGINE)
        assert fast == engine, type(widget).__name__


def test_a_widget_with_templates_of_its_own_is_left_to_the_engine():
    class Special(forms.RadioSelect):
        option_template_name = "django/forms/widgets/select_option.html"

    widget = Special(choices=[("a", "A")])
    assert widget.render("x", "a", renderer=FAST) == widget.render("x", "a", renderer=ENGINE)
    clearable = forms.ClearableFileInput()
    assert clearable.render("f", None, renderer=FAST) == clearable.render("f", None, renderer=ENGINE)


def test_the_site_draws_its_forms_with_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)
