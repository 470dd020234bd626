"""``citymade framework validate|show|schema`` and ``citymade assess``: output and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citymade.cli import app
from citymade.framework.loader import DEFAULT_FRAMEWORK_DIR

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "answers"


def run(*args: str):
    return runner.invoke(app, ["--lang", "en", *args])


def test_validate_passes_on_the_default():
    result = run("framework", "validate")
    assert result.exit_code == 0, result.output
    assert "Framework 2026.3 is valid" in result.output


def test_validate_refuses_a_broken_file_with_exit_2_naming_it(tmp_path):
    folder = tmp_path / "fw"
    shutil.copytree(DEFAULT_FRAMEWORK_DIR, folder)
    broken = folder / "40-site.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("weight: 30\n        label: {fr: \"Réemploi du bâti\"", "weight: 35\n        label: {fr: \"Réemploi du bâti\""), encoding="utf-8")
    result = run("framework", "validate", str(folder))
    assert result.exit_code == 2
    assert "40-site.yaml" in result.output and "add up to 105" in result.output
    assert "Traceback" not in result.output


def test_validate_missing_file_exit_2(tmp_path):
    result = run("framework", "validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "nope.yaml" in result.output


@pytest.mark.parametrize(("lang", "text"), [("fr", "Géométrie"), ("nl", "Geometrie"), ("en", "Geometry")])
def test_show_prints_a_tree_in_the_chosen_language(lang, text):
    result = run("framework", "show", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert text in result.output and "p_noise_boundary" in result.output and "(dB(A))" in result.output


def test_schema_is_json_schema_of_the_answers():
    result = run("framework", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert set(schema["properties"]) == {"framework", "company", "products", "site", "pivots"}


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_assesses_as_json(path):
    result = run("assess", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("framework_version", "dimensions", "products", "circular_models", "maturity", "cohabitation", "recommendations", "unknowns"):
        assert key in data


def test_assess_markdown_in_dutch():
    from citymade.i18n import compile_catalogs

    compile_catalogs()
    result = run("assess", str(EXAMPLES / "bicycle-repair-workshop.yaml"), "--lang", "nl")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Diagnoserapport")
    assert "Refurbished city bicycle" in result.output


def test_bad_answers_file_exits_2_naming_the_question(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("company:\n  c_human_hours_share: 140\nproducts:\n  - p_transport: rocket\n", encoding="utf-8")
    result = run("assess", str(bad))
    assert result.exit_code == 2
    assert "bad.yaml:2 [company.c_human_hours_share]" in result.output
    assert "products[0].p_transport" in result.output and "one of: by_hand, van, truck, special" in result.output
    assert "Traceback" not in result.output


def test_assess_refuses_an_unknown_format():
    result = run("assess", str(EXAMPLES / "textile-upcycler.yaml"), "--format", "pdf")
    assert result.exit_code == 2


def test_an_answers_file_with_too_many_products_exits_2_naming_file_and_field(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("products:\n" + "".join(f"  - name: P{i}\n" for i in range(51)), encoding="utf-8")
    result = run("assess", str(big), "--lang", "en")
    assert result.exit_code == 2
    assert f"{big} [products]" in result.output and "at most 50 products" in result.output
    assert "Traceback" not in result.output
