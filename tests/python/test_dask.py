"""grdpsim on Dask gives the local numbers, bit for bit: the batch kernels on chunked dask
arrays, the Monte Carlo probability split over a LocalCluster of two worker processes (and over
other splits), and the sweep helper. Small sizes: one cluster for the module."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

import grdpsim as gs

da = pytest.importorskip("dask.array")
distributed = pytest.importorskip("distributed")

SD = {"NLTS": 2.0, "CN": 3.0, "XD": 5.0, "DV": 1.5, "TSP": 2.5}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def cb() -> gs.Scenario:
    return gs.datasets.cao_bang_2025()


@pytest.fixture(scope="module")
def variants(cb: gs.Scenario) -> np.ndarray:
    rng = np.random.default_rng(7)
    plan = cb.quarterly_targets().to_numpy()
    return plan + rng.uniform(-3.0, 3.0, size=(1_000, *plan.shape))


def test_import_grdpsim_does_not_import_dask() -> None:
    code = "import sys, grdpsim; print('dask' in sys.modules, 'distributed' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_batch_kernels_match_local_bit_for_bit(cb: gs.Scenario, variants: np.ndarray, client: Any) -> None:
    base = cb.base_levels()
    lazy = da.from_array(variants, chunks=(137, -1, -1))  # uneven blocks on the variant axis
    annual = gs.dask.annual_growth(base, lazy)
    np.testing.assert_array_equal(client.compute(annual).result(), gs.batch.annual_growth(base, variants))

    actual = base[:, :2].sum(axis=1) * 1.06
    grdp, by_sector = gs.dask.gap(base, lazy, 2, actual)
    local_grdp, local_by_sector = gs.batch.gap(base, variants, 2, actual)
    got_grdp, got_by_sector = client.gather(client.compute([grdp, by_sector]))
    np.testing.assert_array_equal(got_grdp, local_grdp)
    np.testing.assert_array_equal(got_by_sector, local_by_sector)

    kw: dict[str, Any] = dict(
        elapsed_quarters=2,
        actual_elapsed_level=float(cb.level("H1")),
        target_pct=8.0,
        policy="proportional",
        caps={0: 9.0},
        locked=[3],
    )
    req = gs.dask.required_growth(base, lazy, **kw)
    local = gs.batch.required_growth(base, variants, **kw)
    assert req["grdp_pct"] == local["grdp_pct"]
    for key in ("rise", "feasible", "reached_pct", "max_reachable_pct", "allocation_pct"):
        got = client.compute(req[key]).result()
        assert got.dtype == np.asarray(local[key]).dtype, key
        np.testing.assert_array_equal(got, local[key], err_msg=key)
    lean = gs.dask.required_growth(base, lazy, **kw, allocation=False)
    assert "allocation_pct" not in lean
    np.testing.assert_array_equal(lean["rise"].compute(scheduler="sync"), local["rise"])


def test_sector_axis_is_never_rechunked(cb: gs.Scenario, variants: np.ndarray) -> None:
    split = da.from_array(variants, chunks=(100, 2, -1))
    with pytest.raises(gs.InvalidArgumentError, match="variant axis only"):
        gs.dask.annual_growth(cb.base_levels(), split)
    with pytest.raises(gs.InvalidArgumentError, match="dask.array"):
        gs.dask.annual_growth(cb.base_levels(), variants)  # type: ignore[arg-type]
    with pytest.raises(gs.InvalidArgumentError, match="N × 5 sectors × 4"):
        gs.dask.annual_growth(cb.base_levels(), da.zeros((3, 4, 4)))
    # A bad argument fails when called, not later on a worker.
    with pytest.raises(gs.InvalidArgumentError):
        gs.dask.required_growth(
            cb.base_levels(),
            da.from_array(variants),
            elapsed_quarters=2,
            actual_elapsed_level=1.0,
            target_pct=8.0,
            caps={7: 1.0},
        )


def test_monte_carlo_probability_matches_local_for_any_split(cb: gs.Scenario, client: Any) -> None:
    u = gs.Uncertainty.student_t(SD, df=5.0, ar=0.4)
    kw: dict[str, Any] = dict(paths=60_000, seed=11, method="monte_carlo")  # 8 chunks
    local = cb.probability(8.0, u, **kw)
    for tasks in (1, 2, 3, 8):
        remote = gs.dask.probability(cb, 8.0, u, **kw, tasks=tasks, client=client)
        assert remote.p_reach == local.p_reach and remote.mean_pct == local.mean_pct
        assert remote.sd_pct == local.sd_pct
        assert remote.expected_shortfall_pp == local.expected_shortfall_pp
        pd.testing.assert_series_equal(remote.quantiles, local.quantiles, check_exact=True)
        pd.testing.assert_frame_equal(remote.fan, local.fan, check_exact=True)
        pd.testing.assert_frame_equal(remote.by_sector, local.by_sector, check_exact=True)
    # Dask's default local scheduler, and a seed of its own.
    again = gs.dask.probability(cb, 8.0, u, **kw)
    assert again.p_reach == local.p_reach
    other = gs.dask.probability(cb, 8.0, u, paths=60_000, seed=12, method="monte_carlo", client=client)
    assert other.p_reach != local.p_reach


def test_analytic_probability_runs_locally(cb: gs.Scenario, client: Any) -> None:
    u = gs.Uncertainty.normal(SD, ar=0.5)
    assert gs.dask.probability(cb, 8.0, u, client=client).p_reach == cb.probability(8.0, u).p_reach
    with pytest.raises(gs.InvalidArgumentError):
        gs.dask.probability(cb, 8.0, None, client=client)


def test_sweep_grid_matches_the_local_kernels_and_the_what_ifs(cb: gs.Scenario, client: Any) -> None:
    steps = [-2.0, 0.0, 2.0]
    u = gs.Uncertainty.normal(SD, ar=0.5)
    changes = {"DV": {"Q3": steps, "Q4": steps}, "XD": {"Q4": [-1.0, 1.0]}}
    frame = gs.dask.sweep(cb, changes, target=8.0, uncertainty=u, block_size=5, client=client)
    assert len(frame) == 18 and list(frame["variant"]) == list(range(18))
    assert list(frame.columns[:4]) == ["variant", "DV_Q3_pp", "DV_Q4_pp", "XD_Q4_pp"]
    # The grid in itertools.product order.
    assert frame.loc[1, ["DV_Q3_pp", "DV_Q4_pp", "XD_Q4_pp"]].tolist() == [-2.0, -2.0, 1.0]
    assert frame.loc[17, ["DV_Q3_pp", "DV_Q4_pp", "XD_Q4_pp"]].tolist() == [2.0, 2.0, 1.0]
    # Each row is its what-if: the kernels' figures and the scenario's own probability.
    plan = cb.quarterly_targets()
    for i in (0, 7, 17):
        row = frame.loc[i]
        targets = {
            "DV": {
                "Q3": plan.loc["DV", "Q3"] + row["DV_Q3_pp"],
                "Q4": plan.loc["DV", "Q4"] + row["DV_Q4_pp"],
            },
            "XD": {"Q4": plan.loc["XD", "Q4"] + row["XD_Q4_pp"]},
        }
        what_if = cb.with_targets(targets)
        # Both views of the year, named as in Scenario: the plan and the year as it stands.
        assert row["target_growth_pct"] == pytest.approx(what_if.target_growth("Y"), abs=1e-9)
        assert row["growth_pct"] == pytest.approx(what_if.growth("Y"), abs=1e-9)
        assert row["p_reach"] == what_if.probability(8.0, u, paths=100_000).p_reach
        rq = what_if.required_growth(8.0, policy="uniform")
        assert row["required_pct"] == pytest.approx(rq.grdp_pct, abs=1e-9)
        assert bool(row["feasible"]) == rq.feasible
    # Higher services targets raise the probability.
    assert frame.loc[17, "p_reach"] > frame.loc[0, "p_reach"]
    # Same rows on the default scheduler and with other blocks.
    pd.testing.assert_frame_equal(
        gs.dask.sweep(cb, changes, target=8.0, uncertainty=u, block_size=100), frame
    )


def test_sweep_sample_depends_on_seed_and_block_only(cb: gs.Scenario, client: Any) -> None:
    changes = {"NLTS": {"Q3": [-2.0, 2.0]}, "TSP": {"Q4": [-1.0, 3.0]}}
    a = gs.dask.sweep(cb, changes, samples=2_000, seed=5, block_size=500, client=client)
    b = gs.dask.sweep(cb, changes, samples=2_000, seed=5, block_size=500)
    pd.testing.assert_frame_equal(a, b)
    assert a["NLTS_Q3_pp"].between(-2.0, 2.0).all() and a["TSP_Q4_pp"].between(-1.0, 3.0).all()
    assert "p_reach" not in a.columns
    plan = cb.quarterly_targets().to_numpy()
    growth = np.repeat(plan[None], len(a), axis=0)
    growth[:, 0, 2] += a["NLTS_Q3_pp"].to_numpy()
    growth[:, 4, 3] += a["TSP_Q4_pp"].to_numpy()
    np.testing.assert_array_equal(a["target_growth_pct"], gs.batch.annual_growth(cb.base_levels(), growth))


def test_sweep_reports_the_year_as_it_stands_beside_the_plan(cb: gs.Scenario) -> None:
    # Issue 21: annual_pct was the plan (7.99 for Cao Bằng) where the year as it stands after
    # six months is 7.15; both are reported, named as in Scenario.
    frame = gs.dask.sweep(cb, {"DV": {"Q3": [0.0, 1.0]}})
    assert "annual_pct" not in frame.columns
    unchanged = frame.loc[frame["DV_Q3_pp"] == 0.0].iloc[0]
    assert round(unchanged["target_growth_pct"], 2) == 7.99
    assert round(unchanged["growth_pct"], 2) == 7.15
    assert unchanged["growth_pct"] == pytest.approx(cb.growth("Y"), abs=1e-9)
    moved = frame.loc[frame["DV_Q3_pp"] == 1.0].iloc[0]
    what_if = cb.with_targets({"DV": {"Q3": cb.quarterly_targets().loc["DV", "Q3"] + 1.0}})
    assert moved["growth_pct"] == pytest.approx(what_if.growth("Y"), abs=1e-9)
    assert moved["growth_pct"] - unchanged["growth_pct"] == pytest.approx(
        moved["target_growth_pct"] - unchanged["target_growth_pct"], abs=1e-9
    )


def test_dask_kernels_refuse_fractions(cb: gs.Scenario) -> None:
    import dask.array as da

    fractions = cb.quarterly_targets().to_numpy()[None] / 100.0
    lazy = da.from_array(fractions, chunks=(1, -1, -1))
    with pytest.raises(gs.InvalidValueError) as e:
        gs.dask.annual_growth(cb.base_levels(), lazy).compute()
    assert e.value.kind == "looks_like_fraction" and e.value.period == "Q1 of variant 0"
    ok = gs.dask.annual_growth(cb.base_levels(), lazy, fractions_ok=True).compute()
    assert np.isfinite(ok).all()
    u = gs.Uncertainty.normal(SD, ar=0.5)
    with pytest.raises(gs.InvalidValueError, match="fractions"):
        gs.dask.probability(cb, 0.08, u)


def test_sweep_refuses_what_it_would_ignore(cb: gs.Scenario) -> None:
    with pytest.raises(gs.InvalidArgumentError, match="period Q2: the quarter has actual"):
        gs.dask.sweep(cb, {"DV": {"Q2": [1.0]}})
    with pytest.raises(gs.InvalidArgumentError, match="not a leaf"):
        gs.dask.sweep(cb, {"CNXD": {"Q3": [1.0]}})
    with pytest.raises(gs.InvalidArgumentError, match="Q1..Q4"):
        gs.dask.sweep(cb, {"DV": {"H2": [1.0]}})
    with pytest.raises(gs.InvalidArgumentError, match="finite"):
        gs.dask.sweep(cb, {"DV": {"Q3": [float("nan")]}})
