"""Issue 16 on the scenario side: each reproducer of the hardening issue as a regression test.

Every case failed on the code before the fix (a truncated file, a NaN, a raw IndexError or
OverflowError, a frozen interpreter); each now gives a typed error or the right answer.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import grdpsim as gs
from grdpsim.cli import main


def _child(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=timeout
    )


def test_a_save_that_fails_half_way_leaves_the_old_file_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "cb.toml"
    gs.datasets.cao_bang_2025().save(path)
    before = path.read_bytes()
    # A much larger scenario (national base embedded) written under a file-size limit smaller
    # than it: the write fails half-way, in a child process so the limit stays there.
    done = _child(
        f"""
        import resource, signal
        import numpy as np
        import grdpsim as gs
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        tree = gs.SectorTree.national()
        n = len(tree.leaves)
        acc = gs.Accounts.from_leaf_levels(tree, "2010Q1", np.full((n, 60), 123.456789))
        big = gs.Scenario(base=acc, year=2025, targets={{"GDP": {{"Y": 6.5}}}})
        limit = {len(before)} + 1000
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        try:
            big.save({str(path)!r})
        except gs.DataFileError as e:
            print("typed:", e)
        """
    )
    assert done.returncode == 0, done.stderr
    assert "typed:" in done.stdout, done.stdout
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name != "cb.toml"], "no temporary file left"


def test_huge_targets_are_typed_errors(capsys: pytest.CaptureFixture[str]) -> None:
    cb = gs.datasets.cao_bang_2025()
    for target in (1e305, 1e308, math.inf, math.nan):
        with pytest.raises(gs.InvalidArgumentError, match="target"):
            cb.required_growth(target)
    assert main(["report", "--target", "1e306"]) == 2
    assert "InvalidArgumentError" in capsys.readouterr().err
    base = cb.base_levels()
    g = cb.quarterly_targets().to_numpy()[None]
    with pytest.raises(gs.InvalidArgumentError, match="target_pct"):
        gs.batch.required_growth(base, g, elapsed_quarters=2, actual_elapsed_level=1.0, target_pct=1e306)
    with pytest.raises(gs.InvalidValueError, match="1,000,000%"):
        cb.with_targets({"DV": {"Q3": 1e20}})


def test_absurd_levels_are_typed_errors() -> None:
    tree = gs.SectorTree.provincial()
    with pytest.raises(gs.InvalidValueError, match="1e21"):
        gs.Accounts.from_leaf_levels(tree, "2024Q1", np.full((4, 8), 1e308))
    tiny = np.full((4, 8), 100.0)
    tiny[:, :4] = 5e-324
    with pytest.raises(gs.InvalidValueError, match="subnormal"):
        gs.Accounts.from_leaf_levels(tree, "2024Q1", tiny)
    # The batch path refuses the same bases instead of returning NaN or zeros.
    g = np.ones((2, 4, 4))
    for base in (np.full((4, 4), 1e308), np.full((4, 4), 5e-324)):
        with pytest.raises(gs.InvalidArgumentError, match="base"):
            gs.batch.annual_growth(base, g)
        with pytest.raises(gs.InvalidArgumentError, match="base"):
            gs.batch.required_growth(base, g, elapsed_quarters=0, actual_elapsed_level=0.0, target_pct=8.0)
        with pytest.raises(gs.InvalidArgumentError, match="base"):
            gs.batch.gap(base, g, 1, np.ones(4))
    # Net taxes larger than all value added: a total below zero.
    levels = np.full((4, 8), 10.0)
    levels[3] = -100.0
    with pytest.raises(gs.InvalidValueError, match="below zero"):
        gs.Accounts.from_leaf_levels(tree, "2024Q1", levels)


def test_batch_positions_are_checked() -> None:
    cb = gs.datasets.cao_bang_2025()
    base, g = cb.base_levels(), cb.quarterly_targets().to_numpy()[None]
    kw = dict(elapsed_quarters=2, actual_elapsed_level=float(cb.level("H1")), target_pct=8.0)
    for bad in (
        {"locked": [-1]},
        {"caps": {-1: 9.0}},
        {"locked": [99]},
        {"caps": {0: math.nan}},
        {"locked": {0: math.nan}},
        {"locked": ["DV"]},
        {"caps": {1.5: 3.0}},
    ):
        with pytest.raises(gs.InvalidArgumentError):
            gs.batch.required_growth(base, g, **kw, **bad)  # type: ignore[arg-type]
    with pytest.raises(gs.InvalidArgumentError, match="elapsed_quarters"):
        gs.batch.gap(base, g, -1, np.ones(5))


def test_the_q1_gap_table_adds_up() -> None:
    gap = gs.datasets.cao_bang_2025().gap("Q1")
    parts = gap.loc[["NLTS", "CNXD", "DV", "TSP", "inconsistency"], "gap_pp"].sum()
    assert parts == pytest.approx(gap.loc["GRDP", "gap_pp"], abs=1e-9)
    assert gap.loc["TSP", "actual_source"] == "estimated"  # derived, not dropped


def test_questionable_values_are_refused(tmp_path: Path) -> None:
    cb = gs.datasets.cao_bang_2025()
    with pytest.raises(gs.InvalidValueError, match="above zero"):
        cb.with_actuals(levels={"DV": {"Q3": 0.0}})
    with pytest.raises(gs.PeriodError):
        cb.growth("")
    with pytest.raises(gs.InvalidValueError):
        cb.with_targets({"DV": {"Q4": 1e20}})
    rq = cb.required_growth(8.0, policy="proportional")
    assert rq.feasible and rq.reached_pct == pytest.approx(8.0, abs=1e-9)


def test_a_scenario_saved_elsewhere_reloads(tmp_path: Path, national_csv: Path) -> None:
    here = tmp_path / "a"
    here.mkdir()
    text = f'year = 2024\n[base]\nfile = "{os.path.relpath(national_csv, here)}"\n[targets.GDP]\nY = 6.5\n'
    (here / "sc.toml").write_text(text)
    sc = gs.Scenario.from_file(here / "sc.toml")
    there = tmp_path / "b" / "c"
    there.mkdir(parents=True)
    sc.save(there / "copy.toml")
    assert gs.Scenario.from_file(there / "copy.toml") == sc


def test_reading_a_scenario_file_releases_the_gil(tmp_path: Path) -> None:
    fifo = tmp_path / "sc.toml"
    os.mkfifo(fifo)
    text = gs.datasets.cao_bang_2025().to_toml()
    # The reader blocks on the FIFO inside Rust; if it held the GIL, the main thread could not
    # run to write the file and the child would hang until the timeout.
    done = _child(
        f"""
        import threading, time
        import grdpsim as gs
        out = []
        t = threading.Thread(target=lambda: out.append(gs.Scenario.from_file({str(fifo)!r})))
        t.start()
        time.sleep(0.3)
        with open({str(fifo)!r}, "w") as f:
            f.write({text!r})
        t.join(20)
        print("read", out[0].name)
        """,
        timeout=60,
    )
    assert done.returncode == 0 and "read Cao Bằng 2025" in done.stdout, done.stderr


def test_untyped_errors_are_typed() -> None:
    acc = gs.datasets.cao_bang_base()
    for year in (2**31, -5, 2025.0, True):
        with pytest.raises(gs.InvalidArgumentError, match="year"):
            gs.Scenario(base=acc, year=year, targets={"GRDP": {"Y": 8.0}})  # type: ignore[arg-type]
    with pytest.raises(gs.InvalidArgumentError, match="rule"):
        gs.Scenario(base=acc, year=2025, targets={"GRDP": {"Y": 8.0}}, rule=("spread",))  # type: ignore[arg-type]
    with pytest.raises(gs.InvalidArgumentError, match="path"):
        gs.Scenario.from_file(3)  # type: ignore[arg-type]
    with pytest.raises(gs.InvalidArgumentError, match="base"):
        gs.Scenario(base={"GRDP": 1}, year=2025)  # type: ignore[arg-type]
