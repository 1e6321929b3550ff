"""Sweeps and Monte Carlo on Dask, with the same numbers as a local run (``grdpsim[dask]``).

The batch kernels of :mod:`grdpsim.batch` run on a ``dask.array`` of variants chunked on the
variant axis only (each block is a plain call of the local kernel, and a variant's result does
not depend on the others, so the blocks put together are the local result, bit for bit).
:func:`probability` splits a Monte Carlo run into its chunks of 8,192 paths: chunk ``c`` draws
from the stream of the seed jumped ``c`` times, whoever runs it, and the parts merge into the
report of the local call, bit for bit, with 1, 2 or 8 workers. :func:`sweep` evaluates a grid or
a random sample of target changes and returns one tidy row per variant.

Without ``client`` the computations run on Dask's default scheduler (a
``distributed.Client`` made earlier becomes the default). On a real cluster, connect a client
to its scheduler (``Client("tcp://scheduler:8786")``) and pass it, or make it the default: the
code does not change. Workers need ``grdpsim`` installed (the same version).

Examples
--------
>>> import numpy as np
>>> import dask.array as da
>>> import grdpsim as gs
>>> cb = gs.datasets.cao_bang_2025()
>>> plan = cb.quarterly_targets().to_numpy()
>>> variants = np.stack([plan + d for d in np.linspace(-1.0, 1.0, 6)])
>>> lazy = gs.dask.annual_growth(cb.base_levels(), da.from_array(variants, chunks=(2, -1, -1)))
>>> bool((lazy.compute() == gs.batch.annual_growth(cb.base_levels(), variants)).all())
True
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Optional

import numpy as np
import pandas as pd

from . import _args, _core, batch
from ._lang import said
from ._optional import require
from .errors import InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    import dask.array

    from .probability import Probability, Uncertainty
    from .scenario import Scenario

__all__ = ["annual_growth", "gap", "required_growth", "probability", "sweep"]

_QUARTERS = ("Q1", "Q2", "Q3", "Q4")


def _dask(module: str = "dask") -> Any:
    """Dask's ``module``, imported on first use (typed Any: Dask ships no complete stubs)."""
    return require(module)


def _variants(base: np.ndarray, growth: Any) -> tuple[np.ndarray, Any]:
    """``base`` as float64 and ``growth`` as a dask array N × sectors × 4 chunked on the
    variant axis only (a split sector or quarter axis is refused, not rechunked)."""
    da = _dask("dask.array")
    base = batch._f64(base, "base")
    if base.ndim != 2:
        raise said(InvalidArgumentError, f"base must be sectors × 4, got shape {base.shape}")
    if not isinstance(growth, da.Array):
        raise said(
            InvalidArgumentError,
            f"growth must be a dask.array (N × sectors × 4), got {type(growth).__name__}; "
            "use grdpsim.batch for numpy arrays",
        )
    if growth.dtype.kind not in "biuf":
        raise said(
            InvalidArgumentError,
            f"invalid argument growth: {growth.dtype} values; only real numbers are accepted",
        )
    if growth.ndim != 3 or growth.shape[1:] != (base.shape[0], 4):
        raise said(
            InvalidArgumentError, f"growth must be N × {base.shape[0]} sectors × 4, got shape {growth.shape}"
        )
    if len(growth.chunks[1]) != 1 or len(growth.chunks[2]) != 1:
        raise said(
            InvalidArgumentError,
            f"growth is split on the sector or quarter axis (chunks {growth.chunks[1]}, "
            f"{growth.chunks[2]}); chunk it on the variant axis only, e.g. "
            "growth.rechunk({0: 'auto', 1: -1, 2: -1})",
        )
    return base, growth


def _annual_block(base: np.ndarray, fractions_ok: bool, block: np.ndarray) -> np.ndarray:
    return batch.annual_growth(base, block, fractions_ok=fractions_ok)


def annual_growth(
    base: np.ndarray, growth: dask.array.Array, *, fractions_ok: bool = False
) -> dask.array.Array:
    """:func:`grdpsim.batch.annual_growth` on a dask array of variants: a lazy array (N).
    Each block is checked for figures that all look like fractions (unless ``fractions_ok``)."""
    b, g = _variants(base, growth)
    out: dask.array.Array = g.map_blocks(
        functools.partial(_annual_block, b, _args.flag("fractions_ok", fractions_ok)),
        drop_axis=[1, 2],
        dtype=np.float64,
    )
    return out


def _gap_block(
    base: np.ndarray, k: int, actual: np.ndarray, fractions_ok: bool, block: np.ndarray
) -> np.ndarray:
    grdp, by_sector = batch.gap(base, block, k, actual, fractions_ok=fractions_ok)
    out: np.ndarray = np.column_stack([grdp, by_sector])
    return out


def gap(
    base: np.ndarray,
    growth: dask.array.Array,
    elapsed_quarters: int,
    actual_levels: np.ndarray,
    *,
    fractions_ok: bool = False,
) -> tuple[dask.array.Array, dask.array.Array]:
    """:func:`grdpsim.batch.gap` on a dask array of variants: lazy arrays of the GRDP gap (N)
    and of each sector's gap (N × sectors)."""
    b, g = _variants(base, growth)
    k = _args.count("elapsed_quarters", elapsed_quarters)
    actual = batch._f64(actual_levels, "actual_levels")
    ok = _args.flag("fractions_ok", fractions_ok)
    # Checked now on one variant, so that a bad argument fails here and not on a worker.
    batch.gap(b, np.zeros((1, b.shape[0], 4)), k, actual)
    s = b.shape[0]
    both = g.map_blocks(
        functools.partial(_gap_block, b, k, actual, ok),
        drop_axis=2,
        chunks=(g.chunks[0], (1 + s,)),
        dtype=np.float64,
    )
    return both[:, 0], both[:, 1:]


_REQUIRED = ("rise", "feasible", "reached_pct", "max_reachable_pct")


def _required_block(base: np.ndarray, kw: dict[str, Any], block: np.ndarray) -> np.ndarray:
    r = batch.required_growth(base, block, **kw)
    columns = [np.asarray(r[key], dtype=np.float64) for key in _REQUIRED]
    if kw["allocation"]:
        columns.append(np.asarray(r["allocation_pct"]))
    out: np.ndarray = np.column_stack(columns)
    return out


def required_growth(
    base: np.ndarray,
    growth: dask.array.Array,
    *,
    elapsed_quarters: int,
    actual_elapsed_level: float,
    target_pct: float,
    policy: Literal["uniform", "proportional"] = "uniform",
    locked: Mapping[int, Optional[float]] | Sequence[int] | None = None,
    caps: Mapping[int, float] | None = None,
    allocation: bool = True,
    sectors: Sequence[str] | None = None,
    fractions_ok: bool = False,
) -> dict[str, Any]:
    """:func:`grdpsim.batch.required_growth` on a dask array of variants.

    Returns ``grdp_pct`` (a float, the same for every variant) and lazy dask arrays ``rise``,
    ``feasible`` (bool), ``reached_pct``, ``max_reachable_pct`` and, with ``allocation``,
    ``allocation_pct`` (N × sectors). Arguments are checked when called, not on the workers.
    """
    b, g = _variants(base, growth)
    kw: dict[str, Any] = dict(
        elapsed_quarters=elapsed_quarters,
        actual_elapsed_level=actual_elapsed_level,
        target_pct=target_pct,
        policy=policy,
        locked=locked,
        caps=caps,
        allocation=_args.flag("allocation", allocation),
        sectors=sectors,
        fractions_ok=_args.flag("fractions_ok", fractions_ok),
    )
    # One variant checks every argument here; GRDP's required growth does not depend on it.
    probe = batch.required_growth(b, np.zeros((1, b.shape[0], 4)), **kw)
    s = b.shape[0]
    width = len(_REQUIRED) + (s if allocation else 0)
    packed = g.map_blocks(
        functools.partial(_required_block, b, kw),
        drop_axis=2,
        chunks=(g.chunks[0], (width,)),
        dtype=np.float64,
    )
    out: dict[str, Any] = {"grdp_pct": float(probe["grdp_pct"])}
    for i, key in enumerate(_REQUIRED):
        out[key] = packed[:, i]
    out["feasible"] = out["feasible"].astype(bool)
    if allocation:
        out["allocation_pct"] = packed[:, len(_REQUIRED) :]
    return out


def _client(client: Any) -> Any:
    """``client`` if it is None or looks like a ``distributed.Client``."""
    if client is not None and not all(
        callable(getattr(client, name, None)) for name in ("compute", "gather", "nthreads")
    ):
        raise said(
            InvalidArgumentError,
            f"invalid argument client: expected a distributed.Client or None, got {type(client).__name__}",
        )
    return client


#: The most tasks one call may submit: a scheduler holds each in memory.
MAX_TASKS = 100_000
#: The most variants one task of a sweep evaluates at once (each is sectors × 4 figures).
MAX_BLOCK = 10_000_000


def _compute(tasks: list[Any], client: Any) -> list[Any]:
    """Runs delayed tasks on ``client``, or on Dask's default scheduler."""
    if client is None:
        return list(_dask().compute(*tasks))
    return list(client.gather(client.compute(tasks)))


def _ranges(n: int, tasks: int) -> list[tuple[int, int]]:
    """``0..n`` cut into ``tasks`` contiguous ranges (fewer when ``n`` is smaller)."""
    edges = np.linspace(0, n, min(tasks, n) + 1).round().astype(int)
    return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:]) if b > a]


def probability(
    scenario: Scenario,
    target: Optional[float] = None,
    uncertainty: Optional[Uncertainty] = None,
    *,
    paths: int = 1_000_000,
    seed: int = 0,
    method: Literal["auto", "analytic", "monte_carlo"] = "auto",
    tasks: Optional[int] = None,
    threads_per_task: Optional[int] = 1,
    client: Any = None,
    fractions_ok: bool = False,
) -> Probability:
    """:meth:`grdpsim.Scenario.probability` with its Monte Carlo chunks spread over Dask
    workers: the same report, bit for bit, as the local call with the same seed.

    ``tasks``: how many pieces the chunks are cut into (default: two per worker thread of
    ``client``, else 8); ``threads_per_task``: threads each piece uses on its worker. Neither
    changes the result. An analytic probability (a normal model) runs locally: there is nothing
    to split. A ``target`` below 1 in absolute value is refused as a fraction unless
    ``fractions_ok``.
    """
    from .probability import Probability, Uncertainty
    from .scenario import Scenario

    _args.instance("scenario", scenario, Scenario)
    if not isinstance(uncertainty, Uncertainty):
        raise said(
            InvalidArgumentError,
            "invalid argument uncertainty: give a grdpsim.Uncertainty "
            "(Uncertainty.normal(sd), Uncertainty.from_history(accounts), ...)",
        )
    opts: dict[str, Any] = dict(
        target=None if target is None else _args.real("target", target),
        paths=_args.count("paths", paths),
        seed=_args.count("seed", seed),
        method=_args.text("method", method),
    )
    ok = _args.flag("fractions_ok", fractions_ok)
    core = scenario._inner.with_fractions_ok(True) if ok else scenario._inner
    chunks = _core.monte_carlo_chunks(core, uncertainty._inner, **opts)
    if chunks is None:
        return scenario.probability(
            target, uncertainty, paths=paths, seed=seed, method=method, fractions_ok=ok
        )
    client = _client(client)
    if tasks is None:
        tasks = 2 * sum(client.nthreads().values()) if client is not None else 8
    threads = None if threads_per_task is None else _args.count("threads_per_task", threads_per_task)
    simulate = _dask().delayed(_core.simulate_chunks, pure=True)
    parts = _compute(
        [
            simulate(core, uncertainty._inner, a, b, **opts, threads=threads)
            for a, b in _ranges(chunks, max(1, _args.count("tasks", tasks)))
        ],
        client,
    )
    return Probability._from_core(_core.merge_monte_carlo(core, uncertainty._inner, parts, **opts))


def _cells(scenario: Scenario, changes: Any) -> tuple[list[tuple[str, str]], list[np.ndarray]]:
    """The (leaf sector, quarter) cells a sweep changes and each one's values (pp)."""
    if not isinstance(changes, Mapping) or not changes:
        raise said(
            InvalidArgumentError,
            f"invalid argument changes: expected {{sector: {{quarter: [changes in pp]}}}}, got {changes!r}",
        )
    leaves = list(scenario.quarterly_targets().index)
    tree = scenario.base.tree
    k = scenario.elapsed_quarters
    cells: list[tuple[str, str]] = []
    values: list[np.ndarray] = []
    for sector, by_quarter in changes.items():
        code = tree.canonical(_args.text("sector", sector))
        if code not in leaves:
            raise said(
                InvalidArgumentError,
                f"invalid argument changes: sector {sector} is not a leaf sector of the scenario "
                f"({', '.join(leaves)}); a sweep changes quarterly targets of leaves",
                sector=str(sector),
            )
        if not isinstance(by_quarter, Mapping) or not by_quarter:
            raise said(
                InvalidArgumentError,
                f"invalid argument changes: sector {sector}: expected {{quarter: [changes in pp]}}, "
                f"got {by_quarter!r}",
                sector=code,
            )
        for quarter, grid in by_quarter.items():
            q = _args.text("quarter", quarter).strip().upper()
            if q not in _QUARTERS:
                raise said(
                    InvalidArgumentError,
                    f"invalid argument changes: sector {sector}: {quarter!r} is not Q1..Q4",
                    sector=code,
                )
            if _QUARTERS.index(q) < k:
                raise said(
                    InvalidArgumentError,
                    f"invalid argument changes: sector {sector}, period {q}: the quarter has actual "
                    f"figures (Q1..Q{k}); a target change there would change nothing",
                    sector=code,
                    period=q,
                )
            v = _args.float_array(grid, f"changes[{sector}][{quarter}]").ravel()
            if v.size == 0 or not np.isfinite(v).all():
                raise said(
                    InvalidArgumentError,
                    f"invalid argument changes: sector {sector}, period {q}: "
                    f"give finite changes in pp, got {grid!r}",
                    sector=code,
                    period=q,
                )
            cells.append((code, q))
            values.append(v)
    if len(set(cells)) != len(cells):
        raise said(
            InvalidArgumentError,
            "invalid argument changes: a sector-quarter is named twice (through an alias?)",
        )
    return cells, values


def _elapsed_level(scenario: Scenario, k: int) -> float:
    """GRDP's level over Q1..Qk as it stands (0 before any quarter)."""
    if k == 0:
        return 0.0
    return float(scenario.level("Q1" if k == 1 else f"Q1-Q{k}"))


def _sweep_block(spec: dict[str, Any], start: int, stop: int, block: int) -> pd.DataFrame:
    """Variants ``start..stop`` of a sweep: their changes, then every figure."""
    values: list[np.ndarray] = spec["values"]
    m = stop - start
    if spec["samples"] is None:
        coords = np.unravel_index(np.arange(start, stop), [v.size for v in values])
        deltas = np.column_stack([v[c] for v, c in zip(values, coords)]) if m else np.zeros((0, len(values)))
    else:
        # The block's draws depend on the seed and the block's index only.
        rng = np.random.default_rng([spec["seed"], block])
        lo = np.array([v.min() for v in values])
        hi = np.array([v.max() for v in values])
        deltas = lo + (hi - lo) * rng.random((m, len(values)))
    plan: np.ndarray = spec["plan"]
    growth = np.repeat(plan[None], m, axis=0)
    for j, (row, q) in enumerate(spec["positions"]):
        growth[:, row, q] = plan[row, q] + deltas[:, j]
    base: np.ndarray = spec["base"]
    frame = pd.DataFrame(deltas, columns=spec["columns"])
    frame.insert(0, "variant", np.arange(start, stop))
    # The plan's rates were checked by the scenario, and the changes are in pp: no guess at
    # fractions here.
    frame["target_growth_pct"] = batch.annual_growth(base, growth, fractions_ok=True)
    outturn: np.ndarray = spec["outturn"]
    now = np.repeat(outturn[None], m, axis=0)
    for j, (row, q) in enumerate(spec["positions"]):
        if not spec["reported"][row, q]:
            now[:, row, q] = outturn[row, q] + deltas[:, j]
    frame["growth_pct"] = batch.annual_growth(base, now, fractions_ok=True)
    req = batch.required_growth(base, growth, **spec["required"], allocation=False)
    frame["required_pct"] = float(req["grdp_pct"])
    frame["rise_pp"] = req["rise"]
    frame["feasible"] = req["feasible"]
    frame["reached_pct"] = req["reached_pct"]
    if spec["uncertainty"] is not None:
        sc: Scenario = spec["scenario"]
        p_reach = []
        for i in range(m):
            targets: dict[str, dict[str, float]] = {}
            for j, (code, q) in enumerate(spec["cells"]):
                targets.setdefault(code, {})[q] = float(
                    growth[i, spec["positions"][j][0], spec["positions"][j][1]]
                )
            variant = sc.with_targets(targets)
            p = variant.probability(spec["target"], spec["uncertainty"], **spec["probability"])
            p_reach.append(p.p_reach)
        frame["p_reach"] = p_reach
    return frame


def sweep(
    scenario: Scenario,
    changes: Mapping[str, Mapping[str, Sequence[float]]],
    *,
    target: Optional[float] = None,
    samples: Optional[int] = None,
    seed: int = 0,
    policy: Literal["uniform", "proportional"] = "uniform",
    uncertainty: Optional[Uncertainty] = None,
    paths: int = 100_000,
    method: Literal["auto", "analytic", "monte_carlo"] = "auto",
    block_size: int = 100_000,
    client: Any = None,
    fractions_ok: bool = False,
) -> pd.DataFrame:
    """Target changes evaluated in parallel: one row per variant.

    ``changes`` is ``{sector: {quarter: [changes in pp]}}`` over leaf sectors and quarters
    without actuals, e.g. ``{"DV": {"Q3": [-1, 0, 1], "Q4": [-1, 0, 1]}}``. Without
    ``samples``, every combination (a grid, in the order of ``itertools.product``); with
    ``samples=n``, n variants drawn uniformly between each list's smallest and largest value
    (seeded by ``seed`` and the block, whatever runs it).

    Columns: ``variant``; one column per changed cell (``DV_Q3_pp``, the change in pp);
    ``target_growth_pct``, annual GRDP growth under the variant's targets (the plan, as
    :meth:`grdpsim.Scenario.target_growth`); ``growth_pct``, the year as it stands under the
    variant (actuals where reported, the variant's targets elsewhere, as
    :meth:`grdpsim.Scenario.growth`: a change to a quarter with actuals moves the plan only);
    ``required_pct``, the GRDP growth the remaining quarters need to reach ``target``
    (default: the scenario's annual target; it depends on the actuals, not on the variant;
    a ``target`` below 1 is refused as a fraction unless ``fractions_ok``); ``rise_pp``,
    ``feasible`` and
    ``reached_pct``, the ``policy``'s rise over the variant's remaining targets
    (:func:`grdpsim.batch.required_growth`); and with ``uncertainty``, ``p_reach``, the
    probability of reaching ``target`` (:meth:`grdpsim.Scenario.probability` of the variant
    with ``paths``, ``seed`` and ``method``). Blocks of ``block_size`` variants are the tasks;
    the rows do not depend on it, nor on the workers.
    """
    from .probability import Uncertainty
    from .scenario import Scenario

    _args.instance("scenario", scenario, Scenario)
    if uncertainty is not None:
        _args.instance("uncertainty", uncertainty, Uncertainty, "grdpsim.Uncertainty or None")
    cells, values = _cells(scenario, changes)
    target_pct = scenario.annual_target_pct if target is None else _args.real("target", target)
    k = scenario.elapsed_quarters
    plan_frame = scenario.quarterly_targets()
    leaves = list(plan_frame.index)
    if samples is None:
        n = int(np.prod([v.size for v in values], dtype=np.int64))
    else:
        n = _args.count("samples", samples)
    size = _args.count("block_size", block_size)
    if size == 0:
        raise said(InvalidArgumentError, "invalid argument block_size: 0; give at least 1")
    if size > MAX_BLOCK:
        raise said(
            InvalidArgumentError,
            f"invalid argument block_size: {size} is above the ceiling of {MAX_BLOCK} variants "
            f"a task holds in memory ({MAX_BLOCK * 160 // 10**6} MB for 5 sectors)",
        )
    if -(-n // size) > MAX_TASKS:
        raise said(
            InvalidArgumentError,
            f"invalid argument samples: {n} variants in blocks of {size} make {-(-n // size)} "
            f"tasks, above the ceiling of {MAX_TASKS}; give a larger block_size or fewer variants",
        )
    client = _client(client)
    spec: dict[str, Any] = dict(
        values=values,
        samples=samples,
        seed=_args.count("seed", seed),
        plan=plan_frame.to_numpy(),
        base=scenario.base_levels(),
        cells=cells,
        positions=[(leaves.index(code), _QUARTERS.index(q)) for code, q in cells],
        columns=[f"{code}_{q}_pp" for code, q in cells],
        outturn=scenario.quarterly_growth().to_numpy(),
        reported=scenario._inner.leaf_reported(),
        required=dict(
            elapsed_quarters=k,
            actual_elapsed_level=_elapsed_level(scenario, k),
            target_pct=target_pct,
            policy=_args.text("policy", policy),
            fractions_ok=_args.flag("fractions_ok", fractions_ok) or scenario.fractions_ok,
        ),
        scenario=scenario,
        uncertainty=uncertainty,
        target=target_pct,
        probability=dict(
            paths=_args.count("paths", paths),
            seed=_args.count("seed", seed),
            method=_args.text("method", method),
        ),
    )
    # The first variant runs here: a bad argument fails now, not on a worker.
    _sweep_block(spec, 0, min(1, n), 0)
    block = _dask().delayed(_sweep_block, pure=True)
    starts = list(range(0, n, size))
    frames = _compute([block(spec, a, min(a + size, n), i) for i, a in enumerate(starts)], client)
    if not frames:
        return _sweep_block(spec, 0, 0, 0)
    out: pd.DataFrame = pd.concat(frames, ignore_index=True)
    return out
