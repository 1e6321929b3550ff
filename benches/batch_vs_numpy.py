"""grdpsim's batch kernels against numpy, side by side in one process (issue 3, "Speed").

N = 10^6 scenario variants (N × sectors × 4 quarterly growth rates, float64, C-contiguous),
for S = 4 broad sectors and S = 21 sections. Bases are the national 2023 quarterly
constant-price (2010 prices) levels from ``../shared/data/vn_gdp_quarterly_2010q1_2024q3.csv``:

* S = 4:  A (agriculture, forestry, fishing), BTF (industry and construction), GTT (services),
  TAX (product taxes less subsidies) — the four broad sectors of the provincial tree;
* S = 21: the 20 sections A, B, ..., T plus TAX (A as one section, not A01..A03).

Growth rates are drawn (seed 20251126) uniformly in [2, 10) percent.

a. Annual GRDP growth: ``gs.batch.annual_growth`` against numpy's forms of ``Σ w·g``
   (``G.reshape(N, 4S) @ w``, ``np.dot``, ``np.einsum`` with and without ``optimize``) and one
   read of the input (``G.sum()``). Targets: grdpsim / best numpy <= 1.10 and
   grdpsim / ``G.sum()`` <= 1.5. The outputs must agree (max abs diff printed). Then the same
   figures stored quarter-major (a view that is not C-contiguous): grdpsim's general path against
   ``np.einsum`` on the same view and a contiguous copy of it; grdpsim's results must equal the
   contiguous ones bit for bit.
b. Gap after two quarters: ``gs.batch.gap`` against numpy (reported, no target).
c. Required growth over Q3..Q4 with locked sectors and caps (water-filling per variant), policies
   ``uniform`` and ``proportional``: ``gs.batch.required_growth`` against a vectorized numpy
   implementation of the same arithmetic (four forms: a cumulative-sum form over the sorted
   kinks, a loop over the sorted kinks with masks, iterative clipping without a sort, and the
   Rust kernel's own method, F evaluated at every kink at once; the fastest is taken). The
   numpy allocation must
   equal grdpsim's to 1e-9 (asserted, with rise, feasibility, reached and max reachable
   growth). Target: numpy / grdpsim >= 20. grdpsim is also timed writing the allocation into a
   reused buffer (``out=``) and with ``allocation=False`` (no N × S matrix: rise, feasibility,
   reached and max reachable growth only, asserted equal to the full call); the numpy side is
   the same in all three rows (it needs the allocation to get the reached growth, and
   allocates its result and intermediates afresh), so those two ratios compare grdpsim's
   lighter calls with numpy's only form.

The calls of each comparison run in turns (grdpsim, numpy, grdpsim, numpy, ...: a burst of load
from elsewhere on a shared machine falls on both sides alike) and each time is the median of
its runs after a warm-up (``benches/_timing.py``); each table prints the load average it ran
under. The script runs
itself again in a subprocess with ``RAYON_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1`` (one core for
both sides) unless ``--no-single-thread`` is given.

Run (from the repository root; the venv has grdpsim built in release mode)::

    .venv/bin/python benches/batch_vs_numpy.py

Where the environment sets ``OPENBLAS_CORETYPE``/``OPENBLAS_L2_SIZE`` (older OpenBLAS needs
them on some CPUs), unset both for this command only so numpy runs its best kernel::

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benches/batch_vs_numpy.py

If ``threadpoolctl`` is importable (e.g. ``pip install --target /tmp/tpc threadpoolctl`` and
``PYTHONPATH=/tmp/tpc``) the OpenBLAS kernel and thread count are printed. Not part of the test
suite.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from _timing import interleaved, machine_load

import grdpsim as gs

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("GRDPSIM_SHARED_DATA", ROOT.parent / "shared" / "data"))
CSV = DATA / "vn_gdp_quarterly_2010q1_2024q3.csv"

BROAD = ["A", "BTF", "GTT", "TAX"]
SECTIONS = [chr(c) for c in range(ord("A"), ord("T") + 1)] + ["TAX"]
SEED = 20251126
G_LO, G_HI = 2.0, 10.0

# Required growth: two quarters elapsed, actual H1 growth 6.0%, annual target 9.0%.
ELAPSED = 2
ACTUAL_H1_PCT = 6.0
TARGET_PCT = 9.0


# -- data ------------------------------------------------------------------------------------
def base_levels(codes: list[str], year: int = 2023) -> np.ndarray:
    """Leaves × 4 constant-price levels of ``year`` from the national CSV."""
    want = {f"{year}Q{q}": q - 1 for q in range(1, 5)}
    out = np.full((len(codes), 4), np.nan)
    index = {c: i for i, c in enumerate(codes)}
    with CSV.open(newline="") as f:
        for row in csv.DictReader(f):
            if row["period"] in want and row["sector"] in index and row["price_basis"].startswith("constant"):
                out[index[row["sector"]], want[row["period"]]] = float(row["value_bn_vnd"])
    if np.isnan(out).any():
        raise SystemExit(f"missing levels in {CSV}")
    return out


def growth_array(n: int, s: int, seed: int = SEED) -> np.ndarray:
    rng = np.random.default_rng(seed + s)
    g = np.empty((n, s, 4))
    for lo in range(0, n, 1 << 18):  # chunks keep the peak memory at one array
        hi = min(n, lo + (1 << 18))
        g[lo:hi] = rng.uniform(G_LO, G_HI, size=(hi - lo, s, 4))
    return g


def lock_cap_spec(codes: list[str]) -> tuple[dict[int, float | None], dict[int, float]]:
    """Locks and caps by sector position (caps are all >= G_HI, so never below a plan)."""
    if len(codes) == 4:
        # TAX locked at plan; every free sector capped (so some variants are infeasible).
        locked: dict[int, float | None] = {codes.index("TAX"): None}
        caps = {codes.index("A"): 10.5, codes.index("BTF"): 13.0, codes.index("GTT"): 12.0}
    else:
        # TAX at plan, O (public administration) at 6%, 12 of the 19 free sections capped.
        locked = {codes.index("TAX"): None, codes.index("O"): 6.0}
        free = [i for i in range(len(codes)) if i not in locked]
        caps = {i: 10.0 + (j % 4) for j, i in enumerate(free[:12])}
    return locked, caps


# -- numpy: annual growth and gap --------------------------------------------------------------
def numpy_annual_forms(base: np.ndarray, g: np.ndarray) -> dict[str, Callable[[], np.ndarray]]:
    n, s, _ = g.shape
    w2 = base / base.sum()
    w = np.ascontiguousarray(w2.ravel())
    flat = g.reshape(n, s * 4)
    return {
        "G.reshape(N,4S) @ w": lambda: flat @ w,
        "np.dot(G.reshape(N,4S), w)": lambda: np.dot(flat, w),
        "np.einsum('nsq,sq->n')": lambda: np.einsum("nsq,sq->n", g, w2),
        "np.einsum(..., optimize=True)": lambda: np.einsum("nsq,sq->n", g, w2, optimize=True),
    }


def numpy_gap(base: np.ndarray, g: np.ndarray, k: int, actual: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    grdp_base = base[:, :k].sum()
    planned = np.einsum("nsq,sq->ns", g[:, :, :k], base[:, :k]) / 100.0 + base[:, :k].sum(axis=1)
    by_sector = (actual - planned) * (100.0 / grdp_base)
    return by_sector.sum(axis=1), by_sector


# -- numpy: required growth (water-filling per variant) ---------------------------------------
def _kinks(moving, start, d, cap):
    """Where each sector reaches its cap, (cap - start) / d; inf for a sector that does not move
    or has no cap."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(moving & np.isfinite(cap), (cap - start) / d, np.inf)


def _sorted_kinks(B, start, d, cap):
    """Kinks of Σ B·min(start + s·d, cap) (inf where a sector has none), sorted per row, with
    the slope each one removes; the starting value and slope; whether some mover is uncapped."""
    bd = B * d
    moving = bd > 0
    finite_cap = np.isfinite(cap)
    capped = moving & finite_cap
    kink = _kinks(moving, start, d, cap)
    order = np.argsort(kink, axis=1)
    ks = np.take_along_axis(kink, order, axis=1)
    bds = np.take_along_axis(np.where(capped, bd, 0.0), order, axis=1)
    value0 = (B * start).sum(axis=1)
    slope0 = np.where(moving, bd, 0.0).sum(axis=1)
    uncapped = (moving & ~finite_cap).any(axis=1)
    return ks, bds, value0, slope0, uncapped


def _finish(B, start, d, cap, K, rise):
    with np.errstate(invalid="ignore"):
        moved = np.minimum(start + rise[:, None] * d, cap)
    out = np.where(d > 0, moved, start)
    reached = (B * out).sum(axis=1)
    scale = np.maximum(np.maximum(abs(K), np.abs(reached)), 1.0)
    feasible = reached >= K - 1e-12 * scale
    return out, reached, feasible


def fill_cumsum(B, start, d, cap, K):
    """Water level by cumulative sums over the sorted kinks (no Python loop over sectors)."""
    ks, bds, value0, slope0, uncapped = _sorted_kinks(B, start, d, cap)
    fin = np.isfinite(ks)
    prev = np.zeros_like(ks)
    prev[:, 1:] = ks[:, :-1]
    slopes = np.empty_like(ks)  # slope of the piece that ends at kink j
    slopes[:, 0] = slope0
    np.subtract(slope0[:, None], np.cumsum(bds[:, :-1], axis=1), out=slopes[:, 1:])
    with np.errstate(invalid="ignore"):
        seg = np.where(fin, slopes * (ks - prev), 0.0)
    v_end = value0[:, None] + np.cumsum(seg, axis=1)
    v_start = v_end - seg
    hit = fin & (v_end >= K)
    j = np.argmax(hit, axis=1)
    found = hit[np.arange(len(j)), j]
    rows = np.arange(len(j))
    with np.errstate(divide="ignore", invalid="ignore"):
        r_found = prev[rows, j] + (K - v_start[rows, j]) / slopes[rows, j]
        nfin = fin.sum(axis=1)
        last = np.maximum(nfin - 1, 0)
        at = np.where(nfin > 0, ks[rows, last], 0.0)
        value = np.where(nfin > 0, v_end[rows, last], value0)
        slope_end = slope0 - bds.sum(axis=1)
        r_tail = np.where(uncapped, at + (K - value) / slope_end, at)
        r_below = (K - value0) / slope0
    rise = np.where(found, r_found, r_tail)
    rise = np.where(K <= value0, r_below, rise)
    rise = np.where(slope0 <= 0, 0.0, rise)
    return rise, *_finish(B, start, d, cap, K, rise)


def fill_loop(B, start, d, cap, K):
    """Water level by a loop over the sorted kinks with masks, across variants at once."""
    ks, bds, value0, slope0, uncapped = _sorted_kinks(B, start, d, cap)
    n, s = ks.shape
    with np.errstate(divide="ignore", invalid="ignore"):
        rise = np.where(slope0 <= 0, 0.0, (K - value0) / slope0)  # also the answer when K <= value0
    active = (slope0 > 0) & (K > value0)
    at = np.zeros(n)
    value = value0.copy()
    slope = slope0.copy()
    for j in range(s):
        kj = ks[:, j]
        valid = active & np.isfinite(kj)
        if not valid.any():
            break
        with np.errstate(invalid="ignore"):
            nxt = value + slope * (kj - at)
        hit = valid & (nxt >= K)
        rise = np.where(hit, at + (K - value) / np.where(hit, slope, 1.0), rise)
        active &= ~hit
        step = valid & ~hit
        value = np.where(step, nxt, value)
        at = np.where(step, kj, at)
        slope = np.where(step, slope - bds[:, j], slope)
    with np.errstate(divide="ignore", invalid="ignore"):
        tail = np.where(uncapped, at + (K - value) / slope, at)
    rise = np.where(active, tail, rise)
    return rise, *_finish(B, start, d, cap, K, rise)


def fill_clip(B, start, d, cap, K):
    """Water level by iterative clipping, no sort: solve the linear equation with the sectors
    capped so far held at their caps, cap every sector whose kink lies below that level, and
    repeat until the capped set stops growing. The level rises monotonically to the exact one
    (the linear function without the remaining caps lies above the true one), in at most as
    many rounds as there are caps and usually two or three; only unsettled rows are
    recomputed."""
    n, s = start.shape
    bd = B * d
    moving = bd > 0
    kink = _kinks(moving, start, d, cap)
    bs = B * start
    bc = np.where(np.isfinite(cap), B * cap, 0.0)
    bd_m = np.where(moving, bd, 0.0)
    rise = np.empty(n)
    rows = np.arange(n)
    capped = np.zeros((n, s), bool)
    while rows.size:
        c = capped[rows]
        slope = np.where(c, 0.0, bd_m[rows]).sum(axis=1)
        fixed = np.where(c, bc[rows], bs[rows]).sum(axis=1)
        kr = kink[rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            lvl = (K - fixed) / slope
        # nothing left to move: the level is the highest kink passed (0 if none moves at all)
        top = np.where(c, kr, -np.inf).max(axis=1)
        lvl = np.where(slope > 0, lvl, np.where(np.isfinite(top), top, 0.0))
        newc = kr < lvl[:, None]
        done = (newc == c).all(axis=1) | (slope <= 0)
        rise[rows[done]] = lvl[done]
        capped[rows] = newc
        rows = rows[~done]
    return rise, *_finish(B, start, d, cap, K, rise)


def fill_kinks(B, start, d, cap, K, chunk=1 << 13):
    """Water level as the Rust kernel finds it (src/scenario/allocation.rs): F at every kink at
    once (rows × kinks × sectors, in chunks of rows to bound the memory), then the linear
    piece that starts at the highest kink where F <= K. No sort and no loop over kinks."""
    n, _ = start.shape
    cols = np.flatnonzero(np.isfinite(cap[0]))  # the capped sectors (the same in every row)
    rise = np.empty(n)
    for lo_row in range(0, n, chunk):
        r = slice(lo_row, min(n, lo_row + chunk))
        b, st, dd, cc = B[r], start[r], d[r], cap[r]
        bd = b * dd
        moving = bd > 0
        kink = _kinks(moving[:, cols], st[:, cols], dd[:, cols], cc[:, cols])
        with np.errstate(divide="ignore", invalid="ignore"):
            t = kink[:, :, None]
            a = np.where(dd[:, None, :] > 0,
                         np.minimum(st[:, None, :] + t * dd[:, None, :], cc[:, None, :]),
                         st[:, None, :])
        f = np.einsum("rs,rks->rk", b, a)
        below = np.isfinite(kink) & (f <= K)
        tk = np.where(below, kink, -np.inf)
        j = tk.argmax(axis=1)
        rows = np.arange(len(j))
        found = below[rows, j]
        lo = np.where(found, tk[rows, j], 0.0)
        f_lo = np.where(found, f[rows, j], (b * st).sum(axis=1))
        every = np.full(st.shape, np.inf)
        every[:, cols] = kink
        beyond = moving & (every > np.where(found, lo, -np.inf)[:, None])
        after = np.where(beyond, bd, 0.0).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            rise[r] = np.where(after > 0, lo + (K - f_lo) / after, lo)
    return rise, *_finish(B, start, d, cap, K, rise)


def numpy_required(base, g, *, k, actual_level, target_pct, policy, locked, caps, fill):
    """The same arithmetic as ``gs.batch.required_growth`` (src/scenario/batch.rs and
    allocation.rs): plan over the remaining quarters, start/direction/cap from locks and
    caps, water-filling, and for ``proportional`` the second (uniform) stage among free sectors
    without a planned increase when the first stage falls short."""
    n, s, _ = g.shape
    B = base[:, k:].sum(axis=1)  # base of each sector over the remaining quarters
    annual_base = base.sum()
    remaining_base = B.sum()
    done = actual_level if k else 0.0
    needed = (1.0 + target_pct / 100.0) * annual_base - done
    K = 100.0 * (needed - remaining_base)
    # plan_i = Σ_q b_iq (1 + g_iq/100) / B_i * 100 - 100 = Σ_q (b_iq / B_i) g_iq
    plan = np.einsum("nsq,sq->ns", g[:, :, k:], base[:, k:] / B[:, None])
    is_locked = np.zeros(s, bool)
    lock_val = np.full(s, np.nan)
    for i, v in locked.items():
        is_locked[i] = True
        lock_val[i] = np.nan if v is None else v
    at_growth = is_locked & ~np.isnan(lock_val)
    start = np.where(at_growth, lock_val, plan)
    free = ~is_locked
    if policy == "uniform":
        d = np.broadcast_to(free.astype(float), (n, s))
    else:
        d = np.where(free, np.maximum(plan, 0.0), 0.0)
    cap_row = np.full(s, np.inf)
    for i, c in caps.items():
        if free[i]:
            cap_row[i] = c
    cap = np.broadcast_to(cap_row, (n, s))
    Bn = np.broadcast_to(B, (n, s))
    rise, out, reached, feasible = fill(Bn, start, d, cap, K)
    if policy == "proportional":
        idle = free & (d == 0.0)
        again = ~feasible & (idle & (Bn > 0)).any(axis=1)
        if again.any():
            r = np.flatnonzero(again)
            _, out2, reached2, feasible2 = fill(Bn[r], out[r], idle[r].astype(float), cap[r], K)
            out[r], reached[r], feasible[r] = out2, reached2, feasible2
    def to_annual(sum_ba):
        return (done + remaining_base + sum_ba / 100.0) / annual_base * 100.0 - 100.0

    top = np.where(free, cap_row, start)
    max_sum = (Bn * top).sum(axis=1)
    return {
        "grdp_pct": needed / remaining_base * 100.0 - 100.0,
        "rise": rise,
        "feasible": feasible,
        "reached_pct": to_annual(reached),
        "max_reachable_pct": np.where(np.isfinite(top).all(axis=1), to_annual(max_sum), np.inf),
        "allocation_pct": out,
    }


def check_required(mine: dict, theirs: dict, label: str) -> float:
    diff = float(np.max(np.abs(mine["allocation_pct"] - theirs["allocation_pct"])))
    assert diff < 1e-9, f"{label}: allocation differs by {diff}"
    assert abs(mine["grdp_pct"] - theirs["grdp_pct"]) < 1e-9, label
    assert np.array_equal(mine["feasible"], theirs["feasible"]), f"{label}: feasibility differs"
    assert np.allclose(mine["rise"], theirs["rise"], rtol=0, atol=1e-9), f"{label}: rise differs"
    for key in ("reached_pct", "max_reachable_pct"):
        a, b = mine[key], theirs[key]
        same_inf = np.isinf(a) == np.isinf(b)
        assert same_inf.all() and np.allclose(a[~np.isinf(a)], b[~np.isinf(b)], rtol=0, atol=1e-9), (
            f"{label}: {key} differs"
        )
    return diff


# -- the benchmark -----------------------------------------------------------------------------
PARTS = frozenset({"annual", "gap", "required"})


def run(n: int, numpy_n_required: int, repeat: int, parts: frozenset[str] = PARTS) -> dict:
    results: dict = {"n": n, "rows": []}

    def row(**kw):
        results["rows"].append(kw)
        return kw

    for codes in (BROAD, SECTIONS):
        s = len(codes)
        base = base_levels(codes)
        g = growth_array(n, s)
        gb = g.nbytes / 1e9

        # a. annual growth
        if "annual" in parts:
            ours = gs.batch.annual_growth(base, g)
            forms = numpy_annual_forms(base, g)
            diffs = {name: float(np.max(np.abs(f() - ours))) for name, f in forms.items()}
            t = interleaved({"grdpsim": lambda: gs.batch.annual_growth(base, g),
                             "read": lambda: g.sum(), **forms}, repeat)
            t_forms = {name: t[name] for name in forms}
            best_name = min(t_forms, key=t_forms.__getitem__)
            row(
                part="annual", s=s, n=n, gbytes=gb, grdpsim_s=t["grdpsim"], read_s=t["read"],
                numpy_s=t_forms, best_numpy=best_name, max_abs_diff=max(diffs.values()),
                ratio_vs_numpy=t["grdpsim"] / t_forms[best_name], ratio_vs_read=t["grdpsim"] / t["read"],
                load=machine_load(),
            )
            # The same figures stored quarter-major: the N × S × 4 view of them is not contiguous,
            # and grdpsim reads it where it lies (the general path) instead of copying it.
            gt = np.ascontiguousarray(g.transpose(0, 2, 1)).transpose(0, 2, 1)
            assert not gt.flags.c_contiguous
            assert np.array_equal(gs.batch.annual_growth(base, gt), ours)
            w2 = base / base.sum()
            t = interleaved({"grdpsim": lambda: gs.batch.annual_growth(base, gt),
                             "numpy": lambda: np.einsum("nsq,sq->n", gt, w2),
                             "copy": lambda: np.ascontiguousarray(gt)}, repeat)
            row(part="annual_strided", s=s, n=n, grdpsim_s=t["grdpsim"], numpy_s=t["numpy"],
                copy_s=t["copy"], ratio=t["numpy"] / t["grdpsim"], load=machine_load())
            del gt

        # b. gap after two quarters (actual: every sector 0.5 pp below 6% over H1)
        if "gap" in parts:
            actual = base[:, :2].sum(axis=1) * 1.055
            gg, gs_ = gs.batch.gap(base, g, 2, actual)
            ng, ns_ = numpy_gap(base, g, 2, actual)
            gap_diff = max(float(np.max(np.abs(gg - ng))), float(np.max(np.abs(gs_ - ns_))))
            assert gap_diff < 1e-9, gap_diff
            t = interleaved({"grdpsim": lambda: gs.batch.gap(base, g, 2, actual),
                             "numpy": lambda: numpy_gap(base, g, 2, actual)}, repeat)
            row(part="gap", s=s, n=n, grdpsim_s=t["grdpsim"], numpy_s=t["numpy"], max_abs_diff=gap_diff,
                ratio=t["numpy"] / t["grdpsim"], load=machine_load())

        # c. required growth
        if "required" in parts:
            locked, caps = lock_cap_spec(codes)
            actual_level = base[:, :ELAPSED].sum() * (1.0 + ACTUAL_H1_PCT / 100.0)
            m = min(n, numpy_n_required)
            g_np = g[:m]
            for policy in ("uniform", "proportional"):
                kw = dict(elapsed_quarters=ELAPSED, actual_elapsed_level=actual_level,
                          target_pct=TARGET_PCT, policy=policy, locked=locked, caps=caps)
                ours = gs.batch.required_growth(base, g, **kw)
                # The same call into a reused N × S buffer, and without the allocation matrix.
                buf = np.empty((n, s))
                gs.batch.required_growth(base, g, **kw, out=buf)
                assert np.array_equal(buf, ours["allocation_pct"])
                lean = gs.batch.required_growth(base, g, **kw, allocation=False)
                for key in ("rise", "feasible", "reached_pct", "max_reachable_pct"):
                    assert np.array_equal(lean[key], ours[key]), key
                nkw = dict(k=ELAPSED, actual_level=actual_level, target_pct=TARGET_PCT,
                           policy=policy, locked=locked, caps=caps)
                ours_m = {k2: (v[:m] if isinstance(v, np.ndarray) else v) for k2, v in ours.items()}
                fills = {"cumsum over sorted kinks": fill_cumsum, "loop over kinks": fill_loop,
                         "iterative clipping": fill_clip, "F at every kink": fill_kinks}
                d_np = {}
                for fname, fill in fills.items():
                    mine = numpy_required(base, g_np, fill=fill, **nkw)
                    d_np[fname] = check_required(mine, ours_m, f"S={s} {policy} {fname}")
                t = interleaved({
                    "grdpsim": lambda: gs.batch.required_growth(base, g, **kw),
                    "out": lambda: gs.batch.required_growth(base, g, **kw, out=buf),
                    "lean": lambda: gs.batch.required_growth(base, g, **kw, allocation=False),
                    **{fname: (lambda fill=fill: numpy_required(base, g_np, fill=fill, **nkw))
                       for fname, fill in fills.items()},
                }, max(2, repeat // 2))
                del buf
                t_ours, t_out, t_lean = t["grdpsim"], t["out"], t["lean"]
                t_np = {fname: t[fname] for fname in fills}
                best_np = min(t_np, key=t_np.__getitem__)
                per_ours = t_ours / n
                per_np = t_np[best_np] / m
                row(
                    part="required", s=s, n=n, numpy_n=m, policy=policy, grdpsim_s=t_ours,
                    numpy_s=t_np, best_numpy=best_np, grdpsim_ns_per_variant=per_ours * 1e9,
                    numpy_ns_per_variant=per_np * 1e9, max_abs_diff=max(d_np.values()),
                    feasible_share=float(ours["feasible"].mean()),
                    ratio=per_np / per_ours,
                    grdpsim_out_ns_per_variant=t_out / n * 1e9, ratio_out=per_np / (t_out / n),
                    grdpsim_lean_ns_per_variant=t_lean / n * 1e9, ratio_lean=per_np / (t_lean / n),
                    load=machine_load(),
                )
        g = None  # freed before the next tree's
    return results


def blas_info() -> list[str]:
    lines = []
    try:
        cfg = np.show_config(mode="dicts")
        b = cfg["Build Dependencies"]["blas"]
        lines.append(f"numpy {np.__version__}, BLAS {b.get('name')} {b.get('version')}: "
                     f"{b.get('openblas configuration', '')}")
    except Exception as e:  # noqa: BLE001
        lines.append(f"numpy {np.__version__} (BLAS info unavailable: {e})")
    try:
        import threadpoolctl

        for p in threadpoolctl.threadpool_info():
            lines.append(
                f"threadpoolctl: {p.get('internal_api')} {p.get('version')} "
                f"kernel(architecture)={p.get('architecture')} threads={p.get('num_threads')}"
            )
    except ImportError:
        lines.append("threadpoolctl not importable: OpenBLAS kernel not reported")
    return lines


def print_tables(res: dict, title: str) -> None:
    print(f"\n=== {title} ===")
    print("\n(a) annual GRDP growth, N = {:,}".format(res["n"]))
    print(f"{'S':>3} {'GB in':>6} {'grdpsim':>9} {'G.sum()':>9} {'best numpy':>10}  {'numpy form':<30} "
          f"{'gs/numpy':>8} {'gs/read':>8} {'max|diff|':>9}")
    for r in res["rows"]:
        if r["part"] != "annual":
            continue
        bn = r["numpy_s"][r["best_numpy"]]
        print(f"{r['s']:>3} {r['gbytes']:>6.3f} {r['grdpsim_s']*1e3:>7.1f}ms {r['read_s']*1e3:>7.1f}ms "
              f"{bn*1e3:>8.1f}ms  {r['best_numpy']:<30} {r['ratio_vs_numpy']:>8.3f} "
              f"{r['ratio_vs_read']:>8.3f} {r['max_abs_diff']:>9.1e}")
        others = ", ".join(f"{k}: {v*1e3:.1f}ms" for k, v in r["numpy_s"].items())
        print(f"      numpy forms: {others}; {r['load']}")
        print(f"      targets: gs/numpy <= 1.10 {'MET' if r['ratio_vs_numpy'] <= 1.10 else 'MISSED'}; "
              f"gs/read <= 1.5 {'MET' if r['ratio_vs_read'] <= 1.5 else 'MISSED'}")
    for r in res["rows"]:
        if r["part"] == "annual_strided":
            print(f"  S={r['s']:>2}, not contiguous (quarter-major memory): "
                  f"grdpsim {r['grdpsim_s']*1e3:.1f}ms, numpy einsum {r['numpy_s']*1e3:.1f}ms, "
                  f"numpy/gs {r['ratio']:.2f} (a contiguous copy alone: {r['copy_s']*1e3:.1f}ms); "
                  f"{r['load']}")
    print("\n(b) gap after 2 quarters (no target)")
    for r in res["rows"]:
        if r["part"] == "gap":
            print(f"  S={r['s']:>2}: grdpsim {r['grdpsim_s']*1e3:.1f}ms, numpy {r['numpy_s']*1e3:.1f}ms, "
                  f"numpy/gs {r['ratio']:.2f}, max|diff| {r['max_abs_diff']:.1e}; {r['load']}")
    print("\n(c) required growth over Q3..Q4 with locks and caps (water-filling per variant)")
    print(f"{'S':>3} {'policy':<12} {'grdpsim N':>10} {'grdpsim':>9} {'ns/var':>7} {'numpy N':>10} "
          f"{'numpy':>9} {'ns/var':>7} {'numpy/gs':>8} {'feasible':>8} {'max|diff|':>9}  best numpy form")
    for r in res["rows"]:
        if r["part"] != "required":
            continue
        tn = r["numpy_s"][r["best_numpy"]]
        print(f"{r['s']:>3} {r['policy']:<12} {r['n']:>10,} {r['grdpsim_s']*1e3:>7.1f}ms "
              f"{r['grdpsim_ns_per_variant']:>7.1f} {r['numpy_n']:>10,} {tn*1e3:>7.1f}ms "
              f"{r['numpy_ns_per_variant']:>7.1f} {r['ratio']:>8.1f} {r['feasible_share']:>8.3f} "
              f"{r['max_abs_diff']:>9.1e}  {r['best_numpy']}")
        others = ", ".join(f"{k}: {v*1e3:.1f}ms" for k, v in r["numpy_s"].items())
        print(f"      numpy forms: {others}; {r['load']};  target numpy/gs >= 20: "
              f"{'MET' if r['ratio'] >= 20 else 'MISSED'}")
        print(f"      grdpsim out=<reused N×S buffer>: {r['grdpsim_out_ns_per_variant']:.1f} ns/var, "
              f"numpy/gs {r['ratio_out']:.1f};  allocation=False (rise, feasible, reached, max "
              f"reachable only): {r['grdpsim_lean_ns_per_variant']:.1f} ns/var, numpy/gs "
              f"{r['ratio_lean']:.1f} (numpy cannot skip the allocation: reached is Σ B·a)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--numpy-n-required", type=int, default=1_000_000,
                    help="variants for the numpy required-growth side (per-variant times compared)")
    ap.add_argument("--repeat", type=int, default=7, help="rounds of each comparison (median taken)")
    ap.add_argument("--no-single-thread", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the results as JSON only")
    ap.add_argument("--parts", default=",".join(sorted(PARTS)),
                    help="which comparisons to run, comma-separated: annual, gap, required (default all)")
    args = ap.parse_args()
    parts = frozenset(args.parts.split(","))
    if not parts <= PARTS:
        unknown, known = ", ".join(sorted(parts - PARTS)), ", ".join(sorted(PARTS))
        ap.error(f"--parts: unknown {unknown}; choose from {known}")

    res = run(args.n, args.numpy_n_required, args.repeat, parts)
    res["rayon_threads"] = os.environ.get("RAYON_NUM_THREADS", f"all cores ({os.cpu_count()})")
    if args.json:
        print(json.dumps(res))
        return

    print(f"grdpsim batch vs numpy — {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")
    for line in blas_info():
        print("  " + line)
    print("  OPENBLAS_CORETYPE={!r} OPENBLAS_L2_SIZE={!r}".format(
        os.environ.get("OPENBLAS_CORETYPE"), os.environ.get("OPENBLAS_L2_SIZE")))
    print("  load average at start (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"  bases: S=4 {BROAD}; S=21 {SECTIONS} (2023 constant-price levels, {CSV.name})")
    print(f"  growth U[{G_LO}, {G_HI}) %, seed {SEED}; required: k={ELAPSED}, actual H1 "
          f"{ACTUAL_H1_PCT}%, target {TARGET_PCT}%")
    print_tables(res, f"rayon threads: {res['rayon_threads']}; numpy/OpenBLAS threads: default")

    if not args.no_single_thread:
        env = dict(os.environ, RAYON_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        out = subprocess.run(
            [sys.executable, __file__, "--json", "--no-single-thread", "--n", str(args.n),
             "--numpy-n-required", str(args.numpy_n_required), "--repeat", str(args.repeat),
             "--parts", args.parts],
            env=env, check=True, capture_output=True, text=True,
        )
        one = json.loads(out.stdout.strip().splitlines()[-1])
        print_tables(one, "single thread: RAYON_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 (subprocess)")
    print("\nload average at end (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
