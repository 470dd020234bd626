"""``{% url %}`` as Django writes it, with each address reversed once per process.

A page links to the same few patterns over and over (a company page holds ~50 links: every product's,
site's, contact's and support action's edit page, the menu, the forms); Django reverses each one anew,
~70 µs of CPU apiece, ~3 % of the server's CPU under ``benchmarks/load.py``. The address depends only
on the pattern's name, its arguments, the URL configuration and the script prefix (citymade's patterns
are not translated), so those are the key. Arguments other than text and whole numbers (a model
instance, a lazy string) go to Django's reverse every time, as before.

Loaded as a template builtin (``TEMPLATES[…]["OPTIONS"]["builtins"]``), so it replaces Django's ``url``
in every template without a ``{% load %}``; the tag's syntax and errors are Django's own.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.template import defaulttags
from django.template.base import Parser, Token
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

register = template.Library()

#: a pattern's name as a template gives it (a literal is a safe string)
_TEXT = frozenset({str, SafeString})
#: argument types whose ``str`` is the value itself, so equal keys give equal addresses ("1" and 1
#: are one address); not bool: True is the key 1 but reverses to "True", so it is never cached
_PLAIN = frozenset({str, SafeString, int})


@lru_cache(maxsize=8192)
def _reverse(
    view_name: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
    current_app: str | None,
    _urlconf: str,
    _prefix: str,
) -> str:
    """Django's reverse; the last two arguments only complete the key."""
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def _plain(value: Any) -> bool:
    return type(value) in _PLAIN


class CachedURLNode(defaulttags.URLNode):
    def render(self, context: Any) -> str:
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple((k, v.resolve(context)) for k, v in self.kwargs.items())
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            if (
                type(view_name) in _TEXT
                and all(_plain(a) for a in args)
                and all(_plain(v) for _k, v in kwargs)
                and (current_app is None or type(current_app) in _TEXT)
            ):
                urlconf = str(get_urlconf() or settings.ROOT_URLCONF)
                url = _reverse(view_name, args, kwargs, current_app, urlconf, get_script_prefix())
            else:
                url = reverse(view_name, args=list(args), kwargs=dict(kwargs), current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> CachedURLNode:
    """Django's ``{% url %}`` (same syntax), reversed once per process for plain arguments."""
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
