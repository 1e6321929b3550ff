"""grdpsim against tsdisagg 1.3.2 on the two problems of issue 4, in one process.

1. Chow-Lin maxlog, annual -> quarterly, exports and imports plus an intercept
   (R: ``td(sales.a ~ exports.q + imports.q)``).
2. Litterman maxlog, annual -> monthly, exports plus an intercept
   (R: ``td(sales.a ~ exports.m, method = "litterman-maxlog")``).

Reports the median wall time of each library (the two run in turns, 7 rounds after a
warm-up: ``benches/_timing.py``; the load average is printed beside the figures), the speed
ratio, and the largest absolute and relative difference from R's output
(tempdisagg_reference). tsdisagg is called as its own test suite calls it (same optimiser
settings). Not part of the test suite. tsdisagg needs nothing the project's venv lacks
(numpy, pandas, scipy), so it can go into a folder of its own, without its dependencies,
beside the venv's release build::

    .venv/bin/pip install --no-deps --target /tmp/tsd-pkgs tsdisagg==1.3.2
    PYTHONPATH=/tmp/tsd-pkgs .venv/bin/python benches/disaggregation_vs_tsdisagg.py
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import tsdisagg
from _timing import interleaved, machine_load

import grdpsim as gs

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("GRDPSIM_SHARED_DATA", ROOT.parent / "shared" / "data"))
REF = DATA / "tempdisagg_reference"


def load(name: str) -> np.ndarray:
    return np.loadtxt(REF / f"{name}.txt")


def errors(values: np.ndarray, r: np.ndarray) -> tuple[float, float]:
    diff = np.abs(np.asarray(values, dtype=float).ravel() - r)
    return float(diff.max()), float((diff / np.abs(r)).max())


def main() -> None:
    sales_a = load("sales_a")
    exports_q, imports_q, exports_m = load("exports_q"), load("imports_q"), load("exports_m")
    # tsdisagg wants pandas frames with a DatetimeIndex and the constant as a column.
    sales = pd.DataFrame(
        {"sales": sales_a}, index=pd.date_range("1975-01-01", periods=36, freq="YS")
    )
    xq = pd.DataFrame(
        {"exports": exports_q, "imports": imports_q},
        index=pd.date_range("1972-01-01", periods=len(exports_q), freq="QS-OCT"),
    )
    xm = pd.DataFrame(
        {"exports": exports_m},
        index=pd.date_range("1972-01-01", periods=len(exports_m), freq="MS"),
    )
    cases = [
        (
            "Chow-Lin maxlog A->Q, 2 indicators + intercept",
            load("R_output_chow_lin_two_indicator"),
            lambda: gs.disaggregate(sales_a, np.column_stack([exports_q, imports_q]), offset=12),
            lambda: tsdisagg.disaggregate_series(
                sales, xq.assign(constant=1.0), method="chow-lin", agg_func="sum",
                optimizer_kwargs={"method": "l-bfgs-b"}, verbose=False,
            ),
        ),
        (
            "Litterman maxlog A->M, 1 indicator + intercept",
            load("R_output_litterman_A_to_M"),
            lambda: gs.disaggregate(
                sales_a, exports_m, ratio=12, offset=36, method="litterman-maxlog"
            ),
            lambda: tsdisagg.disaggregate_series(
                sales, xm.assign(Constant=1.0), method="litterman", agg_func="sum",
                optimizer_kwargs={"method": "nelder-mead"}, verbose=False,
            ),
        ),
    ]
    print(f"grdpsim {gs.__version__}, tsdisagg {tsdisagg.__version__}, numpy {np.__version__}")
    for label, r_values, ours, theirs in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours_values = ours().values  # type: ignore[attr-defined]
            theirs_values = theirs().to_numpy()  # type: ignore[union-attr]
            t = interleaved({"grdpsim": ours, "tsdisagg": theirs}, 7)
            t_ours, t_theirs = t["grdpsim"], t["tsdisagg"]
        abs_ours, rel_ours = errors(ours_values, r_values)
        abs_theirs, rel_theirs = errors(theirs_values, r_values)
        print(f"\n{label}")
        print(f"  grdpsim : {t_ours * 1e3:9.3f} ms   max |err| vs R {abs_ours:.2e} (rel {rel_ours:.2e})")
        print(
            f"  tsdisagg: {t_theirs * 1e3:9.3f} ms   max |err| vs R {abs_theirs:.2e} (rel {rel_theirs:.2e})"
        )
        print(f"  speed ratio tsdisagg / grdpsim: {t_theirs / t_ours:.0f}x  ({machine_load()})")


if __name__ == "__main__":
    main()
