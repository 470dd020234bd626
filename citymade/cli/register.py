"""``citymade register``: import the Belgian company register, count production, find prospects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from citymade.i18n import _

register_app = typer.Typer(
    name="register",
    help="The Belgian company register (KBO/BCE open data): import, figures, prospects, synthetic data.",
    no_args_is_help=True,
)

STORE_OPTION = typer.Option(
    None, "--store", help="Register store file (default: <data directory>/register.duckdb)."
)
DEFINITION_OPTION = typer.Option(
    None, "--definition", help="Production definition YAML (default: the shipped one)."
)
REGIONS_OPTION = typer.Option(
    None, "--regions", help="YAML file adding or overriding regions (lists of postal codes)."
)


@contextmanager
def _progress(enabled: bool = True) -> Iterator[object]:
    """A Rich progress bar fed by the core's ``progress(description, advance)`` callback."""
    if not enabled:
        yield lambda _d, _n: None
        return
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(), transient=False,
    ) as bar:
        task = bar.add_task("", total=None)

        def report(description: str, advance: int) -> None:
            if advance < 0:
                bar.update(task, total=-advance, description=description)
            else:
                bar.update(task, advance=advance, description=description)

        yield report


def _definition(path: Path | None):  # type: ignore[no-untyped-def]
    from citymade.register.production import default_definition, load_definition

    return load_definition(path) if path else default_definition()


@register_app.command("import")
def import_command(
    source: Path = typer.Argument(..., help="Extract zip or folder (Full or Update)."),  # noqa: B008
    store: Path = STORE_OPTION,
    definition: Path = DEFINITION_OPTION,
    force: bool = typer.Option(False, "--force", help="Accept a Full extract older than the store."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Read and check everything, change nothing."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
    all_activities: bool = typer.Option(
        False, "--all-activities",
        help="Keep every activity row of a Full extract (default: the rows figures and prospects read).",
    ),
) -> None:
    """Import a Full or Update extract into the store; all or nothing, with a progress bar."""
    from citymade.register.importer import import_extract

    with _progress(not quiet) as report:
        result = import_extract(
            source, store_path=store, definition=_definition(definition), progress=report,  # type: ignore[arg-type]
            force=force, dry_run=dry_run, all_activities=all_activities,
        )
    message = (
        _("Checked %(type)s extract %(number)d of %(date)s: valid; %(store)s was not changed (dry run).")
        if dry_run
        else _("Imported %(type)s extract %(number)d of %(date)s into %(store)s.")
    )
    typer.echo(
        message
        % {
            "type": result.extract_type,
            "number": result.extract_number,
            "date": result.snapshot_date.isoformat(),
            "store": result.store,
        }
    )
    for table, count in result.rows.items():
        deleted = result.deleted_keys.get(table)
        extra = (" " + _("(%(count)d keys deleted)") % {"count": deleted}) if deleted else ""
        typer.echo(f"  {table:<14} {count:>12,}{extra}")


@register_app.command("figures")
def figures_command(
    region: str = typer.Option("brussels", "--region", help="Region key (brussels, belgium …)."),
    regions: Path = REGIONS_OPTION,
    store: Path = STORE_OPTION,
    definition: Path = DEFINITION_OPTION,
    fmt: str = typer.Option("markdown", "--format", help="json, csv or markdown."),
) -> None:
    """Print the key figures of production in a region (default Brussels-Capital)."""
    from citymade.i18n import active_language
    from citymade.register.figures import FORMATS, compute_figures, render_figures
    from citymade.register.regions import region as find_region
    from citymade.register.store import open_store

    if fmt not in FORMATS:
        raise typer.BadParameter(_("choose one of %(choices)s") % {"choices": ", ".join(FORMATS)}, param_hint="--format")
    with open_store(store) as s:
        figures = compute_figures(
            s,
            region_key=find_region(region, path=regions),
            definition=_definition(definition),
            language=active_language(),
        )
    typer.echo(render_figures(figures, fmt), nl=False)


@register_app.command("prospects")
def prospects_command(
    region: str = typer.Option("brussels", "--region", help="Region key."),
    regions: Path = REGIONS_OPTION,
    store: Path = STORE_OPTION,
    definition: Path = DEFINITION_OPTION,
    fmt: str = typer.Option("csv", "--format", help="csv or json."),
    limit: int = typer.Option(0, "--limit", help="At most this many prospects (0: all)."),
) -> None:
    """List enterprises whose production establishments' activities or names suggest a circular model, with reasons."""
    from citymade.i18n import active_language
    from citymade.register.prospects import find_prospects, prospects_to_csv, prospects_to_json
    from citymade.register.regions import region as find_region
    from citymade.register.store import open_store

    if fmt not in ("csv", "json"):
        raise typer.BadParameter(_("choose one of %(choices)s") % {"choices": "csv, json"}, param_hint="--format")
    with open_store(store) as s:
        found = find_prospects(
            s, region_key=find_region(region, path=regions), definition=_definition(definition),
            language=active_language(), limit=limit or None,
        ).prospects
    typer.echo(prospects_to_json(found) if fmt == "json" else prospects_to_csv(found), nl=False)


@register_app.command("synth")
def synth_command(
    outdir: Path = typer.Argument(..., help="Folder to write the extract folder into."),  # noqa: B008
    scale: float = typer.Option(0.01, "--scale", help="1.0 ≈ the real register (~47 M rows, ~2 GB)."),
    seed: int = typer.Option(1, "--seed", help="Same seed and scale give the same files."),
    extract_number: int = typer.Option(140, "--extract-number", help="Extract number written in meta.csv."),
    snapshot: str = typer.Option("2025-10-01", "--snapshot", help="Snapshot date (YYYY-MM-DD)."),
) -> None:
    """Write a synthetic Full extract in the exact KBO/BCE dialect, with realistic distributions."""
    from citymade.register.synth import generate_full

    try:
        snapshot_date = dt.date.fromisoformat(snapshot)
    except ValueError:
        raise typer.BadParameter(_("use the form YYYY-MM-DD"), param_hint="--snapshot") from None
    with _progress() as report:
        result = generate_full(
            outdir, scale=scale, seed=seed, extract_number=extract_number,
            snapshot_date=snapshot_date, progress=report,  # type: ignore[arg-type]
        )
    typer.echo(
        _("Wrote %(rows)d rows (%(mb).1f MB) to %(folder)s.")
        % {"rows": sum(result.rows.values()), "mb": result.bytes / 1e6, "folder": result.folder}
    )


@register_app.command("info")
def info_command(store: Path = STORE_OPTION) -> None:
    """Show which extract the store holds, its definition and its row counts."""
    from citymade.register.store import open_store

    with open_store(store) as s:
        info = s.info()
        counts = s.row_counts()
    typer.echo(
        _("Extract %(number)d (%(type)s) of %(date)s, imported %(when)s.")
        % {
            "number": info.extract_number,
            "type": info.extract_type,
            "date": info.snapshot_date.isoformat(),
            "when": info.imported_at,
        }
    )
    typer.echo(
        _("Production definition: %(name)s v%(version)d.")
        % {"name": info.definition_name, "version": info.definition_version}
    )
    for table, count in counts.items():
        typer.echo(f"  {table:<14} {count:>12,}")


def register(app: typer.Typer) -> None:
    app.add_typer(register_app, name="register")
