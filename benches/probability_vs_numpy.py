"""grdpsim's Monte Carlo probability against numpy, side by side in one process (issue 9).

10^6 paths × 21 sectors × 4 quarters, correlated normal deviations (no actuals: every
sector-quarter is uncertain), computing P(annual growth ≥ target), the percentiles 5..95 of
annual growth and each sector's P(reaching its own annual target). The 21 sectors are the 20
sections A..T plus TAX, with the national 2023 quarterly levels at constant 2010 prices from
``../shared/data/vn_gdp_quarterly_2010q1_2024q3.csv`` as the base (A01..A03 summed into A);
sds are 1 + (i mod 5) pp and the correlation is ``ρ^|i−j|`` with ρ = 0.6.

The rows run in turns, ``--repeats`` rounds after a warm-up round, each time the median of its
runs (``benches/_timing.py``: a burst of load on a shared machine falls on every row alike);
the load average is printed beside the figures:

* ``grdpsim``: ``Scenario.probability(method="monte_carlo")``, which also computes the fan
  (7 periods), the sectors' percentiles and variance shares and the required growth;
* ``numpy``: chunks of 100,000 paths (a full 10^6 × 4 × 21 float64 array is 670 MB):
  ``default_rng(seed).standard_normal((chunk, 4, 21))``, ``@ L.T`` (Cholesky of the
  correlation) times the sds, the weighted sums as matmuls, then ``np.percentile`` and the
  comparisons; this is the vectorised form of exactly what the targets ask for;
* ``numpy normals``: ``default_rng(seed).standard_normal`` drawing the same 84 × 10^6
  standard normals in the same chunks and nothing else, the floor of any numpy simulation;
* ``normals only``: ``grdpsim._core.normals_only``, the same xoshiro256++ streams and chunks
  drawing the 84 × 10^6 standard normals (sectors × quarters × paths) and nothing else;
* ``per-cell kernel``: the same figures under a Student t with df = 10^6 (normal to 1e-6),
  which runs the kernel every non-normal model uses: 84 normals per path, the Cholesky factor
  across sectors, the AR recursion across quarters. A normal model does not need it: its
  figures are linear in the deviations, so grdpsim draws their joint normal distribution
  directly (rank ≤ sectors + 3 normals per path; ``probability.gaussian_factor`` in Rust).

Targets: numpy / grdpsim ≥ 10; grdpsim / normals only ≤ 2. Run from the repository root (the
venv holds a release build)::

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benches/probability_vs_numpy.py

Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np
import pandas as pd
from _timing import interleaved, machine_load

import grdpsim as gs
from grdpsim import _core

SECTIONS = [*"ABCDEFGHIJKLMNOPQRST", "TAX"]
LEVELS = list(range(5, 100, 5))


def base_levels(csv: Path) -> np.ndarray:
    df = pd.read_csv(csv)
    df = df[(df["price_basis"] == "constant_2010") & df["period"].str.startswith("2023")]
    df["sector"] = df["sector"].replace({"A01": "A", "A02": "A", "A03": "A"})
    wide = df.groupby(["sector", "period"])["value_bn_vnd"].sum().unstack()
    return wide.loc[SECTIONS].to_numpy()


def scenario(levels: np.ndarray) -> gs.Scenario:
    specs: list[dict[str, object]] = [{"code": "GDP", "parent": None, "name_vi": "", "name_en": "", "aliases": [], "net_taxes": False}]
    specs += [
        {"code": s, "parent": "GDP", "name_vi": "", "name_en": "", "aliases": [], "net_taxes": s == "TAX"}
        for s in SECTIONS
    ]
    tree = gs.SectorTree.from_specs(specs)
    base = gs.Accounts.from_leaf_levels(tree, "2023Q1", levels)
    targets = {s: {"Y": 4.0 + (i % 7)} for i, s in enumerate(SECTIONS)}
    return gs.Scenario(base, 2024, targets)


def numpy_probability(
    levels: np.ndarray, growth: np.ndarray, sd: np.ndarray, corr: np.ndarray, target: float,
    sector_targets: np.ndarray, paths: int, seed: int, chunk: int = 100_000,
) -> tuple[float, np.ndarray, np.ndarray]:
    n = levels.shape[0]
    chol = np.linalg.cholesky(corr)
    scale = chol.T * sd  # e = z @ (L.T * sd): row i of L times sd_i
    w_total = levels.T / levels.sum()  # (4, n): weight of each sector-quarter in GDP growth
    w_sector = levels.T / levels.sum(axis=1)  # (4, n): in its own sector's growth
    g0 = (levels * (1 + growth / 100)).sum() / levels.sum() * 100 - 100
    s0 = (levels * (1 + growth / 100)).sum(axis=1) / levels.sum(axis=1) * 100 - 100
    rng = np.random.default_rng(seed)
    totals = np.empty(paths)
    reach = np.zeros(n)
    for start in range(0, paths, chunk):
        m = min(chunk, paths - start)
        e = rng.standard_normal((m, 4, n)) @ scale  # (m, 4, n)
        totals[start : start + m] = g0 + e.reshape(m, 4 * n) @ w_total.reshape(4 * n)
        sectors = s0 + np.einsum("mqn,qn->mn", e, w_sector)
        reach += (sectors >= sector_targets).sum(axis=0)
    return float((totals >= target).mean()), np.percentile(totals, LEVELS), reach / paths


def numpy_normals(n: int, paths: int, seed: int, chunk: int = 100_000) -> None:
    """numpy's generator alone: the standard normals of :func:`numpy_probability`, nothing else."""
    rng = np.random.default_rng(seed)
    for start in range(0, paths, chunk):
        rng.standard_normal((min(chunk, paths - start), 4, n))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--paths", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--data", default=os.environ.get("GRDPSIM_SHARED_DATA", "../shared/data"))
    args = ap.parse_args()
    levels = base_levels(Path(args.data) / "vn_gdp_quarterly_2010q1_2024q3.csv")
    sc = scenario(levels)
    n = len(SECTIONS)
    sd = np.array([1.0 + i % 5 for i in range(n)])
    idx = np.arange(n)
    corr = 0.6 ** np.abs(idx[:, None] - idx[None, :])
    u = gs.Uncertainty.normal(dict(zip(SECTIONS, sd)), corr=pd.DataFrame(corr, index=SECTIONS, columns=SECTIONS))
    target = 6.5
    growth = sc.quarterly_targets().loc[SECTIONS].to_numpy(dtype=float)
    sector_targets = np.array([sc.target_growth("Y", sector=s) for s in SECTIONS])

    u_t = gs.Uncertainty.student_t(
        dict(zip(SECTIONS, sd)), 1e6, corr=pd.DataFrame(corr, index=SECTIONS, columns=SECTIONS)
    )
    p = sc.probability(target, uncertainty=u, method="monte_carlo", paths=args.paths, seed=1)
    p_np, q_np, reach_np = numpy_probability(levels, growth, sd, corr, target, sector_targets, args.paths, 1)
    p_cell = sc.probability(target, uncertainty=u_t, paths=args.paths, seed=1)
    t = interleaved({
        "grdpsim": lambda: sc.probability(target, uncertainty=u, method="monte_carlo", paths=args.paths, seed=1),
        "numpy": lambda: numpy_probability(levels, growth, sd, corr, target, sector_targets, args.paths, 1),
        "numpy normals": lambda: numpy_normals(n, args.paths, 1),
        "normals only": lambda: _core.normals_only(args.paths, 4 * n, 1),
        "per-cell": lambda: sc.probability(target, uncertainty=u_t, paths=args.paths, seed=1),
        "analytic": lambda: sc.probability(target, uncertainty=u, method="analytic"),
    }, args.repeats)
    t_rust, t_np, t_normals, t_cell = t["grdpsim"], t["numpy"], t["normals only"], t["per-cell"]
    exact = sc.probability(target, uncertainty=u, method="analytic")
    print(f"{args.paths:,} paths × {n} sectors × 4 quarters, correlated normal; median of "
          f"{args.repeats} interleaved runs; {machine_load()} at the end")
    print(f"  grdpsim       {t_rust:7.3f} s   P = {p.p_reach:.4f} ± {p.p_reach_se:.4f}")
    print(f"  numpy         {t_np:7.3f} s   P = {p_np:.4f}")
    print(f"  numpy normals {t['numpy normals']:7.3f} s   (standard_normal alone, 84 per path)")
    print(f"  normals only  {t_normals:7.3f} s   (grdpsim's generator alone, 84 per path)")
    print(f"  per-cell      {t_cell:7.3f} s   P = {p_cell.p_reach:.4f}  (Student t, df 10^6)")
    print(f"  analytic      {t['analytic']:7.4f} s   P = {exact.p_reach:.4f}")
    print(f"  numpy / grdpsim        = {t_np / t_rust:5.1f}  (target >= 10)")
    print(f"  numpy normals / grdpsim = {t['numpy normals'] / t_rust:5.1f}  (numpy's generator alone against the whole answer)")
    print(f"  grdpsim / normals only = {t_rust / t_normals:5.2f}  (target <= 2)")
    print(f"  numpy / per-cell kernel = {t_np / t_cell:5.1f};  per-cell / normals only = {t_cell / t_normals:5.2f}")
    med = float(np.asarray(q_np)[9])
    print(f"  median annual growth: grdpsim {p.quantiles[50]:.4f}, numpy {med:.4f}")
    worst = float(np.max(np.abs(p.by_sector['p_reach'].to_numpy() - reach_np)))
    print(f"  largest difference of a sector's P(reach): {worst:.4f}")


if __name__ == "__main__":
    main()
