"""Batch evaluation of scenario variants: agrees with numpy and with the single-scenario path."""

from __future__ import annotations

import numpy as np
import pytest

import grdpsim as gs


@pytest.fixture(scope="module")
def scenario() -> gs.Scenario:
    return gs.datasets.cao_bang_2025()


def test_annual_growth_matches_numpy_and_the_scenario(scenario: gs.Scenario) -> None:
    base = scenario._inner.leaf_base_levels()
    rng = np.random.default_rng(7)
    g = rng.normal(8, 3, size=(1000, *base.shape))
    g[0] = scenario._inner.leaf_growth()
    out = gs.batch.annual_growth(base, g)
    expected = np.einsum("nsq,sq->n", g, base) / base.sum()
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)
    assert out[0] == pytest.approx(scenario.target_growth("Y"), abs=1e-12)


def test_gap_rows_add_up(scenario: gs.Scenario) -> None:
    base = scenario._inner.leaf_base_levels()
    g = np.repeat(scenario._inner.leaf_growth()[None], 5, axis=0)
    g[1:] += np.arange(1, 5)[:, None, None]
    actual = base[:, :2].sum(axis=1) * 1.06
    grdp, by_sector = gs.batch.gap(base, g, 2, actual)
    np.testing.assert_allclose(by_sector.sum(axis=1), grdp, atol=1e-12)
    assert np.all(np.diff(grdp) < 0)  # higher targets, larger shortfall


def test_required_growth_with_caps_matches_the_scenario() -> None:
    base_acc = gs.datasets.cao_bang_base()
    targets = {"NLTS": {"Y": 3.3}, "CNXD": {"Y": 12.97}, "DV": {"Y": 8.24}, "TSP": {"Y": 7.75}}
    sc = gs.Scenario(base=base_acc, year=2025, targets=targets, actuals={"GRDP": {"H1": 6.56}})
    caps = {"NLTS": 4.0, "CNXD": 14.0}
    rq = sc.required_growth(8.0, policy="uniform", caps=caps, locked=["TSP"])
    base = sc._inner.leaf_base_levels()
    g = sc._inner.leaf_growth()[None].copy()
    r = gs.batch.required_growth(
        base,
        g,
        elapsed_quarters=2,
        actual_elapsed_level=base_acc.level("2024H1", "GRDP") * 1.0656,
        target_pct=8.0,
        policy="uniform",
        locked=[3],
        caps={0: 4.0, 1: 14.0},
    )
    assert r["grdp_pct"] == pytest.approx(rq.grdp_pct, abs=1e-9)
    assert bool(r["feasible"][0]) == rq.feasible
    alloc = r["allocation_pct"][0]
    for i, code in enumerate(["NLTS", "CNXD", "DV", "TSP"]):
        assert alloc[i] == pytest.approx(rq.by_sector.loc[code, "required_pct"], abs=1e-9), code


def test_bad_shapes_are_typed_errors() -> None:
    with pytest.raises(gs.InvalidArgumentError):
        gs.batch.annual_growth(np.ones((4, 4)), np.ones((10, 3, 4)))
    g = np.ones((3, 4, 4))
    g[2, 1, 1] = np.nan
    with pytest.raises(gs.InvalidArgumentError, match="variant 2"):
        gs.batch.annual_growth(np.ones((4, 4)), g)
    # One variant given as a 2-D array: named, not a binding's TypeError.
    for call in (
        lambda: gs.batch.annual_growth(np.ones((4, 4)), np.ones((4, 4))),
        lambda: gs.batch.gap(np.ones((4, 4)), np.ones((4, 4)), 2, np.ones(4)),
        lambda: gs.batch.required_growth(
            np.ones((4, 4)),
            np.ones((4, 4)),
            elapsed_quarters=2,
            actual_elapsed_level=8.5,
            target_pct=8.0,
        ),
    ):
        with pytest.raises(gs.InvalidArgumentError, match="N × sectors × 4"):
            call()


def test_required_growth_into_a_buffer_or_without_the_allocation() -> None:
    rng = np.random.default_rng(3)
    base = rng.uniform(100, 200, size=(5, 4))
    g = rng.uniform(2, 10, size=(1000, 5, 4))
    kw = dict(
        elapsed_quarters=2,
        actual_elapsed_level=base[:, :2].sum() * 1.06,
        target_pct=9.0,
        policy="proportional",
        locked={4: None},
        caps={0: 10.5, 1: 11.0},
    )
    full = gs.batch.required_growth(base, g, **kw)
    out = np.full((1000, 5), np.nan)
    into = gs.batch.required_growth(base, g, **kw, out=out)
    assert into["allocation_pct"] is out
    np.testing.assert_array_equal(out, full["allocation_pct"])
    lean = gs.batch.required_growth(base, g, **kw, allocation=False)
    assert "allocation_pct" not in lean
    for key in ("rise", "feasible", "reached_pct", "max_reachable_pct"):
        np.testing.assert_array_equal(lean[key], full[key])
    with pytest.raises(gs.InvalidArgumentError):
        gs.batch.required_growth(base, g, **kw, out=np.empty((5, 1000)))


def test_batch_errors_name_sectors_by_code() -> None:
    cb = gs.datasets.cao_bang_2025()
    codes = list(cb.quarterly_targets().index)
    g = cb.quarterly_targets().to_numpy()[None]
    kw = dict(elapsed_quarters=2, actual_elapsed_level=float(cb.level("H1")), target_pct=8.0)
    with pytest.raises(gs.InvalidArgumentError, match="sector DV locked"):
        gs.batch.required_growth(cb.base_levels(), g, **kw, locked={codes.index("DV"): 1e7}, sectors=codes)
    with pytest.raises(gs.InvalidArgumentError, match="sector #3 locked"):
        gs.batch.required_growth(cb.base_levels(), g, **kw, locked={3: 1e7})


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda b, g, a: gs.batch.annual_growth(b[0], g), "base"),
        (lambda b, g, a: gs.batch.gap(b, g[0], 2, a), "growth"),
        (lambda b, g, a: gs.batch.gap(b, g, 2, np.ones((len(g), len(a)))), "actual_levels"),
        (lambda b, g, a: gs.batch.gap(b[None], g, 2, a), "base"),
        (
            lambda b, g, a: gs.batch.required_growth(
                b[0], g, elapsed_quarters=2, actual_elapsed_level=1.0, target_pct=8.0
            ),
            "base",
        ),
    ],
)
def test_arrays_of_the_wrong_shape_are_typed_errors_naming_the_argument(call, argument) -> None:  # type: ignore[no-untyped-def]
    base = np.full((4, 4), 100.0)
    growth = np.full((3, 4, 4), 5.0)
    actual = np.full(4, 210.0)
    with pytest.raises(gs.InvalidArgumentError, match=f"invalid argument {argument}: expected .* got shape"):
        call(base, growth, actual)


def test_unaligned_variants_are_read_as_numbers() -> None:
    # A block Dask carried between processes can sit at an odd offset of its buffer: the
    # kernels get an aligned copy (a debug build's core panicked, "The pointer must be aligned").
    cb = gs.datasets.cao_bang_2025()
    plan = cb.quarterly_targets().to_numpy()
    variants = np.stack([plan, plan + 1.0])
    raw = np.zeros(variants.nbytes + 1, dtype=np.uint8)[1:]
    unaligned = raw.view(np.float64).reshape(variants.shape)
    unaligned[...] = variants
    assert not unaligned.flags.aligned
    base = cb.base_levels()
    np.testing.assert_array_equal(
        gs.batch.annual_growth(base, unaligned), gs.batch.annual_growth(base, variants)
    )
    actual = base[:, :2].sum(axis=1) * 1.06
    for got, want in zip(gs.batch.gap(base, unaligned, 2, actual), gs.batch.gap(base, variants, 2, actual)):
        np.testing.assert_array_equal(got, want)
    # Given to the core directly, such a view is refused with a typed error, never read.
    from grdpsim import _core

    with pytest.raises(gs.InvalidArgumentError, match="growth.*not aligned"):
        _core.batch_annual_growth(base, unaligned, np.empty(2))


def test_every_layout_gives_the_results_of_the_contiguous_array() -> None:
    # The core reads a C-contiguous array as one flat slice (the fast path) and any other
    # layout where it lies: a transposed copy's view, rows stepped or reversed give the bits
    # of the same figures made contiguous, across a remainder of rows and several tasks.
    cb = gs.datasets.cao_bang_2025()
    base = cb.base_levels()
    rng = np.random.default_rng(27)
    stored = rng.uniform(-5.0, 25.0, size=(2 * 8199, 4, base.shape[0]))
    views = {
        "transposed": stored.transpose(0, 2, 1),
        "stepped": stored.transpose(0, 2, 1)[::2],
        "reversed": stored.transpose(0, 2, 1)[::-3],
    }
    actual = base[:, :2].sum(axis=1) * 1.06
    for name, view in views.items():
        assert not view.flags.c_contiguous, name
        dense = np.ascontiguousarray(view)
        np.testing.assert_array_equal(
            gs.batch.annual_growth(base, view), gs.batch.annual_growth(base, dense), name
        )
        expected = np.einsum("nsq,sq->n", dense, base) / base.sum()
        np.testing.assert_allclose(gs.batch.annual_growth(base, view), expected, rtol=0, atol=1e-9)
        for got, want in zip(gs.batch.gap(base, view, 2, actual), gs.batch.gap(base, dense, 2, actual)):
            np.testing.assert_array_equal(got, want, name)
        kwargs = dict(
            elapsed_quarters=2, actual_elapsed_level=float(actual.sum()), target_pct=9.0, caps={0: 40.0}
        )
        got_r = gs.batch.required_growth(base, view, **kwargs)  # type: ignore[arg-type]
        want_r = gs.batch.required_growth(base, dense, **kwargs)  # type: ignore[arg-type]
        for key, value in want_r.items():
            np.testing.assert_array_equal(got_r[key], value, f"{name} {key}")
