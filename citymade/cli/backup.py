"""``citymade backup`` and ``citymade restore``: one file holds the database and the register store."""

from __future__ import annotations

from pathlib import Path

import typer

from citymade.i18n import _, active_language


def _activate() -> None:
    """The web layer's messages (Django's catalogs) in the command's language."""
    from django.utils import translation

    translation.activate(active_language())


def backup(file: Path = typer.Argument(..., help="Backup file to write (a .zip).")) -> None:
    """Write a consistent backup of the application database and the register store."""
    from citymade.cli.web import _django

    _django()
    _activate()
    from citymade.web.operations.backup import create_backup

    summary = create_backup(file)
    rows = sum(summary.tables.values())
    typer.echo(_("Backup written to %(path)s: %(rows)d rows in %(tables)d tables.") % {"path": summary.path, "rows": rows, "tables": len(summary.tables)})
    if summary.register:
        typer.echo(_("The register store is included."))


def restore(
    file: Path = typer.Argument(..., help="Backup file written by citymade backup."),
    force: bool = typer.Option(False, "--force", help="Replace data that is already there."),
    unverified: bool = typer.Option(
        False,
        "--unverified",
        help="Accept a backup signed with another secret key (checksums still checked; nobody must have edited it).",
    ),
) -> None:
    """Verify a backup completely, then restore it (database and register store together, or nothing).

    Refuses to overwrite existing data unless --force.
    """
    from citymade.cli.web import _django

    _django()
    _activate()
    from citymade.web.operations.backup import restore_backup

    summary = restore_backup(file, force=force, unverified=unverified)
    if not summary.verified:
        typer.echo(_("Warning: the backup's signature was not checked (another secret key); its checksums were."), err=True)
    typer.echo(_("Restored %(rows)d rows in %(tables)d tables from %(path)s.") % {"path": summary.path, "rows": sum(summary.tables.values()), "tables": len(summary.tables)})


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
