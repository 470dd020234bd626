"""``citymade framework …``: validate, show and describe the diagnostic framework."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from citymade.i18n import LANGUAGES, _, resolve, use_language

FrameworkFile = Annotated[
    Path | None, typer.Argument(help="Framework YAML file or folder (default: the shipped framework).")
]

framework_app = typer.Typer(
    name="framework",
    help="Validate, show and describe the diagnostic framework (questions, rules, tables).",
    no_args_is_help=True,
)


@framework_app.command("validate")
def validate(
    file: FrameworkFile = None,
) -> None:
    """Check a framework file or folder; print each problem with file, line and what is allowed."""
    from citymade.framework import load_framework

    framework = load_framework(file)
    counts = {
        "version": framework.version,
        "dimensions": len(framework.dimensions),
        "questions": len(framework.questions()),
        "rules": len(framework.red_flags) + len(framework.recommendations),
    }
    typer.echo(
        _("Framework %(version)s is valid: %(dimensions)d dimensions, %(questions)d questions, %(rules)d rules.") % counts
    )


@framework_app.command("show")
def show(
    file: FrameworkFile = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the labels: fr, nl or en.")] = None,
) -> None:
    """Print the framework as a readable tree: dimensions, criteria, questions with units and weights."""
    from citymade.framework import load_framework

    if lang is not None and lang not in LANGUAGES:
        raise typer.BadParameter(f"choose one of {', '.join(LANGUAGES)}", param_hint="--lang")
    framework = load_framework(file)
    with use_language(lang) as language:
        typer.echo(f"{resolve(framework.title, language)} — {_('version')} {framework.version}")
        for dim in framework.dimensions:
            typer.echo(f"{dim.section or '·'} {resolve(dim.label, language)} [{dim.id}, {_(dim.level)}]")
            for crit in dim.criteria:
                typer.echo(f"    {resolve(crit.label, language)} [{crit.id}] ({_('weight')} {crit.weight:g})")
                for q in crit.questions:
                    unit = f" ({q.unit})" if q.unit else ""
                    weight = f" · {_('weight')} {q.weight:g}" if q.weight else ""
                    cond = f" · {_('if')} {q.condition.question}" if q.condition else ""
                    typer.echo(f"        {q.id}: {resolve(q.label, language)}{unit} — {q.type}{weight}{cond}")
                    for option in q.options:
                        typer.echo(f"            - {option.value}: {resolve(option.label, language)}")
        typer.echo(_("Circular models:"))
        for model in framework.circular_models:
            typer.echo(f"    {model.number}. {resolve(model.label, language)}")
        typer.echo(_("Maturity stages:"))
        for stage in framework.maturity.stages:
            typer.echo(f"    {stage.number}. {resolve(stage.label, language)}")
        typer.echo(_("Recommendations: %(count)d; red flags: %(flags)d.") % {"count": len(framework.recommendations), "flags": len(framework.red_flags)})


@framework_app.command("schema")
def schema(
    file: FrameworkFile = None,
) -> None:
    """Print the JSON Schema of the answers file format for this framework."""
    from citymade.framework import answers_schema, load_framework

    typer.echo(json.dumps(answers_schema(load_framework(file)), indent=2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    app.add_typer(framework_app, name="framework")
