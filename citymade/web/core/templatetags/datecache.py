"""The ``date`` filter as Django writes it, with each date written once per process and language.

Pages repeat dates (a history of 20 lines, a plan's due dates, every support action's date); Django's
filter looks the format up and formats anew each time (~2 % of the server's CPU under
``benchmarks/load.py``). What a date looks like depends only on the date, the format, the language
and the settings, so those are the key (the cache is emptied when a setting changes, as Django empties
its own format cache). A date-time's key also holds its time zone and offset: two equal instants in
two zones are equal to Python but are not written alike. Anything else (text, a time, a lazy value)
goes to Django's filter every time, as before.

Loaded as a template builtin (``TEMPLATES[…]["OPTIONS"]["builtins"]``), so it replaces Django's
``date`` in every template; it is Django's filter in every other respect (local time, safety, errors).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=8192)
def _written(value: Any, arg: str | None, _language: str | None, _zone: str, _offset: Any) -> str:
    """Django's filter; the last three arguments only complete the key."""
    return str(defaultfilters.date(value, arg))


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's ``date`` filter, remembered for dates and date-times (see the module)."""
    kind = type(value)
    if kind is dt.date and (arg is None or isinstance(arg, str)):
        return _written(value, arg, get_language(), "", None)
    if kind is dt.datetime and (arg is None or isinstance(arg, str)):
        return _written(value, arg, get_language(), str(value.tzinfo), value.utcoffset())
    return str(defaultfilters.date(value, arg))


@receiver(setting_changed)
def _forget(**_kwargs: Any) -> None:
    _written.cache_clear()
