"""Checks every model shares: text that cannot break a document (see :mod:`citymade.text`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from citymade.text import control_characters

__all__ = ["refuse_control_characters"]


def refuse_control_characters(instance: models.Model) -> None:
    """A :class:`ValidationError` naming each text field that holds a control character (a vertical
    tab pasted in a product name would break its diagnostic's PDF). Call it from ``Model.clean``:
    model forms and the services (``full_clean``) both run it."""
    problems = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname, None)
            codes = control_characters(value) if isinstance(value, str) else []
            if codes:
                problems[field.name] = _("Remove the control characters from this text (%(codes)s).") % {"codes": ", ".join(codes)}
    if problems:
        raise ValidationError(problems)
