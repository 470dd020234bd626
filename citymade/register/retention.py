"""Which activity rows the store keeps.

``activity.csv`` is three quarters of an extract (36 M rows, 1.5 GB), yet the product reads few of its
rows: the figures count the activities of the definition's classifications (MAIN by default), the
employer flag reads the social-security group 006, and the prospects look for circular codes
(repair, recovery, rental …) among *all* activities of an establishment. So by default the store
keeps exactly those rows — every row of a counted classification, every group-006 row, and every row
whose NACE code starts with a prospect signal's prefix — and converts only them to typed columns
(about 8 M of the 36 M rows). Every row is still read and checked for its shape (columns, quotes)
and its classification; the values of the rows left out are not converted.

``keep_all`` (``citymade register import --all-activities``) keeps every row, for an analyst who
wants to count secondary activities later. The store remembers what it keeps
(:meth:`ActivityRetention.to_text`); figures asked for a definition that needs rows the store left
out are refused with a message saying how to re-import.

Prefix tests run on the text of the code as read (``'951' <= code < '95:'``, ``:`` being the
character after ``9``), so they cost a string comparison and no conversion.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from citymade.errors import CitymadeError
from citymade.i18n import _
from citymade.register.production import ProductionDefinition

__all__ = ["EMPLOYER_GROUP", "ActivityRetention", "signal_prefixes"]

#: ActivityGroup of an employer registered with the social security office (REGISTER.md).
EMPLOYER_GROUP = "006"
CLASSIFICATIONS = ("MAIN", "SECO", "ANCI")


def _digits(prefix: str) -> list[str]:
    """NACE prefixes as digit strings: ``'95.1'`` → ``['951']``, ``'10-12'`` → ``['10', '11', '12']``."""
    if "-" in prefix:
        lo, hi = prefix.split("-", 1)
        return [f"{n:02d}" for n in range(int(lo), int(hi) + 1)]
    return [prefix.replace(".", "")]


def signal_prefixes() -> tuple[str, ...]:
    """Digit prefixes of every NACE code the prospect signals look for (any version)."""
    from citymade.register.prospects import signals

    found: set[str] = set()
    for per_version in signals().get("nace", {}).values():
        for codes in per_version.values():
            for code in codes:
                found.update(_digits(str(code)))
    # A prefix covered by a shorter one adds nothing.
    return tuple(sorted(p for p in found if not any(p != q and p.startswith(q) for q in found)))


def _after(prefix: str) -> str:
    """The smallest text above every code starting with ``prefix`` (``'959'`` → ``'95:'``)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _ranges(prefixes: Iterable[str]) -> list[tuple[str, str]]:
    """Text ranges ``[lo, hi)`` covering the prefixes, neighbours merged (``772``, ``773`` → one)."""
    out: list[tuple[str, str]] = []
    for p in sorted(prefixes):
        if out and out[-1][1] == p:
            out[-1] = (out[-1][0], _after(p))
        else:
            out.append((p, _after(p)))
    return out


@dataclass(frozen=True, slots=True)
class ActivityRetention:
    """The activity rows a store keeps: ``classifications`` (``None``: every row) and ``prefixes``."""

    classifications: tuple[str, ...] | None
    prefixes: tuple[str, ...] = ()

    @classmethod
    def keep_all(cls) -> ActivityRetention:
        return cls(classifications=None)

    @classmethod
    def for_product(cls, definition: ProductionDefinition) -> ActivityRetention:
        return cls(classifications=tuple(sorted(definition.classifications)), prefixes=signal_prefixes())

    @property
    def keeps_all(self) -> bool:
        return self.classifications is None

    def to_text(self) -> str:
        if self.classifications is None:
            return "all"
        return f"classifications={','.join(self.classifications)};group={EMPLOYER_GROUP};prefixes={','.join(self.prefixes)}"

    @classmethod
    def from_text(cls, text: str) -> ActivityRetention:
        if text == "all":
            return cls.keep_all()
        parts = dict(item.split("=", 1) for item in text.split(";"))
        return cls(
            classifications=tuple(c for c in parts["classifications"].split(",") if c),
            prefixes=tuple(p for p in parts.get("prefixes", "").split(",") if p),
        )

    def where_sql(self, *, group: str, code: str, classification: str) -> str:
        """SQL over the *text* columns of ``activity.csv``: true for a row to keep.

        A classification outside MAIN/SECO/ANCI stops the query (``error``), whether or not the row
        would be kept, so a damaged row is never silently dropped.
        """
        listed = ", ".join(f"'{c}'" for c in CLASSIFICATIONS)
        check = f"{classification} IS NOT NULL AND {classification} NOT IN ({listed})"
        if self.classifications is None:
            keep = "true"
        else:
            terms = []
            if self.classifications:
                counted = ", ".join(f"'{c}'" for c in self.classifications)
                terms.append(f"{classification} IN ({counted})")
            terms.append(f"{group} = '{EMPLOYER_GROUP}'")
            terms += [f"({code} >= '{lo}' AND {code} < '{hi}')" for lo, hi in _ranges(self.prefixes)]
            keep = " OR ".join(terms)
        return f"CASE WHEN {check} THEN error('unknown classification') ELSE ({keep}) END"

    def check_covers(self, classifications: Iterable[str]) -> None:
        """Refuse a definition counting classifications the store did not keep."""
        if self.classifications is None:
            return
        missing = sorted(set(classifications) - set(self.classifications))
        if missing:
            raise CitymadeError(
                _("This definition counts %(missing)s activities, but the store kept only %(kept)s activities (and the rows the prospects need). Import the Full extract again with --all-activities, or with this definition (--definition), to count them.")
                % {"missing": ", ".join(missing), "kept": ", ".join(self.classifications) or "-"}
            )
