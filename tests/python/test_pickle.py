"""Every public input and result pickles, cheaply: the copy is equal and computes the same
figures, it never reads a file again, and its size is what its figures weigh (a scenario
embeds its base's leaf levels; accounts travel as numpy arrays)."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import grdpsim as gs
from grdpsim import _core

SD = {"NLTS": 2.0, "CN": 3.0, "XD": 5.0, "DV": 1.5, "TSP": 2.5}
CORR = pd.DataFrame(
    np.array(
        [
            [1.0, 0.2, 0.1, 0.3, 0.0],
            [0.2, 1.0, 0.4, 0.3, 0.1],
            [0.1, 0.4, 1.0, 0.2, 0.0],
            [0.3, 0.3, 0.2, 1.0, 0.5],
            [0.0, 0.1, 0.0, 0.5, 1.0],
        ]
    ),
    index=list(SD),
    columns=list(SD),
)


def copy(obj: Any) -> Any:
    return pickle.loads(pickle.dumps(obj))


def assert_same_fields(a: Any, b: Any) -> None:
    """Two report objects (core classes with FIELDS) hold the same values, recursively."""
    assert type(a) is type(b)
    for f in type(a).FIELDS:
        x, y = getattr(a, f), getattr(b, f)
        if isinstance(x, list) and x and hasattr(x[0], "FIELDS"):
            assert len(x) == len(y)
            for u, v in zip(x, y):
                assert_same_fields(u, v)
        elif hasattr(x, "FIELDS"):
            assert_same_fields(x, y)
        else:
            assert x == y or (x != x and y != y), f  # NaN == NaN here


@pytest.fixture(scope="module")
def cb() -> gs.Scenario:
    return gs.datasets.cao_bang_2025()


def test_sector_trees(tmp_path: Path) -> None:
    for tree in (gs.SectorTree.national(), gs.SectorTree.provincial(), gs.SectorTree.provincial_detailed()):
        back = copy(tree)
        assert back == tree and back.codes == tree.codes
        assert back.names(tree.leaves[0]) == tree.names(tree.leaves[0])


def test_accounts_same_bits_no_file(national_csv: Path, tmp_path: Path) -> None:
    local = tmp_path / "national.csv"
    shutil.copy(national_csv, local)
    acc = gs.Accounts.from_csv(local)
    blob = pickle.dumps(acc)
    local.unlink()  # the copy must not read the file again
    back = pickle.loads(blob)
    assert back.sectors == acc.sectors and list(back.quarters) == list(acc.quarters)
    np.testing.assert_array_equal(back.to_numpy(), acc.to_numpy())  # aggregates too, bit for bit
    assert back.growth("2024Q1-Q3") == acc.growth("2024Q1-Q3")
    # Leaf levels as binary float64 plus the tree: no more than the leaves' bytes and a margin.
    leaves = len(acc.tree.leaves) * len(acc.quarters) * 8 * (2 if acc.has_current_prices else 1)
    assert leaves < len(blob) < leaves + 16_000


def test_scenario_same_figures(cb: gs.Scenario) -> None:
    blob = pickle.dumps(cb)
    back = pickle.loads(blob)
    assert back == cb and back.name == cb.name and back.notes == cb.notes
    for period in ("H1", "Q3", "Y"):
        assert back.growth(period) == cb.growth(period)
        assert back.target_growth(period) == cb.target_growth(period)
    pd.testing.assert_frame_equal(back.gap("H1"), cb.gap("H1"))
    pd.testing.assert_frame_equal(back.quarterly_targets(), cb.quarterly_targets())
    uniform = cb.required_growth(8.0, policy="uniform").grdp_pct
    assert back.required_growth(8.0, policy="uniform").grdp_pct == uniform
    # Compact: no larger than the pretty JSON file of the same scenario.
    assert len(blob) < len(cb.to_json())
    # What-ifs and provisional actuals travel with it.
    what_if = cb.with_targets({"DV": {"Q3": 7.0}}).with_actuals({"CN": {"Q3": 2.0}}, provisional=True)
    back = copy(what_if)
    assert back == what_if and back.growth("Y") == what_if.growth("Y")
    assert back.is_provisional("Q3", sector="CN")


def test_scenario_read_from_a_file_is_not_read_again(cb: gs.Scenario, tmp_path: Path) -> None:
    path = tmp_path / "cb.toml"
    cb.save(path)
    sc = gs.Scenario.from_file(path)
    blob = pickle.dumps(sc)
    path.unlink()
    back = pickle.loads(blob)
    assert back == sc and back.growth("Y") == sc.growth("Y")


def test_scenario_round_trip_is_quick_for_a_national_base(national_csv: Path) -> None:
    acc = gs.Accounts.from_csv(national_csv)
    sc = gs.Scenario(acc, 2024, {"GDP": {"Y": 7.0}})
    blob = pickle.dumps(sc)
    back = pickle.loads(blob)
    assert back == sc and back.target_growth("Y") == sc.target_growth("Y")
    # The base's leaf levels (constant and current prices) in text, and little else.
    numbers = len(acc.tree.leaves) * len(acc.quarters) * (2 if acc.has_current_prices else 1)
    assert len(blob) < 25 * numbers + 10_000


@pytest.mark.parametrize(
    "make",
    [
        lambda acc: gs.Uncertainty.normal(SD, corr=CORR, ar=0.5),
        lambda acc: gs.Uncertainty.normal(1.5, corr="history"),
        lambda acc: gs.Uncertainty.student_t(SD, df=5.0, ar=0.3),
        lambda acc: gs.Uncertainty.two_piece(2.0, skew=-0.4),
        lambda acc: gs.Uncertainty.from_history(acc, method="mean", years=1),
        lambda acc: gs.Uncertainty.bootstrap(acc, block=4, method="mean", years=1),
    ],
    ids=["normal", "history", "student_t", "two_piece", "from_history", "bootstrap"],
)
def test_uncertainty(make: Any, national_csv: Path) -> None:
    u = make(gs.Accounts.from_csv(national_csv))
    back = copy(u)
    assert back._inner == u._inner
    assert back.describe() == u.describe() and back.calibration == u.calibration
    if "bootstrap" not in u.describe():  # a bootstrap has no parametric marginal
        assert back.ppf(0.9, 2.0) == u.ppf(0.9, 2.0)


def test_uncertainty_state_is_checked_again() -> None:
    u = gs.Uncertainty.student_t(2.0, df=5.0)
    reducer, (cls, state) = u._inner.__reduce__()
    with pytest.raises(gs.InvalidValueError):
        reducer(cls, state.replace('"df":5.0', '"df":1.0'))  # df ≤ 2 refused as at construction
    with pytest.raises(gs.ParseError):
        reducer(cls, "{not json")


def test_probability_reports(cb: gs.Scenario) -> None:
    for p in (
        cb.probability(8.0, gs.Uncertainty.normal(SD, corr=CORR, ar=0.5)),
        cb.probability(8.0, gs.Uncertainty.student_t(SD, df=5.0), paths=20_000, seed=4),
    ):
        back = copy(p)
        assert back.p_reach == p.p_reach and back.cdf(7.0) == p.cdf(7.0) and back.crps(7.5) == p.crps(7.5)
        pd.testing.assert_frame_equal(back.fan, p.fan)
        pd.testing.assert_frame_equal(back.by_sector, p.by_sector)
        assert back.to_frame().equals(p.to_frame())


def test_scenario_reports(cb: gs.Scenario) -> None:
    reports = [
        cb._inner.gap("H1"),
        cb._inner.consistency(),
        cb._inner.contributions("H1", "grdp"),
        *cb._inner.compare(cb.with_targets({"DV": {"Q4": 9.0}})._inner),
        *cb._inner.sensitivity(),
    ]
    for r in reports:
        assert_same_fields(copy(r), r)
    rq = cb.required_growth(8.0, policy="uniform")
    back = copy(rq)
    assert back.status == rq.status and back.grdp_pct == rq.grdp_pct
    pd.testing.assert_frame_equal(back.by_sector, rq.by_sector)
    pd.testing.assert_frame_equal(back.by_sector_quarter, rq.by_sector_quarter)
    seek = cb.goal_seek("XD", 8.0)
    back_seek = copy(seek)
    assert (back_seek.growth_pct, back_seek.period) == (seek.growth_pct, seek.period)
    assert back_seek.scenario == seek.scenario


def test_report_state_of_the_wrong_length_is_refused(cb: gs.Scenario) -> None:
    row = cb._inner.gap("H1").rows[0]
    reducer, (cls, state) = row.__reduce__()
    with pytest.raises(gs.InvalidArgumentError, match="GapRow is restored from its 12 fields, got 11"):
        reducer(cls, state[:-1])


def test_errors_keep_their_attributes(cb: gs.Scenario) -> None:
    with pytest.raises(gs.GrdpsimError) as info:
        cb.growth("Y", sector="NOPE")
    back = copy(info.value)
    assert type(back) is type(info.value) and str(back) == str(info.value)
    assert (back.kind, back.sector, back.period) == (info.value.kind, info.value.sector, info.value.period)


def test_monte_carlo_parts(cb: gs.Scenario) -> None:
    u = gs.Uncertainty.student_t(SD, df=5.0)
    part = _core.simulate_chunks(cb._inner, u._inner, 1, 3, paths=30_000, seed=2)
    back = copy(part)
    assert back.chunks == [1, 2]
    first = _core.simulate_chunks(cb._inner, u._inner, 0, 1, paths=30_000, seed=2)
    last = _core.simulate_chunks(cb._inner, u._inner, 3, 4, paths=30_000, seed=2)
    merged = _core.merge_monte_carlo(cb._inner, u._inner, [last, back, first], paths=30_000, seed=2)
    local = _core.probability(cb._inner, u._inner, paths=30_000, seed=2)
    assert_same_fields_probability(merged, local)


def assert_same_fields_probability(a: Any, b: Any) -> None:
    for f in (
        "p_reach",
        "mean_pct",
        "sd_pct",
        "expected_shortfall_pp",
        "quantiles",
        "fan",
        "sector_p_reach",
        "sector_quantiles",
        "sector_variance_share",
        "required_quantiles",
    ):
        assert getattr(a, f) == getattr(b, f), f


def test_disaggregation_nowcast_and_options() -> None:
    rng = np.random.default_rng(3)
    x = np.cumsum(rng.uniform(0.5, 1.5, size=(4 * 12 + 2, 1)), axis=0) + 50.0
    y = x[: 4 * 12, 0].reshape(12, 4).sum(axis=1) * 1.1 + rng.normal(0, 0.5, 12)
    d = gs.disaggregate(y, x[: 4 * 12], method="chow-lin-maxlog")
    back = copy(d)
    np.testing.assert_array_equal(back.values, d.values)
    np.testing.assert_array_equal(back.residuals, d.residuals)
    assert back.rho == d.rho and back.coefficients == d.coefficients and back.aic == d.aic
    assert back.summary() == d.summary()
    n = gs.nowcast(y, x, ratio=4)
    back_n = copy(n)
    assert (back_n.level, back_n.interval, back_n.observed) == (n.level, n.interval, n.observed)
    np.testing.assert_array_equal(back_n.completed_indicator, n.completed_indicator)
    assert back_n.disaggregation.rho == n.disaggregation.rho
    opts = gs._core.DisaggregationOptions(ratio=4, offset=1, method="fernandez", conversion="average")
    assert copy(opts).ratio == 4


def test_disbursement_reports(tmp_path: Path) -> None:
    from grdpsim.disbursement import Tracker

    t = Tracker.create(tmp_path / "p.sqlite", province="Test", year=2025)
    (tmp_path / "projects.csv").write_text(
        "project,name,investor,investor_name,responsible,capital_source,location\n"
        "P1,Road 1,A,Board A,Ms Lan,NSTW,Hòa An\n",
        encoding="utf-8",
    )
    report = t.import_csv(tmp_path / "projects.csv")
    assert report.rows == 1 and report.inserted >= 1
    p = gs.datasets.cao_bang_disbursement_2025().projection(as_of="2025-07-31")
    rng = np.random.default_rng(7)
    gd = rng.uniform(-15, 40, size=12)
    b = gs.disbursement.bridge(list(zip(gd, 100 * np.expm1(0.01 + 0.8 * np.log1p(gd / 100)))))
    for obj in (report, p, b):
        back = copy(obj)
        assert repr(back) == repr(obj)
        for name in [n for n in dir(obj) if not n.startswith("_") and not callable(getattr(obj, n))]:
            assert getattr(back, name) == getattr(obj, name), name
    assert copy(b).construction_growth_pct(10.0) == b.construction_growth_pct(10.0)


def core_objects(root: Any) -> list[Any]:
    """``root`` and every core object reachable through its fields and lists of them."""
    found = [root]
    for name in getattr(type(root), "FIELDS", ()):
        value = getattr(root, name)
        for item in value if isinstance(value, list) else [value]:
            if type(item).__module__ == "grdpsim._core":
                found += core_objects(item)
    return found


def same_state(a: Any, b: Any) -> bool:
    """Two pickling states hold the same values: arrays element for element, core objects by
    their own states, NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(same_state(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_state(a[k], b[k]) for k in a)
    if type(a).__module__ == "grdpsim._core":
        return same_state(a.__reduce__()[1][1], b.__reduce__()[1][1])
    return bool(a == b or (a != a and b != b))


def test_every_pickled_class_round_trips(tmp_path: Path) -> None:
    """Every ``_core`` class with a ``__reduce__`` has an instance here (a class that gains one
    without a sample fails this test), and each pickles to an object of the same class, with the
    same state and the same repr (where the class writes one); pickled again, the same state."""
    sc = _core.cao_bang_2025()
    other = gs.datasets.cao_bang_2025().with_targets({"DV": {"Q4": 9.0}})._inner
    wrapper = gs.datasets.cao_bang_2025()
    rng = np.random.default_rng(3)
    x = np.cumsum(rng.uniform(0.5, 1.5, size=(4 * 12 + 2, 1)), axis=0) + 50.0
    y = x[: 4 * 12, 0].reshape(12, 4).sum(axis=1) * 1.1 + rng.normal(0, 0.5, 12)
    options = _core.DisaggregationOptions(ratio=4, method="chow-lin-maxlog")
    u = gs.Uncertainty.student_t(2.0, df=5.0)._inner
    report = _core.probability(sc, u, paths=20_000, seed=4)
    tracker = _core.DisbursementTracker.create(tmp_path / "p.sqlite", "Test", 2025)
    (tmp_path / "projects.csv").write_text(
        "project,name,investor,investor_name,responsible,capital_source,location\n"
        "P1,Road 1,A,Board A,Ms Lan,NSTW,Hòa An\n",
        encoding="utf-8",
    )
    roots = [
        gs.SectorTree.provincial(),
        _core.cao_bang_base(),
        sc,
        sc.gap("H1"),
        sc.consistency(),
        sc.contributions("H1", "grdp"),
        *sc.compare(other),
        *sc.sensitivity(),
        sc.required_growth(*wrapper._required_args(target=8.0, policy="uniform"))[0],
        options,
        _core.disaggregate(y, x[: 4 * 12], options),
        _core.nowcast(y, x, options),
        u,
        report,
        report.annual,
        _core.simulate_chunks(sc, u, 0, 2, paths=30_000, seed=2),
        tracker.import_csv(tmp_path / "projects.csv", "test"),
        gs.datasets.cao_bang_disbursement_2025()._inner.projection("2025-07-31", "treasury"),
        _core.disbursement_bridge([], 0.8, 0.01),
    ]
    samples: dict[type, Any] = {}
    for root in roots:
        for obj in core_objects(root):
            samples.setdefault(type(obj), obj)
    pickled = {c for c in vars(_core).values() if isinstance(c, type) and "__reduce__" in vars(c)}
    assert len(pickled) >= 25 and pickled <= set(samples), sorted(c.__name__ for c in pickled - set(samples))
    for cls in sorted(pickled, key=lambda c: c.__name__):
        obj = samples[cls]
        back = copy(obj)
        assert type(back) is cls, cls.__name__
        if "__repr__" in vars(cls):  # the default repr names the address
            assert repr(back) == repr(obj), cls.__name__
        assert same_state(back.__reduce__()[1][1], obj.__reduce__()[1][1]), cls.__name__
        assert same_state(copy(back).__reduce__()[1][1], obj.__reduce__()[1][1]), cls.__name__
