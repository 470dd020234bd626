"""``citymade portfolio``: the annual review, imports and exports of the cluster's follow-up."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from citymade.errors import CitymadeError
from citymade.i18n import _, active_language

portfolio = typer.Typer(help="The cluster's follow-up: annual review, import and export.", no_args_is_help=True)


def _setup() -> None:
    from citymade.cli.web import _django

    _django()
    from django.utils import translation

    translation.activate(active_language())


def _write(name: str, content: bytes, output: Path | None, *, text: bool) -> None:
    if output is None and text:
        sys.stdout.write(content.decode("utf-8") + "\n")
        return
    path = output or Path(name)
    path.write_bytes(content)
    typer.echo(_("Written to %(path)s.") % {"path": path})


@portfolio.command()
def review(
    year: int = typer.Option(..., "--year", help="Calendar year of the review, e.g. 2024."),
    format: str = typer.Option("json", "--format", help="json, pdf or xlsx."),
    output: Path | None = typer.Option(None, "--output", help="File to write (JSON goes to the screen without it)."),
) -> None:
    """Compute the annual review of a year and print it (JSON) or write it as PDF or XLSX."""
    _setup()
    from citymade.web.portfolio.reviewing import FORMATS, render, review_for

    if format not in FORMATS:
        raise CitymadeError(_("Unknown format “%(format)s”; use one of: %(allowed)s") % {"format": format, "allowed": ", ".join(FORMATS)})
    name, _mime, content = render(review_for(year), format, language=active_language(), previous=review_for(year - 1))
    _write(name, content, output, text=format == "json")


@portfolio.command("import")
def import_(
    kind: str = typer.Argument(..., help="companies, support_actions, status_changes, jobs, partners, working_groups, events or attendance."),
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV or XLSX file, at most 5 MB."),
    user: str = typer.Option(..., "--user", help="User name of the advisor or administrator importing the file."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only check the file; import nothing."),
    date_on_import_day: bool = typer.Option(
        False, "--date-on-import-day", help="Companies: date a status or jobs figure without its date on the import day."
    ),
) -> None:
    """Import the cluster's records (companies first, then their history); nothing is imported while a row is wrong."""
    _setup()
    from citymade.portfolio.importing import KINDS
    from citymade.web.accounts.models import User
    from citymade.web.accounts.roles import STAFF_ROLES
    from citymade.web.portfolio.loading import IMPORTS

    if kind not in KINDS:
        raise CitymadeError(_("Unknown kind “%(kind)s”; use one of: %(allowed)s") % {"kind": kind, "allowed": ", ".join(KINDS)})
    actor = User.objects.filter(username=user, role__in=STAFF_ROLES, is_active=True).first()
    if actor is None:
        raise CitymadeError(_("No active advisor or administrator is called “%(user)s”.") % {"user": user})
    outcome = IMPORTS[kind](file.name, file.read_bytes(), actor=actor, dry_run=dry_run, date_on_import_day=date_on_import_day)
    if outcome.problems:
        raise CitymadeError(
            _("%(count)d problem(s) in %(file)s: nothing was imported.") % {"count": len(outcome.problems), "file": file},
            problems=[str(p) for p in outcome.problems],
        )
    if dry_run:
        typer.echo(_("The file is correct: %(count)d row(s) can be imported.") % {"count": outcome.rows})
    else:
        typer.echo(_("%(count)d row(s) imported.") % {"count": outcome.created})


@portfolio.command()
def export(
    kind: str = typer.Argument(..., help="companies, diagnostics or support_actions."),
    format: str = typer.Option("csv", "--format", help="csv or xlsx."),
    output: Path | None = typer.Option(None, "--output", help="File to write (default: a name in the current folder)."),
) -> None:
    """Export companies, diagnostics with their scores, or support actions as CSV or XLSX."""
    _setup()
    from citymade.web.portfolio.transfer import EXPORTS
    from citymade.web.portfolio.transfer import export as export_table

    if kind not in EXPORTS or format not in ("csv", "xlsx"):
        raise CitymadeError(_("Choose a kind among %(kinds)s and a format among csv, xlsx.") % {"kinds": ", ".join(EXPORTS)})
    name, _mime, content = export_table(kind, format)
    _write(name, content, output, text=False)


def register(app: typer.Typer) -> None:
    app.add_typer(portfolio, name="portfolio")
