"""The ``citymade`` command: one Typer app, one module per command group.

Each module listed in :data:`COMMAND_MODULES` exposes ``register(app)``; commands parse options and
call the Python API, and a :class:`~citymade.errors.CitymadeError` becomes a clear message on
stderr with exit code 2, never a traceback.
"""

from __future__ import annotations

import importlib

import typer
from typer.core import TyperGroup

from citymade import __version__
from citymade.errors import CitymadeError
from citymade.i18n import LANGUAGES, set_language

__all__ = ["app", "main"]

COMMAND_MODULES: tuple[str, ...] = (
    "citymade.cli.web",
    "citymade.cli.register",
    "citymade.cli.demo",
    "citymade.cli.backup",
    "citymade.cli.framework",
    "citymade.cli.assess",
    "citymade.cli.portfolio",
)

class _CitymadeGroup(TyperGroup):
    """Turns a user error raised anywhere below into a message and exit code 2."""

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except CitymadeError as exc:
            typer.echo(f"citymade: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    name="citymade",
    cls=_CitymadeGroup,
    help="citymade — industry in the city: diagnostics, cluster follow-up and register figures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"citymade {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    lang: str = typer.Option(
        None,
        "--lang",
        envvar="CITYMADE_LANG",
        help=f"Language of messages and documents: {', '.join(LANGUAGES)} (default fr).",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """citymade — industry in the city."""
    if lang is not None and lang not in LANGUAGES:
        raise typer.BadParameter(f"choose one of {', '.join(LANGUAGES)}", param_hint="--lang")
    set_language(lang)


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def main() -> None:
    """Entry point of the ``citymade`` console script."""
    app()
