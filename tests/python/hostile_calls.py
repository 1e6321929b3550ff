"""Hostile arguments for the front ends: only grdpsim's typed errors escape, results are finite.

Run as a script (``python hostile_calls.py --examples N``) by ``test_hostile.py``, in a child
process so that a crash of the interpreter (a Rust abort, a stack overflow) is a failure of
that test rather than the end of the run. Exits non-zero with hypothesis' falsifying example
when an untyped exception escapes.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import grdpsim as gs

# Values that broke something once, next to random ones.
SIZES = [0, 1, 2, 3, 4, 12, 2**31, 2**40, 2**62, 2**63, 2**64 - 20, 2**64, 10**11, 2_054_254, -1]
REALS = [math.nan, math.inf, -math.inf, -2.0, 0.0, 1.0, 1e300, -1e-300, 0.999999, -1.0]
PERIODS = ["2024Q1", "2024Q2", "2023Q4", "202400000Q1", "20242024Q4", "99999", "0999Q1",
           "2024Q5", "", "nan", "2024-Q1", "9999Q4", "1000Q1"]
SECTORS = ["GRDP", "NLTS", "CNXD", "DV", "TSP", "A", "GDP", "XYZ", ""]

anything_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.sampled_from(SIZES),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(REALS),
    st.complex_numbers(max_magnitude=1e6),
    st.text(max_size=4),
)
# Mostly the right type with hostile values (to reach the core), sometimes anything at all.
small = st.integers(0, 14)
sizes = st.one_of(small, small, st.sampled_from(SIZES), anything_scalar)
reals = st.one_of(st.floats(-2, 2), st.sampled_from(REALS), anything_scalar)
option_names = st.sampled_from(
    ["chow-lin-maxlog", "chow-lin-fixed", "fernandez", "litterman-fixed", "litterman-minrss",
     "ols", "denton", "denton-cholette", "uniform", "sum", "mean", "first", "last",
     "additive", "proportional"]
)
names = st.one_of(option_names, option_names, option_names, anything_scalar)
methods = st.sampled_from(
    ["chow-lin-maxlog", "chow-lin-minrss-ecotrim", "chow-lin-fixed", "fernandez",
     "litterman-maxlog", "litterman-fixed", "ols", "denton", "denton-cholette", "uniform"]
)
flags = st.one_of(st.booleans(), st.booleans(), anything_scalar)
finite_values = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6)
series_values = st.one_of(finite_values, finite_values, st.floats(), st.sampled_from(REALS))


@st.composite
def arrays(draw: st.DrawFn, max_len: int = 40) -> Any:
    kind = draw(st.integers(0, 12))
    n = draw(st.integers(0, max_len))
    values = draw(st.lists(series_values, min_size=n, max_size=n))
    if kind <= 7:
        return np.array(values, dtype=np.float64)
    if kind == 8:
        return [complex(v, 1) for v in values]
    if kind == 9:
        return np.array(values, dtype=np.float64).reshape(-1, 1) if n else []
    if kind == 10:
        return [str(v) for v in values]
    if kind == 11:
        return [values, values[:1]]  # ragged
    return draw(anything_scalar)


def call_disaggregate(draw: st.DrawFn) -> Any:
    kwargs = {
        key: draw(strategy)
        for key, strategy in [
            ("ratio", sizes), ("offset", sizes), ("method", names), ("conversion", names),
            ("truncated_rho", reals), ("fixed_rho", st.one_of(st.none(), reals)),
            ("intercept", flags), ("h", sizes), ("criterion", names),
            ("names", st.one_of(st.none(), st.lists(anything_scalar, max_size=3))),
        ]
        if draw(st.booleans())
    }
    x = draw(st.one_of(st.none(), arrays(max_len=60)))
    return gs.disaggregate(draw(arrays(max_len=12)), x, **kwargs)


def call_nowcast(draw: st.DrawFn) -> Any:
    kwargs = {
        key: draw(strategy)
        for key, strategy in [
            ("ratio", sizes), ("offset", sizes), ("method", names), ("conversion", names),
            ("seasonal_period", sizes), ("level", reals), ("intercept", flags),
        ]
        if draw(st.booleans())
    }
    return gs.nowcast(draw(arrays(max_len=12)), draw(arrays(max_len=60)), **kwargs)


def call_from_frame(draw: st.DrawFn) -> None:
    n = draw(st.integers(0, 12))
    columns = {
        "period": draw(st.lists(st.one_of(st.sampled_from(PERIODS), anything_scalar),
                                min_size=n, max_size=n)),
        "sector": draw(st.lists(st.one_of(st.sampled_from(SECTORS), anything_scalar),
                                min_size=n, max_size=n)),
        "value": draw(st.lists(st.one_of(series_values, anything_scalar), min_size=n, max_size=n)),
    }
    if draw(st.booleans()):
        columns["price_basis"] = draw(st.lists(
            st.one_of(st.sampled_from(["constant_2010", "current", "x"]), anything_scalar),
            min_size=n, max_size=n))
    if draw(st.booleans()):
        del columns[draw(st.sampled_from(sorted(columns)))]
    frame: Any = pd.DataFrame(columns) if draw(st.integers(0, 5)) else columns
    gs.Accounts.from_frame(frame)


def float_arrays(max_len: int) -> st.SearchStrategy[Any]:
    return st.lists(series_values, max_size=max_len).map(lambda v: np.array(v, dtype=np.float64))


def call_core_disaggregate(draw: st.DrawFn) -> Any:
    """Well-typed arguments with hostile values: what reaches the Rust core."""
    ratio = draw(st.one_of(st.integers(0, 6), st.sampled_from(SIZES[:-1])))
    y = draw(float_arrays(8))
    x = draw(st.one_of(st.none(), float_arrays(50), float_arrays(50).map(lambda a: np.c_[a, a])))
    return gs.disaggregate(
        y, x, ratio=ratio, offset=draw(st.one_of(st.integers(0, 5), st.sampled_from(SIZES[:-1]))),
        method=draw(methods), conversion=draw(st.sampled_from(["sum", "mean", "first", "last"])),
        truncated_rho=draw(st.sampled_from([0.0, 0.0, -1.0, 0.5, math.nan])),
        h=draw(st.integers(0, 4)), criterion=draw(st.sampled_from(["additive", "proportional"])),
        intercept=draw(st.booleans()),
    )


def call_core_nowcast(draw: st.DrawFn) -> Any:
    return gs.nowcast(
        draw(float_arrays(8)), draw(float_arrays(50)),
        ratio=draw(st.one_of(st.integers(0, 6), st.sampled_from(SIZES[:-1]))),
        offset=draw(st.one_of(st.integers(0, 5), st.sampled_from(SIZES[:-1]))),
        method=draw(methods), seasonal_period=draw(st.integers(0, 14)),
        level=draw(st.one_of(st.floats(0, 1), st.sampled_from(REALS))),
    )


def call_core_from_frame(draw: st.DrawFn) -> None:
    n = draw(st.integers(0, 24))
    periods = st.one_of(st.sampled_from(PERIODS), st.sampled_from(PERIODS[:3]))
    gs.Accounts.from_frame(pd.DataFrame({
        "period": draw(st.lists(periods, min_size=n, max_size=n)),
        "sector": draw(st.lists(st.sampled_from(SECTORS), min_size=n, max_size=n)),
        "value": draw(st.lists(series_values, min_size=n, max_size=n)),
    }))


def call_disaggregate_series(draw: st.DrawFn) -> Any:
    n = draw(st.integers(0, 6))
    y = pd.Series(draw(st.lists(series_values, min_size=n, max_size=n)), dtype=float,
                  index=pd.period_range("2020", periods=n, freq="Y"))
    freq = draw(st.one_of(st.sampled_from(["Q", "M", "D", "W", "Y", "h", "xyz"]), anything_scalar))
    x = None
    if draw(st.booleans()):
        m = draw(st.integers(0, 30))
        x = pd.Series(draw(st.lists(series_values, min_size=m, max_size=m)), dtype=float,
                      index=pd.period_range(draw(st.sampled_from(["2019Q1", "2020Q3", "2020-01"])),
                                            periods=m, freq=draw(st.sampled_from(["Q", "M"]))))
    return gs.disaggregate_series(y, x, freq=freq, method=draw(methods), return_result=True)[1]


CB = gs.datasets.cao_bang_2025()
SCENARIO_PERIODS = ["Q1", "Q2", "Q3", "Q4", "H1", "H2", "9M", "Y", "2025Q3", "2024Q1", "",
                    "Q5", "6M", "Q2-Q3", "2025"]
growth_figures = st.one_of(st.floats(-20, 30), st.floats(-20, 30), st.sampled_from(REALS),
                           st.sampled_from([1e6, 1e7, 1e305, -99.99, 0.05]), anything_scalar)
rate_maps = st.one_of(
    st.dictionaries(st.sampled_from(SECTORS + ["CN", "XD"]),
                    st.dictionaries(st.sampled_from(SCENARIO_PERIODS), growth_figures, max_size=3),
                    max_size=3),
    anything_scalar,
)
targets_or_codes = st.one_of(st.none(), st.sampled_from(SECTORS), st.lists(st.sampled_from(SECTORS), max_size=3),
                             st.dictionaries(st.sampled_from(SECTORS), st.one_of(st.none(), growth_figures),
                                             max_size=3),
                             anything_scalar)


def call_scenario(draw: st.DrawFn) -> Any:
    """Scenario construction and every query on hostile values; Cao Bằng 2025 what-ifs."""
    kind = draw(st.integers(0, 6))
    period = draw(st.one_of(st.sampled_from(SCENARIO_PERIODS), anything_scalar))
    sector = draw(st.one_of(st.none(), st.sampled_from(SECTORS + ["CN", "XD"]), anything_scalar))
    if kind == 0:
        sc = gs.Scenario(base=CB.base, year=draw(st.one_of(st.just(2025), anything_scalar)),
                         targets=draw(rate_maps), actuals=draw(rate_maps))
        return sc.growth(period, sector)
    if kind == 1:
        return CB.with_actuals(draw(rate_maps), provisional=draw(flags)).growth(period, sector)
    if kind == 2:
        return CB.with_targets(draw(rate_maps), hold=draw(st.sampled_from(["quarters", "annual", "x"])))\
            .target_growth(period, sector)
    if kind == 3:
        return CB.required_growth(
            draw(st.one_of(st.none(), growth_figures)),
            policy=draw(st.sampled_from(["uniform", "proportional", "sector_targets", "x"])),
            locked=draw(targets_or_codes), caps=draw(st.one_of(targets_or_codes, st.just("historical"))),
            spread=draw(st.sampled_from(["same", "keep_profile"])),
            elapsed_quarters=draw(st.one_of(st.none(), sizes)),
            tolerance_pp=draw(st.one_of(st.just(0.005), reals)),
        )
    if kind == 4:
        return CB.gap(period)
    if kind == 5:
        return CB.goal_seek(sector, draw(growth_figures), mode=draw(st.sampled_from(["tracking", "planning"])))
    return gs.Scenario.from_toml(draw(st.text(max_size=60)))


def assert_finite(result: Any) -> None:
    """What is returned is finite: values, preliminary series, residuals, the nowcast's level."""
    if isinstance(result, gs.Nowcast):
        scalars = [result.level, result.growth_on_previous_pct, result.std_error,
                   result.growth_on_year_pct, *(result.interval or ()),
                   *(result.growth_on_year_interval_pct or ())]
        assert all(math.isfinite(v) for v in scalars if v is not None), result
        result = result.disaggregation
    if isinstance(result, gs.Disaggregation):
        for name in ("values", "preliminary", "residuals"):
            assert np.isfinite(getattr(result, name)).all(), (name, result)
        assert all(math.isfinite(v) for v in result.coefficients.values()), result
    if isinstance(result, float):
        assert math.isfinite(result), result
    if isinstance(result, gs.RequiredGrowth):
        assert math.isfinite(result.grdp_pct) and math.isfinite(result.reached_pct), result
        assert np.isfinite(result.by_sector_quarter.to_numpy(dtype=float)).all(), result
        repr(result)
    if isinstance(result, gs.GoalSeek):
        assert math.isfinite(result.growth_pct), result
    if isinstance(result, pd.DataFrame):
        numbers = result.select_dtypes("number").to_numpy(dtype=float)
        assert np.isfinite(numbers).all(), result


CALLS = [call_disaggregate, call_nowcast, call_from_frame, call_disaggregate_series,
         call_core_disaggregate, call_core_nowcast, call_core_from_frame, call_scenario]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=150)
    examples = parser.parse_args().examples

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def only_typed_errors(data: st.DataObject) -> None:
        call = data.draw(st.sampled_from(CALLS))
        try:
            result = call(data.draw)
        except gs.GrdpsimError:
            return
        assert_finite(result)

    only_typed_errors()


if __name__ == "__main__":
    main()
