"""Malformed input never crashes and never half-writes: the answers parser and the register reader.

hypothesis throws arbitrary documents at ``parse_answers`` and arbitrary lines into a register
extract; every case must either be accepted or refused with a :class:`CitymadeError` (a message for a
person), and a refused import must leave the store byte-for-byte as it was.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citymade.errors import CitymadeError
from citymade.framework import load_framework, parse_answers
from citymade.register.importer import import_extract
from citymade.register.synth import generate_full

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=20))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12)


@pytest.fixture(scope="module")
def framework():
    return load_framework()


@FUZZ
@given(document=st.dictionaries(st.sampled_from(["company", "products", "site", "framework", "other"]), values, max_size=4))
def test_answers_parser_accepts_or_explains(framework, document):
    try:
        parse_answers(framework, document, source="fuzz.yaml")
    except CitymadeError as exc:
        assert exc.message


@FUZZ
@given(question=st.sampled_from(sorted(q.id for level in ("company", "site") for q in load_framework().questions_for_level(level))), value=values)
def test_any_value_for_a_real_question_is_accepted_or_explained(framework, question, value):
    level = framework.level_of(question)
    try:
        parse_answers(framework, {level: {question: value}})
    except CitymadeError as exc:
        assert exc.message


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    result = generate_full(folder, scale=0.0002, seed=7)
    return Path(result.folder)


@pytest.fixture(scope="module")
def store(tmp_path_factory, extract):
    path = tmp_path_factory.mktemp("store") / "register.duckdb"
    import_extract(extract, store_path=path)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@FUZZ
@given(
    table=st.sampled_from(["enterprise", "establishment", "denomination", "address", "activity", "contact"]),
    line=st.integers(min_value=2, max_value=6),
    text=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60),
)
def test_a_damaged_register_line_is_refused_cleanly(extract, store, table, line, text):
    before = _digest(store)
    with tempfile.TemporaryDirectory() as tmp:
        damaged = Path(tmp) / extract.name.replace("0140", "0141")
        shutil.copytree(extract, damaged)
        meta = damaged / "meta.csv"
        meta.write_text(meta.read_text(encoding="utf-8").replace('"140"', '"141"'), encoding="utf-8")
        target = damaged / f"{table}.csv"
        lines = target.read_text(encoding="utf-8").split("\n")
        if line < len(lines):
            lines[line - 1] = text
        target.write_text("\n".join(lines), encoding="utf-8")
        try:
            import_extract(damaged, store_path=store)
        except CitymadeError as exc:
            assert exc.message
            assert _digest(store) == before, "a refused import changed the store"
