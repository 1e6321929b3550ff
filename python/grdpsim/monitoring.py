"""Monthly monitoring and early warnings (theo dõi hằng tháng và cảnh báo sớm).

A :class:`Monitor` is a province's monitoring store: the same SQLite file as the disbursement
tracker, holding the departments' indicators (with their annual targets and monthly reports),
the tasks assigned at meetings, and each month's early-warning findings with their history.

- :meth:`Monitor.pace`: each indicator's pace against its annual target (a flow's share of the
  target reached against the share expected by now, from last year's monthly profile or flat;
  an index's growth to date against the target growth, and the growth the remaining months
  need);
- :meth:`Monitor.nowcast`: an indicator's months nowcast its sector's next quarter
  (:class:`SectorNowcast`), which :meth:`SectorNowcast.apply` enters in the scenario as a
  provisional actual;
- :meth:`Monitor.derived_targets`: the indicator targets the scenario implies, beside the
  departments' plans, with the flag of a plan implying less growth than assigned;
- :meth:`Monitor.task_instances` and :meth:`Monitor.report_task_instance`: each due date of a
  task, a recurring task's each with its own report;
- :meth:`Monitor.digest`: the monthly digest for the Finance Department's meeting: the
  headline scenario figures and the findings of the eight rules (behind pace, required growth
  above history, gap in points of GRDP, probability, disbursement, tasks, missing reports, a
  plan below the scenario's growth),
  most serious first, grouped by who answers for them, in Vietnamese or English.

Thresholds come from a TOML policy (:data:`DEFAULT_POLICY_TOML`, overridable by a file).

>>> import grdpsim as gs
>>> m = gs.datasets.cao_bang_monitoring_2025()
>>> pace = m.pace("2025-07").to_frame()
>>> round(float(pace.loc["CN_GTSX", "reached_pct"]), 1)
42.3
>>> d = m.digest("2025-07", scenario=gs.datasets.cao_bang_2025(), policy=gs.monitoring.CAO_BANG_2025_POLICY_TOML)
>>> f = d.to_frame()
>>> f.loc[f.subject == "indicator:CN_IIP", "severity"].item()
'red'
>>> "indicator:DL_DT" in set(f.subject)
False
"""

from __future__ import annotations

import datetime as _dt
import html
from typing import TYPE_CHECKING, Any, Literal, Optional, Union

import pandas as pd

from . import _args, _core
from ._core import ImportReport, Nowcast
from ._frames import columns_frame
from ._lang import number, resolve, said, tick_numbers
from ._optional import require
from ._store import PathLike, StoreView
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .scenario import Scenario

__all__ = [
    "Monitor",
    "Pace",
    "Digest",
    "SectorNowcast",
    "DEFAULT_POLICY_TOML",
    "CAO_BANG_2025_POLICY_TOML",
]

DateLike = Union[str, _dt.date]
Format = Literal["text", "md", "html"]

#: The shipped early-warning policy: every rule's thresholds, documented.
DEFAULT_POLICY_TOML: str = _core.Monitor.default_policy_toml()
#: The Cao Bằng example's policy over the shipped one (synthetic caps for rule 2).
CAO_BANG_2025_POLICY_TOML: str = _core.Monitor.cao_bang_2025_policy_toml()


def _policy_text(policy: Optional[PathLike]) -> Optional[str]:
    """A policy given as TOML text or as the path of a TOML file (a missing one is a
    :class:`~grdpsim.errors.DataFileError` naming it)."""
    if policy is None:
        return None
    text = _args.path(policy, "policy")
    if "\n" in text or "=" in text or text.strip().startswith("["):
        return text
    return _args.read_text("policy", text)


def _lang(lang: Any) -> str:
    """``lang`` checked to be a string (or None: the session's language)."""
    return resolve(None if lang is None else _args.text("lang", lang))


class Pace:
    """Indicators' pace against their annual (or period) targets at a month (see
    :meth:`Monitor.pace`)."""

    def __init__(self, month: str, columns: dict[str, Any]) -> None:
        self.month = month
        self._frame = columns_frame(columns, "indicator")

    def to_frame(self) -> pd.DataFrame:
        """One row per indicator: the target's period and basis, the target, to date, reached
        and expected percent, pace ratio, what the rest needs; the plan's and the scenario's
        targets side by side (``plan_target``, ``plan_reached_pct``, ``scenario_target``,
        ``scenario_reached_pct``; NaN where the indicator has none: a linked indicator's
        scenario target is the one the scenario implies, see ``grdpsim::monitoring::derived``)."""
        return self._frame.copy()

    def _repr_html_(self) -> str:
        cols = ["name_en", "basis", "reached_pct", "expected_pct", "profile", "pace_ratio", "needed_rest"]
        return str(self._frame[cols].round(2).to_html())

    def render(self, *, lang: Optional[str] = None) -> str:
        """A plain-text table of the pace, in ``lang`` (default: the session's language): the
        indicator's name, the share of the plan and of the scenario reached, the share expected
        by now, the pace ratio and what each remaining month needs, numbers as a reader of
        ``lang`` writes them (``44,9`` in Vietnamese)."""
        lg = resolve(lang)
        vi = lg == "vi"
        head = (
            ["Chỉ tiêu", "% kế hoạch", "% kịch bản", "% cần đạt", "Tỷ lệ tiến độ", "Mỗi tháng còn lại cần"]
            if vi
            else [
                "Indicator",
                "% of plan",
                "% of scenario",
                "% expected",
                "Pace ratio",
                "Needed per month left",
            ]
        )

        def cell(x: Any, decimals: int) -> str:
            return number(float(x), decimals, lg, grouped=True)

        rows = [
            [
                str(r["name_vi" if vi else "name_en"]),
                cell(r["plan_reached_pct"], 1),
                cell(r["scenario_reached_pct"], 1),
                cell(r["expected_pct"], 1),
                cell(r["pace_ratio"], 2),
                cell(r["needed_rest"], 1),
            ]
            for _, r in self._frame.iterrows()
        ]
        widths = [max(len(row[k]) for row in [head, *rows]) for k in range(len(head))]
        lines = [
            "  ".join(c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in enumerate(zip(row, widths)))
            for row in [head, *rows]
        ]
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        return f"Pace({self.month}: {len(self._frame)} indicator(s))"

    def plot(self, *, lang: Optional[str] = None, ax: Optional[Axes] = None) -> Axes:
        """Each flow indicator's share of its target reached against the share expected."""
        plt = require("matplotlib.pyplot")

        lg = resolve(lang)
        f = self._frame[self._frame.kind == "flow"]
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 3.5))
        names = f["name_vi" if lg == "vi" else "name_en"]
        y = range(len(f))
        ax.barh(list(y), f.reached_pct, color="#4c72b0", label="đạt đến nay" if lg == "vi" else "reached")
        ax.scatter(
            f.expected_pct,
            list(y),
            color="#c44e52",
            zorder=3,
            label="cần đạt đến nay" if lg == "vi" else "expected by now",
        )
        ax.set_yticks(list(y), list(names))
        ax.set_xlabel("% mục tiêu năm" if lg == "vi" else "% of the annual target")
        tick_numbers(ax.xaxis, lg)
        ax.legend(loc="lower right")
        ax.set_title(("Tiến độ đến " if lg == "vi" else "Pace to ") + self.month)
        return ax


def _top(top: Optional[int]) -> Optional[int]:
    """``top`` findings per group: None (all) or a positive integer."""
    if top is None:
        return None
    n = _args.count("top", top)
    if n == 0:
        raise said(InvalidArgumentError, "top must be at least 1 (None lists every finding), got 0")
    return n


class Digest:
    """The monthly digest (see :meth:`Monitor.digest`): headline figures, findings, texts.

    Every finding is listed, those of last month that could not be evaluated this month
    (``history == "not_evaluated"``, with ``reason_en``/``reason_vi`` and ``found_in``, the
    month that last found them) among them; ``top=`` shortens a rendering and says how many it
    leaves out. The headline's ``p_reach`` is rule 4's figure, its model named in ``p_model``
    (English, Vietnamese).
    """

    def __init__(self, inner: _core.Digest) -> None:
        self._inner = inner
        self.month: str = inner.month
        self.province: str = inner.province
        self.as_of: str = inner.as_of
        self.as_of_default: bool = inner.as_of_default
        self.official_gap_pp: Optional[float] = inner.official_gap_pp
        self.required_pct: Optional[float] = inner.required_pct
        self.p_reach: Optional[float] = inner.p_reach
        self.p_model: Optional[tuple[str, str]] = inner.p_model
        self.disbursement_rate_pct: Optional[float] = inner.disbursement_rate_pct
        self.not_evaluated: int = inner.not_evaluated

    def to_frame(self, *, resolved: bool = False) -> pd.DataFrame:
        """The findings (most serious first, then those not evaluated this month);
        ``resolved=True``: last month's, evaluated this month and passed."""
        return columns_frame(self._inner.findings(resolved))

    def render(
        self, format: Format = "text", *, lang: Optional[str] = None, top: Optional[int] = None
    ) -> str:
        """The digest as ``text``, ``md`` (Markdown) or ``html`` (one self-contained page), in
        the session's language by default; every finding, or at most ``top`` per department
        (the digest then says how many it left out)."""
        return self._inner.render(_lang(lang), _args.text("format", format), _top(top))

    def write(
        self,
        path: PathLike,
        format: Format = "text",
        *,
        lang: Optional[str] = None,
        top: Optional[int] = None,
    ) -> None:
        """Write the digest as ``text``, ``md`` or ``html`` to ``path`` (UTF-8), atomically: a
        failed write leaves an existing file as it was. ``top`` as in :meth:`render`."""
        self._inner.write(_lang(lang), _args.text("format", format), _args.path(path), _top(top))

    def write_xlsx(self, path: PathLike, *, lang: Optional[str] = None, top: Optional[int] = None) -> None:
        """Write the digest as an Excel workbook, with a sheet listing every finding (``top``
        shortens the first sheet only)."""
        self._inner.write_xlsx(_lang(lang), _args.path(path), _top(top))

    def _repr_html_(self) -> str:
        f = self.to_frame()
        cols = ["severity", "history", "responsible", "message_en"]
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r) + "</tr>"
            for r in f[cols].itertuples(index=False)
        )
        return (
            f"<p><b>{html.escape(self.province)} {self.month}</b>, as of {self.as_of}</p><table>"
            "<tr><th>severity</th><th>history</th><th>responsible</th><th>finding</th></tr>"
            f"{rows}</table>"
        )

    def __repr__(self) -> str:
        return repr(self._inner)


def _quarter_labels(first: str, last: str) -> list[str]:
    """``2024Q1`` .. ``2025Q2``, every quarter between."""
    (y0, q0), (y1, q1) = (map(int, first.split("Q")), map(int, last.split("Q")))
    return [f"{k // 4}Q{k % 4 + 1}" for k in range(4 * y0 + q0 - 1, 4 * y1 + q1)]


class SectorNowcast:
    """A sector's next quarter, nowcast from a department's monthly indicator (see
    :meth:`Monitor.nowcast`): provisional until the statistics office publishes the quarter.

    Attributes: ``indicator``, ``sector``, ``period`` (``Q3``), ``year``, ``growth_pct`` (on
    the same quarter a year earlier) and ``interval_pct``, ``nowcast`` (the
    :class:`~grdpsim.Nowcast` with its disaggregation), ``quarters`` and ``months`` (the
    first and last of the series used), ``months_beyond`` (reports after the quarter, which
    could not enter it), ``estimated`` (quarters of the year that are the scenario's estimates,
    not the sector's published figure) and ``provisional``.
    """

    def __init__(self, inner: _core.SectorNowcast) -> None:
        self._inner = inner
        self.indicator: str = inner.indicator
        self.sector: str = inner.sector
        self.period: str = inner.period
        self.year: int = inner.year
        self.nowcast: Nowcast = inner.nowcast
        self.quarters: tuple[str, str] = inner.quarters
        self.months: tuple[str, str] = inner.months
        self.months_beyond: list[str] = inner.months_beyond
        self.estimated: list[str] = inner.estimated
        self.provisional: list[str] = inner.provisional
        self.growth_pct: Optional[float] = self.nowcast.growth_on_year_pct
        self.interval_pct: Optional[tuple[float, float]] = self.nowcast.growth_on_year_interval_pct

    def note(self, *, lang: Optional[str] = None) -> str:
        """One sentence: the figure, its interval, and what it rests on."""
        return self._inner.note(resolve(lang))

    def apply(self, scenario: Scenario) -> Scenario:
        """``scenario`` with the nowcast as the sector's provisional actual of the quarter and
        :meth:`note` among its notes; raises :class:`~grdpsim.errors.InvalidArgumentError` when
        the quarter already has an actual figure (a nowcast never replaces one)."""
        from .scenario import Scenario

        return Scenario._wrap(self._inner.apply(scenario._inner))

    def to_frame(self) -> pd.DataFrame:
        """The sector's quarters as used, then the nowcast: ``level`` (constant prices),
        ``growth_yoy_pct``, ``source`` (``base``, ``actual``, ``estimated``, ``nowcast``), and
        ``low``/``high`` (the interval of the nowcast's level)."""
        labels = _quarter_labels(*self.quarters)
        levels = [float(v) for v in self._inner.quarterly] + [self.nowcast.level]
        index = labels + [f"{self.year}{self.period}"]

        def source(label: str) -> str:
            year, q = label.split("Q")
            if int(year) < self.year:
                return "base"
            return "estimated" if f"Q{q}" in self.estimated else "actual"

        sources = [source(label) for label in labels] + ["nowcast"]
        growth = [
            100.0 * (levels[i] / levels[i - 4] - 1.0) if i >= 4 and levels[i - 4] != 0 else float("nan")
            for i in range(len(levels))
        ]
        low, high = self.nowcast.interval or (float("nan"), float("nan"))
        n = len(index)
        frame = pd.DataFrame(
            {
                "level": levels,
                "growth_yoy_pct": growth,
                "source": sources,
                "low": [float("nan")] * (n - 1) + [low],
                "high": [float("nan")] * (n - 1) + [high],
            },
            index=pd.Index(index, name="quarter"),
        )
        frame.attrs.update(indicator=self.indicator, sector=self.sector, months=self.months)
        return frame

    def plot(self, *, lang: Optional[str] = None, ax: Optional[Axes] = None) -> Axes:
        """The sector's quarterly levels as used (the scenario's estimates hollow) and the
        nowcast with its interval; labels in ``lang``."""
        plt = require("matplotlib.pyplot")

        code = resolve(lang)
        vi = code == "vi"
        f = self.to_frame()
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 3.5))
        x = list(range(len(f)))
        known = f.iloc[:-1]
        ax.plot(x[:-1], known.level, marker="o", color="#4c72b0", label="đã biết" if vi else "known")
        hollow = [i for i, s in enumerate(known.source) if s == "estimated"]
        if hollow:
            ax.plot(
                hollow,
                known.level.iloc[hollow],
                "o",
                mfc="white",
                color="#4c72b0",
                label="ước tính của kịch bản" if vi else "scenario's estimate",
            )
        low, high = f.low.iloc[-1], f.high.iloc[-1]
        err = None if pd.isna(low) else [[f.level.iloc[-1] - low], [high - f.level.iloc[-1]]]
        ax.errorbar(
            x[-1:],
            f.level.iloc[-1:],
            yerr=err,
            fmt="D",
            color="#c44e52",
            capsize=4,
            label="dự báo sớm (sơ bộ)" if vi else "nowcast (provisional)",
        )
        ax.set_xticks(x, [_core.period_label(q, code) for q in f.index], rotation=45)
        ax.set_ylabel("tỷ đồng, giá so sánh" if vi else "bn VND, constant prices")
        tick_numbers(ax.yaxis, code)
        period = _core.period_label(f"{self.year}{self.period}", code)
        ax.set_title(f"{self.sector} {period} ← {self.indicator}")
        ax.legend(loc="best")
        return ax

    def _repr_html_(self) -> str:
        table = self.to_frame().round(2).to_html()
        return f"<p><b>{html.escape(self.note())}</b></p>{table}"

    def __repr__(self) -> str:
        return repr(self._inner)


def _scenario(scenario: Any) -> Scenario:
    from .scenario import Scenario

    return _args.instance("scenario", scenario, Scenario, "grdpsim.Scenario")


class Monitor(StoreView):
    """A province's monitoring store (indicators, tasks, findings) beside its disbursement data.

    Open one with :meth:`create` or :meth:`open`, or take the embedded example,
    :func:`grdpsim.datasets.cao_bang_monitoring_2025`.
    """

    _inner: _core.Monitor
    _core_class = _core.Monitor

    def import_file(self, path: PathLike, *, who: str = "") -> ImportReport:
        """Import a CSV file or a workbook of indicators, targets, monthly values or tasks (told
        apart by the header), all or nothing and idempotent; raises
        :class:`~grdpsim.errors.ImportRejectedError` naming every bad row, and for a workbook
        that cannot be read safely :class:`~grdpsim.errors.ParseError` naming the part, sheet
        or cell (see :meth:`grdpsim.disbursement.Tracker.import_workbook`)."""
        return self._inner.import_file(_args.path(path), _args.text("who", who))

    def pace(self, month: str, *, period: str = "year") -> Pace:
        """Each indicator with a target for ``period``, its pace at ``month`` (``YYYY-MM``).

        ``period``: ``"year"`` (the annual targets), or one of the province's period targets
        ``"Q3"``, ``"Q4"``, ``"H2"`` (Vietnamese labels too: ``"Quý III"``, ``"6 tháng cuối
        năm"``): the share of the period's target reached against the share of the period
        expected by now; no row before the period starts.
        """
        month = _args.month("month", month)
        return Pace(month, self._inner.pace(month, _args.text("period", period)))

    def derived_targets(self, scenario: Scenario, *, policy: Optional[PathLike] = None) -> pd.DataFrame:
        """The indicator targets ``scenario`` implies for the indicators the policy links to a
        sector (``[links.CODE]``), for the ``year``, ``Q3``, ``Q4`` and ``H2``, beside the
        department's own plan target.

        One row per indicator and period (program columns): ``sector``, ``conversion``
        (``value_added`` or ``elasticity``) and its ``source``, ``assigned_growth_pct`` (the
        sector's target growth over the period), ``basis_value`` (the sector's target value
        added at constant prices, or last year's indicator for an elasticity), ``derived`` (the
        target the scenario implies), ``plan`` and ``plan_growth_pct`` (the value-added growth
        the plan implies; NaN without a plan), ``plan_falls_short`` (the plan implies less
        growth than assigned, rule 8's finding), ``derivation_en``/``derivation_vi`` (how the
        target is derived, with its figures and source) and ``flag_en``/``flag_vi`` (the flag
        of a plan that falls short; missing otherwise).

        ``policy``: TOML text or a file over the shipped policy (which links nothing; the
        example's is :data:`CAO_BANG_2025_POLICY_TOML`).
        """
        core = _scenario(scenario)._inner
        frame = columns_frame(self._inner.derived_targets(core, _policy_text(policy)))
        return frame.set_index(["indicator", "period"])

    def tasks(self) -> pd.DataFrame:
        """The assigned tasks, by deadline: ``section``, ``deadline_kind`` (``date``,
        ``recurring``, ``event``), ``deadline`` (the date, a recurrence's start or an event's
        expected date), ``deadline_text`` (the recurrence, ``every 2 weeks``, or the event's
        name), ``status``, the quantitative ``done``/``total`` (NaN without) in ``unit``,
        ``progress``, ``result`` and ``done_on``; indexed by ``task``."""
        return columns_frame(self._inner.tasks(), "task")

    def task_instances(self, as_of: DateLike) -> pd.DataFrame:
        """Every task's due dates up to ``as_of`` (included), one row each (program columns):
        ``task``, ``due`` (a date), ``status`` (``open``, ``in_progress``, ``done``),
        ``done_on`` and ``report``. A recurring task (``every 2 weeks``, ``monthly by 25``)
        has one row per instance, each with its own report (:meth:`report_task_instance`;
        ``open`` and an empty report until one is made); a dated or event task has its one
        date with the task's own status and progress. A missed instance is rule 6's red
        finding of its own (subject ``task:CODE@DATE``).

        ``as_of``: a ``datetime.date`` or ``YYYY-MM-DD`` (another text is an
        :class:`~grdpsim.errors.InvalidArgumentError` naming ``as_of``).
        """
        frame = columns_frame(self._inner.task_instances(_args.date("as_of", as_of)))
        return frame.set_index(["task", "due"])

    def report_task_instance(
        self,
        task: str,
        due: DateLike,
        *,
        status: str = "done",
        done_on: Optional[DateLike] = None,
        report: str = "",
        who: str = "",
    ) -> None:
        """Record where a recurring task's instance due on ``due`` stands (the fortnightly
        meeting of 8 August held, say), replacing an earlier report of it; written to the
        audit trail as ``who``'s.

        ``status``: ``open``, ``in_progress`` or ``done`` (``done`` needs ``done_on``).

        Raises
        ------
        InvalidArgumentError
            An unknown or non-recurring ``task``, a ``due`` that is not one of its due dates,
            ``done`` without ``done_on``, a date that is not ``YYYY-MM-DD``, a ``status`` that
            is none of the three; nothing is written.
        """
        self._inner.report_task_instance(
            _args.text("task", task),
            _args.date("due", due),
            _args.text("status", status),
            _args.optional_date("done_on", done_on),
            _args.text("report", report),
            _args.text("who", who),
        )

    def monthly_values(self, indicator: str) -> pd.DataFrame:
        """An indicator's monthly reports (this year and the last), by month."""
        return columns_frame(self._inner.monthly_values(_args.text("indicator", indicator)), "month")

    def nowcast(
        self,
        scenario: Scenario,
        indicator: str,
        *,
        method: str = "chow-lin-maxlog",
        conversion: str = "sum",
        truncated_rho: float = 0.0,
        fixed_rho: Optional[float] = None,
        intercept: bool = True,
        level: float = 0.95,
    ) -> SectorNowcast:
        """Nowcast the quarter after the last one ``scenario`` knows for the sector that
        ``indicator`` informs, from the indicator's monthly values (:func:`grdpsim.nowcast`
        on the sector's quarterly value added: the base accounts' quarters, then the year's
        quarters known from actual figures).

        The quarterly series starts at the first quarter whose months are all reported;
        reports after the nowcast quarter are listed in ``months_beyond``. Enter the result in
        the scenario with :meth:`SectorNowcast.apply`.

        Raises
        ------
        InvalidArgumentError
            An unknown indicator, one that informs no sector, months with a hole or only y/y
            growth (an index), an indicator that does not reach into the quarter, a store and a
            scenario of different years, a sector whose four quarters are known; and every
            error of :func:`grdpsim.nowcast`.
        UnknownSectorError
            The indicator's sector is not in the scenario.

        Examples
        --------
        >>> import grdpsim as gs
        >>> m = gs.datasets.cao_bang_monitoring_2025()
        >>> n = m.nowcast(gs.datasets.cao_bang_2025(), "CN_GTSX")
        >>> n.sector, n.period, n.nowcast.observed, n.estimated
        ('CN', 'Q3', 1, ['Q1'])
        >>> n.apply(gs.datasets.cao_bang_2025()).is_provisional("Q3", sector="CN")
        True
        """
        from .disaggregation import _model

        options = _model(3, 0, method, conversion, truncated_rho, fixed_rho, intercept)
        return SectorNowcast(
            self._inner.nowcast(
                _scenario(scenario)._inner,
                _args.text("indicator", indicator),
                options,
                _args.real("level", level),
            )
        )

    def digest(
        self,
        month: str,
        *,
        scenario: Optional[Scenario] = None,
        policy: Optional[PathLike] = None,
        as_of: Optional[str] = None,
    ) -> Digest:
        """Record ``month``'s findings and return the digest.

        Each finding's ``history`` is against the last month recorded before: ``new``,
        ``persisting``, ``resolved`` (its rule evaluated it this month and it passed) or
        ``not_evaluated`` (its rule could not: the month's report is not in, no scenario was
        given; the finding stays open, with ``reason_en``/``reason_vi`` and ``found_in``). A
        missing monthly report is a finding from the day after its deadline (the policy's
        ``[reports] due_days``, the 10th of the next month by default).

        Parameters
        ----------
        month
            ``YYYY-MM``.
        scenario
            The growth scenario with its actuals (rules 2-4 and the headline need it).
        policy
            TOML text or the path of a TOML file over the shipped policy.
        as_of
            ``YYYY-MM-DD`` (default: the month's report deadline, which the digest's first
            line states).
        """
        core = None if scenario is None else _scenario(scenario)._inner
        return Digest(
            self._inner.digest(
                _args.month("month", month), core, _policy_text(policy), _args.optional_date("as_of", as_of)
            )
        )
