"""Regions as lists of postal codes, and the postal code → municipality map (approximate).

Shipped regions live in ``data/regions.yaml`` (Brussels-Capital by default); a user file with the
same shape adds or overrides regions. Postal codes are stored as integers (Belgian codes only).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from citymade.errors import CitymadeError, Location
from citymade.i18n import _, resolve

__all__ = ["DEFAULT_REGION", "Municipality", "Region", "load_regions", "region"]

REGIONS_PATH = Path(__file__).resolve().parent / "data" / "regions.yaml"
DEFAULT_REGION = "brussels"


class Municipality(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fr: str
    nl: str
    en: str | None = None
    postal_codes: list[int]

    def name(self, language: str | None = None) -> str:
        return resolve({"fr": self.fr, "nl": self.nl, "en": self.en or self.fr}, language)


class Region(BaseModel):
    """A named set of postal codes with the municipalities inside it."""

    model_config = ConfigDict(extra="forbid")

    key: str = ""
    name: dict[str, str]
    postal_codes: list[str]
    municipalities: list[Municipality] = []
    other: dict[str, str] = {"fr": "Autres", "nl": "Andere", "en": "Other"}

    @field_validator("postal_codes")
    @classmethod
    def _ranges(cls, value: list[str]) -> list[str]:
        for item in value:
            parts = str(item).split("-")
            if len(parts) > 2 or not all(p.strip().isdigit() for p in parts):
                raise ValueError(f"{item!r} is not a postal code or a range such as 1000-1299")
        return [str(v) for v in value]

    def ranges(self) -> list[tuple[int, int]]:
        out = []
        for item in self.postal_codes:
            parts = [int(p) for p in str(item).split("-")]
            out.append((parts[0], parts[-1]))
        return out

    def contains_sql(self, col: str) -> str:
        """SQL true when the integer postal code ``col`` lies in the region."""
        return "(" + " OR ".join(f"{col} BETWEEN {lo} AND {hi}" for lo, hi in self.ranges()) + ")"

    def contains(self, postal_code: int) -> bool:
        return any(lo <= postal_code <= hi for lo, hi in self.ranges())

    def municipality_of(self, postal_code: int) -> Municipality | None:
        for m in self.municipalities:
            if postal_code in m.postal_codes:
                return m
        return None

    def label(self, language: str | None = None) -> str:
        return resolve(self.name, language)


def _load(path: Path) -> dict[str, Region]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CitymadeError(
            _("Cannot read the regions file: %(error)s") % {"error": exc},
            location=Location(file=str(path)),
        ) from exc
    regions = {}
    for key, value in raw.items():
        try:
            regions[str(key)] = Region.model_validate({**value, "key": str(key)})
        except ValidationError as exc:
            raise CitymadeError(
                _("The region “%(key)s” has errors.") % {"key": key},
                location=Location(file=str(path), field=str(key)),
                problems=[f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()],
            ) from exc
    return regions


@lru_cache(maxsize=4)
def load_regions(path: Path | None = None) -> dict[str, Region]:
    """The shipped regions, plus (overriding) those of ``path``."""
    regions = _load(REGIONS_PATH)
    if path is not None:
        regions.update(_load(path))
    return regions


def region(key: str = DEFAULT_REGION, *, path: Path | None = None) -> Region:
    """One region by key, or a clear refusal listing the known ones."""
    regions = load_regions(path)
    if key not in regions:
        raise CitymadeError(
            _("Unknown region “%(key)s”; known regions: %(known)s.")
            % {"key": key, "known": ", ".join(sorted(regions))},
            location=Location(field="region"),
        )
    return regions[key]
