"""Errors a person can act on: what is wrong and where (file, line, field), in their language."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CitymadeError", "Location"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """Where a problem sits: a file, a line in it, a path or field inside a record."""

    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(str(self.line))
        where = ":".join(parts)
        if self.field:
            where = f"{where} [{self.field}]" if where else self.field
        return where


class CitymadeError(Exception):
    """A refusal the user caused and can fix; the CLI prints it and exits with code 2.

    ``message`` is already translated into the active language (see :mod:`citymade.i18n`).
    ``problems`` holds further messages when several things are wrong at once.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        problems: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.problems = problems or []

    def __str__(self) -> str:
        head = f"{self.location}: {self.message}" if self.location and str(self.location) else self.message
        if self.problems:
            return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)
        return head
