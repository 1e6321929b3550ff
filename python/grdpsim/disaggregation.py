"""Temporal disaggregation at parity with R's tempdisagg (Sax & Steiner, R Journal 2013).

Quarterly value added from annual totals, monthly series from quarterly ones, with or without
high-frequency indicators (IIP, retail sales, exports, ...). Indicators that run past the
low-frequency series give a backcast and an extrapolation from the same model: that is the
nowcast of the current quarter.

Methods (tempdisagg's names): ``chow-lin-maxlog`` (default), ``chow-lin-minrss-ecotrim``,
``chow-lin-minrss-quilis``, ``chow-lin-fixed``, ``fernandez``, ``litterman-maxlog``,
``litterman-minrss``, ``litterman-fixed``, ``ols``, ``denton``, ``denton-cholette``,
``uniform``. Conversions: ``sum``, ``mean`` (or ``average``), ``first``, ``last``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from . import _core
from ._core import Disaggregation, Nowcast
from .errors import InvalidArgumentError

__all__ = ["Disaggregation", "Nowcast", "disaggregate", "disaggregate_series", "nowcast"]


def disaggregate(
    y: npt.ArrayLike,
    X: npt.ArrayLike | None = None,
    *,
    ratio: int = 4,
    offset: int = 0,
    method: str = "chow-lin-maxlog",
    conversion: str = "sum",
    truncated_rho: float = 0.0,
    fixed_rho: float | None = None,
    intercept: bool = True,
    h: int = 1,
    criterion: str = "proportional",
    names: list[str] | None = None,
) -> Disaggregation:
    """Disaggregate a low-frequency series to the frequency of its indicators.

    Parameters
    ----------
    y : array_like, shape (N,)
        The low-frequency series (e.g. annual value added), oldest first.
    X : array_like, shape (n,) or (n, k), optional
        High-frequency indicators, one row per high-frequency period, without an intercept
        column. Without indicators the methods work on a constant (Denton-Cholette gives a
        smooth path, uniform a step).
    ratio : int
        High-frequency periods per low-frequency period: 4 (annual to quarterly), 3 (quarterly
        to monthly), 12 (annual to monthly).
    offset : int
        High-frequency periods before the first one that ``y`` covers (the backcast).
    method, conversion : str
        tempdisagg's names, see the module documentation.
    truncated_rho : float
        Lower bound for an estimated rho; 0 as in R, -1 allows negative rho.
    fixed_rho : float, optional
        rho for ``chow-lin-fixed`` and ``litterman-fixed`` (0.5 when omitted, as in R).
    intercept : bool
        Whether the regression has a constant (R's default). The Denton methods ignore it.
    h : int
        Order of differencing of the Denton methods.
    criterion : str
        ``proportional`` or ``additive`` (Denton methods).
    names : list of str, optional
        Coefficient names for the columns of ``X`` (default ``x0``, ``x1``, ...).

    Returns
    -------
    Disaggregation
        ``values`` (one per row of ``X``), ``rho``, ``coefficients``, ``std_errors``,
        ``t_values``, fit statistics and ``summary()``.

    Raises
    ------
    InvalidArgumentError
        Lengths or an offset that do not fit, a ratio below 2, an unknown method or
        conversion, rho outside (-1, 1).
    InvalidValueError
        NaN or infinite values (the message names the series and the index).
    InconsistentDataError
        Collinear indicators, too few low-frequency values for the coefficients.

    Examples
    --------
    >>> import numpy as np, grdpsim as gs
    >>> annual = np.array([410.0, 432.0, 455.0, 470.0])
    >>> quarterly_iip = 100 + 2 * np.arange(17.0) + np.arange(17) % 4
    >>> r = gs.disaggregate(annual, quarterly_iip)
    >>> len(r.values), round(float(r.values[:4].sum()), 9)
    (17, 410.0)
    """
    y_arr = _as_vector(y)
    x_arr = None if X is None else _as_matrix(X)
    if ratio < 0 or offset < 0 or h < 0:
        raise InvalidArgumentError(
            f"ratio, offset and h must be non-negative (got {ratio}, {offset}, {h})"
        )
    return _core.disaggregate(
        y_arr,
        x_arr,
        ratio=int(ratio),
        offset=int(offset),
        method=method,
        conversion=conversion,
        truncated_rho=float(truncated_rho),
        fixed_rho=None if fixed_rho is None else float(fixed_rho),
        intercept=bool(intercept),
        h=int(h),
        criterion=criterion,
        names=names,
    )


def _as_vector(y: npt.ArrayLike) -> npt.NDArray[np.float64]:
    y_arr = np.ascontiguousarray(y, dtype=np.float64)
    if y_arr.ndim != 1:
        raise InvalidArgumentError(f"y must be one-dimensional, got shape {y_arr.shape}")
    return y_arr


def _as_matrix(X: npt.ArrayLike) -> npt.NDArray[np.float64]:
    x_arr = np.asarray(X, dtype=np.float64)
    if x_arr.ndim == 1:
        x_arr = x_arr.reshape(-1, 1)
    if x_arr.ndim != 2:
        raise InvalidArgumentError(f"X must be one- or two-dimensional, got shape {x_arr.shape}")
    return np.ascontiguousarray(x_arr)


def nowcast(
    y: npt.ArrayLike,
    X: npt.ArrayLike,
    *,
    ratio: int = 3,
    offset: int = 0,
    method: str = "chow-lin-maxlog",
    conversion: str = "sum",
    truncated_rho: float = 0.0,
    fixed_rho: float | None = None,
    intercept: bool = True,
    seasonal_period: int = 12,
    z: float = 1.959963984540054,
) -> Nowcast:
    """Nowcast the period after the last value of ``y`` from an indicator that reaches into it.

    ``X`` (monthly, for quarterly ``y``) has ``offset + ratio * len(y) + m`` rows with ``m``
    months of the new quarter observed (1 to ``ratio``). Missing months are completed with the
    year-on-year growth of the observed ones (``seasonal_period`` periods back), the series is
    disaggregated and extrapolated with ``method``, and the quarter is the conversion of its
    months. The interval ``level ± z·std_error`` uses the regression's prediction-error variance
    (coefficient uncertainty included; rho and the completed months taken as known). The result
    is provisional until the statistics office publishes the quarter.

    Returns
    -------
    Nowcast
        ``level``, ``std_error``, ``interval``, ``growth_on_previous_pct``,
        ``growth_on_year_pct`` (and its interval), ``observed``, ``high_frequency``,
        ``completed_indicator``, ``provisional`` and the underlying ``disaggregation``.

    Examples
    --------
    >>> import numpy as np, grdpsim as gs
    >>> iip = 100 + np.arange(26.0) + 3 * np.sin(np.arange(26) % 12)
    >>> va = 4.5 * (101 + 3 * np.arange(8.0)) + np.arange(8) % 3
    >>> n = gs.nowcast(va, iip)
    >>> n.observed, n.provisional, n.interval[0] < n.level < n.interval[1]
    (2, True, True)
    """
    y_arr = _as_vector(y)
    if ratio < 0 or offset < 0 or seasonal_period < 0:
        raise InvalidArgumentError("ratio, offset and seasonal_period must be non-negative")
    return _core.nowcast(
        y_arr,
        _as_matrix(X),
        ratio=int(ratio),
        offset=int(offset),
        method=method,
        conversion=conversion,
        truncated_rho=float(truncated_rho),
        fixed_rho=None if fixed_rho is None else float(fixed_rho),
        intercept=bool(intercept),
        seasonal_period=int(seasonal_period),
        z=float(z),
    )


def _periods_between(first: pd.Period, later: pd.Period) -> int:
    return int((later - first).n)


def disaggregate_series(
    y: pd.Series,
    X: pd.DataFrame | pd.Series | None = None,
    *,
    freq: str | None = None,
    return_result: bool = False,
    **options: Any,
) -> pd.Series | tuple[pd.Series, Disaggregation]:
    """Disaggregate a series with a ``PeriodIndex``, aligning indicators by period.

    ``ratio`` and ``offset`` come from the indexes: an annual ``y`` from 1975 and a quarterly
    ``X`` from 1972Q1 give ratio 4 and offset 12. Without ``X``, ``freq`` names the target
    frequency (``"Q"`` or ``"M"``). Other keyword arguments are those of :func:`disaggregate`.

    Returns
    -------
    pandas.Series or (pandas.Series, Disaggregation)
        The high-frequency series on ``X``'s index (named like ``y``), with the full result
        (rho, coefficients, statistics) when ``return_result`` is true.

    Examples
    --------
    >>> import pandas as pd, numpy as np, grdpsim as gs
    >>> y = pd.Series([410.0, 432.0, 455.0], index=pd.period_range("2021", periods=3, freq="Y"))
    >>> x = pd.Series(100 + np.arange(14.0), index=pd.period_range("2021Q1", periods=14, freq="Q"))
    >>> q = gs.disaggregate_series(y, x)
    >>> str(q.index[-1]), round(float(q["2022"].sum()), 9)
    ('2024Q2', 432.0)
    """
    if not isinstance(y.index, pd.PeriodIndex):
        raise InvalidArgumentError("y must have a PeriodIndex")
    if X is None:
        if freq is None:
            raise InvalidArgumentError("without X, freq must name the target frequency")
        start = y.index[0].asfreq(freq, how="start")
        end = y.index[-1].asfreq(freq, how="end")
        x_index = pd.period_range(start, end, freq=freq)
        x_values = None
    else:
        if not isinstance(X.index, pd.PeriodIndex):
            raise InvalidArgumentError("X must have a PeriodIndex")
        x_index = X.index
        x_values = X.to_numpy(dtype=np.float64)
        if isinstance(X, pd.DataFrame):
            options.setdefault("names", [str(c) for c in X.columns])
        else:
            options.setdefault("names", [str(X.name) if X.name is not None else "x0"])
    _check_contiguous(y.index, "y")
    _check_contiguous(x_index, "X")
    hf = x_index.freqstr
    first_covered = y.index[0].asfreq(hf, how="start")
    ratio = _periods_between(first_covered, (y.index[0] + 1).asfreq(hf, how="start"))
    offset = _periods_between(x_index[0], first_covered)
    if offset < 0:
        raise InvalidArgumentError(
            f"X starts at {x_index[0]}, after the first period of y ({y.index[0]})"
        )
    result = disaggregate(
        y.to_numpy(dtype=np.float64), x_values, ratio=ratio, offset=offset, **options
    )
    out = pd.Series(result.values, index=x_index, name=y.name)
    return (out, result) if return_result else out


def _check_contiguous(index: pd.PeriodIndex, what: str) -> None:
    if len(index) > 1 and _periods_between(index[0], index[-1]) != len(index) - 1:
        raise InvalidArgumentError(f"{what} must cover consecutive periods without gaps")
