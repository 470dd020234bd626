"""``citymade demo``: load the demo cluster and print how to log in."""

from __future__ import annotations

import typer

from citymade.i18n import _


def demo(force: bool = typer.Option(False, "--force", help="Load even with debug off.")) -> None:
    """Load the demo cluster (idempotent) and print the demo logins."""
    from citymade.cli.web import _django

    _django()
    from citymade.web.demo import DEMO_PASSWORD, load_demo

    result = load_demo(force=force)
    typer.echo(_("Demo cluster loaded: %(count)d companies.") % {"count": result.companies})
    for label, outcome in result.extras.items():
        typer.echo(f"  {label}: {outcome}")
    typer.echo(_("Log in at http://127.0.0.1:8000/accounts/login/ with password “%(password)s” as:") % {"password": DEMO_PASSWORD})
    for username, role in result.users:
        typer.echo(f"  {username:<28} {role}")


def register(app: typer.Typer) -> None:
    app.command()(demo)
