"""The PDF report: a real PDF, in the requested language, with user text printed verbatim."""

from __future__ import annotations

import re

import typst

from citymade.reports.diagnostic import build_report
from citymade.reports.pdf import escape_markup, render_pdf, typst_string
from tests.reports.conftest import info


def _title(pdf: bytes) -> bytes:
    """The document title from the PDF's XMP metadata (stored uncompressed, UTF-8, XML-escaped)."""
    match = re.search(rb'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">(.*?)</rdf:li>', pdf)
    assert match, "the PDF has a title in its metadata"
    return match.group(1).replace(b"&lt;", b"<").replace(b"&gt;", b">").replace(b"&quot;", b'"').replace(b"&apos;", b"'").replace(b"&amp;", b"&")


def test_pdf_is_a_pdf_titled_with_the_company(framework, result):
    pdf = render_pdf(build_report(framework, result, info=info("en", company="Atelier Nord")))
    assert pdf.startswith(b"%PDF-")
    assert _title(pdf) == b"Diagnostic of Atelier Nord"
    assert pdf.count(b"/Type /Page") + pdf.count(b"/Type/Page") >= 3  # cover, profile, parts


def test_pdf_in_each_language(framework, result):
    titles = {lang: _title(render_pdf(build_report(framework, result, info=info(lang, company="Atelier Nord"))))
              for lang in ("fr", "nl", "en")}
    assert titles == {"fr": b"Diagnostic de Atelier Nord", "nl": b"Diagnose van Atelier Nord", "en": b"Diagnostic of Atelier Nord"}


def test_user_text_is_never_read_as_typst_markup(framework, result):
    hostile = 'Evil #import "x": * *bold* $x$ ] [ <l> @ref \\ #pagebreak()'
    pdf = render_pdf(build_report(framework, result, info=info("en", company=hostile)))
    assert pdf.startswith(b"%PDF-")
    title = _title(pdf).decode("latin-1")
    assert "#import" in title and "*bold*" in title and "#pagebreak()" in title


def test_markup_escaping_helpers_compile_to_the_literal_text():
    text = 'A*b_c #x $y$ [z] <l> @r ~ = - + / " \' \\ end'
    source = f"#set document(title: {typst_string(text)})\n{escape_markup(text)}"
    pdf = typst.compile(source.encode())
    assert pdf.startswith(b"%PDF-")
    assert _title(pdf).decode() == text


def test_control_characters_in_stored_text_do_not_break_the_pdf(framework, result):
    """A vertical tab in a product name made Typst refuse the embedded SVG chart (500, for good)."""
    import json

    dirty = json.loads(json.dumps(result, ensure_ascii=False).replace("Table en chêne", "Table\\u000ben\\u0007chêne"))
    assert "Table\\x0ben" in repr(dirty), "the product name holds a vertical tab"
    pdf = render_pdf(build_report(framework, dirty, info=info("en", company="Bois\x0bBrut\x1f")))
    assert pdf.startswith(b"%PDF-")
    assert _title(pdf) == b"Diagnostic of BoisBrut"
