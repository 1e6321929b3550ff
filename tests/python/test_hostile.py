"""Issue 16: hostile and absurd input gives one of grdpsim's typed errors, never a crash.

Calls that used to kill the interpreter (stack overflow, allocation failure) run in a child
process, so that a regression fails the test instead of ending the run.
"""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pytest

import grdpsim as gs
from grdpsim import _core

HERE = Path(__file__).resolve().parent


def run_isolated(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Runs ``code`` in a fresh interpreter; a crash is a non-zero return code, a hang a timeout."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_raises_in_child(code: str, error: str, match: str) -> None:
    script = f"""
        import numpy as np, grdpsim as gs
        try:
            {code}
        except gs.{error} as e:
            assert {match!r} in str(e), str(e)
        else:
            raise SystemExit("no error")
    """
    done = run_isolated(script)
    assert done.returncode == 0, f"{code}: exit {done.returncode}\n{done.stdout}{done.stderr}"


# ---------------------------------------------------------------- files


def test_deeply_nested_sdmx_is_a_parse_error(tmp_path: Path) -> None:
    path = tmp_path / "d.xml"
    path.write_text("<a>" * 20000 + "</a>" * 20000)
    assert_raises_in_child(f"gs.Accounts.from_sdmx({str(path)!r})", "ParseError", "nest deeper")


def test_absurd_sdmx_year_is_a_parse_error(tmp_path: Path) -> None:
    for bad in ("202400000-Q1", "20242024-Q4"):
        path = tmp_path / f"{bad}.xml"
        path.write_text(
            '<m><DataSet><Series FREQ="Q" INDICATOR="NGDP_R_XDC">'
            '<Obs TIME_PERIOD="2024-Q1" OBS_VALUE="1"/>'
            f'<Obs TIME_PERIOD="{bad}" OBS_VALUE="2"/></Series></DataSet></m>'
        )
        assert_raises_in_child(f"gs.Accounts.from_sdmx({str(path)!r})", "ParseError", "between 1000 and 9999")


def test_years_past_9999_are_refused_at_load_time() -> None:
    # acc.quarters raised pandas' DateParseError for such accounts.
    levels = np.full((4, 8), 100.0)
    with pytest.raises(gs.PeriodError, match="between 1000 and 9999"):
        gs.Accounts.from_leaf_levels(gs.SectorTree.provincial(), "9999Q1", levels)
    frame = pd.DataFrame({"period": ["2024Q1", "10000Q1"], "sector": ["GRDP", "GRDP"], "value": [1.0, 2.0]})
    with pytest.raises(gs.ParseError, match="between 1000 and 9999"):
        gs.Accounts.from_frame(frame)


def test_accounts_front_end_raises_typed_errors() -> None:
    with pytest.raises(gs.InvalidArgumentError, match="DataFrame"):
        gs.Accounts.from_frame({"period": ["2024Q1"]})  # type: ignore[arg-type]
    with pytest.raises(gs.InvalidArgumentError, match="two-dimensional"):
        gs.Accounts.from_leaf_levels(gs.SectorTree.provincial(), "2024Q1", np.ones(4))
    with pytest.raises(gs.InvalidArgumentError, match="SectorTree"):
        gs.Accounts.from_leaf_levels("provincial", "2024Q1", np.ones((4, 8)))  # type: ignore[arg-type]
    with pytest.raises(gs.InvalidArgumentError, match="path"):
        gs.Accounts.from_csv(123)  # type: ignore[arg-type]
    frame = pd.DataFrame({"period": ["2024Q1"], "sector": ["GRDP"], "value": [1 + 2j]})
    with pytest.raises(gs.ParseError, match="complex"):
        gs.Accounts.from_frame(frame)


# ---------------------------------------------------------------- disaggregation

Y = "np.array([400.0, 420.0, 445.0])"
X = "100 + np.arange(12.0)"


ABSURD_SIZES = [
    f"gs.disaggregate({Y}, ratio=2**40)",
    f"gs.disaggregate({Y}, offset=10**11)",
    f"gs.disaggregate({Y}, ratio=2**62)",
    f"gs.disaggregate({Y}, {X}, offset=2**64 - 20)",
    f"gs.disaggregate({Y}, ratio=2_054_254)",
    f"gs.disaggregate({Y}, {X}, ratio=2**63, offset=2**63)",
    f"gs.disaggregate({Y}, ratio=2**64)",
    f"gs.nowcast({Y}, {X}, ratio=2**40)",
    f"gs.nowcast({Y}, {X}, offset=2**64 - 20)",
]


def test_absurd_sizes_are_invalid_arguments() -> None:
    # Each of these aborted, panicked, hung or wrapped round before issue 16. One child runs
    # them all (an interpreter per call would cost seconds); it prints each call before it.
    script = "import numpy as np, grdpsim as gs\n" + "".join(
        f"print({call!r}, flush=True)\n"
        f"try:\n    {call}\nexcept gs.InvalidArgumentError:\n    pass\n"
        "else:\n    raise SystemExit('no error')\n"
        for call in ABSURD_SIZES
    )
    done = run_isolated(script)
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}{done.stderr}"
    assert done.stdout.count("\n") == len(ABSURD_SIZES)


@pytest.mark.parametrize("level", [float("nan"), -2.0, 0.0, 1.0, float("inf")])
def test_nowcast_refuses_a_level_that_gives_no_interval(level: float) -> None:
    iip = 100 + np.arange(26.0) + 3 * np.sin(np.arange(26) % 12)
    va = 4.5 * (101 + 3 * np.arange(8.0))
    with pytest.raises(gs.InvalidArgumentError, match="level"):
        gs.nowcast(va, iip, level=level)


def test_a_disaggregation_that_does_not_add_back_is_an_error() -> None:
    x = 100 + np.arange(12.0)
    with pytest.raises(gs.InconsistentDataError, match=r"adds up to y only within \d"):
        gs.disaggregate(1e-16 * np.array([400.0, 420.0, 445.0]), x, method="denton-cholette")
    x[5] = 1e300
    with pytest.raises(gs.InconsistentDataError):
        gs.disaggregate(np.array([400.0, 420.0, 445.0]), x, method="denton-cholette")


def test_chow_lin_beyond_its_size_bound_is_refused_at_once() -> None:
    x = 100 + np.arange(4000.0)
    y = x.reshape(-1, 4).sum(axis=1)
    # It took 83 s before issue 16; the bound's own message shows the refusal came from the
    # check made before any matrix is built.
    with pytest.raises(gs.InvalidArgumentError, match="at most 2000"):
        gs.disaggregate(y, x)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"ratio": 4.5}, "ratio must be an integer"),
        ({"offset": 1.0}, "offset must be an integer"),
        ({"ratio": True}, "ratio must be an integer"),
        ({"truncated_rho": 0.1j}, "truncated_rho must be a real number"),
        ({"method": 3}, "method must be a string"),
        ({"names": "x"}, "names must be a list"),
    ],
)
def test_arguments_of_the_wrong_type_are_invalid(kwargs: dict, match: str) -> None:
    with pytest.raises(gs.InvalidArgumentError, match=match):
        gs.disaggregate(np.array([400.0, 420.0, 445.0]), 100 + np.arange(12.0), **kwargs)


def test_complex_series_are_refused_not_truncated() -> None:
    with pytest.raises(gs.InvalidArgumentError, match="complex"):
        gs.disaggregate(np.array([400.0, 420.0, 445.0 + 1j]), method="denton-cholette")
    with pytest.raises(gs.InvalidArgumentError, match="complex"):
        gs.disaggregate(np.array([400.0, 420.0, 445.0]), (100 + np.arange(12.0)) * 1j)


def test_disaggregate_series_refuses_empty_y_and_uneven_frequencies() -> None:
    empty = pd.Series([], dtype=float, index=pd.PeriodIndex([], freq="Y"))
    with pytest.raises(gs.InvalidArgumentError, match="empty"):
        gs.disaggregate_series(empty, freq="Q")
    y = pd.Series([410.0, 432.0, 455.0, 470.0, 480.0], index=pd.period_range("2020", periods=5, freq="Y"))
    # 2020 and 2024 have 366 days: "D" used to be taken as ratio 365 and misalign the last year.
    for freq in ("D", "W"):
        with pytest.raises(gs.InvalidArgumentError, match="fixed number"):
            gs.disaggregate_series(y, freq=freq)
    with pytest.raises(gs.InvalidArgumentError, match="frequency"):
        gs.disaggregate_series(y, freq="xyz")
    with pytest.raises(gs.InvalidArgumentError, match="unknown option"):
        gs.disaggregate_series(y, freq="Q", ratio=4)


# ---------------------------------------------------------------- the GIL


def ticks_in_second_half(call: Callable[[], object]) -> int:
    """How often a 1 ms ticker thread ran during the second half of ``call``.

    Converting the arguments holds the GIL (the first part of the call); a Rust core that then
    releases it lets the ticker run, one that holds it stops the ticker to the end (0 ticks).
    """
    ticks: list[float] = []
    stop = threading.Event()

    def ticker() -> None:
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    time.sleep(0.02)
    start = time.perf_counter()
    call()
    end = time.perf_counter()
    stop.set()
    thread.join()
    middle = (start + end) / 2
    return sum(middle < t < end for t in ticks)


def test_loading_a_long_frame_releases_the_gil() -> None:
    n = 36000  # every quarter from 1000Q1 to 9999Q4
    periods = [f"{1000 + i // 4}Q{i % 4 + 1}" for i in range(n)] * 4
    sectors = [s for s in ("NLTS", "CNXD", "DV", "TSP") for _ in range(n)]
    bases = ["constant_2010"] * (4 * n)
    values = np.full(4 * n, 100.0)
    assert ticks_in_second_half(lambda: _core.Accounts.from_columns(periods, sectors, bases, values)) >= 3


# ---------------------------------------------------------------- fuzzing


def test_hostile_calls_raise_only_typed_errors() -> None:
    """hypothesis in a child process (hostile_calls.py): a crash counts as a failure. The
    count is GRDPSIM_HOSTILE_CALLS (default 300; the README's long run takes 100,000)."""
    import os

    examples = os.environ.get("GRDPSIM_HOSTILE_CALLS", "300")
    done = subprocess.run(
        [sys.executable, str(HERE / "hostile_calls.py"), "--examples", examples],
        capture_output=True,
        text=True,
        timeout=max(300, 0.2 * int(examples)),
    )
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout[-4000:]}{done.stderr[-4000:]}"
    assert "0 untyped errors" in done.stdout, done.stdout


def test_obstacles_status_is_a_label_or_a_list_of_labels() -> None:
    """Found by the long hostile-call run over the newest surfaces: ``status=None`` (or a
    number) let a raw ``TypeError`` escape from iterating it."""
    t = gs.datasets.cao_bang_disbursement_2025()
    for bad in (None, 5, [None], ["open", 3]):
        with pytest.raises(gs.InvalidArgumentError, match="status"):
            t.obstacles("2025-07-31", status=bad)  # type: ignore[arg-type]
    escalated = t.obstacles("2025-07-31", status="escalated")
    assert len(escalated) > 0 and set(escalated["status"]) == {"escalated"}
    both = t.obstacles("2025-07-31", status=["escalated", "đang xử lý"])
    assert set(both["status"]) == {"escalated", "in_progress"}
    assert len(both) == len(escalated) + len(t.obstacles("2025-07-31", status=("in_progress",)))


def test_weeks_do_not_nest_in_years() -> None:
    """Found by the long hostile-call run: weeks straddle years, so an annual series has no
    whole number of weeks; a raw pandas ValueError used to escape."""
    y = pd.Series([0.0, 0.0], index=pd.period_range("2020", periods=2, freq="Y"))
    with pytest.raises(gs.InvalidArgumentError, match="fixed number"):
        gs.disaggregate_series(y, freq="W")


# ---------------------------------------------------------------- issue 22: probability and batch


def test_student_t_quantile_far_in_the_tail_is_computed_not_a_panic() -> None:
    # statrs' inverse_cdf panicked at 1e-300 (PanicException); the tail is inverted by bisection.
    u = gs.Uncertainty.student_t(2.0, df=5)
    far = u.ppf(1e-300, sd=1.0)
    assert math.isfinite(far) and far < -1e50
    assert u.ppf(0.975, sd=1.0) == pytest.approx(2.570582 * math.sqrt(3 / 5), abs=1e-6)
    q = 2.0**-53  # 1 - q is exact
    assert u.ppf(1 - q, sd=1.0) == pytest.approx(-u.ppf(q, sd=1.0), rel=1e-9)


@pytest.mark.parametrize(
    ("p", "sd", "match"),
    [
        (0.999999, -2.0, "sd: -2 is not a standard deviation"),  # returned -9.5
        (0.5, math.nan, "sd: NaN"),
        (0.5, math.inf, "sd: inf"),
        (0.5, 0.0, "sd: 0"),
        (0.0, 1.0, "p: 0 is not a probability"),
        (1.0, 1.0, "p: 1 is not a probability"),
        (math.nan, 1.0, "p: NaN"),
    ],
)
def test_ppf_names_the_argument_at_fault(p: float, sd: float, match: str) -> None:
    for u in (
        gs.Uncertainty.student_t(2.0, df=5),
        gs.Uncertainty.normal(1.0),
        gs.Uncertainty.two_piece(1.0, 0.3),
    ):
        with pytest.raises(gs.InvalidArgumentError, match=match):
            u.ppf(p, sd=sd)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"since": "2020"}, "since must be an integer"),
        ({"since": 2**70}, "since must be a non-negative integer"),
        ({"since": 99999}, "not a year between 1000 and 9999"),
        ({"method": None}, "method must be a string"),
        ({"method": 5}, "method must be a string"),
        ({"block": 2.0}, "block must be an integer"),
    ],
)
def test_calibrations_check_their_arguments(kwargs: dict, match: str) -> None:
    acc = gs.datasets.cao_bang_base()
    for name in ("bootstrap", "from_history"):
        if "block" in kwargs and name == "from_history":
            continue
        with pytest.raises(gs.InvalidArgumentError, match=match):
            getattr(gs.Uncertainty, name)(acc, **kwargs)
    with pytest.raises(gs.InvalidArgumentError, match="accounts"):
        gs.Uncertainty.from_history("accounts")  # type: ignore[arg-type]


def test_a_correlation_that_is_not_a_square_matrix_is_refused() -> None:
    sd = {"NLTS": 1.0, "CN": 1.0, "XD": 1.0, "DV": 1.0, "TSP": 1.0}
    for corr in (0.5, np.ones(5), np.ones((5, 4)), np.eye(5) * 1j):
        with pytest.raises(gs.InvalidArgumentError, match="corr"):
            gs.Uncertainty.normal(sd, corr=corr)  # type: ignore[arg-type]


def test_probability_method_and_distribution_arguments_are_typed() -> None:
    cb = gs.datasets.cao_bang_2025()
    u = gs.Uncertainty.normal(1.0)
    with pytest.raises(gs.InvalidArgumentError, match="method must be a string"):
        cb.probability(8.0, u, method=None)  # type: ignore[arg-type]
    p = cb.probability(8.0, u)
    with pytest.raises(gs.InvalidArgumentError, match="NaN"):
        p.cdf(math.nan)
    with pytest.raises(gs.InvalidArgumentError, match="finite"):
        p.crps(math.inf)
    assert p.cdf(math.inf) == 1.0


def test_batch_and_dask_refuse_complex_growth_instead_of_dropping_its_imaginary_part() -> None:
    cb = gs.datasets.cao_bang_2025()
    base, plan = cb.base_levels(), cb.quarterly_targets().to_numpy()[None]
    with pytest.raises(gs.InvalidArgumentError, match="growth has complex values"):
        gs.batch.annual_growth(base, plan + 5j)
    with pytest.raises(gs.InvalidArgumentError, match="base has complex values"):
        gs.batch.annual_growth(base + 0j, plan)
    with pytest.raises(gs.InvalidArgumentError, match="out"):
        gs.batch.required_growth(
            base, plan, elapsed_quarters=2, actual_elapsed_level=1.0, target_pct=8.0, out=np.empty((1, 2))
        )
    da = pytest.importorskip("dask.array")
    with pytest.raises(gs.InvalidArgumentError, match="complex"):
        gs.dask.annual_growth(base, da.from_array(plan + 5j))
    with pytest.raises(gs.InvalidArgumentError, match="client"):
        gs.dask.probability(cb, 8.0, gs.Uncertainty.student_t(1.0, df=5), method="monte_carlo", client="x")
    with pytest.raises(gs.InvalidArgumentError, match="ceiling of 100000"):
        gs.dask.sweep(cb, {"DV": {"Q3": [0.0, 1.0]}}, samples=10**12, block_size=1)


# ---------------------------------------------------------------- issue 22: Tracker and Monitor

TRACKER = gs.datasets.cao_bang_disbursement_2025()
MONITOR = gs.datasets.cao_bang_monitoring_2025()


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        # pandas' DateParseError, OutOfBoundsDatetime, TypeError before issue 22
        (lambda: TRACKER.status(as_of="1/2/2025"), "InvalidArgumentError", 'invalid as_of "1/2/2025"'),
        (lambda: TRACKER.status(as_of="99999-01-01"), "InvalidArgumentError", "as_of"),
        (lambda: TRACKER.status(as_of=5), "InvalidArgumentError", 'invalid as_of "5"'),
        (lambda: TRACKER.status(since="last week"), "InvalidArgumentError", "since"),
        (lambda: TRACKER.ranking(as_of=float("nan")), "InvalidArgumentError", "as_of"),
        (lambda: TRACKER.ranking(decimals=2**40), "InvalidArgumentError", "decimals"),  # OverflowError
        (lambda: TRACKER.ranking(min_share_pct="1"), "InvalidArgumentError", "min_share_pct"),
        (lambda: TRACKER.stalled(weeks=-1), "InvalidArgumentError", "weeks"),
        (lambda: TRACKER.countdown(by=None), "InvalidArgumentError", "by must be a string"),
        (lambda: TRACKER.proposals(lang=5), "InvalidArgumentError", "lang"),
        (
            lambda: TRACKER.quarterly_growth(previous_year=[1.0, 2.0, 3.0]),
            "InvalidArgumentError",
            "previous_year",
        ),
        (
            lambda: TRACKER.quarterly_growth(previous_year=[1.0, 2.0, 3.0, 4j]),
            "InvalidArgumentError",
            "previous_year",
        ),
        (lambda: TRACKER.import_csv("/nonexistent/updates.csv"), "DataFileError", "/nonexistent/updates.csv"),
        (lambda: TRACKER.import_csv(None), "InvalidArgumentError", "path"),
        (lambda: TRACKER.backup(5), "InvalidArgumentError", "dest"),
        (
            lambda: gs.disbursement.Tracker.open("/nonexistent/store.sqlite"),
            "DataFileError",
            "/nonexistent/store.sqlite",
        ),
        (
            lambda: gs.disbursement.Tracker.create("x.sqlite", province="X", year=2**40),
            "InvalidArgumentError",
            "year",
        ),
        (lambda: gs.disbursement.bridge([(1.0, "x")]), "InvalidArgumentError", r"history\[0\]\[1\]"),
        (lambda: MONITOR.pace("2025-13"), "InvalidArgumentError", "month: '2025-13'"),
        (lambda: MONITOR.pace(None), "InvalidArgumentError", "month"),
        (lambda: MONITOR.digest("2025-07", as_of="tomorrow"), "InvalidArgumentError", "as_of"),
        (
            lambda: MONITOR.digest("2025-07", policy="/nonexistent/policy.toml"),
            "DataFileError",
            "/nonexistent/policy.toml",
        ),  # FileNotFoundError
        (lambda: MONITOR.digest("2025-07", policy=5), "InvalidArgumentError", "policy"),
        (lambda: MONITOR.digest("2025-07", scenario="cb"), "InvalidArgumentError", "scenario"),
        (lambda: MONITOR.monthly_values(None), "InvalidArgumentError", "indicator"),
        (
            lambda: gs.monitoring.Monitor.open("/nonexistent/store.sqlite"),
            "DataFileError",
            "/nonexistent/store.sqlite",
        ),
    ],
)
def test_tracker_and_monitor_arguments_are_typed_errors(
    call: Callable[[], object], error: str, match: str
) -> None:
    with pytest.raises(getattr(gs, error), match=match):
        call()


def test_dates_in_any_accepted_form_give_the_same_status() -> None:
    import datetime as dt

    want = TRACKER.status(as_of="2025-06-30")
    for same in (dt.date(2025, 6, 30), pd.Timestamp("2025-06-30"), np.datetime64("2025-06-30")):
        pd.testing.assert_frame_equal(TRACKER.status(as_of=same), want)


def test_a_refused_open_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    for open_ in (gs.disbursement.Tracker.open, gs.monitoring.Monitor.open):
        with pytest.raises(gs.DatabaseError, match="empty file"):
            open_(empty)
        assert empty.read_bytes() == b""  # the schema was written before the refusal


def test_threads_and_sweep_blocks_have_ceilings() -> None:
    # Found by the long hostile-call run: threads=2**31 built a pool of 2^31 OS threads and a
    # sweep of 2**63 samples in one block allocated for all of them (the process was killed).
    cb = gs.datasets.cao_bang_2025()
    with pytest.raises(gs.InvalidArgumentError, match="threads: 2147483648 is above the ceiling of 1024"):
        cb.probability(
            8.0, gs.Uncertainty.student_t(1.0, df=5), paths=1000, method="monte_carlo", threads=2**31
        )
    pytest.importorskip("dask")
    with pytest.raises(gs.InvalidArgumentError, match="block_size"):
        gs.dask.sweep(cb, {"DV": {"Q3": [0.0, 1.0]}}, samples=2**63, block_size=2**63)
