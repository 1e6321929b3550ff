"""Probability of reaching the target, from Python: the report's tables, the two-piece normal
against an independent implementation (the ``twopiece`` package), the Monte Carlo against the
analytic answer, reproducibility, typed errors, the backtest on the national accounts."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import grdpsim as gs


@pytest.fixture(scope="module")
def cb() -> gs.Scenario:
    return gs.datasets.cao_bang_2025()


CORR = pd.DataFrame(
    [
        [1.0, 0.2, 0.1, 0.3, 0.0],
        [0.2, 1.0, 0.4, 0.3, 0.1],
        [0.1, 0.4, 1.0, 0.2, 0.0],
        [0.3, 0.3, 0.2, 1.0, 0.5],
        [0.0, 0.1, 0.0, 0.5, 1.0],
    ],
    index=["NLTS", "CN", "XD", "DV", "TSP"],
    columns=["NLTS", "CN", "XD", "DV", "TSP"],
)
SD = {"NLTS": 2.0, "CN": 3.0, "XD": 5.0, "DV": 1.5, "TSP": 2.5}


def test_analytic_p_is_phi_of_mean_over_sd(cb: gs.Scenario) -> None:
    p = cb.probability(8.0, uncertainty=gs.Uncertainty.normal(SD, corr=CORR, ar=0.5))
    assert p.method == "analytic" and p.p_reach_se == 0.0
    phi = 0.5 * math.erfc(-(p.mean_pct - 8.0) / p.sd_pct / math.sqrt(2))
    assert p.p_reach == pytest.approx(phi, abs=1e-10)  # statrs erfc vs libm erfc
    assert p.mean_pct == pytest.approx(cb.growth("Y"), abs=1e-12)
    assert p.by_sector["variance_share"].sum() == pytest.approx(1.0)
    # Elapsed quarters are lines, the remaining ones bands.
    assert list(p.fan_known) == [True, True, True, False, False, False, False]
    assert (p.fan.loc["H1"].max() - p.fan.loc["H1"].min()) < 1e-9
    assert p.fan.loc["H1", "p50"] == pytest.approx(cb.growth("H1"))
    assert p.required is not None and p.required.name == "Q4"
    assert p.expected_shortfall_pp is not None and p.expected_shortfall_pp > 0
    frame = p.to_frame()
    assert list(frame.index) == ["total", "NLTS", "CN", "XD", "DV", "TSP"]
    assert "P(annual growth" in p._repr_html_() and "\n" not in repr(p)


def test_monte_carlo_agrees_with_analytic_and_reproduces(cb: gs.Scenario) -> None:
    u = gs.Uncertainty.normal(SD, corr=CORR, ar=0.5)
    exact = cb.probability(7.5, uncertainty=u, method="analytic")
    mc = cb.probability(7.5, uncertainty=u, method="monte_carlo", paths=100_000, seed=3)
    assert abs(mc.p_reach - exact.p_reach) < 3 * mc.p_reach_se
    again = cb.probability(7.5, uncertainty=u, method="monte_carlo", paths=100_000, seed=3, threads=1)
    assert again.p_reach == mc.p_reach
    pd.testing.assert_frame_equal(again.fan, mc.fan)
    pd.testing.assert_frame_equal(again.by_sector, mc.by_sector)


def test_kept_paths_are_the_ones_the_probability_counts(cb: gs.Scenario) -> None:
    u = gs.Uncertainty.student_t(SD, df=6, corr=CORR, ar=0.3)
    p = cb.probability(8.0, uncertainty=u, paths=20_000, seed=5, keep_paths=True)
    kept = p.paths_kept
    assert kept is not None and kept.shape == (20_000, 5, 4)
    # Q1 and Q2 are published: every path holds the sector's actual growth there.
    for i, sector in enumerate(p.by_sector.index):
        for q in (0, 1):
            assert np.all(kept[:, i, q] == kept[0, i, q])
            assert kept[0, i, q] == pytest.approx(cb.growth(f"Q{q + 1}", sector), abs=1e-9)
    # Annual GRDP growth recomputed from each path with the base weights.
    base = np.array([[cb.base.level(f"2024Q{q}", s) for q in (1, 2, 3, 4)] for s in p.by_sector.index])
    annual = (base * (1 + kept / 100)).sum(axis=(1, 2)) / base.sum() * 100 - 100
    assert (annual >= 8.0).mean() == pytest.approx(p.p_reach, abs=1e-12)
    assert annual.mean() == pytest.approx(p.mean_pct, abs=1e-9)
    # Without keep_paths nothing is kept, and the figures are the same run's.
    plain = cb.probability(8.0, uncertainty=u, paths=20_000, seed=5)
    assert plain.paths_kept is None and plain.p_reach == p.p_reach
    # A normal model is simulated when paths are kept.
    normal = cb.probability(
        8.0, uncertainty=gs.Uncertainty.normal(SD, corr=CORR), paths=5_000, keep_paths=True
    )
    assert normal.method == "monte_carlo" and normal.paths_kept is not None
    with pytest.raises(gs.InvalidArgumentError, match="keep_paths"):
        cb.probability(8.0, uncertainty=gs.Uncertainty.normal(SD), method="analytic", keep_paths=True)


def test_two_piece_quantiles_match_the_twopiece_package() -> None:
    twopiece_scale = pytest.importorskip("twopiece.scale")
    for skew in (-0.5, 0.0, 0.3, 0.8):
        u = gs.Uncertainty.two_piece(1.0, skew)
        sd = 1.7
        ref = twopiece_scale.tpnorm(loc=0.0, sigma1=sd / math.sqrt(1 + skew), sigma2=sd / math.sqrt(1 - skew))
        for p in (0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99):
            assert u.ppf(p, sd) == pytest.approx(float(ref.ppf(p)), abs=1e-9), (skew, p)


def test_two_piece_simulation_follows_its_marginal(cb: gs.Scenario) -> None:
    # One free sector-quarter: annual growth = constant + weight × deviation, so its
    # percentiles are the marginal's, scaled.
    sc = gs.Scenario(
        cb.base,
        2025,
        {"GRDP": {"Y": 8.0}},
        actuals={
            s: {"Q1": 7.0, "Q2": 7.0, "Q3": 7.0, **({} if s == "DV" else {"Q4": 8.0})}
            for s in ["NLTS", "CN", "XD", "DV", "TSP"]
        },
    )
    u = gs.Uncertainty.two_piece({"NLTS": 0, "CN": 0, "XD": 0, "DV": 3.0, "TSP": 0}, 0.6)
    p = sc.probability(uncertainty=u, paths=200_000, seed=1)
    w = (p.fan.loc["Y", "p90"] - p.fan.loc["Y", "p50"]) / (u.ppf(0.9, 3.0) - u.ppf(0.5, 3.0))
    lo = (p.fan.loc["Y", "p50"] - p.fan.loc["Y", "p10"]) / (u.ppf(0.5, 3.0) - u.ppf(0.1, 3.0))
    assert w == pytest.approx(lo, rel=0.02)


def test_zero_sd_sector_is_deterministic(cb: gs.Scenario) -> None:
    sd = dict(SD, CN=0.0)
    p = cb.probability(uncertainty=gs.Uncertainty.student_t(sd, 5.0, corr=CORR), paths=20_000)
    cn = p.by_sector.loc["CN"]
    q = cn[[f"p{k}" for k in range(5, 100, 5)]].to_numpy(dtype=float)
    assert np.ptp(q) == 0.0 and cn["variance_share"] == 0.0


def test_bad_input_is_a_typed_error(cb: gs.Scenario) -> None:
    with pytest.raises(gs.InvalidValueError, match="sd"):
        gs.Uncertainty.normal(-1.0)
    with pytest.raises(gs.InvalidValueError, match="df > 2"):
        gs.Uncertainty.student_t(1.0, 2.0)
    bad = CORR.copy()
    bad.loc["DV", "TSP"] = bad.loc["TSP", "DV"] = -0.99
    bad.loc["NLTS", "DV"] = bad.loc["DV", "NLTS"] = 0.99
    bad.loc["NLTS", "TSP"] = bad.loc["TSP", "NLTS"] = 0.99
    with pytest.raises(gs.InvalidValueError, match="positive semi-definite") as e:
        gs.Uncertainty.normal(SD, corr=bad)
    assert e.value.sector == "TSP"
    asym = CORR.copy()
    asym.loc["CN", "XD"] = 0.9
    with pytest.raises(gs.InvalidValueError, match="CN and XD: .*not symmetric"):
        gs.Uncertainty.normal(SD, corr=asym)
    with pytest.raises(gs.InvalidArgumentError):
        cb.probability(uncertainty=gs.Uncertainty.student_t(1.0, 4.0), paths=0)
    with pytest.raises(gs.InvalidArgumentError):
        cb.probability(uncertainty=1.0)  # type: ignore[arg-type]
    with pytest.raises(gs.InvalidValueError, match="not a leaf"):
        cb.probability(uncertainty=gs.Uncertainty.normal({"GRDP": 1.0}))


def test_plot_draws_a_fan(cb: gs.Scenario) -> None:
    pytest.importorskip("matplotlib")
    p = cb.probability(uncertainty=gs.Uncertainty.normal(SD, corr=CORR, ar=0.5))
    ax = p.plot()
    assert ax.get_title().startswith("P(reach")
    import matplotlib.pyplot as plt

    plt.close("all")


def test_history_and_backtest_on_national_accounts(national_csv: Path) -> None:
    acc = gs.Accounts.from_csv(national_csv)
    u = gs.Uncertainty.from_history(acc, method="mean", years=1)
    assert u.calibration is not None and "2012Q1" in u.calibration
    boot = gs.Uncertainty.bootstrap(acc, block=4, method="mean", years=1)
    assert "bootstrap" in boot.describe()
    # The forecast calibrated on, as its program name (the CLI branches on it).
    assert u.forecast == "mean" and boot.forecast == "mean"
    assert gs.Uncertainty.from_history(acc, method="within_year").forecast == "within_year"
    assert gs.Uncertainty.normal(1.5).forecast is None
    bt = gs.backtest(
        acc,
        lambda h: gs.Uncertainty.from_history(h, method="mean", years=1),
        years=[2016, 2017],
        known_quarters=(0, 2),
    )
    assert len(bt.table) == 4
    assert set(bt.coverage.columns) >= {"coverage_50", "coverage_80", "crps"}
    assert bt.pit_histogram.sum() == 4
    assert ((bt.table["pit"] >= 0) & (bt.table["pit"] <= 1)).all()


def test_report_adds_the_probability_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from grdpsim.cli import main

    assert main(["report", "--uncertainty", "normal:1.5"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("Probability: P(annual growth ≥ 8.00%)") and "sd 1.50 pp" in last
    # The embedded base is too short (and flat within each year): said, not faked.
    assert main(["report", "--uncertainty", "history"]) == 0
    assert "not computed" in capsys.readouterr().out.strip().splitlines()[-1]
    toml = tmp_path / "u.toml"
    toml.write_text(
        '[uncertainty]\nshape = "two_piece"\nskew = -0.3\nar = 0.4\n'
        "[uncertainty.sd]\nNLTS = 2.0\nCN = 3.0\nXD = 6.0\nDV = 1.5\nTSP = 3.0\n"
    )
    assert main(["report", "--uncertainty", str(toml)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert "two-piece normal (skew -0.3)" in last and "paths" in last
    assert main(["report", "--uncertainty", str(tmp_path / "missing.toml")]) == 2


def test_the_uncertainty_file_is_read_and_written_by_the_core(tmp_path: Path) -> None:
    path = tmp_path / "u.toml"
    path.write_text(
        '[uncertainty]\nshape = "student_t"\ndf = 6\nar = 0.3\ncorr = [[1.0, 0.4], [0.4, 1.0]]\n'
        "[uncertainty.sd]\nXD = 6.0\nNLTS = 2\n"
    )
    u = gs.Uncertainty.from_file(path)
    stated = gs.Uncertainty.student_t(
        {"XD": 6.0, "NLTS": 2.0}, 6.0, corr=np.array([[1.0, 0.4], [0.4, 1.0]]), ar=0.3
    )
    assert u._inner == stated._inner  # the file's order of sectors names the matrix's rows
    out = tmp_path / "out.toml"
    u.to_file(out)
    assert gs.Uncertainty.from_file(out)._inner == u._inner
    assert gs.Uncertainty.from_toml(u.to_toml())._inner == u._inner
    path.write_text('[uncertainty]\n[uncertainty.sd]\nXD = 6.0\nNLTS = "two"\n')
    with pytest.raises(gs.ParseError, match=r"line 4: uncertainty\.sd\.NLTS: expected a number"):
        gs.Uncertainty.from_file(path)
    with pytest.raises(gs.DataFileError):
        gs.Uncertainty.from_file(tmp_path / "missing.toml")
    boot = gs.Uncertainty.bootstrap(gs.datasets.cao_bang_2025().base, block=1, method="within_year")
    with pytest.raises(gs.InvalidArgumentError, match="to_snapshot"):
        boot.to_toml()


# ---------------------------------------------------------------- runs the user controls (issue 22)

INTERRUPTED_RUN = """
import os, signal, sys, threading
import grdpsim as gs
cb = gs.datasets.cao_bang_2025()
u = gs.Uncertainty.student_t(2.0, df=5)
CHECKS = 3
seen = []
rearm = threading.Event()
def handler(signum, frame):
    # Runs only when the core asks Python for signals (between batches of chunks) while one
    # is pending: each call is one such check. The first CHECKS - 1 have Ctrl-C pressed again
    # (by another thread, so that the next check finds it pending) and let the run go on;
    # the last raises.
    seen.append(frame.f_code.co_name)
    if len(seen) < CHECKS:
        rearm.set()
    else:
        raise KeyboardInterrupt
def press():
    while True:
        rearm.wait()
        rearm.clear()
        os.kill(os.getpid(), signal.SIGINT)
def run():
    {call}
signal.signal(signal.SIGINT, handler)
threading.Thread(target=press, daemon=True).start()
# When Ctrl-C is first pressed is a trigger, not an assertion: the run takes tens of seconds.
threading.Timer(1.0, rearm.set).start()
try:
    run()
except KeyboardInterrupt:
    print(len(seen), ",".join(seen))
else:
    sys.exit(f"the run finished: interrupted at none of {{len(seen)}} checks")
"""


@pytest.mark.parametrize(
    "call",
    [
        'cb.probability(8.0, u, paths=10**8, method="monte_carlo")',
        'cb.probability(8.0, u, paths=10**8, method="monte_carlo", threads=1)',
        "gs._core.simulate_chunks(cb._inner, u._inner, 0, 12000, 8.0, 10**8, 0, 'monte_carlo', None)",
    ],
)
def test_ctrl_c_stops_a_long_monte_carlo_at_the_next_check(call: str) -> None:
    # 10^8 paths ran 30 s and Ctrl-C was honoured only at the end; now the core asks Python
    # between batches of chunks and stops at the first check that raises. The child counts
    # the checks that find Ctrl-C pending: the run went on through the first two (the core
    # asks again and again while it runs, not once at the end) and ended at the third, before
    # its last chunk (it raised KeyboardInterrupt instead of returning) and with no further
    # check after it (the handler ran exactly three times).
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_RUN.format(call=call)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    checks, frames = done.stdout.split()
    assert int(checks) == 3
    # Each check ran while run() was calling into the core (the frame Python was in: run or
    # grdpsim's wrapper), none after it returned or from within the handler.
    assert not {"<module>", "handler"} & set(frames.split(",")), frames


CEILING_CHECK = """
import grdpsim as gs
cb = gs.datasets.cao_bang_2025()
u = gs.Uncertainty.student_t(2.0, df=5)
paths = {paths}
try:
    cb.probability(8.0, u, paths=paths, method="monte_carlo")
except gs.InvalidArgumentError as e:
    assert f"paths: {{paths}} is above the ceiling of 1000000000" in str(e), str(e)
    assert "memory" in str(e) and "thread" in str(e), str(e)
    assert e.kind == "above_ceiling" and e.value == float(paths)
else:
    raise SystemExit("no error")
try:
    gs._core.monte_carlo_chunks(cb._inner, u._inner, 8.0, paths, 0, "monte_carlo")
except gs.InvalidArgumentError as e:
    assert "above the ceiling" in str(e)
else:
    raise SystemExit("no error from monte_carlo_chunks")
"""


@pytest.mark.parametrize("paths", [2**62, 10**10, 10**9 + 1])
def test_paths_above_the_ceiling_are_refused_at_once(paths: int) -> None:
    # 2**62 aborted Python (an 18 PB allocation); 10**10 ran for hours and ignored Ctrl-C: in
    # a child process, so that a regression fails this test instead of ending the run.
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", CEILING_CHECK.format(paths=paths)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_kept_paths_have_a_memory_ceiling(cb: gs.Scenario) -> None:
    u = gs.Uncertainty.student_t(2.0, df=5)
    ceiling = r"paths \(kept\): 10000000 is above the ceiling of 6710886"
    with pytest.raises(gs.InvalidArgumentError, match=ceiling):
        cb.probability(8.0, u, paths=10**7, method="monte_carlo", keep_paths=True)
