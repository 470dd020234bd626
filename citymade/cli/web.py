"""Commands that run and manage the web application: serve, migrate, createuser, check."""

from __future__ import annotations

import os
import sys

import typer

from citymade.i18n import _


def _django() -> None:
    from citymade.web import setup

    try:
        setup()
    except Exception as exc:  # ImproperlyConfigured and friends: a configuration message, no traceback
        from django.core.exceptions import ImproperlyConfigured

        if isinstance(exc, ImproperlyConfigured):
            typer.echo(f"citymade: {exc}", err=True)
            raise typer.Exit(2) from None
        raise


#: Threads per gunicorn worker process (see :func:`_gunicorn_command`).
THREADS = 4


def _gunicorn_command(host: str, port: int, workers: int, threads: int) -> list[str]:
    """The gunicorn command line ``citymade serve`` runs in production.

    One worker process per core plus one, each with :data:`THREADS` threads (gthread): a request
    waiting for the database leaves the processor to another one, the proxy's keep-alive connections
    are kept, and the threads of a process share its cache. More processes than cores only add
    switching (measured with ``benchmarks/load.py`` on 2 cores: 5 single-threaded workers served
    ~50 requests/s where 3 × 4 threads served ~80 on the same machine).

    Connections are not kept alive (``--keep-alive 0``): a gthread worker keeps serving the
    connections it accepted, so a few clients that keep theirs open all land on one process, which
    then works alone on one core under its lock while the others idle (measured under
    ``benchmarks/load.py``: one worker at 88 % of a core, two at 15 %, a quarter of the machine
    idle). Closing each connection after its answer lets whichever worker is free take the next
    one. Behind the reverse proxy this costs nothing: its connections to the server are local.
    """
    return [
        "gunicorn",
        "citymade.web.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(workers or (os.cpu_count() or 1) + 1),
        "--threads",
        str(threads or THREADS),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("CITYMADE_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        # citymade does not use gunicorn's control socket; its fixed default path would be shared
        # (and fought over) by every gunicorn of the machine.
        "--no-control-socket",
        "--keep-alive",
        "0",
    ]


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(0, help="Worker processes in production (0: cores + 1)."),
    threads: int = typer.Option(0, help=f"Threads per worker process in production (0: {THREADS})."),
) -> None:
    """Serve citymade: Django's development server in development, gunicorn in production."""
    _django()
    from django.conf import settings
    from django.core.management import call_command

    from citymade.paths import data_dir
    from citymade.tempfiles import remove_leftovers

    remove_leftovers(data_dir())  # what a killed backup, restore or import left (see citymade.tempfiles)

    if settings.CITYMADE_DEVELOPMENT:
        call_command("runserver", f"{host}:{port}", use_reloader=False)
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.core.cache import caches

    caches["reports"].clear()  # rendered by the previous version, maybe with other templates
    args = _gunicorn_command(host, port, workers, threads)
    os.execvp(sys.executable, [sys.executable, "-m", *args])


def migrate() -> None:
    """Create or update the application database (SQLite by default, DATABASE_URL otherwise)."""
    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


def createuser(
    username: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option(..., help="admin, advisor, company or observer."),
    company: str = typer.Option(None, help="Short name (slug) of the company, for company users."),
    email: str = typer.Option("", help="E-mail address (for password resets)."),
    first_name: str = typer.Option("", "--first-name", help="First name (pages name people by their full name)."),
    last_name: str = typer.Option("", "--last-name", help="Last name."),
    language: str = typer.Option("", help="fr, nl or en: the language of the person's pages and e-mails."),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, help="Password."
    ),
) -> None:
    """Create a user with a role; a company user is bound to one company."""
    _django()
    from citymade.web.accounts.services import create_user

    user = create_user(
        username=username, password=password, role=role, company_slug=company, email=email,
        first_name=first_name, last_name=last_name, language=language,
    )
    typer.echo(_("User %(username)s created with role %(role)s.") % {"username": user.username, "role": user.role})


def check(deploy: bool = typer.Option(False, "--deploy", help="Also run the production checks.")) -> None:
    """Run Django's system checks (with --deploy: the security checks for production)."""
    _django()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=deploy, fail_level="WARNING")
    except SystemCheckError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(migrate)
    app.command()(createuser)
    app.command()(check)
