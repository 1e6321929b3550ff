"""grdpsim on Dask: 1 against 2 worker processes on this machine, for 10^7 scenario variants
(annual growth and required growth) and for a Monte Carlo probability, each checked to give
the local call's numbers bit for bit.

The variants are drawn on the workers, block by block, from a seed and the block's index (the
same blocks are drawn again locally for the check), so nothing of size N crosses but the
results. Each worker runs one task at a time on one thread (RAYON_NUM_THREADS=1), so the
workers are the only parallelism. Times are the minimum over ``--repeats`` runs after a
warm-up; the load average is printed beside them (the machine may be shared).

    .venv/bin/python benches/dask_scaling.py [--variants 10000000] [--block 500000]
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any, Callable

import numpy as np

import grdpsim as gs


def draw(plan: np.ndarray, seed: int, block: int, size: int) -> np.ndarray:
    rng = np.random.default_rng([seed, block])
    return plan + rng.uniform(-2.0, 2.0, size=(size, *plan.shape))


def best(f: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    f()  # warm-up: imports, pools, the graph's first run
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variants", type=int, default=10_000_000)
    ap.add_argument("--block", type=int, default=500_000)
    ap.add_argument("--paths", type=int, default=2_000_000)
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args()

    import dask.array as da
    from distributed import Client, LocalCluster

    cb = gs.datasets.cao_bang_2025()
    base, plan = cb.base_levels(), cb.quarterly_targets().to_numpy()
    n, b = args.variants, args.block
    starts = list(range(0, n, b))
    kw: dict[str, Any] = dict(
        elapsed_quarters=2, actual_elapsed_level=float(cb.level("H1")), target_pct=8.0, allocation=False
    )
    u = gs.Uncertainty.student_t({"NLTS": 2.0, "CN": 3.0, "XD": 5.0, "DV": 1.5, "TSP": 2.5}, df=5.0, ar=0.4)
    pkw: dict[str, Any] = dict(paths=args.paths, seed=1, method="monte_carlo")

    def local() -> tuple[np.ndarray, np.ndarray]:
        annual, rise = [], []
        for i, a in enumerate(starts):
            g = draw(plan, 0, i, min(b, n - a))
            annual.append(gs.batch.annual_growth(base, g))
            rise.append(gs.batch.required_growth(base, g, **kw)["rise"])
        return np.concatenate(annual), np.concatenate(rise)

    os.environ["RAYON_NUM_THREADS"] = "1"  # the local reference: one process, one thread
    print(f"N = {n:,} variants in blocks of {b:,}; Monte Carlo {args.paths:,} paths; "
          f"load average {os.getloadavg()[0]:.2f} at start")
    t_local, (annual_ref, rise_ref) = best(local, args.repeats)
    t_local_p, p_ref = best(lambda: cb.probability(8.0, u, **pkw, threads=1), args.repeats)
    print(f"{'local, 1 thread':<22}{t_local:>10.2f} s{t_local_p:>12.2f} s")

    index = da.arange(n, chunks=b)

    def variants_block(idx: np.ndarray, block_info: Any = None) -> np.ndarray:
        i = block_info[0]["chunk-location"][0]
        return draw(plan, 0, i, len(idx))

    variants = index.map_blocks(
        variants_block, new_axis=[1, 2], chunks=(index.chunks[0], (plan.shape[0],), (4,)), dtype=np.float64
    )
    for workers in (1, 2):
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
            env={"RAYON_NUM_THREADS": "1"},
        ) as cluster, Client(cluster) as client:
            annual = gs.dask.annual_growth(base, variants)
            rise = gs.dask.required_growth(base, variants, **kw)["rise"]
            t, (a, r) = best(lambda: client.gather(client.compute([annual, rise])), args.repeats)
            assert np.array_equal(a, annual_ref) and np.array_equal(r, rise_ref), "not the local bits"
            tp, p = best(lambda: gs.dask.probability(cb, 8.0, u, **pkw, client=client), args.repeats)
            assert p.p_reach == p_ref.p_reach and p.quantiles.equals(p_ref.quantiles), "not the local bits"
            print(f"{f'dask, {workers} worker(s)':<22}{t:>10.2f} s{tp:>12.2f} s   "
                  f"(load average {os.getloadavg()[0]:.2f})")
    print("columns: 10^7 variants' annual + required growth; the Monte Carlo probability. "
          "Every result identical to the local one.")


if __name__ == "__main__":
    main()
