"""What a template's ``{{ value }}`` prints, for the rows some pages write in Python.

The long lists of a few pages (the company list, a questionnaire step's questions, the follow-up
panel's plan and support actions) are written in Python rather than by template loops; each text in
them goes through :func:`printed`, so they escape and localise exactly as the templates did.
"""

from __future__ import annotations

import html
from typing import Any

from django.utils.formats import localize
from django.utils.html import conditional_escape

__all__ = ["printed"]


def printed(value: Any) -> str:
    """What ``{{ value }}`` prints (autoescape on); a plain ``str`` is escaped directly, as
    :func:`django.utils.html.escape` does."""
    if type(value) is str:
        return html.escape(value)
    return str(conditional_escape(localize(value)))
