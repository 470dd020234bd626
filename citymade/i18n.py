"""Languages for the core: the active language, UI-string catalogs and translated data.

citymade speaks French (default), Dutch and English. The core never imports Django, so it has its
own small layer over the standard library's :mod:`gettext`:

* UI strings of the core (error messages, CLI output) are marked with :func:`gettext` (alias ``_``)
  and translated from the catalogs in ``citymade/locale/<lang>/LC_MESSAGES/<domain>.mo``: one
  domain per core package (``framework``, ``register`` …), so each package owns its catalog. The
  ``.po`` sources are committed; :func:`compile_catalogs` builds the ``.mo`` files with Babel, so
  no GNU gettext is needed on a fresh machine.
* Translated *data* (framework labels, recommendation texts) is a language map ``{fr, nl, en}``
  resolved by :func:`resolve` with a fallback.

The active language lives in a context variable: the web layer sets it per request from Django's
active language, the CLI from ``--lang`` or ``CITYMADE_LANG``.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "active_language",
    "compile_catalogs",
    "gettext",
    "ngettext",
    "_",
    "resolve",
    "use_language",
]

LANGUAGES: tuple[str, ...] = ("fr", "nl", "en")
DEFAULT_LANGUAGE = "fr"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_active: ContextVar[str | None] = ContextVar("citymade_language", default=None)


def normalise(language: str | None) -> str:
    """Map ``fr-BE``, ``NL``, ``en_GB`` … to one of :data:`LANGUAGES` (default French)."""
    if not language:
        return DEFAULT_LANGUAGE
    code = language.replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def active_language() -> str:
    """The language of the current request or command."""
    lang = _active.get()
    if lang is None:
        lang = normalise(os.environ.get("CITYMADE_LANG"))
    return lang


@contextmanager
def use_language(language: str | None) -> Iterator[str]:
    """Run a block in ``language`` (a report rendered in its recipient's language)."""
    token = _active.set(normalise(language))
    try:
        yield normalise(language)
    finally:
        _active.reset(token)


def set_language(language: str | None) -> None:
    """Set the language for the rest of this context (used by the CLI entry point)."""
    _active.set(normalise(language))


@lru_cache(maxsize=8)
def _catalog(language: str) -> _gettext.NullTranslations:
    chain: _gettext.NullTranslations = _gettext.NullTranslations()
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    if folder.is_dir():
        for mo in sorted(folder.glob("*.mo")):
            if mo.stem == "django":
                continue
            with mo.open("rb") as fh:
                catalog = _gettext.GNUTranslations(fh)
            catalog.add_fallback(chain)
            chain = catalog
    return chain


def gettext(message: str) -> str:
    """Translate a core UI string into the active language."""
    return _catalog(active_language()).gettext(message)


def ngettext(singular: str, plural: str, count: float) -> str:
    """Translate a core UI string with a count into the active language's plural form."""
    return _catalog(active_language()).ngettext(singular, plural, int(count) if float(count).is_integer() else 2)


_ = gettext


def resolve(text: Mapping[str, str] | str | None, language: str | None = None) -> str:
    """Pick the reader's language from a ``{fr, nl, en}`` map, falling back fr → en → nl."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    lang = normalise(language) if language else active_language()
    for candidate in (lang, DEFAULT_LANGUAGE, "en", "nl"):
        value = text.get(candidate)
        if value:
            return value
    return next((v for v in text.values() if v), "")


def compile_catalogs(root: Path = LOCALE_DIR.parent) -> list[Path]:
    """Compile every ``.po`` under ``root`` to ``.mo`` with Babel; return what was written.

    That covers the core catalogs in ``citymade/locale`` and each web app's own ``locale`` folder.
    A catalog is rebuilt only when its ``.po`` is newer than its ``.mo``.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(root.rglob("locale/*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parent.parent.name)
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo)
    _catalog.cache_clear()
    return written
