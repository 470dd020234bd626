"""Prospects: one per enterprise with its establishments, reasons that say what matched (once),
filters, leaving dismissed ones out; the synthetic generator's dialect and distributions."""

from __future__ import annotations

import csv

import pytest

from citymade.i18n import use_language
from citymade.register.enterprise_number import is_valid_enterprise_number
from citymade.register.importer import import_extract
from citymade.register.prospects import enterprise_record, find_prospects, matched_word
from citymade.register.store import RegisterStore
from citymade.register.synth import generate_full
from tests.register.kbo_factory import PROSPECTS, write_full


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("prospects")
    folder = write_full(tmp / "KboOpenData_0140_2025_10_01_Full", PROSPECTS)
    import_extract(folder, store_path=tmp / "r.duckdb")
    with RegisterStore.open(tmp / "r.duckdb") as s:
        yield s


def _find(store, language="fr", **filters):
    with use_language(language):
        return find_prospects(store, language=language, **filters)


def test_one_prospect_per_enterprise_with_its_establishments_inside(store):
    found = {p.enterprise_number: p for p in _find(store).prospects}
    assert sorted(found) == ["0202.239.951", "0400.378.485", "0410.555.567", "0410.666.623"]
    shoes = found["0410.555.567"]
    assert shoes.name == "Atelier Réemploi SRL"
    assert [e.number for e in shoes.establishments] == ["2.000.000.011", "2.000.000.012", "2.000.000.013"]
    assert [e.municipality for e in shoes.establishments] == ["Bruxelles", "Saint-Gilles", "Forest"]
    assert shoes.establishments[0].name == "Cordonnerie du Midi" and shoes.establishments[1].name == ""
    # the seat address, not an establishment's
    assert (shoes.street, shoes.postal_code) == ("Rue du Siège 5", "1000")


def test_each_reason_once_naming_the_activity_and_its_label(store):
    shoes = {p.enterprise_number: p for p in _find(store).prospects}["0410.555.567"]
    activities = [r for r in shoes.reasons if r.kind == "activity"]
    # four establishments' rows and the enterprise's, in two NACE versions: one reason
    assert [(r.code, r.version) for r in activities] == [("95.230", "2025")]
    assert activities[0].label.startswith("Réparation")
    assert "95.230" in activities[0].text and activities[0].label in activities[0].text
    texts = [r.text for r in shoes.reasons]
    assert len(texts) == len(set(texts))
    # the code is MAIN in NACE 2008 and 2025: listed once, in the newest version
    assert [(c.code, c.version) for c in shoes.nace_codes] == [("95.230", "2025")]
    assert all(c.label for c in shoes.nace_codes)


def test_a_name_reason_quotes_the_enterprises_own_name_and_the_word_as_written(store):
    found = {p.enterprise_number: p for p in _find(store).prospects}
    shoes = found["0410.555.567"]
    own = {p.enterprise_number: {p.name} | {e.name for e in p.establishments} for p in found.values()}
    for number, prospect in found.items():
        for reason in prospect.reasons:
            if reason.kind == "name":
                assert reason.name in own[number], (number, reason.text)
                assert reason.word in reason.name
    words = {(r.name, r.word, r.establishment) for r in shoes.reasons if r.kind == "name"}
    assert words == {
        ("Atelier Réemploi SRL", "Atelier", ""),
        ("Atelier Réemploi SRL", "Réemploi", ""),
        ("Fiets Hub", "Fiets", "2.000.000.013"),
    }
    bike = found["0400.378.485"]
    # "Fietsatelier" holds both fiets and atelier: one reason for the word, one for "Vélo"
    assert sorted(r.word for r in bike.reasons if r.kind == "name") == ["Fietsatelier", "Vélo"]
    assert all("Peeters" not in r.text for r in bike.reasons)


def test_reasons_speak_the_readers_language(store):
    dutch = {p.enterprise_number: p for p in _find(store, "nl").prospects}["0410.666.623"]
    assert any("Verhuur" in r.label for r in dutch.reasons if r.kind == "activity")
    assert any("gebruik boven bezit" in r.text for r in dutch.reasons)
    english = {p.enterprise_number: p for p in _find(store, "en").prospects}["0410.666.623"]
    assert any("use over ownership" in r.text for r in english.reasons)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"model": "use_over_ownership"}, ["0410.666.623"]),
        ({"model": "close_the_loop"}, ["0202.239.951"]),
        ({"municipality": "1080"}, ["0410.666.623"]),
        ({"municipality": "1060"}, ["0410.555.567"]),
        ({"division": "95"}, ["0400.378.485", "0410.555.567"]),
        ({"division": "77"}, ["0410.666.623"]),  # the rental reason's code (a secondary activity)
        ({"division": "30"}, ["0410.666.623"]),
        ({"division": "7x"}, []),
        ({"model": "make_it_last", "municipality": "1190"}, ["0410.555.567"]),
        ({"exclude": {"0410.555.567", "0202.239.951"}}, ["0400.378.485", "0410.666.623"]),
        ({"only": {"0410.555.567"}}, ["0410.555.567"]),
    ],
)
def test_filters_apply_before_the_limit(store, filters, expected):
    result = _find(store, **filters)
    assert [p.enterprise_number for p in result.prospects] == expected
    assert result.total == len(expected)
    limited = _find(store, limit=1, **filters)
    assert limited.total == len(expected) and len(limited.prospects) == min(1, len(expected))


def test_the_filters_choices_come_from_the_prospects(store):
    result = _find(store)
    assert [k for k, _label in result.models] == ["make_it_last", "close_the_loop", "use_over_ownership"]
    assert ("1080", "Molenbeek-Saint-Jean") in result.municipalities
    assert [k for k, _label in result.divisions] == ["30", "38", "46", "77", "95"]
    assert all(label.startswith(key + " · ") for key, label in result.divisions)


def test_the_portfolio_record_takes_the_seat_and_distinct_codes(store):
    record = enterprise_record(store, "0410.555.567")
    assert record["street"] == "Rue du Siège 5" and record["postal_code"] == "1000"
    assert record["nace_codes"] == ["95.230"]
    assert record["name"] == "Atelier Réemploi SRL"
    record = enterprise_record(store, "0403.170.701")
    assert record["name"] == 'Boulangerie "Le Pain", Dupont'
    assert record["nace_codes"] == ["10.711"]
    assert enterprise_record(store, "0999.999.999") is None


@pytest.mark.parametrize(
    ("name", "keyword", "word"),
    [("Fietsatelier Vélo", "velo", "Vélo"), ("ATELIER RÉEMPLOI", "reemploi", "RÉEMPLOI"),
     ("Zero Waste Shop", "zero waste", "Zero Waste"), ("Nothing", "repair", "repair")],
)
def test_the_matched_word_is_quoted_as_written(name, keyword, word):
    assert matched_word(name, keyword) == word


def test_synth_is_deterministic_and_in_dialect(tmp_path):
    a = generate_full(tmp_path / "a", scale=0.002, seed=3)
    b = generate_full(tmp_path / "b", scale=0.002, seed=3)
    for name in ("enterprise.csv", "activity.csv", "denomination.csv"):
        assert sorted((a.folder / name).read_text().splitlines()) == sorted((b.folder / name).read_text().splitlines())
    lines = (a.folder / "enterprise.csv").read_text().splitlines()
    assert lines[0] == '"EnterpriseNumber","Status","JuridicalSituation","TypeOfEnterprise","JuridicalForm","JuridicalFormCAC","StartDate"'
    row = lines[1].split(",")
    assert row[0].startswith('"') and not row[-1].startswith('"')  # text quoted, date not
    with (a.folder / "enterprise.csv").open() as fh:
        numbers = [r[0] for r in list(csv.reader(fh))[1:]]
    assert all(is_valid_enterprise_number(n) for n in numbers)
    with (a.folder / "address.csv").open() as fh:
        seats = {r[0] for r in list(csv.reader(fh))[1:] if r[1] == "REGO"}
    without = 1 - len(seats & set(numbers)) / len(numbers)
    assert 0.3 < without < 0.5
    with (a.folder / "activity.csv").open() as fh:
        rows = list(csv.reader(fh))[1:]
    with_main = {r[0] for r in rows if r[4] == "MAIN" and r[0] in set(numbers)}
    assert 0.5 < len(with_main) / len(numbers) < 0.8
    assert {r[2] for r in rows} >= {"2008", "2025"}
    assert any(r[1] == "006" for r in rows)
