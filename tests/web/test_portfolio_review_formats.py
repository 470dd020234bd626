"""Every figure of every demo year's review, in the page, the PDF and the workbook, stands beside
the previous year's value and the change — checked figure by figure against the two years'
reviews computed on their own, in French, Dutch and English."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from citymade.i18n import use_language
from citymade.portfolio import REVIEW_KEYS
from citymade.portfolio.document import RATIOS, change_between, format_value
from citymade.portfolio.targets import number
from citymade.web.portfolio.reviewing import review_for

FIGURES = [k for k in REVIEW_KEYS if k != "year"]


@pytest.fixture
def demo(db, settings):
    from citymade.web.demo import load_demo

    settings.CITYMADE_DEVELOPMENT = True
    return load_demo()


def _expected(year: int, language: str) -> dict[str, tuple[str, str, float | None, float | None]]:
    """``{key: (previous as written, change as written, previous as a number, change as a number)}``."""
    now, before = review_for(year).as_json(), review_for(year - 1).as_json()
    with use_language(language):
        rows = {}
        for key in FIGURES:
            change, change_text = change_between(key, now[key], before[key])
            if key in RATIOS and change is not None:
                change = change / 100  # percentage points, as a fraction in the workbook
            rows[key] = (format_value(key, before[key]), change_text, number(before[key]), change)
    return rows


def _pdf_lines(content: bytes, path) -> list[str]:
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout.splitlines()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_each_figure_of_every_demo_year_has_its_previous_year_and_change_in_page_pdf_and_xlsx(client, demo, tmp_path):
    from django.utils import timezone

    from citymade.web.accounts.models import User
    from citymade.web.portfolio.demo import demo_years

    client.force_login(User.objects.get(username="advisor"))
    years = demo_years(timezone.localdate())
    assert len(years) == 3
    changed = 0
    for year, language in zip(years, ("fr", "nl", "en"), strict=True):
        client.cookies["citymade_language"] = language
        expected = _expected(year, language)
        changed += sum(1 for *_texts, _before, change in expected.values() if change)
        page = client.get(reverse("portfolio:review_year", args=[year])).content.decode()
        for key, (previous, change, _before, _delta) in expected.items():
            row = page.split(f'id="figure-{key}"')[1].split("</tr>")[0]
            cells = re.findall(r'<td class="num">([^<]*)</td>', row)
            assert cells[1:3] == [previous, change], (year, language, key, cells)
        pdf = _pdf_lines(client.get(reverse("portfolio:review_download", args=[year, "pdf"])).content, tmp_path / f"{year}.pdf")
        # the figures table: after its header, each figure's line (in order) holds its previous value then its change
        heading = {"fr": "Année précédente", "nl": "Vorig jaar", "en": "Previous year"}[language]
        at = next(i for i, line in enumerate(pdf) if f"{heading} ({year - 1})" in line)
        for key, (previous, change, _before, _delta) in expected.items():
            pattern = re.compile(rf"(?<!\S){re.escape(previous)}\s+{re.escape(change)}(?!\S)")
            found = next((i for i in range(at + 1, len(pdf)) if pattern.search(pdf[i])), None)
            assert found is not None, (year, language, key, previous, change, pdf[at : at + 30])
            at = found
        # the charts are in the PDF too: their section and titles, in the language
        from citymade.i18n import _

        with use_language(language):
            titles = [_("In pictures"), _("Support actions by type (%(year)d)") % {"year": year},
                      _("Share of each target reached (%(year)d)") % {"year": year}]
        whole = " ".join(" ".join(pdf).split())
        assert all(t in whole for t in titles), (language, titles)
        book = load_workbook(io.BytesIO(client.get(reverse("portfolio:review_download", args=[year, "xlsx"])).content))
        keys = {r[0]: r[2] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
        rows = {keys[r[0].value]: r for r in book.worksheets[0].iter_rows(min_row=2)}
        assert set(rows) == set(FIGURES)
        for key, (_previous, _change, before, delta) in expected.items():
            cells = rows[key]
            assert cells[2].value == pytest.approx(before), (year, key)
            assert cells[3].value == pytest.approx(delta), (year, key)
            if key in RATIOS:
                assert cells[1].number_format == cells[2].number_format == cells[3].number_format == "0.0%", key
        assert [c.number_format for c in rows["jobs_fte"][1:5]] == ["0.0"] * 4, "full-time equivalents with one decimal"
    assert changed > 10, "the demo years move: most changes are not zero"
