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

from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from . import _args, _core
from ._core import Disaggregation, Nowcast
from ._lang import said
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
        ``p_values`` (tempdisagg's ``Pr(>|t|)``), ``optimizer`` (with its ``termination``),
        ``t_values``, fit statistics and ``summary()``.

    Raises
    ------
    InvalidArgumentError
        Lengths or an offset that do not fit, a ratio below 2, an unknown method or
        conversion, rho outside (-1, 1); an argument of the wrong type (a ``ratio`` of 4.5,
        complex or non-numeric data); more than 4,000 high-frequency periods (2,000 for the
        methods that estimate rho: the work grows as n·N²).
    InvalidValueError
        NaN or infinite values (the message names the series and the index).
    InconsistentDataError
        Collinear indicators, too few low-frequency values for the coefficients; a result
        that is not finite, or that adds up to ``y`` only beyond a relative 1e-8 (the message
        gives the figure and the magnitudes of ``y`` and ``X``).

    Examples
    --------
    >>> import numpy as np, grdpsim as gs
    >>> annual = np.array([410.0, 432.0, 455.0, 470.0])
    >>> quarterly_iip = 100 + 2 * np.arange(17.0) + np.arange(17) % 4
    >>> r = gs.disaggregate(annual, quarterly_iip)
    >>> len(r.values), round(float(r.values[:4].sum()), 9)
    (17, 410.0)
    """
    options = _model(ratio, offset, method, conversion, truncated_rho, fixed_rho, intercept, h, criterion)
    return _core.disaggregate(
        _as_vector(y),
        None if X is None else _as_matrix(X),
        options,
        names=None if names is None else _args.strings("names", names),
    )


def _model(
    ratio: Any,
    offset: Any,
    method: Any,
    conversion: Any,
    truncated_rho: Any,
    fixed_rho: Any,
    intercept: Any,
    h: Any = 1,
    criterion: Any = "proportional",
) -> _core.DisaggregationOptions:
    """The options :func:`disaggregate` and :func:`nowcast` share: the core's one options type,
    each argument checked."""
    return _core.DisaggregationOptions(
        ratio=_args.count("ratio", ratio),
        offset=_args.count("offset", offset),
        method=_args.text("method", method),
        conversion=_args.text("conversion", conversion),
        truncated_rho=_args.real("truncated_rho", truncated_rho),
        fixed_rho=None if fixed_rho is None else _args.real("fixed_rho", fixed_rho),
        intercept=_args.flag("intercept", intercept),
        h=_args.count("h", h),
        criterion=_args.text("criterion", criterion),
    )


def _as_vector(y: npt.ArrayLike) -> npt.NDArray[np.float64]:
    y_arr = _args.float_array(y, "y")
    if y_arr.ndim != 1:
        raise said(InvalidArgumentError, f"y must be one-dimensional, got shape {y_arr.shape}")
    return y_arr


def _as_matrix(X: npt.ArrayLike) -> npt.NDArray[np.float64]:
    x_arr = _args.float_array(X, "X")
    if x_arr.ndim == 1:
        x_arr = x_arr.reshape(-1, 1)
    if x_arr.ndim != 2:
        raise said(InvalidArgumentError, f"X must be one- or two-dimensional, got shape {x_arr.shape}")
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
    level: float = 0.95,
) -> Nowcast:
    """Nowcast the period after the last value of ``y`` from an indicator that reaches into it.

    ``X`` (monthly, for quarterly ``y``) has ``offset + ratio * len(y) + m`` rows with ``m``
    months of the new quarter observed (1 to ``ratio``). Missing months are completed with the
    year-on-year growth of the observed ones (``seasonal_period`` periods back), the series is
    disaggregated and extrapolated with ``method``, and the quarter is the conversion of its
    months. The interval at confidence ``level`` (0.95) is ``estimate ± t·std_error`` with ``t``
    the quantile of Student's t with the regression's residual degrees of freedom (σ² is
    estimated), from the prediction-error variance (coefficient uncertainty included; rho and
    the completed months taken as known). The result is provisional until the statistics
    office publishes the quarter.

    Returns
    -------
    Nowcast
        ``level``, ``std_error``, ``interval``, ``growth_on_previous_pct``,
        ``growth_on_year_pct`` (and its interval), ``observed``, ``high_frequency``,
        ``completed_indicator``, ``provisional`` and the underlying ``disaggregation``.

    Raises
    ------
    InvalidArgumentError
        A confidence ``level`` outside (0, 1), a ``seasonal_period`` of 0, an indicator
        that does not reach 1 to ``ratio`` periods into the nowcast period, and every
        argument error of :func:`disaggregate`.
    InconsistentDataError
        A level, standard error or growth rate that is not finite (a zero ``y`` as the base
        of growth: the message names it), and every such error of :func:`disaggregate`.

    Examples
    --------
    >>> import numpy as np, grdpsim as gs
    >>> iip = 100 + np.arange(26.0) + 3 * np.sin(np.arange(26) % 12)
    >>> va = 4.5 * (101 + 3 * np.arange(8.0)) + np.arange(8) % 3
    >>> n = gs.nowcast(va, iip)
    >>> n.observed, n.provisional, n.interval[0] < n.level < n.interval[1]
    (2, True, True)
    """
    return _core.nowcast(
        _as_vector(y),
        _as_matrix(X),
        _model(ratio, offset, method, conversion, truncated_rho, fixed_rho, intercept),
        seasonal_period=_args.count("seasonal_period", seasonal_period),
        level=_args.real("level", level),
    )


def _period(index: pd.Index[Any], i: int) -> pd.Period:
    """The ``i``-th member of a ``PeriodIndex`` (pandas-stubs 2.2 types it as an index)."""
    return cast(pd.Period, index[i])


def _periods_between(first: pd.Period, later: pd.Period) -> int:
    return int((later - first).n)


def disaggregate_series(
    y: pd.Series[Any],
    X: pd.DataFrame | pd.Series[Any] | None = None,
    *,
    freq: str | None = None,
    return_result: bool = False,
    **options: Any,
) -> pd.Series[Any] | tuple[pd.Series[Any], Disaggregation]:
    """Disaggregate a series with a ``PeriodIndex``, aligning indicators by period.

    ``ratio`` and ``offset`` come from the indexes: an annual ``y`` from 1975 and a quarterly
    ``X`` from 1972Q1 give ratio 4 and offset 12. Without ``X``, ``freq`` names the target
    frequency (``"Q"`` or ``"M"``). Other keyword arguments are those of :func:`disaggregate`.

    Returns
    -------
    pandas.Series or (pandas.Series, Disaggregation)
        The high-frequency series on ``X``'s index (named like ``y``), with the full result
        (rho, coefficients, statistics) when ``return_result`` is true.

    Raises
    ------
    InvalidArgumentError
        ``y`` empty or without a ``PeriodIndex``; frequencies without a fixed ratio (days in
        years, weeks in months) or unknown to pandas; an unknown option; and every error of
        :func:`disaggregate`.

    Examples
    --------
    >>> import pandas as pd, numpy as np, grdpsim as gs
    >>> y = pd.Series([410.0, 432.0, 455.0], index=pd.period_range("2021", periods=3, freq="Y"))
    >>> x = pd.Series(100 + np.arange(14.0), index=pd.period_range("2021Q1", periods=14, freq="Q"))
    >>> q = gs.disaggregate_series(y, x)
    >>> str(q.index[-1]), round(float(q["2022"].sum()), 9)
    ('2024Q2', 432.0)
    """
    if not isinstance(y, pd.Series) or not isinstance(y.index, pd.PeriodIndex):
        raise said(InvalidArgumentError, "y must be a pandas Series with a PeriodIndex")
    if len(y) == 0:
        raise said(InvalidArgumentError, "y is empty")
    unknown = sorted(set(options) - _SERIES_OPTIONS)
    if unknown:
        raise said(
            InvalidArgumentError,
            f"unknown option {unknown[0]!r}; disaggregate_series takes {sorted(_SERIES_OPTIONS)}"
            " (ratio and offset come from the indexes)",
        )
    if X is None:
        if freq is None:
            raise said(InvalidArgumentError, "without X, freq must name the target frequency")
        try:
            start = _period(y.index, 0).asfreq(_args.text("freq", freq), how="S")
            end = _period(y.index, -1).asfreq(freq, how="E")
            x_index = pd.period_range(start, end, freq=freq)
        except (TypeError, ValueError) as e:
            raise said(InvalidArgumentError, f"freq {freq!r} is not a pandas period frequency: {e}") from None
        x_values = None
    else:
        if not isinstance(X, (pd.Series, pd.DataFrame)) or not isinstance(X.index, pd.PeriodIndex):
            raise said(InvalidArgumentError, "X must be a pandas Series or DataFrame with a PeriodIndex")
        if len(X) == 0:
            raise said(InvalidArgumentError, "X is empty")
        x_index = X.index
        x_values = X.to_numpy()
        if isinstance(X, pd.DataFrame):
            options.setdefault("names", [str(c) for c in X.columns])
        else:
            options.setdefault("names", [str(X.name) if X.name is not None else "x0"])
    _check_contiguous(y.index, "y")
    _check_contiguous(x_index, "X")
    hf = x_index.freqstr
    ratio = _whole_ratio(y.index, hf)
    first_covered = _period(y.index, 0).asfreq(hf, how="S")
    offset = _periods_between(_period(x_index, 0), first_covered)
    if offset < 0:
        raise said(
            InvalidArgumentError, f"X starts at {x_index[0]}, after the first period of y ({y.index[0]})"
        )
    result = disaggregate(y.to_numpy(), x_values, ratio=ratio, offset=offset, **options)
    out = pd.Series(result.values, index=x_index, name=y.name)
    return (out, result) if return_result else out


_SERIES_OPTIONS = {
    "method",
    "conversion",
    "truncated_rho",
    "fixed_rho",
    "intercept",
    "h",
    "criterion",
    "names",
}


def _whole_ratio(low: pd.PeriodIndex, hf: str) -> int:
    """High-frequency periods per low-frequency period, the same for every period of ``low``.

    Days per year or weeks per month vary: such a pair of frequencies has no ratio, and taking
    the first period's would misalign every later one.
    """
    starts = low.asfreq(hf, how="S")
    ends = (low + 1).asfreq(hf, how="S")
    ratios = {_periods_between(s, e) for s, e in zip(starts, ends)}
    # The high-frequency periods must nest in the low ones: weeks straddle years.
    nested = all(a.start_time == b.start_time for a, b in zip(low, starts))
    if not nested:
        raise said(
            InvalidArgumentError,
            f"{hf} periods do not nest in {low.freqstr} periods (weeks straddle years): temporal "
            "disaggregation needs a fixed number of them in each (e.g. annual to quarterly)",
        )
    if len(ratios) != 1:
        raise said(
            InvalidArgumentError,
            f"{low.freqstr} periods hold {sorted(ratios)} periods of {hf}: temporal "
            "disaggregation needs a fixed number (e.g. annual to quarterly or monthly)",
        )
    return ratios.pop()


def _check_contiguous(index: pd.PeriodIndex, what: str) -> None:
    if len(index) > 1 and _periods_between(_period(index, 0), _period(index, -1)) != len(index) - 1:
        raise said(InvalidArgumentError, f"{what} must cover consecutive periods without gaps")
