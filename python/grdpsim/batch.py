"""N scenario variants at once, on numpy arrays (no copies in; results are new arrays).

Shapes: ``base`` is sectors × 4 (leaf sectors' levels in the four quarters of the base year,
:meth:`grdpsim.Scenario.base_levels`), ``growth`` is N × sectors × 4 quarterly growth rates in
percent (one variant is :meth:`grdpsim.Scenario.quarterly_targets`). A C-contiguous float64
array is read in place, the fastest; a float64 array in another layout (a slice with steps,
axes transposed) too by :func:`annual_growth`, with the same results, and copied once by
:func:`gap` and :func:`required_growth`; other types are converted first.
Results do not depend on the number of threads. Growth rates that all lie below 1 in absolute
value (and a target below 1) are taken for fractions (0.08 for 8%) and refused with a
:class:`grdpsim.GrdpsimError` of kind ``looks_like_fraction`` naming the sector, quarter and
variant, unless ``fractions_ok=True``.

Examples
--------
>>> import numpy as np
>>> import grdpsim as gs
>>> cb = gs.datasets.cao_bang_2025()
>>> base = cb.base_levels()
>>> plan = cb.quarterly_targets().to_numpy()
>>> variants = np.stack([plan, plan + 1.0])      # the plan, and every target 1 pp higher
>>> annual = gs.batch.annual_growth(base, variants)
>>> bool(np.isclose(annual[0], cb.target_growth("Y"))), round(float(annual[1] - annual[0]), 9)
(True, 1.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, Optional

import numpy as np

from . import _args, _core
from ._lang import said
from .errors import InvalidArgumentError

__all__ = ["annual_growth", "gap", "required_growth"]


def _f64(a: np.ndarray, name: str) -> np.ndarray:
    """``a`` as float64 aligned for the core: a float64 array in any layout as it is (the core
    reads a C-contiguous one as one flat slice and any other where it lies), anything else
    converted to C-contiguous float64, real numbers only (a complex array is refused, not cut
    to its real part)."""
    if isinstance(a, np.ndarray) and a.dtype == np.float64 and a.flags.aligned:
        return a
    out: np.ndarray = _args.float_array(a, f"invalid argument {name}: {name}")
    return out


def _array(name: str, a: np.ndarray, layout: str) -> np.ndarray:
    """``a`` as aligned float64 with as many dimensions as ``layout`` names
    (``"sectors × 4"``), or an :class:`InvalidArgumentError` naming the argument and its shape."""
    arr = _f64(a, name)
    if arr.ndim != layout.count("×") + 1:
        raise said(InvalidArgumentError, f"invalid argument {name}: expected {layout}, got shape {arr.shape}")
    return arr


def _base(base: np.ndarray) -> np.ndarray:
    return _array("base", base, "sectors × 4")


def _variants(growth: np.ndarray) -> np.ndarray:
    """``growth`` as aligned float64, checked to be N × sectors × 4."""
    return _array("growth", growth, "N × sectors × 4")


def annual_growth(base: np.ndarray, growth: np.ndarray, *, fractions_ok: bool = False) -> np.ndarray:
    """Annual GRDP growth of each variant, percent (shape N)."""
    growth = _variants(growth)
    # numpy's own uninitialized buffer (every value is written): no zero fill, and memory that
    # numpy's allocator reuses from call to call.
    out: np.ndarray = _core.batch_annual_growth(
        _base(base), growth, np.empty(growth.shape[0]), _args.flag("fractions_ok", fractions_ok)
    )
    return out


def gap(
    base: np.ndarray,
    growth: np.ndarray,
    elapsed_quarters: int,
    actual_levels: np.ndarray,
    *,
    fractions_ok: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Gap of each variant's targets against actual levels over Q1..Qk.

    Returns the GRDP gap in points (N) and each sector's gap in points of GRDP (N × sectors;
    rows add up to the GRDP gap).
    """
    return _core.batch_gap(
        _base(base),
        _variants(growth),
        _args.count("elapsed_quarters", elapsed_quarters),
        _array("actual_levels", actual_levels, "one level per sector (sectors)"),
        _args.flag("fractions_ok", fractions_ok),
    )


def _by_position(
    value: Mapping[int, Optional[float]] | Sequence[int] | None, what: str, sectors: int
) -> list[tuple[int, Optional[float]]]:
    """``{position: figure or None}`` or a list of positions, each checked: an integer in
    ``0..sectors`` (no negative indices from the end), a real figure that is not NaN."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, (list, tuple, np.ndarray)):
        items = [(i, None) for i in value]
    else:
        raise said(
            InvalidArgumentError,
            f"{what} must be a mapping {{position: figure}} or a list of positions, "
            f"got {type(value).__name__}",
        )
    out: list[tuple[int, Optional[float]]] = []
    for i, figure in items:
        if isinstance(i, (bool, np.bool_)) or not isinstance(i, (int, np.integer)) or not 0 <= i < sectors:
            raise said(InvalidArgumentError, f"{what}: {i!r} is not a sector position 0..{sectors - 1}")
        if figure is not None:
            figure = _args.real(f"{what}[{i}]", figure)
            if np.isnan(figure):
                raise said(InvalidArgumentError, f"{what}[{i}] is NaN: give a figure, or None")
        out.append((int(i), figure))
    return out


def required_growth(
    base: np.ndarray,
    growth: np.ndarray,
    *,
    elapsed_quarters: int,
    actual_elapsed_level: float,
    target_pct: float,
    policy: Literal["uniform", "proportional"] = "uniform",
    locked: Mapping[int, Optional[float]] | Sequence[int] | None = None,
    caps: Mapping[int, float] | None = None,
    allocation: bool = True,
    out: np.ndarray | None = None,
    sectors: Sequence[str] | None = None,
    fractions_ok: bool = False,
) -> dict[str, np.ndarray | float]:
    """Required growth of each variant over the remaining quarters, with locks and caps.

    ``locked`` and ``caps`` are keyed by sector position (a lock of None: at plan);
    ``sectors``, the sectors' codes (e.g. :meth:`grdpsim.Scenario.quarterly_targets`'s index),
    names them in errors instead of their positions. Returns
    ``grdp_pct`` (the same for every variant), and arrays ``rise``, ``feasible``,
    ``reached_pct``, ``max_reachable_pct`` (inf where some free sector is uncapped) and
    ``allocation_pct`` (N × sectors).

    ``allocation=False`` skips the N × sectors matrix (no ``allocation_pct`` key; the other
    results are the same). ``out``: a C-contiguous float64 array of shape (N, sectors) that
    receives the allocation (returned as ``allocation_pct``), e.g. reused across calls; when the
    call raises, ``out`` may hold a partial allocation.
    """
    base = _base(base)
    s = base.shape[0]
    locks = np.full(s, np.nan)
    for i, g in _by_position(locked, "locked", s):
        locks[i] = np.inf if g is None else g
    cap_arr = np.full(s, np.nan)
    for i, c in _by_position(caps, "caps", s):
        if c is None:
            raise said(InvalidArgumentError, f"caps[{i}] is None: give the cap, percent")
        cap_arr[i] = c
    growth = _variants(growth)
    allocation = _args.flag("allocation", allocation)
    if allocation and out is None:
        # Every element is written (no zero fill needed first).
        out = np.empty((growth.shape[0], s))
    elif out is not None and not (
        isinstance(out, np.ndarray)
        and out.dtype == np.float64
        and out.flags.c_contiguous
        and out.flags.writeable
        and out.shape == (growth.shape[0], s)
    ):
        raise said(
            InvalidArgumentError,
            f"invalid argument out: expected a writable C-contiguous float64 array of shape "
            f"{(growth.shape[0], s)}, got {type(out).__name__} {getattr(out, 'shape', '')}",
        )
    return _core.batch_required_growth(
        base,
        growth,
        _args.count("elapsed_quarters", elapsed_quarters),
        _args.real("actual_elapsed_level", actual_elapsed_level),
        _args.real("target_pct", target_pct),
        _args.text("policy", policy),
        locks,
        cap_arr,
        allocation,
        out,
        [] if sectors is None else _args.strings("sectors", list(sectors)),
        _args.flag("fractions_ok", fractions_ok),
    )
