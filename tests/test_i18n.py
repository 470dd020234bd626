"""Every string a user can read exists in French, Dutch and English.

Core catalogs live in ``citymade/locale/<lang>/LC_MESSAGES/<domain>.po``, one domain per core
package (``framework``, ``register``, ``reports``, ``cli`` …); web strings are in the ``django``
domain, in ``citymade/locale`` for the shell and in each web app's own ``locale`` folder. These tests check
that (1) no catalog has an empty or fuzzy French or Dutch translation, and (2) every literal marked
for translation in the code and templates is in a catalog, so a new string cannot ship untranslated.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parents[1] / "citymade"
LOCALE = PACKAGE / "locale"
TRANSLATED = ("fr", "nl")
MARKERS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "gettext_noop"}


def _read(path: Path, lang: str):
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def _catalog_files(lang: str, domain: str) -> list[Path]:
    if domain == "django":
        return sorted(PACKAGE.rglob(f"locale/{lang}/LC_MESSAGES/django.po"))
    return [LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"]


def _ids(lang: str, domains: list[str]) -> set[str]:
    ids: set[str] = set()
    for domain in domains:
        for path in _catalog_files(lang, domain):
            for msg in _read(path, lang):
                if msg.id:
                    ids.add(msg.id if isinstance(msg.id, str) else msg.id[0])
    return ids


def _domains() -> list[str]:
    return sorted(p.stem for p in (LOCALE / "fr" / "LC_MESSAGES").glob("*.po"))


def _all_catalogs() -> list[Path]:
    return sorted(PACKAGE.rglob("locale/*/LC_MESSAGES/*.po"))


def _literals_in_python(files: list[Path]) -> set[str]:
    found: set[str] = set()
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                first = node.args[0]
                if name in MARKERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
    return found


@pytest.mark.parametrize("domain", _domains())
@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_catalog_exists_in_every_language(lang, domain):
    assert (LOCALE / lang / "LC_MESSAGES" / f"{domain}.po").is_file()


@pytest.mark.parametrize("path", _all_catalogs(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_catalog_is_complete(path):
    lang = path.parent.parent.name
    catalog = _read(path, lang)
    problems = []
    for msg in catalog:
        if not msg.id:
            continue
        strings = [msg.string] if isinstance(msg.string, str) else list(msg.string)
        if lang in TRANSLATED and (not all(strings) or msg.fuzzy):
            problems.append(msg.id)
    assert not problems, f"{path} has untranslated or fuzzy entries: {problems[:10]}"


def test_core_strings_are_in_a_core_catalog():
    core_domains = [d for d in _domains() if d not in ("django", "djangojs")]
    files = [p for p in PACKAGE.rglob("*.py") if "web" not in p.relative_to(PACKAGE).parts]
    literals = _literals_in_python(files)
    for lang in ("fr", "nl", "en"):
        missing = literals - _ids(lang, core_domains)
        assert not missing, f"core strings missing from the {lang} core catalogs: {sorted(missing)[:10]}"


def test_web_strings_are_in_the_django_catalog():
    web = PACKAGE / "web"
    literals = _literals_in_python([p for p in web.rglob("*.py") if "migrations" not in p.parts])
    tag = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")
    for template in web.rglob("*.html"):
        literals |= {m.group(2) for m in tag.finditer(template.read_text(encoding="utf-8"))}
    for lang in ("fr", "nl", "en"):
        missing = literals - _ids(lang, ["django"])
        assert not missing, f"web strings missing from {lang}/django.po: {sorted(missing)[:10]}"


def test_a_core_message_is_translated_at_run_time():
    from citymade.i18n import compile_catalogs, use_language
    from citymade.register.enterprise_number import (
        is_valid_enterprise_number,
        parse_enterprise_number,
    )

    compile_catalogs()
    assert not is_valid_enterprise_number("0403.170.702")
    messages = {}
    for lang in ("fr", "nl", "en"):
        with use_language(lang):
            try:
                parse_enterprise_number("0403.170.702")
            except Exception as exc:  # CitymadeError
                messages[lang] = str(exc)
    assert len(set(messages.values())) == 3, messages
