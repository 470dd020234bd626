"""The prospects CSV: one line per enterprise; register names that look like formulas are text."""

from __future__ import annotations

import csv
import io

from citymade.register.prospects import Establishment, NaceCode, Prospect, Reason, prospects_to_csv


def test_a_name_starting_with_equals_is_not_a_formula():
    prospect = Prospect(
        enterprise_number="0123.456.789", name='=HYPERLINK("http://x","y")',
        street="@SUM(A1)", postal_code="1000", municipality="+Bruxelles\x0b",
        establishments=[Establishment("2.000.000.001", "-Atelier", "Rue X 1", "1000", "Bruxelles")],
        nace_codes=[NaceCode("31.090", "2008", "Fabrication d'autres meubles")],
        models=["make_it_last"],
        reasons=[Reason(model="make_it_last", kind="name", text="=1+1")],
    )
    rows = list(csv.reader(io.StringIO(prospects_to_csv([prospect]))))
    assert rows[0][:2] == ["enterprise_number", "name"]
    number, name, street, _pc, municipality, establishments, codes, _models, reasons = rows[1]
    assert number == "0123.456.789"
    assert name == "'" + prospect.name
    assert street == "'@SUM(A1)"
    assert municipality == "'+Bruxelles"
    assert establishments == "2.000.000.001 -Atelier"
    assert codes == "31.090 Fabrication d'autres meubles"
    assert reasons == "'=1+1"
