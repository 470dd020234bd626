"""The KBO/BCE open-data files: their columns, the CSV dialect, and how each column is stored.

Source: the Crossroads Bank for Enterprises open data of the Federal Public Service Economy
(monthly Full extracts, daily/monthly Update extracts). Quirks handled here: the header row and text
are double-quoted while dates (``dd-mm-yyyy``) and NULLs are not; NULL is nothing between two commas
and the empty string is ``""``; lines end in LF or CRLF; names may contain doubled quotes.

Each table is declared once as data (:data:`TABLES`): the CSV columns in file order with the type
DuckDB's reader parses them into (so a malformed value is reported with its line number), and the
typed, compact column the store keeps. Enterprise, establishment and branch numbers are stored as
integers (dots removed); codes as small integers or enums; NACE codes as integers (a value below
100 000 is a 5-digit code, above it a 7-digit one, see :mod:`citymade.register.nace`).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ENUMS",
    "TABLES",
    "Column",
    "Table",
    "read_csv_sql",
]

#: Closed code lists stored as DuckDB enums (a value outside them is refused at import).
ENUMS: dict[str, tuple[str, ...]] = {
    "classification_t": ("MAIN", "SECO", "ANCI"),
    "address_type_t": ("REGO", "BAET", "ABBR", "OBAD"),
    "entity_contact_t": ("ENT", "EST", "BRA"),
    "contact_type_t": ("TEL", "EMAIL", "WEB"),
}


@dataclass(frozen=True, slots=True)
class Column:
    """One CSV column: its header name, the type it is parsed as, its name and type in the store."""

    csv: str
    csv_type: str
    name: str
    store_type: str
    #: True for an entity number written with dots (``0999.999.999``) stored as an integer.
    number: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """One register table and its files (``<name>.csv`` in a Full, ``_delete``/``_insert`` in an Update)."""

    name: str
    columns: tuple[Column, ...]
    #: The column an Update's ``<name>_delete.csv`` lists (its only column).
    key: str

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.csv for c in self.columns)

    @property
    def key_column(self) -> Column:
        return next(c for c in self.columns if c.csv == self.key)

    def create_sql(self) -> str:
        cols = ", ".join(f"{c.name} {c.store_type}" for c in self.columns)
        return f"CREATE TABLE {self.name} ({cols})"

    def select_sql(self, source: str) -> str:
        """Convert the rows read by :func:`read_csv_sql` into the store's columns."""
        exprs = [f'"{c.csv}" AS {c.name}' for c in self.columns]
        return f"SELECT {', '.join(exprs)} FROM {source}"


def _num(csv: str, name: str) -> Column:
    return Column(csv, "BIGINT", name, "BIGINT", number=True)


def _text(csv: str, name: str) -> Column:
    return Column(csv, "VARCHAR", name, "VARCHAR")


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "enterprise",
            (
                _num("EnterpriseNumber", "number"),
                _text("Status", "status"),
                Column("JuridicalSituation", "USMALLINT", "juridical_situation", "USMALLINT"),
                Column("TypeOfEnterprise", "UTINYINT", "type_of_enterprise", "UTINYINT"),
                Column("JuridicalForm", "USMALLINT", "juridical_form", "USMALLINT"),
                Column("JuridicalFormCAC", "USMALLINT", "juridical_form_cac", "USMALLINT"),
                Column("StartDate", "DATE", "start_date", "DATE"),
            ),
            key="EnterpriseNumber",
        ),
        Table(
            "establishment",
            (
                _num("EstablishmentNumber", "number"),
                Column("StartDate", "DATE", "start_date", "DATE"),
                _num("EnterpriseNumber", "enterprise"),
            ),
            key="EstablishmentNumber",
        ),
        Table(
            "denomination",
            (
                _num("EntityNumber", "entity"),
                Column("Language", "UTINYINT", "language", "UTINYINT"),
                Column("TypeOfDenomination", "USMALLINT", "type", "USMALLINT"),
                _text("Denomination", "denomination"),
            ),
            key="EntityNumber",
        ),
        Table(
            "address",
            (
                _num("EntityNumber", "entity"),
                Column("TypeOfAddress", "address_type_t", "type", "address_type_t"),
                _text("CountryNL", "country_nl"),
                _text("CountryFR", "country_fr"),
                _text("Zipcode", "zipcode"),
                _text("MunicipalityNL", "municipality_nl"),
                _text("MunicipalityFR", "municipality_fr"),
                _text("StreetNL", "street_nl"),
                _text("StreetFR", "street_fr"),
                _text("HouseNumber", "house_number"),
                _text("Box", "box"),
                _text("ExtraAddressInfo", "extra_address_info"),
                Column("DateStrikingOff", "DATE", "date_striking_off", "DATE"),
            ),
            key="EntityNumber",
        ),
        Table(
            "contact",
            (
                _num("EntityNumber", "entity"),
                Column("EntityContact", "entity_contact_t", "entity_contact", "entity_contact_t"),
                Column("ContactType", "contact_type_t", "contact_type", "contact_type_t"),
                _text("Value", "value"),
            ),
            key="EntityNumber",
        ),
        Table(
            "activity",
            (
                _num("EntityNumber", "entity"),
                Column("ActivityGroup", "USMALLINT", "activity_group", "USMALLINT"),
                Column("NaceVersion", "USMALLINT", "nace_version", "USMALLINT"),
                Column("NaceCode", "UINTEGER", "nace_code", "UINTEGER"),
                Column("Classification", "classification_t", "classification", "classification_t"),
            ),
            key="EntityNumber",
        ),
        Table(
            "branch",
            (
                _num("Id", "id"),
                Column("StartDate", "DATE", "start_date", "DATE"),
                _num("EnterpriseNumber", "enterprise"),
            ),
            key="Id",
        ),
    )
}

#: Tables whose files are small text tables kept as they are.
CODE_HEADER = ("Category", "Code", "Language", "Description")
META_HEADER = ("Variable", "Value")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def read_csv_sql(path: str, columns: tuple[tuple[str, str], ...]) -> str:
    """DuckDB ``read_csv`` over one extract file in the exact dialect, with explicit column types.

    Entity numbers are read straight into integers by treating the dot as a thousands separator,
    so a malformed number is reported by the reader with its line, like any other bad value.
    """
    cols = ", ".join(f"{_quote(name)}: {_quote(typ)}" for name, typ in columns)
    return (
        f"read_csv({_quote(path)}, header = true, auto_detect = false, delim = ',', quote = '\"', "
        f"escape = '\"', nullstr = '', allow_quoted_nulls = false, dateformat = '%d-%m-%Y', strict_mode = true, "
        f"thousands = '.', decimal_separator = ',', "
        f"columns = {{{cols}}})"
    )
