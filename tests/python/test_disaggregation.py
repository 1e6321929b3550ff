"""Temporal disaggregation through Python: R tempdisagg parity, the pandas front end, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import grdpsim as gs

# (R output, indicators, method, ratio, offset); README of tempdisagg_reference for the calls.
CASES = [
    ("R_output_chow_lin", ["exports_q"], "chow-lin-maxlog", 4, 12),
    ("R_output_chow_lin_two_indicator", ["exports_q", "imports_q"], "chow-lin-maxlog", 4, 12),
    ("R_output_denton", [], "denton", 4, 0),
    ("R_output_denton_cholette", [], "denton-cholette", 4, 0),
    ("R_output_denton_cholette_w_indicator", ["exports_q"], "denton-cholette", 4, 12),
    ("R_output_litterman_A_to_M", ["exports_m"], "litterman-maxlog", 12, 36),
]


@pytest.fixture(scope="module")
def reference(shared_data: Path) -> Path:
    path = shared_data / "tempdisagg_reference"
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    return path


def load(ref: Path, name: str) -> np.ndarray:
    return np.loadtxt(ref / f"{name}.txt")


def assert_parity(ours: np.ndarray, r: np.ndarray) -> None:
    err = np.abs(ours - r)
    ok = (err <= 1e-8) | (err <= 1e-8 * np.abs(r))
    assert ok.all(), f"worst abs {err.max():.3e} at {int(err.argmax())}"


@pytest.mark.parametrize(("output", "indicators", "method", "ratio", "offset"), CASES)
def test_reproduces_r(
    reference: Path, output: str, indicators: list[str], method: str, ratio: int, offset: int
) -> None:
    y = load(reference, "sales_a")
    x = np.column_stack([load(reference, f) for f in indicators]) if indicators else None
    r = gs.disaggregate(y, x, ratio=ratio, offset=offset, method=method)
    assert_parity(r.values, load(reference, output))
    assert r.aggregation_error < 1e-12
    assert r.method == method


def test_regression_report(reference: Path) -> None:
    y = load(reference, "sales_a")
    x = np.column_stack([load(reference, "exports_q"), load(reference, "imports_q")])
    r = gs.disaggregate(y, x, offset=12)
    assert r.coefficient_names == ["(Intercept)", "x0", "x1"]
    for name, est in r.coefficients.items():
        assert r.t_values[name] == pytest.approx(est / r.std_errors[name], rel=1e-14)
    assert r.rho == 0.0 and r.rho_truncated
    assert r.optimizer is not None and r.optimizer["argmin"] < 0
    assert r.sigma2 == pytest.approx(r.rss / 36, rel=1e-14)
    assert r.df == 33
    assert "'chow-lin-maxlog' disaggregation with 'sum' conversion" in r.summary()
    denton = gs.disaggregate(y, None, method="denton-cholette")
    assert denton.rho is None and denton.coefficients == {} and denton.loglik is None


def test_series_front_end_aligns_by_period(reference: Path) -> None:
    y = pd.Series(load(reference, "sales_a"), index=pd.period_range("1975", periods=36, freq="Y"))
    exports = load(reference, "exports_q")
    x = pd.DataFrame({"exports": exports}, index=pd.period_range("1972Q1", periods=len(exports), freq="Q"))
    q, fit = gs.disaggregate_series(y, x, return_result=True)
    assert fit.coefficient_names == ["(Intercept)", "exports"]
    assert str(q.index[0]) == "1972Q1" and str(q.index[-1]) == "2011Q2"
    assert_parity(q.to_numpy(), load(reference, "R_output_chow_lin"))
    assert q["1980"].sum() == pytest.approx(y["1980"], rel=1e-12)
    # Monthly indicator: ratio 12 and offset 36 come from the indexes.
    exports_m = load(reference, "exports_m")
    xm = pd.Series(exports_m, index=pd.period_range("1972-01", periods=len(exports_m), freq="M"))
    m = gs.disaggregate_series(y, xm, method="litterman-maxlog")
    assert_parity(m.to_numpy(), load(reference, "R_output_litterman_A_to_M"))
    # No indicator: the target frequency by name.
    d, result = gs.disaggregate_series(y, freq="Q", method="denton-cholette", return_result=True)
    assert_parity(d.to_numpy(), load(reference, "R_output_denton_cholette"))
    assert isinstance(result, gs.Disaggregation) and result.n_high == 144


def test_quarterly_to_monthly_mean_conversion() -> None:
    rng = np.random.default_rng(4)
    iip = 100 + np.cumsum(rng.normal(0.3, 1.0, 3 * 12 + 2))
    quarterly = iip[:36].reshape(12, 3).mean(axis=1) * 1.02 + rng.normal(0, 0.5, 12)
    r = gs.disaggregate(quarterly, iip, ratio=3, conversion="mean", method="fernandez")
    assert len(r.values) == 38
    np.testing.assert_allclose(r.values[:36].reshape(12, 3).mean(axis=1), quarterly, rtol=1e-10)


def test_errors_are_typed() -> None:
    y = np.array([10.0, 11.0, 12.0, 13.0, 14.0])
    x = np.arange(1.0, 21.0) + np.sin(np.arange(20.0))
    with pytest.raises(gs.InvalidArgumentError, match="unknown method"):
        gs.disaggregate(y, x, method="chow-lin")
    with pytest.raises(gs.InvalidArgumentError, match="unknown conversion"):
        gs.disaggregate(y, x, conversion="median")
    with pytest.raises(gs.InvalidArgumentError, match="ratio 1"):
        gs.disaggregate(y, x, ratio=1)
    with pytest.raises(gs.InvalidArgumentError, match="offset 1"):
        gs.disaggregate(y, x, offset=1)
    with pytest.raises(gs.InvalidArgumentError, match="fixed_rho"):
        gs.disaggregate(y, x, method="chow-lin-fixed", fixed_rho=1.2)
    bad_y = y.copy()
    bad_y[2] = np.nan
    with pytest.raises(gs.InvalidValueError, match="index 2"):
        gs.disaggregate(bad_y, x)
    with pytest.raises(gs.InconsistentDataError, match="collinear"):
        gs.disaggregate(y, np.column_stack([x, 2 * x]))
    # ... and all of them are ValueErrors and GrdpsimErrors.
    with pytest.raises(ValueError):
        gs.disaggregate(y, x, method="nope")
    with pytest.raises(gs.GrdpsimError):
        gs.disaggregate(y, x, criterion="relative")
    with pytest.raises(gs.InvalidArgumentError, match="2 names for 1 indicator"):
        gs.disaggregate(y, x, names=["a", "b"])


def test_nowcast_swisspharma_2011q1(reference: Path) -> None:
    """Sales known to 2010Q4, exports to February 2011: nowcast 2011Q1 (published value kept
    aside; one quarter is one draw, so the test checks the construction)."""
    sales_q = load(reference, "sales_q")
    exports_m = load(reference, "exports_m")
    y = sales_q[:144]
    n = gs.nowcast(y, exports_m[: 36 + 3 * 144 + 2], offset=36)
    assert n.observed == 2 and n.provisional
    assert n.level == pytest.approx(n.high_frequency.sum(), rel=1e-14)
    lo, hi = n.interval
    assert lo < n.level < hi
    assert n.growth_on_year_pct == pytest.approx(100 * (n.level / y[140] - 1), rel=1e-12)
    assert n.completed_indicator.shape == (36 + 3 * 145, 1)
    np.testing.assert_array_equal(n.completed_indicator[: 36 + 3 * 144 + 2, 0], exports_m[:470])
    assert n.disaggregation.n_high == 36 + 3 * 145


def test_nowcast_errors_are_typed() -> None:
    y = np.arange(8.0) + 100
    with pytest.raises(gs.InvalidArgumentError, match="y must be one-dimensional"):
        gs.nowcast(y.reshape(2, 4), np.arange(26.0) + 1)
    with pytest.raises(gs.InvalidArgumentError, match="nowcast needs"):
        gs.nowcast(y, np.arange(24.0) + 1)
