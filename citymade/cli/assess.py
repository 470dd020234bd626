"""``citymade assess``: score an answers file against the framework and print the assessment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from citymade.i18n import LANGUAGES


def assess(
    answers: Annotated[Path, typer.Argument(help="Answers file (YAML or JSON): company, products, site.")],
    output_format: Annotated[str, typer.Option("--format", help="Output format: json or markdown.")] = "markdown",
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the report: fr, nl or en.")] = None,
    framework_path: Annotated[
        Path | None, typer.Option("--framework", help="Framework file or folder (default: the shipped framework).")
    ] = None,
) -> None:
    """Assess one company from an answers file: scores, models, maturity, cohabitation, action plan."""
    from citymade.framework import load_answers, load_framework
    from citymade.scoring import evaluate, render_markdown

    if output_format not in ("json", "markdown"):
        raise typer.BadParameter("choose json or markdown", param_hint="--format")
    if lang is not None and lang not in LANGUAGES:
        raise typer.BadParameter(f"choose one of {', '.join(LANGUAGES)}", param_hint="--lang")
    framework = load_framework(framework_path)
    assessment = evaluate(framework, load_answers(answers, framework))
    if output_format == "json":
        typer.echo(json.dumps(assessment.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        typer.echo(render_markdown(assessment, lang, framework), nl=False)


def register(app: typer.Typer) -> None:
    app.command()(assess)
