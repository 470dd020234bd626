"""Checking import rows: each problem names its line and column, in the reader's language."""

from __future__ import annotations

import datetime as dt

from citymade.i18n import use_language
from citymade.portfolio.importing import check_rows
from citymade.portfolio.tabular import read_table

TYPES = {"advice": {"fr": "Conseil simple", "nl": "Eenvoudig advies", "en": "Simple advice"}, "rd_subsidy": {"en": "R&D subsidy"}}
CONTEXT = {"today": dt.date(2025, 6, 1), "support_types": TYPES}


def _check(kind, text):
    return check_rows(kind, read_table("f.csv", text.encode()), context=CONTEXT)


def test_a_clean_file_gives_typed_values():
    rows, problems = _check(
        "companies",
        "name,enterprise_number,founded_on,membership,membership_since,nace_codes,fte,fte_date\n"
        "Atelier,0403170701,31/03/2019,Member,01/01/2020,31.09 16.23,\"4,5\",31/12/2024\n",
    )
    assert problems == []
    assert rows[0].values == {
        "name": "Atelier",
        "enterprise_number": "0403.170.701",
        "founded_on": dt.date(2019, 3, 31),
        "membership": "member",
        "membership_since": dt.date(2020, 1, 1),
        "nace_codes": ["31.09", "16.23"],
        "fte": 4.5,
        "fte_date": dt.date(2024, 12, 31),
    }


def test_every_wrong_cell_is_listed_with_line_and_column():
    _rows, problems = _check(
        "support_actions",
        "company,date,type,minutes,colour\n"
        "atelier,2025-01-01,Simple advice,60,red\n"
        ",2025-13-01,advice,1.5,\n"
        "bois,2030-01-01,coffee,-1,\n",
    )
    found = {(p.line, p.column) for p in problems}
    assert found == {
        (1, "colour"),
        (3, "company"),
        (3, "date"),
        (3, "minutes"),
        (4, "date"),
        (4, "type"),
        (4, "minutes"),
    }


def test_a_missing_required_column_is_named():
    with use_language("nl"):  # named in the reader's language: the file has no header for it
        _rows, problems = _check("support_actions", "company,type\natelier,advice\n")
    assert [(p.line, p.column) for p in problems] == [(1, "Datum")]


def test_support_types_are_found_by_id_or_label_in_any_language():
    rows, problems = _check("support_actions", "company,date,type\na,2025-01-01,Eenvoudig advies\nb,2025-01-02,rd_subsidy\n")
    assert problems == []
    assert [r.values["type"] for r in rows] == ["advice", "rd_subsidy"]


def test_messages_speak_the_readers_language():
    messages = {}
    for lang in ("fr", "nl", "en"):
        with use_language(lang):
            _rows, problems = _check("companies", "name,founded_on\nAtelier,yesterday\n")
            messages[lang] = str(problems[0])
    assert "line 2" in messages["en"] and "ligne 2" in messages["fr"] and "regel 2" in messages["nl"]
    assert len(set(messages.values())) == 3
