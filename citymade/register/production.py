"""The production definition: which NACE codes, per NACE version, count as production.

The definition is a versioned YAML file (``data/production.yaml`` by default): families of codes per
NACE version (2003, 2008, 2025), each on or off, and the activity classifications that count (MAIN
by default). Code prefixes become integer ranges over the store's NACE codes, so the test runs as
plain range comparisons on the 36 M activity rows.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from citymade.errors import CitymadeError, Location
from citymade.i18n import _, resolve

__all__ = [
    "DEFAULT_DEFINITION_PATH",
    "Family",
    "ProductionDefinition",
    "code_ranges",
    "nace_case_sql",
    "default_definition",
    "load_definition",
]

DEFAULT_DEFINITION_PATH = Path(__file__).resolve().parent / "data" / "production.yaml"
NACE_VERSIONS = ("2003", "2008", "2025")
_PATTERN = re.compile(r"^(\d{2})(?:-(\d{2}))?$|^(\d{2})\.(\d{1,3})$")


class Family(BaseModel):
    """A family of activities (manufacturing, repair …) with its codes per NACE version."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    label: dict[str, str]
    nace: dict[str, list[str]]

    @field_validator("nace")
    @classmethod
    def _codes(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for version, codes in value.items():
            if version not in NACE_VERSIONS:
                raise ValueError(f"unknown NACE version {version!r} (use 2003, 2008 or 2025)")
            for code in codes:
                if not _PATTERN.match(code):
                    raise ValueError(
                        f"{code!r} is not a NACE prefix such as '10', '10-33', '38.3' or '38.21'"
                    )
        return value


class ProductionDefinition(BaseModel):
    """What counts as production: named, versioned, documented."""

    model_config = ConfigDict(extra="forbid")

    name: str
    version: int
    title: dict[str, str]
    classifications: list[Literal["MAIN", "SECO", "ANCI"]] = ["MAIN"]
    families: dict[str, Family]

    @property
    def fingerprint(self) -> str:
        canonical = json.dumps(self.model_dump(), sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    def enabled_families(self) -> dict[str, Family]:
        return {k: f for k, f in self.families.items() if f.enabled}

    def with_families(self, enabled: set[str]) -> ProductionDefinition:
        """The same definition with exactly ``enabled`` families switched on."""
        unknown = enabled - set(self.families)
        if unknown:
            raise CitymadeError(
                _("Unknown production families: %(names)s (known: %(known)s).")
                % {"names": ", ".join(sorted(unknown)), "known": ", ".join(self.families)}
            )
        families = {
            k: f.model_copy(update={"enabled": k in enabled}) for k, f in self.families.items()
        }
        return self.model_copy(update={"families": families})

    def family_sql(self, version_col: str = "nace_version", code_col: str = "nace_code") -> str:
        """A SQL CASE giving the family name of an activity row, NULL when not production."""
        groups = {key: f.nace for key, f in self.enabled_families().items()}
        return nace_case_sql(groups, version_col=version_col, code_col=code_col)

    def classification_sql(self, col: str = "classification") -> str:
        listed = ", ".join(f"'{c}'" for c in self.classifications)
        return f"{col} IN ({listed})"

    def describe(self, language: str | None = None) -> dict[str, object]:
        """A plain description for figures, pages and docs."""
        return {
            "name": self.name,
            "version": self.version,
            "title": resolve(self.title, language),
            "classifications": list(self.classifications),
            "families": [
                {
                    "key": key,
                    "label": resolve(f.label, language),
                    "enabled": f.enabled,
                    "nace": {v: list(codes) for v, codes in f.nace.items()},
                }
                for key, f in self.families.items()
            ],
        }


def nace_case_sql(
    groups: dict[str, dict[str, list[str]]],
    *,
    version_col: str = "nace_version",
    code_col: str = "nace_code",
) -> str:
    """A SQL CASE naming the first group whose prefixes (per NACE version) match a row, else NULL."""
    whens = []
    for key, per_version in groups.items():
        for version, codes in per_version.items():
            ranges = " OR ".join(
                f"{code_col} BETWEEN {lo} AND {hi}" for c in codes for lo, hi in code_ranges(c)
            )
            if ranges:
                whens.append(f"WHEN {version_col} = {int(version)} AND ({ranges}) THEN '{key}'")
    if not whens:
        return "CAST(NULL AS VARCHAR)"
    return "CASE " + " ".join(whens) + " END"


def code_ranges(prefix: str) -> list[tuple[int, int]]:
    """Integer ranges of stored NACE codes that start with ``prefix``.

    Stored codes are integers: a 5-digit code is below 100 000, a 7-digit code (subclass plus two
    national digits) at or above it, so each prefix gives one range per length.
    """
    m = _PATTERN.match(prefix)
    if not m:
        raise ValueError(prefix)
    if m.group(1):
        first, last = m.group(1), m.group(2) or m.group(1)
        spans = [(first, last)]
    else:
        digits = m.group(3) + m.group(4)
        spans = [(digits, digits)]
    out = []
    for lo_text, hi_text in spans:
        width = len(lo_text)
        for length in (5, 7):
            scale = 10 ** (length - width)
            out.append((int(lo_text) * scale, (int(hi_text) + 1) * scale - 1))
    return out


def load_definition(path: Path | str | None = None) -> ProductionDefinition:
    """Read and validate a production definition; errors name the file and the field."""
    source = Path(path) if path else DEFAULT_DEFINITION_PATH
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CitymadeError(
            _("Cannot read the production definition: %(error)s") % {"error": exc.strerror},
            location=Location(file=str(source)),
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CitymadeError(
            _("The production definition is not valid YAML."),
            location=Location(file=str(source), line=mark.line + 1 if mark else None),
        ) from exc
    try:
        return ProductionDefinition.model_validate(raw)
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        ]
        raise CitymadeError(
            _("The production definition has errors."),
            location=Location(file=str(source)),
            problems=problems,
        ) from exc


@lru_cache(maxsize=1)
def default_definition() -> ProductionDefinition:
    """The shipped definition (``data/production.yaml``)."""
    return load_definition(DEFAULT_DEFINITION_PATH)
