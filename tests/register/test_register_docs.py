"""The user documentation names every ``citymade register`` command, option and JSON key."""

from __future__ import annotations

from pathlib import Path

import typer

from citymade.cli.register import register_app

DOC = (Path(__file__).resolve().parents[2] / "docs" / "register.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_documented():
    group = typer.main.get_group(register_app)
    for name, command in group.commands.items():
        assert f"citymade register {name}" in DOC, name
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--"):
                    assert opt in DOC, f"{name} {opt}"


def test_json_contract_keys_are_documented():
    for key in ("snapshot_date", "extract_number", "production_definition", "by_municipality",
                "by_nace_division", "by_start_year", "employer_share", "production_share"):
        assert f"`{key}`" in DOC, key
