"""How likely is the target? Uncertainty models, the probability report, fan charts and the
backtest that shows whether the bands are honest.

An :class:`Uncertainty` says how the growth of each remaining sector-quarter may deviate from
its target (percentage points), for the leaf sectors of the scenario's tree. Cells that actual
figures cover carry none. :meth:`grdpsim.Scenario.probability` returns a :class:`Probability`:

>>> import grdpsim as gs
>>> cb = gs.datasets.cao_bang_2025()
>>> u = gs.Uncertainty.normal(2.0)                  # 2 pp on every leaf sector, independent
>>> p = cb.probability(8.0, uncertainty=u)
>>> p.method, round(p.p_reach, 3)
('analytic', 0.037)
>>> list(p.fan.index)
['Q1', 'Q2', 'H1', 'Q3', '9M', 'Q4', 'Y']

The parameterisation of the two-piece normal is that of the Bank of England fan charts
(Britton, Fisher and Whitley 1998; Wallis 2004): mode at the target, ``σ₁ = sd/√(1+skew)``
below it and ``σ₂ = sd/√(1−skew)`` above, so a positive skew puts more risk on the upside.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Literal, Optional, Union

import numpy as np
import pandas as pd

from . import _args, _core
from ._lang import number, resolve, said, tick_numbers, word
from ._optional import require
from .accounts import Accounts
from .errors import InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


__all__ = ["Uncertainty", "Probability", "Backtest", "backtest"]

SdLike = Union[float, Mapping[str, float], "pd.Series[Any]"]
CorrLike = Union[None, Literal["history"], pd.DataFrame, np.ndarray]
Naive = Literal["mean", "same_quarter", "within_year"]
Method = Literal["auto", "analytic", "monte_carlo"]
PathLike = Union[str, "os.PathLike[str]"]

_LEVELS = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95]


def _sd(sd: SdLike) -> tuple[Optional[float], Optional[list[tuple[str, float]]]]:
    if isinstance(sd, (pd.Series, Mapping)):
        return None, [(str(k), _args.real(f"sd[{k}]", v)) for k, v in dict(sd).items()]
    return _args.real("sd", sd), None


def _corr(
    corr: CorrLike, sd_sectors: Optional[list[tuple[str, float]]]
) -> tuple[Optional[list[str]], Optional[np.ndarray], bool]:
    if corr is None:
        return None, None, False
    if isinstance(corr, str):
        if corr != "history":
            raise said(
                InvalidArgumentError,
                f"invalid argument corr: {corr!r}; give a matrix, a DataFrame or 'history'",
            )
        return None, None, True
    if isinstance(corr, pd.DataFrame):
        if list(corr.index) != list(corr.columns):
            raise said(
                InvalidArgumentError,
                "invalid argument corr: the DataFrame's rows and columns must name the same "
                "sectors in the same order",
            )
        return [str(s) for s in corr.index], _square(corr.to_numpy()), False
    if sd_sectors is None:
        raise said(
            InvalidArgumentError,
            "invalid argument corr: a bare array needs the sd by sector (its order names the "
            "rows) or a DataFrame with sector labels",
        )
    return [s for s, _ in sd_sectors], _square(corr), False


def _square(corr: Any) -> np.ndarray:
    """``corr`` as a square float64 matrix (real numbers only)."""
    m: np.ndarray = _args.float_array(corr, "invalid argument corr: corr")
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise said(
            InvalidArgumentError,
            f"invalid argument corr: a correlation matrix is square, got shape {m.shape}",
        )
    return m


def _history(accounts: Any, since: Any, method: Any, years: Any) -> tuple[Any, Optional[int], str, int]:
    """The arguments of a model calibrated on history, checked, as the core takes them: the
    accounts, the first year, the naive forecast and the years it looks back on."""
    acc = _args.instance("accounts", accounts, Accounts, "grdpsim.Accounts")
    since_year = _args.optional_year("since", since)
    return acc._inner, since_year, _args.text("method", method), _args.count("years", years)


class Uncertainty:
    """How each remaining sector-quarter's growth may deviate from its target (pp).

    Build one with :meth:`normal`, :meth:`student_t`, :meth:`two_piece`, :meth:`bootstrap` or
    :meth:`from_history`. ``sd`` is a number (every leaf sector) or a mapping ``{sector: sd}``
    naming every leaf; ``corr`` a correlation matrix over sectors (a DataFrame, or an array in
    the order of ``sd``'s sectors) or ``"history"`` (estimated from the scenario's base);
    ``ar`` the correlation of a sector's deviations in consecutive quarters.
    """

    def __init__(self, core: _core.Uncertainty) -> None:
        self._inner = core

    @classmethod
    def _parametric(cls, shape: str, sd: SdLike, corr: CorrLike, ar: float, **extra: float) -> Uncertainty:
        scalar, by_sector = _sd(sd)
        sectors, matrix, history = _corr(corr, by_sector)
        return cls(
            _core.Uncertainty.parametric(
                shape, scalar, by_sector, sectors, matrix, history, _args.real("ar", ar), **extra
            )
        )

    @classmethod
    def normal(cls, sd: SdLike, corr: CorrLike = None, ar: float = 0.0) -> Uncertainty:
        """Normal deviations.

        >>> Uncertainty.normal({"NLTS": 1.0, "CN": 2.0, "XD": 3.0, "DV": 1.0, "TSP": 2.0}, ar=0.5)
        Uncertainty(normal, sd by sector (NLTS 1.00, CN 2.00, XD 3.00, DV 1.00, TSP 2.00), independent sectors, ar 0.50)
        """
        return cls._parametric("normal", sd, corr, ar)

    @classmethod
    def student_t(cls, sd: SdLike, df: float, corr: CorrLike = None, ar: float = 0.0) -> Uncertainty:
        """Student-t deviations with ``df`` > 2 degrees of freedom, scaled so that each sector's
        standard deviation is its ``sd`` (one chi-squared draw per quarter: a multivariate t
        across sectors)."""
        return cls._parametric("student_t", sd, corr, ar, df=_args.real("df", df))

    @classmethod
    def two_piece(cls, sd: SdLike, skew: float, corr: CorrLike = None, ar: float = 0.0) -> Uncertainty:
        """The two-piece normal of the Bank of England fan charts: mode at the target,
        ``σ₁ = sd/√(1+skew)`` below and ``σ₂ = sd/√(1−skew)`` above, skew in (-1, 1)."""
        return cls._parametric("two_piece", sd, corr, ar, skew=_args.real("skew", skew))

    @classmethod
    def bootstrap(
        cls,
        accounts: Accounts,
        since: Optional[int] = None,
        block: int = 4,
        method: Naive = "mean",
        years: int = 3,
    ) -> Uncertainty:
        """A joint block bootstrap of the accounts' historical deviations from the naive
        forecast ``method`` (all sectors of a quarter drawn together, blocks of ``block``
        consecutive quarters)."""
        acc, since_year, naive, naive_years = _history(accounts, since, method, years)
        block = _args.count("block", block)
        return cls(_core.Uncertainty.bootstrap(acc, block, since_year, naive, naive_years))

    @classmethod
    def from_history(
        cls,
        accounts: Accounts,
        since: Optional[int] = None,
        method: Naive = "mean",
        years: int = 3,
    ) -> Uncertainty:
        """A normal model calibrated on the accounts: the sd (root mean square) and correlation
        of each leaf sector's deviation of y/y quarterly growth from the naive forecast
        ``method`` (default: the sector's mean growth over the last ``years`` years; a
        same-quarter forecast carries that quarter's own noise), the correlation shrunk toward
        independence by n/(n+T), and ``ar`` the pooled lag-1 autocorrelation."""
        return cls(_core.Uncertainty.from_history(*_history(accounts, since, method, years)))

    @classmethod
    def from_file(cls, path: PathLike) -> Uncertainty:
        """The model of the ``[uncertainty]`` section of a TOML file (the file the command line's
        ``--uncertainty`` takes)::

            [uncertainty]
            shape = "two_piece"   # normal (default), student_t (df, default 5), two_piece (skew)
            skew = -0.3
            ar = 0.4              # default 0
            corr = "history"      # or a matrix in the order of [uncertainty.sd]
            [uncertainty.sd]      # or sd = 1.5 for every leaf sector
            NLTS = 2.0
            CN = 3.0

        A missing file is a :class:`~grdpsim.errors.DataFileError`; a value that does not fit a
        :class:`~grdpsim.errors.ParseError` naming its line and key (``uncertainty.sd.CN``).
        """
        return cls(_core.Uncertainty.from_file(_args.path(path)))

    @classmethod
    def from_toml(cls, text: str) -> Uncertainty:
        """The model of the ``[uncertainty]`` section of TOML ``text`` (see :meth:`from_file`)."""
        return cls(_core.Uncertainty.from_toml(_args.text("text", text)))

    def to_toml(self) -> str:
        """The model as an uncertainty file's text, which :meth:`from_toml` reads back (a
        bootstrap, which carries its history, cannot be written so: pickle it)."""
        return self._inner.to_toml()

    def to_file(self, path: PathLike) -> None:
        """Writes :meth:`to_toml` to ``path``, atomically."""
        self._inner.to_file(_args.path(path))

    def describe(self, *, lang: Optional[str] = None) -> str:
        """The model in one line, in ``lang`` (the session's language when None)."""
        return self._inner.describe(resolve(_args.text("lang", lang) if lang is not None else None))

    @property
    def calibration(self) -> Optional[str]:
        """What the model was calibrated on (None for a stated one)."""
        return self._inner.calibration

    @property
    def forecast(self) -> Optional[str]:
        """The naive forecast whose errors the model was calibrated on: ``same_quarter``,
        ``mean`` or ``within_year`` (the spread of quarters within their year only); None for
        a stated model."""
        return self._inner.forecast

    @property
    def ar(self) -> float:
        return self._inner.ar

    @property
    def sd(self) -> pd.Series[Any]:
        """The sd by sector (index ``*`` when one sd holds for every sector)."""
        items = self._inner.sd
        return pd.Series([v for _, v in items], index=[s for s, _ in items], name="sd_pp", dtype=float)

    def ppf(self, p: float, sd: float = 1.0) -> float:
        """The quantile at ``p`` of one cell's deviation for a sector of standard deviation
        ``sd`` (the model's marginal distribution): ``p`` in (0, 1), ``sd`` a finite number
        above 0, else an :class:`~grdpsim.errors.InvalidArgumentError` naming the argument."""
        return self._inner.marginal_ppf(_args.real("p", p), _args.real("sd", sd))

    def __repr__(self) -> str:
        return repr(self._inner)


_WORDS: dict[str, tuple[str, str]] = {
    "summary": (
        "P(annual growth ≥ {target:.2f}%) = {p:.1f}%{se} (80% band {lo:.2f}-{hi:.2f}%; {how}; uncertainty: {model})",
        "Xác suất tăng trưởng cả năm ≥ {target:.2f}%: {p:.1f}%{se} (khoảng 80%: {lo:.2f}-{hi:.2f}%; {how}; mô hình bất định: {model})",
    ),
    "paths": ("{n:,} paths", "{n:,} đường mô phỏng"),
    "analytic": ("analytic", "giải tích"),
    "actual": ("actual", "thực hiện"),
    "bands": ("10-90% bands in steps of 10", "khoảng 10-90%, mỗi bậc 10"),
    "median": ("median", "trung vị"),
    "target": ("annual target {target:.2f}%", "mục tiêu cả năm {target:.2f}%"),
    "growth": ("{total} growth, % y/y", "tăng trưởng {total}, % so với cùng kỳ"),
    "title": ("P(reach {target:.2f}%) = {p:.1f}%", "Xác suất đạt {target:.2f}%: {p:.1f}%"),
    "calibrated": ("calibrated", "hiệu chuẩn đúng"),
    "pit": ("PIT: predicted P(growth ≤ realised)", "PIT: xác suất dự báo P(tăng trưởng ≤ thực tế)"),
    "forecasts": ("forecasts", "số lần dự báo"),
}


def _w(key: str, lang: Optional[str], **fields: Any) -> str:
    return word(_WORDS, key, lang, **fields)


def _percentile_columns() -> list[str]:
    return [f"p{q}" for q in _LEVELS]


@dataclass(frozen=True, repr=False)
class Probability:
    """The probability of reaching the annual target, and the distribution behind it.

    Attributes
    ----------
    p_reach, p_reach_se
        P(annual GRDP growth ≥ target) and its Monte Carlo standard error (0 when analytic).
    quantiles
        Percentiles 5..95 of annual GRDP growth (Series indexed by percentile).
    fan
        Percentiles of GRDP growth over each quarter and cumulative period (rows Q1, Q2, H1,
        Q3, 9M, Q4, Y; columns p5..p95); periods that actuals cover are a line.
    fan_known
        Whether actuals cover each period of the fan.
    by_sector
        Per leaf sector: its annual target, P(reaching it), its share of the variance of
        annual GRDP growth, and its percentiles.
    expected_shortfall_pp
        E[target − growth | growth < target] (None when growth cannot fall short).
    required
        Percentiles of the growth the last remaining quarter (``required.name``) would need,
        given the earlier remaining quarters (None when no quarter remains).
    paths_kept
        With ``keep_paths=True``: every path's growth of each leaf sector (in the order of
        ``by_sector``) in each quarter Q1..Q4, an array paths × sectors × 4; else None.
    """

    target_pct: float
    method: str
    model: str
    paths: int
    seed: int
    p_reach: float
    p_reach_se: float
    mean_pct: float
    sd_pct: float
    expected_shortfall_pp: Optional[float]
    quantiles: pd.Series[Any]
    fan: pd.DataFrame
    fan_known: pd.Series[Any]
    by_sector: pd.DataFrame
    required: Optional[pd.Series[Any]]
    _report: _core.ProbabilityReport
    paths_kept: Optional[np.ndarray] = None

    @classmethod
    def _from_core(cls, r: _core.ProbabilityReport, kept: Optional[np.ndarray] = None) -> Probability:
        cols = _percentile_columns()
        by_sector = pd.DataFrame(
            {
                "target_pct": r.sector_target_pct,
                "p_reach": r.sector_p_reach,
                "variance_share": r.sector_variance_share,
            },
            index=pd.Index(r.sectors, name="sector"),
        )
        by_sector = pd.concat(
            [by_sector, pd.DataFrame(r.sector_quantiles, index=by_sector.index, columns=cols)], axis=1
        )
        required = (
            pd.Series(
                r.required_quantiles, index=pd.Index(_LEVELS, name="percentile"), name=r.required_period
            )
            if r.required_period is not None
            else None
        )
        return cls(
            target_pct=r.target_pct,
            method=r.method,
            model=r.model,
            paths=r.paths,
            seed=r.seed,
            p_reach=r.p_reach,
            p_reach_se=r.p_reach_se,
            mean_pct=r.mean_pct,
            sd_pct=r.sd_pct,
            expected_shortfall_pp=r.expected_shortfall_pp,
            quantiles=pd.Series(r.quantiles, index=pd.Index(_LEVELS, name="percentile"), name="growth_pct"),
            fan=pd.DataFrame(r.fan, index=pd.Index(r.fan_periods, name="period"), columns=cols),
            fan_known=pd.Series(r.fan_known, index=pd.Index(r.fan_periods, name="period"), name="known"),
            by_sector=by_sector,
            required=required,
            _report=r,
            paths_kept=kept,
        )

    def cdf(self, x: float) -> float:
        """P(annual growth ≤ x)."""
        return self._report.annual.cdf(_args.real("x", x))

    def crps(self, x: float) -> float:
        """Continuous ranked probability score of an observed annual growth ``x`` (pp)."""
        return self._report.annual.crps(_args.real("x", x))

    def summary(self, lang: Optional[str] = None) -> str:
        """One sentence in ``lang`` (the session's language when None): the probability, with
        the model named."""
        se = f" ± {number(self.p_reach_se * 100, 2, lang)}" if self.method == "monte_carlo" else ""
        how = _w("paths", lang, n=self.paths) if self.method == "monte_carlo" else _w("analytic", lang)
        return _w(
            "summary",
            lang,
            target=self.target_pct,
            p=self.p_reach * 100,
            se=se,
            lo=self.quantiles[10],
            hi=self.quantiles[90],
            how=how,
            model=self._report.model_vi if resolve(lang) == "vi" else self.model,
        )

    def to_frame(self) -> pd.DataFrame:
        """Annual growth of the total (first row) and of each leaf sector: target, P(reach),
        variance share, percentiles; the names programs use in every language
        (:func:`grdpsim.report.translate` gives the table people read)."""
        total = pd.DataFrame(
            [[self.target_pct, self.p_reach, 1.0, *self.quantiles.tolist()]],
            columns=self.by_sector.columns,
            index=pd.Index(["total"], name="sector"),
        )
        return pd.concat([total, self.by_sector])

    def __repr__(self) -> str:
        """The line the core prints for the same result (``Display`` of Rust's
        ``Probability``)."""
        return _core.probability_line(self.target_pct, self.p_reach, self.method, float(self.quantiles[50]))

    def _repr_html_(self) -> str:
        from .report import translate

        code = resolve(None)
        return f"<p>{self.summary(code)}</p>" + translate(self.to_frame(), code).to_html(
            float_format=lambda v: number(v, 3, code)
        )

    def plot(
        self, ax: Optional[Axes] = None, title: Optional[str] = None, *, lang: Optional[str] = None
    ) -> Axes:
        """A Bank of England style fan chart of quarterly GRDP growth: actual quarters as a
        solid line, the remaining ones as bands 10-90, 20-80, 30-70, 40-60 shaded darker toward
        the centre, the annual distribution beside them and the target as a line. Labels in
        ``lang`` (the session's language when None)."""
        plt = require("matplotlib.pyplot")

        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4))
        quarters = ["Q1", "Q2", "Q3", "Q4"]
        fan = self.fan.loc[quarters]
        known = self.fan_known.loc[quarters].to_numpy()
        x = np.arange(4)
        last_known = int(np.max(np.nonzero(known)[0])) if known.any() else -1
        if last_known >= 0:
            ax.plot(
                x[: last_known + 1],
                fan["p50"].to_numpy()[: last_known + 1],
                color="black",
                lw=2,
                label=_w("actual", lang),
            )
        start = max(last_known, 0)
        xs = x[start:]
        for lo, hi, shade in ((10, 90, 0.25), (20, 80, 0.4), (30, 70, 0.55), (40, 60, 0.7)):
            ax.fill_between(
                xs,
                fan[f"p{lo}"].to_numpy()[start:],
                fan[f"p{hi}"].to_numpy()[start:],
                color="tab:red",
                alpha=shade,
                lw=0,
                label=_w("bands", lang) if lo == 10 else None,
            )
        ax.plot(xs, fan["p50"].to_numpy()[start:], color="darkred", lw=1, ls="--", label=_w("median", lang))
        # The year: its distribution as a bar beside the quarters.
        y = self.fan.loc["Y"]
        for lo, hi, shade in ((10, 90, 0.25), (20, 80, 0.4), (30, 70, 0.55), (40, 60, 0.7)):
            ax.fill_between([4.6, 5.4], y[f"p{lo}"], y[f"p{hi}"], color="tab:red", alpha=shade, lw=0)
        ax.axhline(
            self.target_pct, color="tab:blue", lw=1.2, label=_w("target", lang, target=self.target_pct)
        )
        code = resolve(lang)
        ax.set_xticks([*x, 5], [_core.period_label(q, code, year=2000) for q in [*quarters, "Y"]])
        ax.set_ylabel(_w("growth", lang, total="GRDP"))
        tick_numbers(ax.yaxis, code)
        ax.set_title(title or _w("title", lang, target=self.target_pct, p=self.p_reach * 100))
        ax.legend(loc="best", fontsize=8)
        return ax


def _truncate(acc: Accounts, last_year: int) -> Accounts:
    """The accounts up to the end of ``last_year``."""
    frame = acc.levels()
    quarters = frame.index
    keep = [i for i, q in enumerate(quarters) if q.year <= last_year]
    leaves = acc.tree.leaves
    constant = frame[leaves].to_numpy().T[:, keep]
    return Accounts.from_leaf_levels(acc.tree, str(quarters[0]), constant)


@dataclass(frozen=True, repr=False)
class Backtest:
    """A backtest of the predicted distribution of annual growth.

    Attributes
    ----------
    table
        One row per year and number of known quarters: the naive target, the realised growth,
        the predicted mean, sd, percentiles 10/25/75/90, the PIT (predicted P(growth ≤
        realised)), the CRPS and whether the realised growth fell in the 50% and 80% bands.
    coverage
        By number of known quarters (and ``all``): the share of years inside the 50% and 80%
        central bands (calibrated: 0.50 and 0.80), mean CRPS and mean |PIT − 0.5|.
    pit_histogram
        Counts of PIT values in ten bins (flat when calibrated).
    """

    table: pd.DataFrame
    coverage: pd.DataFrame
    pit_histogram: pd.Series[Any]

    def __repr__(self) -> str:
        row = self.coverage.loc["all"]
        return (
            f"Backtest({len(self.table)} forecasts, coverage 50%: {row['coverage_50']:.2f}, "
            f"80%: {row['coverage_80']:.2f}, mean CRPS {row['crps']:.3f})"
        )

    def plot(self, ax: Optional[Axes] = None, *, lang: Optional[str] = None) -> Axes:
        """The PIT histogram, against the flat line of a calibrated forecast; labels in
        ``lang`` (the session's language when None)."""
        plt = require("matplotlib.pyplot")

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 3.5))
        h = self.pit_histogram
        ax.bar(np.arange(len(h)) / len(h) + 0.05, h.to_numpy(), width=0.09, color="tab:gray")
        ax.axhline(h.sum() / len(h), color="tab:blue", lw=1.2, label=_w("calibrated", lang))
        ax.set_xlabel(_w("pit", lang))
        ax.set_ylabel(_w("forecasts", lang))
        tick_numbers(ax.xaxis, lang)
        ax.legend(fontsize=8)
        return ax


def backtest(
    accounts: Accounts,
    uncertainty_factory: Callable[[Accounts], Uncertainty],
    years: Iterable[int],
    known_quarters: Sequence[int] = (0, 1, 2, 3),
    *,
    naive: Naive = "mean",
    naive_years: int = 1,
    method: Method = "auto",
    paths: int = 100_000,
    seed: int = 0,
) -> Backtest:
    """Backtests the predicted distribution of annual growth of the total.

    For each year and number of known quarters: the accounts up to the year before are given
    to ``uncertainty_factory`` (calibrate on the past only); the target of every leaf sector
    and quarter is the naive forecast ``naive`` (default: the sector's mean growth over the
    last ``naive_years`` year); the first ``k`` quarters of the year are given as actuals; the
    predicted distribution of annual growth is scored against the realised growth.
    """
    rows: list[dict[str, Any]] = []
    for year in years:
        hist = _truncate(accounts, year - 1)
        u = uncertainty_factory(hist)
        codes, forecast = _core.naive_forecast(
            hist._inner, int(year), naive, _args.count("naive_years", naive_years)
        )
        targets = {c: {f"Q{q + 1}": float(forecast[i, q]) for q in range(4)} for i, c in enumerate(codes)}
        realised = accounts.growth(str(year))
        for k in known_quarters:
            actuals = {
                c: {f"Q{q}": accounts.growth(f"{year}Q{q}", sector=c) for q in range(1, k + 1)} for c in codes
            }
            from .scenario import Scenario

            sc = Scenario(hist, int(year), targets, actuals=actuals if k else None, fractions_ok=True)
            p = sc.probability(None, uncertainty=u, method=method, paths=paths, seed=seed)
            q = p.quantiles
            rows.append(
                {
                    "year": int(year),
                    "known_quarters": int(k),
                    "target_pct": p.target_pct,
                    "realised_pct": realised,
                    "mean_pct": p.mean_pct,
                    "sd_pct": p.sd_pct,
                    "p10": q[10],
                    "p25": q[25],
                    "p75": q[75],
                    "p90": q[90],
                    "pit": p.cdf(realised),
                    "crps": p.crps(realised),
                    "in_50": bool(q[25] <= realised <= q[75]),
                    "in_80": bool(q[10] <= realised <= q[90]),
                }
            )
    table = pd.DataFrame(rows)
    if table.empty:
        raise said(InvalidArgumentError, "invalid argument years: no year to backtest")

    def score(t: pd.DataFrame) -> pd.Series[Any]:
        return pd.Series(
            {
                "forecasts": len(t),
                "coverage_50": t["in_50"].mean(),
                "coverage_80": t["in_80"].mean(),
                "crps": t["crps"].mean(),
                "mean_abs_pit_dev": (t["pit"] - 0.5).abs().mean(),
            }
        )

    coverage = pd.DataFrame({str(k): score(t) for k, t in table.groupby("known_quarters")}).T
    coverage.loc["all"] = score(table)
    coverage.index.name = "known_quarters"
    counts, _ = np.histogram(table["pit"].to_numpy(), bins=10, range=(0.0, 1.0))
    pit = pd.Series(
        counts,
        index=pd.Index([f"{i / 10:.1f}-{(i + 1) / 10:.1f}" for i in range(10)], name="pit"),
        name="forecasts",
    )
    return Backtest(table=table, coverage=coverage, pit_histogram=pit)
