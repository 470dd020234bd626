"""``citymade register``: synth → import → figures/prospects/info, and refusals as exit code 2."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from citymade.cli import app

runner = CliRunner()


def test_synth_import_figures_prospects(tmp_path):
    store = str(tmp_path / "r.duckdb")
    result = runner.invoke(app, ["register", "synth", str(tmp_path), "--scale", "0.002"])
    assert result.exit_code == 0, result.output
    folder = next(tmp_path.glob("KboOpenData_*_Full"))
    result = runner.invoke(app, ["register", "import", str(folder), "--store", store, "--quiet"])
    assert result.exit_code == 0, result.output
    assert "activity" in result.output
    result = runner.invoke(app, ["register", "figures", "--store", store, "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    for key in ("snapshot_date", "extract_number", "region", "production_definition", "enterprises",
                "establishments", "by_municipality", "by_nace_division", "by_start_year", "employer_share"):
        assert key in figures
    assert figures["snapshot_date"] == "2025-10-01"
    assert figures["enterprises"]["production"] > 0
    assert set(figures["by_municipality"][0]) >= {"municipality", "postal_codes", "production_enterprises", "production_establishments"}
    result = runner.invoke(app, ["register", "figures", "--store", store, "--format", "csv"])
    assert result.exit_code == 0 and "by_nace_division" in result.output
    result = runner.invoke(app, ["register", "prospects", "--store", store, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert all(p["reasons"] for p in json.loads(result.output))
    result = runner.invoke(app, ["--lang", "nl", "register", "info", "--store", store])
    assert result.exit_code == 0 and "140" in result.output


def test_refusals_are_messages_not_tracebacks(tmp_path):
    result = runner.invoke(app, ["register", "figures", "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "citymade register import" in result.output
    bad = tmp_path / "KboOpenData_0001_2025_10_Full"
    bad.mkdir()
    result = runner.invoke(app, ["register", "import", str(bad), "--store", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2
    assert "meta.csv" in result.output
    assert "Traceback" not in result.output


def test_regions_file_adds_a_region(tmp_path):
    store = str(tmp_path / "r.duckdb")
    assert runner.invoke(app, ["register", "synth", str(tmp_path), "--scale", "0.002"]).exit_code == 0
    folder = next(tmp_path.glob("KboOpenData_*_Full"))
    assert runner.invoke(app, ["register", "import", str(folder), "--store", store, "--quiet"]).exit_code == 0
    regions = tmp_path / "regions.yaml"
    regions.write_text(
        "centre:\n  name: {fr: Centre, nl: Centrum}\n  postal_codes: ['1000']\n"
        "  municipalities:\n    - {fr: Bruxelles, nl: Brussel, postal_codes: [1000]}\n",
        encoding="utf-8",
    )
    whole = json.loads(runner.invoke(app, ["register", "figures", "--store", store, "--format", "json"]).output)
    result = runner.invoke(
        app, ["register", "figures", "--store", store, "--format", "json", "--region", "centre", "--regions", str(regions)]
    )
    assert result.exit_code == 0, result.output
    centre = json.loads(result.output)
    assert centre["region"]["key"] == "centre"
    assert 0 < centre["enterprises"]["active"] < whole["enterprises"]["active"]
    assert [m["municipality"] for m in centre["by_municipality"]] == ["Bruxelles"]
