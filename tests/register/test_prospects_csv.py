"""The prospects CSV: register names that look like formulas are written as text."""

from __future__ import annotations

import csv
import io

from citymade.register.prospects import Prospect, prospects_to_csv


def test_a_name_starting_with_equals_is_not_a_formula():
    prospect = Prospect(
        enterprise_number="0123.456.789", establishment_number="", name='=HYPERLINK("http://x","y")',
        street="@SUM(A1)", postal_code="1000", municipality="+Bruxelles\x0b", nace_codes=["31.09"],
    )
    rows = list(csv.reader(io.StringIO(prospects_to_csv([prospect]))))
    name, street, municipality = rows[1][2], rows[1][3], rows[1][5]
    assert name == "'" + prospect.name
    assert street == "'@SUM(A1)"
    assert municipality == "'+Bruxelles"
    assert rows[1][0] == "0123.456.789"
