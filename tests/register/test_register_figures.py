"""Figures on a tiny register with known answers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citymade.errors import CitymadeError
from citymade.i18n import use_language
from citymade.register.figures import compute_figures, render_figures
from citymade.register.importer import import_extract
from citymade.register.production import code_ranges, default_definition, load_definition
from citymade.register.store import RegisterStore
from tests.register.kbo_factory import SMALL, write_full


@pytest.fixture
def store(tmp_path):
    folder = write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL)
    path = tmp_path / "register.duckdb"
    import_extract(folder, store_path=path)
    with RegisterStore.open(path) as s:
        yield s


def test_counts_follow_the_rules(store):
    f = compute_figures(store, language="fr")
    # A, E (seat), C (seat), B and D (establishment) are in Brussels; the orphan establishment is not.
    assert f["enterprises"] == {"active": 5, "production": 4}
    assert f["establishments"] == {"active": 2, "production": 2}
    assert f["employers"] == {"active": 1, "production": 1}
    assert f["employer_share"] == 0.25
    assert f["snapshot_date"] == "2025-10-01"
    assert f["extract_number"] == 140
    assert f["production_definition"]["name"] == "production"
    assert f["production_definition"]["version"] == 1


def test_breakdowns(store):
    f = compute_figures(store, language="fr")
    muni = {m["municipality"]: m for m in f["by_municipality"]}
    assert muni["Bruxelles"]["production_enterprises"] == 2  # A and E
    assert muni["Bruxelles"]["postal_codes"] == ["1000", "1020", "1120", "1130"]
    assert muni["Ixelles"]["production_establishments"] == 1
    assert muni["Anderlecht"]["production_enterprises"] == 1  # D through its establishment
    assert muni["Schaerbeek"]["production_enterprises"] == 0  # C: 2025 38.3 is disposal
    divisions = {d["division"]: d for d in f["by_nace_division"]}
    assert divisions["10"]["production_enterprises"] == 1
    assert divisions["38"]["production_enterprises"] == 2  # B (2008 38.32) and E (2025 38.21)
    assert divisions["95"]["production_establishments"] == 1
    assert divisions["10"]["label"] == "Industries alimentaires"
    years = {y["year"]: y for y in f["by_start_year"]}
    assert years[2020]["production_enterprises"] == 2


def test_dutch_names_and_formats(store):
    f = compute_figures(store, language="nl")
    assert "Brussel" in [m["municipality"] for m in f["by_municipality"]]
    with use_language("nl"):
        assert ",Waarde\nActieve ondernemingen,5\nProductieondernemingen,4\n" in render_figures(f, "csv")
        assert "## Per NACE-afdeling" in render_figures(f, "markdown")
    with use_language("en"):
        assert "| 10 | Manufacture of food products | 1 | 0 |" in render_figures(compute_figures(store, language="en"), "markdown")


def test_another_definition_is_computed_on_the_fly(store):
    only_manufacturing = default_definition().with_families({"manufacturing"})
    f = compute_figures(store, definition=only_manufacturing)
    assert f["enterprises"]["production"] == 1  # A only
    assert f["production_definition"]["families"] == ["manufacturing"]


def _main_and_secondary(tmp_path):
    import yaml

    text = default_definition().model_dump()
    text["classifications"] = ["MAIN", "SECO"]
    text["version"] = 2
    path = tmp_path / "def.yaml"
    path.write_text(yaml.safe_dump(text), encoding="utf-8")
    return load_definition(path)


def test_secondary_activities_count_when_the_definition_says_so(tmp_path):
    folder = write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL)
    path = tmp_path / "register.duckdb"
    import_extract(folder, store_path=path, all_activities=True)
    with RegisterStore.open(path) as s:
        f = compute_figures(s, definition=_main_and_secondary(tmp_path))
    assert f["enterprises"]["production"] == 5  # C's secondary food activity now counts


def test_a_store_without_secondary_activities_says_how_to_count_them(store, tmp_path):
    # The default store keeps the MAIN activities (and what prospects need), not C's secondary one.
    with pytest.raises(CitymadeError, match="--all-activities") as err:
        compute_figures(store, definition=_main_and_secondary(tmp_path))
    assert "SECO" in str(err.value)


def test_importing_with_a_definition_keeps_what_it_counts(tmp_path):
    folder = write_full(tmp_path / "KboOpenData_0140_2025_10_01_Full", SMALL)
    path = tmp_path / "register.duckdb"
    definition = _main_and_secondary(tmp_path)
    import_extract(folder, store_path=path, definition=definition)
    with RegisterStore.open(path) as s:
        assert compute_figures(s, definition=definition)["enterprises"]["production"] == 5
        assert compute_figures(s)["enterprises"]["production"] == 4


def test_unknown_region_is_refused(store):
    with pytest.raises(CitymadeError, match="brussels"):
        compute_figures(store, region_key="atlantis")


def test_broken_definition_names_the_field(tmp_path):
    path = tmp_path / "def.yaml"
    path.write_text("name: x\nversion: 1\ntitle: {fr: x}\nfamilies:\n  a:\n    label: {fr: a}\n    nace: {'2008': ['1x']}\n")
    with pytest.raises(CitymadeError) as err:
        load_definition(path)
    assert "families.a.nace" in str(err.value)


@given(st.text(alphabet="0123456789", min_size=5, max_size=5), st.sampled_from(["10", "38.3", "38.21", "95.1", "10-33"]))
def test_code_ranges_match_prefixes(code, prefix):
    value = int(code)
    inside = any(lo <= value <= hi for lo, hi in code_ranges(prefix))
    if "-" in prefix:
        lo, hi = prefix.split("-")
        expected = int(lo) <= int(code[:2]) <= int(hi)
    else:
        expected = code.startswith(prefix.replace(".", ""))
    assert inside == expected
