"""The PDF the entrepreneur keeps: page one is the summary, the rest an appendix; read cleanly by
poppler, written for the language, without internal ids, and without near-empty pages."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from citymade.reports.diagnostic import ClusterInfo, ReportInfo, build_report
from citymade.reports.pdf import render_pdf, without_default_suspects
from citymade.scoring import evaluate

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext, pdfinfo) is not installed")

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "answers").glob("*.yaml"))
CLUSTER = ClusterInfo(name="Cluster Made in Brussels", contact="+32 2 123 45 67")
NOTE = "Très bon échange ; nous reprenons contact après la foire du bois."
#: English unit words that must not show in a French or Dutch report. "points" is also French and
#: "per week" also Dutch: each is checked only in the language where it is English.
ENGLISH_UNITS = ["FTE", "person", "persons", "year", "years", "t/year", "units/month", "€/m²/year", "per year", "months"]
NOT_FRENCH = [*ENGLISH_UNITS, "per week"]
NOT_DUTCH = [*ENGLISH_UNITS, "points"]
#: What an internal id looks like: snake_case (p_unit_mass), dotted (urban_fit.geometry), indexed (product[0]).
INTERNAL_ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z_]+\.[a-z_]+\b|\b[a-z_]+\[\d+\]")


def _info(language: str, company: str, **extra) -> ReportInfo:
    values = {
        "company": company, "date": "17/11/2026", "framework_version": "2026.2", "assessor": "Anna Lefèvre",
        "language": language, "assessed_on": dt.date(2026, 11, 17), "cluster": CLUSTER,
    }
    return ReportInfo(**{**values, **extra})


def _pdf(framework, answers_file: Path, language: str, **extra) -> bytes:
    answers = yaml.safe_load(answers_file.read_text(encoding="utf-8"))
    result = evaluate(framework, answers).model_dump(mode="json")
    return render_pdf(build_report(framework, result, info=_info(language, answers_file.stem.replace("-", " ").title(), **extra)))


def _text(pdf: bytes, tmp_path: Path, *pages: int) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    done = subprocess.run(["pdftotext", "-layout", *span, str(path), "-"], capture_output=True, text=True, check=True)
    assert done.stderr == ""
    return done.stdout


@pytest.fixture(scope="module")
def wood(framework) -> dict[str, bytes]:
    path = next(p for p in EXAMPLES if p.stem == "reclaimed-wood-furniture")
    return {
        lang: _pdf(framework, path, lang, next_meeting=dt.date(2027, 1, 12), advisor="Anna Lefèvre", validation_note=NOTE)
        for lang in ("fr", "nl", "en")
    }


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Trois points forts", "Trois priorités", "Plan d'action", "Quoi", "Qui", "Pour quand", "Soutien du cluster",
                "Prochain rendez-vous", "12 janvier 2027", "Conseiller", "Note de validation", "Produits"]),
        ("nl", ["Drie sterke punten", "Drie prioriteiten", "Actieplan", "Wat", "Wie", "Tegen wanneer", "Steun van de cluster",
                "Volgende afspraak", "12 januari 2027", "Adviseur", "Notitie bij de validatie", "Producten"]),
    ],
)
def test_page_one_holds_the_summary(wood, tmp_path, language, words):
    first = _text(wood[language], tmp_path, 1, 1)
    flat = " ".join(first.split())
    for word in [*words, "Reclaimed Wood Furniture", "Office table in reclaimed oak", "Fitted shelving system",
                 "Anna Lefèvre", "Cluster Made in Brussels", "+32 2 123 45 67", "Très bon échange"]:
        assert word in flat, f"{word!r} is not on page one ({language})"
    assert "Préparer le passage à l'échelle" in flat or "De schaalsprong voorbereiden" in flat, "the first action"
    assert "Mise en relation avec un partenaire" in flat or "Introductie bij een partner" in flat, "its support type"
    second = " ".join(_text(wood[language], tmp_path, 2, 2).split())
    assert "Annexe" in second or "Bijlage" in second, "the details follow as an appendix"


def test_pdfinfo_reads_the_report_without_any_error(wood, tmp_path):
    for language, pdf in wood.items():
        path = tmp_path / f"{language}.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
        assert done.returncode == 0 and done.stderr == "", (language, done.stderr)
        assert "Tagged:          yes" in done.stdout, "still a tagged (accessible) PDF"


def test_the_default_suspects_entry_is_blanked_in_place():
    raw = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog/MarkInfo<</Marked true/Suspects false>>>>\nendobj\n"
    clean = without_default_suspects(raw)
    assert len(clean) == len(raw) and b"Suspects" not in clean and b"/Marked true" in clean
    assert without_default_suspects(b"<</MarkInfo<</Marked true/Suspects true>>>>") .count(b"Suspects true") == 1


@pytest.fixture(scope="module")
def examples(framework) -> dict[tuple[str, str], bytes]:
    """Every example company's report in French and Dutch (rendered once for the tests below)."""
    return {(path.stem, lang): _pdf(framework, path, lang) for path in EXAMPLES for lang in ("fr", "nl")}


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_no_internal_id_nor_english_unit_in_french_and_dutch(examples, tmp_path, language):
    forbidden = NOT_FRENCH if language == "fr" else NOT_DUTCH
    for path in EXAMPLES:
        text = _text(examples[path.stem, language], tmp_path)
        ids = sorted(set(INTERNAL_ID.findall(text)))
        assert not ids, f"{path.stem} ({language}) prints internal ids: {ids}"
        for word in forbidden:
            assert not re.search(rf"(?<![\w/]){re.escape(word)}(?![\w/])", text), f"{path.stem} ({language}) says {word!r}"
        # Points moved (+15,2) and indicators (MCI 0,95) take a decimal comma; "3.1" is a VNG category's name.
        assert not re.search(r"[+−]\d+\.\d|\b0\.\d", text), f"{path.stem} ({language}) writes a decimal point"


def _page_fill(pdf: bytes, tmp_path: Path) -> list[float]:
    """Per page, how far down the text area the lowest text reaches (0 = empty, 1 = full), from
    poppler's word boxes; the footer (below the bottom margin) does not count."""
    path = tmp_path / "fill.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    top, bottom_margin = 1.8 / 2.54 * 72, 2.0 / 2.54 * 72  # the template's page margins
    fills = []
    for height, words in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', html, re.S):
        bottom = float(height) - bottom_margin
        ys = [float(y) for y in re.findall(r'yMax="([\d.]+)"', words) if float(y) <= bottom + 1]
        fills.append((max(ys) - top) / (bottom - top) if ys else 0.0)
    return fills


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_no_page_is_under_a_third_full_but_the_last(examples, tmp_path, language):
    for path in EXAMPLES:
        fills = _page_fill(examples[path.stem, language], tmp_path)
        assert len(fills) >= 2
        thin = [(n + 1, round(f, 2)) for n, f in enumerate(fills[:-1]) if f < 1 / 3]
        assert not thin, f"{path.stem} ({language}): pages under a third full {thin}"


def test_a_growth_verdict_says_why():
    from citymade.i18n import use_language
    from citymade.reports.sections_company import growth_verdict

    with use_language("fr"):
        small = growth_verdict({"employees_growth": 0.28, "oecd": False, "threshold": 0.2}, "oecd", "threshold", 10)
        slow = growth_verdict({"employees_growth": 0.04, "oecd": False, "threshold": 0.2}, "oecd", "threshold", 10)
        fast = growth_verdict({"employees_growth": 0.28, "oecd": True, "threshold": 0.2}, "oecd", "threshold", 10)
        unknown = growth_verdict({"oecd": None, "threshold": 0.2}, "oecd", "threshold", 10)
    assert small.startswith("non") and "10 salariés" in small, small
    assert slow.startswith("non") and "4\u00a0%" in slow and "20\u00a0%" in slow, slow
    assert fast.startswith("oui") and "28\u00a0%" in fast, fast
    assert unknown.startswith("inconnu"), unknown


def test_a_score_with_unknowns_reads_as_its_range(framework):
    from citymade.reports.reading import dimension_scores

    ranged = 0
    for path in EXAMPLES:
        result = evaluate(framework, yaml.safe_load(path.read_text(encoding="utf-8"))).model_dump(mode="json")
        for score in dimension_scores(framework, result, "fr"):
            if score.value is None:
                assert not score.is_range
                continue
            assert score.low <= score.value <= score.high, (path.stem, score.id, score.low, score.value, score.high)
            if score.confidence == 1:
                assert score.high - score.low < 1, "everything known: no range"
            ranged += score.is_range
    assert ranged > 0


def test_a_weak_dimension_is_never_called_a_strength(framework):
    from citymade.reports.diagnostic import build_report

    for path in EXAMPLES:
        result = evaluate(framework, yaml.safe_load(path.read_text(encoding="utf-8"))).model_dump(mode="json")
        report = build_report(framework, result, info=_info("fr", path.stem))
        assert all(s.grade in ("A", "B") for s in report.summary.strengths), path.stem
        assert all(s.grade not in ("A", "B") for s in report.summary.priorities), path.stem
