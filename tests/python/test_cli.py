"""The console script: `grdpsim report` and `grdpsim accounts`."""

from __future__ import annotations

from pathlib import Path

import pytest

import grdpsim as gs
from grdpsim.cli import main


def test_report_on_the_embedded_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    rq = gs.datasets.cao_bang_2025().required_growth()
    assert f"GRDP {rq.grdp_pct:.2f}% — feasible" in out
    assert "Gap over 2025H1" in out and "Stated figures that the sector targets do not add up" in out


def test_report_on_a_file_with_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sc.toml"
    gs.datasets.cao_bang_2025().save(path)
    caps = ["--cap", "DV=8.5", "--cap", "XD=22", "--cap", "CN=9", "--cap", "TSP=8.5"]
    args = ["report", str(path), "--policy", "proportional", *caps, "--lock", "NLTS"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "policy proportional" in out and "NOT feasible" in out and "capped" in out and "locked" in out


def test_errors_are_reported_not_raised(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--cap", "DV"]) == 2
    assert "SECTOR=PCT" in capsys.readouterr().err
    assert main(["report", "/nonexistent/scenario.toml"]) == 2
    assert "DataFileError" in capsys.readouterr().err


def test_accounts_table(national_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accounts", "--csv", str(national_csv), "--period", "2024Q1-Q3", "--convention", "gva"]) == 0
    out = capsys.readouterr().out
    assert "gva convention" in out and "6.95" in out
