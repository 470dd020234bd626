"""The base table of the figures: one row per active enterprise and establishment, with its place.

Built at import time for the production definition in force (so figures are instant), and on the
fly, in a temporary table, when figures are asked for another definition. Rules, in the register's
words:

* Only enterprises the register lists are active; establishments and activities of an enterprise
  it no longer lists do not count.
* An entity is *production* when one of its activities of the counted classifications (MAIN by
  default) falls in an enabled family of the definition, for that activity's NACE version.
* An establishment with no such activity of its own takes its enterprise's.
* An enterprise is production when it, or one of its establishments, is.
* A registered employer has an activity of group 006 (social security) on itself or an establishment.
* The *primary* production code of an entity is its first in the order NACE 2025, 2008, 2003, then
  lowest code; its division feeds ``by_nace_division`` so every entity is counted once.
* Places are Belgian postal codes: the seat (REGO) of an enterprise, the address (BAET) of an
  establishment. A unit without one is in no region, so the table leaves it out (it still passes
  its production and employer flags on to its enterprise).
"""

from __future__ import annotations

from citymade.register.production import ProductionDefinition
from citymade.register.store import RegisterStore

__all__ = ["UNIT_TABLE", "build_units", "decode_primary", "units_for"]

UNIT_TABLE = "unit"
_RANK = "CASE nace_version WHEN 2025 THEN 0 WHEN 2008 THEN 1 ELSE 2 END"
_VERSIONS = (2025, 2008, 2003)


def decode_primary(key: int) -> tuple[int, int]:
    """``primary_key`` → (NACE version, stored code)."""
    return _VERSIONS[key // 100_000_000], key % 100_000_000


# Belgian postal codes of seats (REGO) and establishment addresses (BAET), one per entity and type.
_BELGIAN_POSTAL_CODES = """
    SELECT entity, type, min(TRY_CAST(zipcode AS USMALLINT)) AS postal_code
    FROM address
    WHERE type IN ('REGO', 'BAET') AND coalesce(country_fr, '') = '' AND coalesce(country_nl, '') = ''
      AND length(zipcode) = 4
    GROUP BY entity, type
"""


def units_for(store: RegisterStore, definition: ProductionDefinition) -> str:
    """The unit table for ``definition``: the stored one, or one built now in a temporary table.

    Refused when the definition counts activities the store did not keep.
    """
    from citymade.register.retention import ActivityRetention

    info = store.info()
    if info.definition_fingerprint == definition.fingerprint:
        return UNIT_TABLE
    ActivityRetention.from_text(info.activities_kept).check_covers(definition.classifications)
    build_units(store, definition, table="unit_adhoc", temp=True)
    return "unit_adhoc"


def build_units(
    store: RegisterStore, definition: ProductionDefinition, *, table: str = UNIT_TABLE, temp: bool = False
) -> None:
    """(Re)build the unit table for ``definition``."""
    kind = "TEMP TABLE" if temp else "TABLE"
    family = definition.family_sql()
    counted = definition.classification_sql()
    store.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE entity_activity AS
        SELECT entity,
               bool_or(counted) AS has_counted,
               bool_or(counted AND family IS NOT NULL) AS production,
               min(CASE WHEN counted AND family IS NOT NULL
                        THEN ({_RANK})::BIGINT * 100000000 + nace_code END) AS primary_key,
               bool_or(activity_group = 6) AS employer
        FROM (SELECT entity, activity_group, nace_version, nace_code,
                     {counted} AS counted, {family} AS family
              FROM activity
              WHERE {counted} OR activity_group = 6)
        GROUP BY entity
        """
    )
    store.execute(
        f"""
        CREATE OR REPLACE {kind} {table} AS
        WITH places AS ({_BELGIAN_POSTAL_CODES}),
             own_est AS (  -- an establishment's own activities (every establishment, listed or not)
                SELECT s.number AS unit, s.enterprise, s.start_date, p.postal_code,
                       coalesce(sa.has_counted, false) AS has_counted,
                       coalesce(sa.production, false) AS production, sa.primary_key,
                       coalesce(sa.employer, false) AS employer
                FROM establishment s
                LEFT JOIN places p ON p.entity = s.number AND p.type = 'BAET'
                LEFT JOIN entity_activity sa ON sa.entity = s.number
             ),
             -- What an enterprise takes from its establishments; one that inherits the enterprise's
             -- activity adds nothing the enterprise does not have already.
             est_by_enterprise AS (
                SELECT enterprise, bool_or(production) AS production,
                       min(primary_key) FILTER (WHERE production) AS primary_key,
                       bool_or(employer) AS employer
                FROM own_est GROUP BY enterprise
             ),
             ent AS (
                SELECT e.number AS unit, e.start_date, p.postal_code,
                       coalesce(ea.production, false) AS own_production, ea.primary_key AS own_primary_key,
                       coalesce(ea.production, false) OR coalesce(x.production, false) AS production,
                       CASE WHEN coalesce(ea.production, false) THEN ea.primary_key
                            ELSE x.primary_key END AS primary_key,
                       coalesce(ea.employer, false) OR coalesce(x.employer, false) AS employer
                FROM enterprise e
                LEFT JOIN places p ON p.entity = e.number AND p.type = 'REGO'
                LEFT JOIN entity_activity ea ON ea.entity = e.number
                LEFT JOIN est_by_enterprise x ON x.enterprise = e.number
             )
        SELECT unit, unit AS enterprise, false AS is_establishment, start_date, postal_code,
               production, primary_key, employer,
               start_date AS ent_start_date, production AS ent_production,
               primary_key AS ent_primary_key, employer AS ent_employer
        FROM ent WHERE postal_code IS NOT NULL
        UNION ALL
        SELECT est.unit, est.enterprise, true, est.start_date, est.postal_code,
               CASE WHEN est.has_counted THEN est.production ELSE ent.own_production END,
               CASE WHEN est.has_counted THEN est.primary_key ELSE ent.own_primary_key END,
               est.employer,
               ent.start_date, ent.production, ent.primary_key, ent.employer
        FROM own_est est JOIN ent ON ent.unit = est.enterprise  -- establishments of listed enterprises
        WHERE est.postal_code IS NOT NULL
        """
    )
    store.execute("DROP TABLE entity_activity")
