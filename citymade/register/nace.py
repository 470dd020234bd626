"""NACE-BEL codes (2003, 2008, 2025) and their labels.

Labels in French and Dutch come from the extract's ``code.csv``: the package ships the table of the
extract it was built with (``data/codes.csv``, KBO/BCE open data, extract 147 of October 2025) and
every import stores the extract's own ``code.csv``, which then takes precedence. The register has no
English labels; the package ships English titles of the divisions the production definition uses
(``data/nace_en.csv``, NACE Rev. 2 titles) and falls back to French elsewhere.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from citymade.i18n import active_language, normalise

__all__ = ["division_of", "format_code", "label", "shipped_codes"]

DATA = Path(__file__).resolve().parent / "data"
CODES_PATH = DATA / "codes.csv"


def format_code(code: int) -> str:
    """The stored integer back to its text: 14100 → ``"14100"``, 111001 → ``"0111001"``."""
    return f"{code:07d}" if code >= 100_000 else f"{code:05d}"


def division_of(code: int) -> int:
    """The 2-digit NACE division of a stored code (14100 → 14)."""
    return code // 100_000 if code >= 100_000 else code // 1_000


def dotted(code_text: str) -> str:
    """``"14100"`` → ``"14.100"`` (the way NACE codes are usually written)."""
    return f"{code_text[:2]}.{code_text[2:]}" if len(code_text) > 2 else code_text


@lru_cache(maxsize=1)
def shipped_codes() -> dict[tuple[str, str], dict[str, str]]:
    """(category, code) → {language: label} from the shipped ``code.csv`` (FR, NL) plus EN titles."""
    table: dict[tuple[str, str], dict[str, str]] = {}
    with CODES_PATH.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table.setdefault((row["Category"], row["Code"]), {})[row["Language"].lower()] = row[
                "Description"
            ].strip()
    with (DATA / "nace_en.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for version in ("2008", "2025"):
                table.setdefault((f"Nace{version}", row["Code"]), {})["en"] = row["Description"]
    return table


def label(
    category: str,
    code: str,
    language: str | None = None,
    labels: dict[tuple[str, str], dict[str, str]] | None = None,
) -> str:
    """The label of a code in ``language`` (fr, nl; en where known, else French)."""
    lang = normalise(language) if language else active_language()
    entry = (labels or shipped_codes()).get((category, code)) or shipped_codes().get(
        (category, code), {}
    )
    return entry.get(lang) or entry.get("fr") or entry.get("nl") or ""
