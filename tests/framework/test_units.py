"""Quantities read in the reader's language: decimal separators, thousands, units with plurals."""

import pytest

from citymade.framework.units import quantity, unit_label
from citymade.i18n import use_language


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["1\u00a0an", "2\u00a0ans", "180\u202f000\u00a0€", "3,5\u00a0t/an", "1\u00a0personne", "0\u00a0ETP", "35\u00a0par semaine"]),
        ("nl", ["1\u00a0jaar", "2\u00a0jaar", "180.000\u00a0€", "3,5\u00a0t/jaar", "1\u00a0persoon", "0\u00a0VTE", "35\u00a0per week"]),
        ("en", ["1\u00a0year", "2\u00a0years", "180,000\u00a0€", "3.5\u00a0t/year", "1\u00a0person", "0\u00a0FTE", "35\u00a0per week"]),
    ],
)
def test_quantities_are_written_for_the_reader(language, expected):
    with use_language(language):
        found = [quantity(1, "years"), quantity(2, "years"), quantity(180000, "€"), quantity(3.5, "t/year"), quantity(1, "persons"), quantity(0, "FTE"), quantity(35, "per week")]
    assert [f.replace("\u00a0", " ").replace("\u202f", " ") for f in found] == [e.replace("\u00a0", " ").replace("\u202f", " ") for e in expected]


def test_symbols_stay_and_units_in_labels_are_translated():
    with use_language("fr"):
        assert unit_label("kWh") == "kWh" and unit_label("%") == "%"
        assert unit_label("FTE") == "ETP" and unit_label("persons") == "personnes"
