"""Public-investment disbursement (giải ngân vốn đầu tư công), week by week and project by project.

A :class:`Tracker` is a province's disbursement database for one plan year: one SQLite file
(or the embedded synthetic example, :func:`grdpsim.datasets.cao_bang_disbursement_2025`).
Investors' weekly updates come in as CSV files (:meth:`Tracker.import_csv`): all or nothing,
idempotent, every change in the audit trail. The views are DataFrames:

- :meth:`Tracker.status`: plan in force, cumulative paid and rate as of a date, by project,
  investor, capital source or for the province, with the change since a week before split into
  payments and plan revisions (``change_pp = from_payments_pp + from_plan_pp``);
- :meth:`Tracker.ranking`: investors by rate (published-rate ties share a rank; an investor
  below ``min_share_pct`` of the province's plan is listed unranked);
- :meth:`Tracker.proposals` for the investors below the provincial rate (kiến nghị);
- :meth:`Tracker.countdown` (trừ lùi), :meth:`Tracker.stalled`, :meth:`Tracker.differences`
  (investor vs State Treasury), :meth:`Tracker.overdue_obstacles`, :meth:`Tracker.s_curve`,
  :meth:`Tracker.projection`.

Amounts are in million VND; rates in percent; the State Treasury's (Kho bạc) payments are used
unless ``source="investor"``.

>>> import grdpsim as gs
>>> t = gs.datasets.cao_bang_disbursement_2025()
>>> round(float(t.status(as_of="2025-06-30").loc["province", "rate_pct"]), 1)
41.8
>>> july = t.status(as_of="2025-07-31", since="2025-06-30").loc["province"]
>>> [round(float(july[c]), 1) for c in ("rate_pct", "change_pp")]
[26.8, -15.0]
"""

from __future__ import annotations

import os
from typing import Any, Literal, Optional, Sequence, Union

import pandas as pd

from . import _core
from ._core import Bridge, ImportReport, Projection
from ._lang import resolve
from ._store import StoreView

__all__ = ["Tracker", "ImportReport", "Projection", "Bridge", "bridge", "TEMPLATE_CSV"]

PathLike = Union[str, "os.PathLike[str]"]
Level = Literal["project", "investor", "capital_source", "province"]
Source = Literal["treasury", "investor"]

#: The CSV layout investors fill in each week (amounts in million VND, dates ISO).
TEMPLATE_CSV: str = _core.DisbursementTracker.template_csv()

_DATE_COLUMNS = ("effective", "deadline", "last_payment", "date")


def _frame(columns: dict[str, Any], index: Optional[str] = None) -> pd.DataFrame:
    frame = pd.DataFrame(columns)
    for c in _DATE_COLUMNS:
        if c in frame:
            frame[c] = pd.to_datetime(frame[c])
    if "rank" in frame:
        frame["rank"] = frame["rank"].astype("Int64")
    if index is not None:
        frame = frame.set_index(index)
    return frame


class Tracker(StoreView):
    """A province's disbursement database for one plan year.

    Open one with :meth:`create` (a new or existing file), :meth:`open` (an existing file) or
    take the embedded example, :func:`grdpsim.datasets.cao_bang_disbursement_2025`.
    """

    _inner: _core.DisbursementTracker

    @classmethod
    def create(cls, db: PathLike, *, province: str, year: int) -> Tracker:
        """Open the store at ``db``, creating it for ``province`` and the plan ``year``."""
        return cls(_core.DisbursementTracker.create(os.fspath(db), province, year))

    @classmethod
    def open(cls, db: PathLike) -> Tracker:
        """Open an existing store (a file that is not a grdpsim store is refused)."""
        return cls(_core.DisbursementTracker.open(os.fspath(db)))

    def latest_week(self) -> Optional[pd.Timestamp]:
        """The latest week ending with a payment, or None for an empty store."""
        w = self._inner.latest_week()
        return None if w is None else pd.Timestamp(w)

    def _as_of(self, as_of: Any) -> str:
        if as_of is None:
            latest = self._inner.latest_week()
            if latest is None:
                from .errors import InvalidArgumentError

                raise InvalidArgumentError("invalid argument as_of: the store has no payments yet")
            return latest
        return pd.Timestamp(as_of).strftime("%Y-%m-%d")

    def import_csv(self, path: PathLike, *, who: str = "") -> ImportReport:
        """Import a CSV file (payments, plan revisions, monthly plans, projects or obstacles,
        told apart by the header), all or nothing.

        Raises
        ------
        ImportRejectedError
            With ``.problems``: every bad row (sheet, row, column, value, reason). Nothing is
            written.
        """
        return self._inner.import_csv(os.fspath(path), who)

    def import_workbook(self, path: PathLike, *, who: str = "") -> ImportReport:
        """Import every sheet of an Excel workbook (.xlsx, .xlsm; sheets named ``_...``
        skipped), each in one of the CSV layouts, all sheets or nothing. Excel date cells are
        read as dates. Raises :class:`~grdpsim.errors.ImportRejectedError` naming sheet, row and
        column of every bad row; :class:`~grdpsim.errors.ParseError` for a workbook that cannot
        be read safely (a part missing, a sheet wider or larger than the layout: ``part`` names
        it; a formula without a stored value: ``sheet`` and ``cell``);
        :class:`~grdpsim.errors.DataFileError` for a file that is not a workbook, or an .xls or
        .ods file (save it as .xlsx)."""
        return self._inner.import_workbook(os.fspath(path), who)

    def import_file(self, path: PathLike, *, who: str = "") -> ImportReport:
        """:meth:`import_workbook` for a workbook (by extension), else :meth:`import_csv`."""
        if os.fspath(path).lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
            return self.import_workbook(path, who=who)
        return self.import_csv(path, who=who)

    def write_briefing_xlsx(self, path: PathLike, as_of: Any = None, *, source: Source = "treasury") -> None:
        """Write the weekly briefing workbook: province and capital sources, ranking, projects
        behind plan, stalled projects, overdue obstacles, investor vs Treasury differences."""
        self._inner.write_briefing_xlsx(self._as_of(as_of), os.fspath(path), source)

    @staticmethod
    def write_template_xlsx(path: PathLike) -> None:
        """Write the weekly update template as a workbook (``payments`` sheet and instructions)."""
        _core.DisbursementTracker.write_template_xlsx(os.fspath(path))

    def status(
        self,
        as_of: Any = None,
        *,
        by: Level = "province",
        since: Any = None,
        source: Source = "treasury",
    ) -> pd.DataFrame:
        """Plan in force, cumulative paid and rate as of ``as_of`` (default: the latest week),
        against ``since`` (default: a week before), by ``by``; the province's row is last.

        ``attrs`` holds ``as_of``, ``since`` and ``revisions`` (the plan revisions effective in
        between: why the plan moved).
        """
        as_of = self._as_of(as_of)
        since_s = None if since is None else pd.Timestamp(since).strftime("%Y-%m-%d")
        rows, total, revisions, since_used = self._inner.status(as_of, by, since_s, source)
        frame = _frame(rows, "key")
        if by != "province":
            frame = pd.concat([frame, _frame(total, "key")])
        frame.attrs.update(
            as_of=as_of, since=since_used, by=by, source=source, revisions=_frame(revisions)
        )
        return frame

    def revisions(self, as_of: Any = None, *, since: Any = None) -> pd.DataFrame:
        """The plan revisions effective in ``(since, as_of]`` with the plan each replaced."""
        return self.status(as_of, since=since).attrs["revisions"]  # type: ignore[no-any-return]

    def ranking(
        self,
        as_of: Any = None,
        *,
        decimals: int = 1,
        min_share_pct: float = 0.5,
        source: Source = "treasury",
    ) -> pd.DataFrame:
        """Investors ranked by rate, highest first.

        Rates are compared as published, rounded to ``decimals``: equal published rates share a
        rank (1, 2, 2, 4), larger plan listed first. An investor whose plan is below
        ``min_share_pct`` percent of the province's is listed last without a rank. ``attrs``
        has ``province_rate_pct`` and ``mean_ranked_rate_pct``.
        """
        as_of = self._as_of(as_of)
        cols, province, mean = self._inner.ranking(as_of, decimals, min_share_pct, source)
        frame = _frame(cols)
        frame.attrs.update(as_of=as_of, province_rate_pct=province, mean_ranked_rate_pct=mean)
        return frame

    def countdown(
        self, as_of: Any = None, *, by: Literal["project", "investor"] = "project", source: Source = "treasury"
    ) -> pd.DataFrame:
        """Count-down (trừ lùi): remaining to pay, planned to date, how far behind, SPI and its
        band, what each remaining week must pay; the furthest behind first."""
        return _frame(self._inner.countdown(self._as_of(as_of), by, source), "key")

    def stalled(self, as_of: Any = None, *, weeks: int = 4, source: Source = "treasury") -> pd.DataFrame:
        """Projects with something left to pay and no payment in the last ``weeks`` weeks."""
        return _frame(self._inner.stalled(self._as_of(as_of), weeks, source))

    def differences(self, as_of: Any = None, *, tolerance: float = 0.5) -> pd.DataFrame:
        """Projects whose investor-reported payments differ from the Treasury's (cumulative)."""
        return _frame(self._inner.differences(self._as_of(as_of), tolerance))

    def proposals(
        self,
        as_of: Any = None,
        *,
        stalled_weeks: int = 4,
        tolerance: float = 0.5,
        decimals: int = 1,
        min_share_pct: float = 0.5,
        lang: Optional[str] = None,
    ) -> pd.DataFrame:
        """Proposals for the investors below the provincial rate (kiến nghị), slowest first: the
        weekly pace each must reach (``pace``), the plan its recent pace leaves unpaid by the
        year end (``transfer``: capital to move), its stalled projects, overdue obstacles and
        differences with the Treasury; ``amount`` is the figure at stake (million VND; days for
        an obstacle) and ``message`` the sentence, in ``lang``. The ranking rule is
        :meth:`ranking`'s."""
        return _frame(
            self._inner.proposals(
                self._as_of(as_of), stalled_weeks, tolerance, decimals, min_share_pct, resolve(lang)
            )
        )

    def overdue_obstacles(self, as_of: Any = None) -> pd.DataFrame:
        """Open obstacles past their deadline, with the agency and person responsible."""
        return _frame(self._inner.overdue_obstacles(self._as_of(as_of)))

    def s_curve(self, as_of: Any = None, *, source: Source = "treasury") -> pd.DataFrame:
        """Cumulative planned and actual disbursement at every Friday of the year."""
        return _frame(self._inner.s_curve(self._as_of(as_of), source), "date")

    def projection(self, as_of: Any = None, *, source: Source = "treasury") -> Projection:
        """Year-end disbursement at the last four weeks' pace and under the monthly plan."""
        return self._inner.projection(self._as_of(as_of), source)

    def quarterly_growth(self, *, previous_year: Sequence[float]) -> pd.DataFrame:
        """Disbursement by quarter (Treasury) against ``previous_year`` (Q1..Q4 of the year
        before, million VND): ``growth_pct`` y/y, and whether the quarter is complete."""
        q1, q2, q3, q4 = (float(x) for x in previous_year)
        return _frame(_core.quarterly_disbursement(self._inner, [q1, q2, q3, q4]), "quarter")

    def audit_trail(self) -> pd.DataFrame:
        """Every change: who, when, from which file, what (old and new values)."""
        return _frame(self._inner.audit_trail())

    def backup(self, dest: PathLike) -> None:
        """Copy the store, while in use, to ``dest`` (SQLite online backup; never overwrites)."""
        self._inner.backup(os.fspath(dest))

    def restore(self, src: PathLike) -> None:
        """Replace the store's content with the backup ``src``; a file that is not a grdpsim
        store is refused (:class:`~grdpsim.errors.DatabaseError`) and nothing changes."""
        self._inner.restore(os.fspath(src))


def bridge(
    history: Optional[Sequence[tuple[float, float]]] = None,
    *,
    elasticity: Optional[float] = None,
    intercept: float = 0.0,
) -> Bridge:
    """The bridge from disbursement to construction value added:
    ``ln(1 + g_C) = intercept + elasticity * ln(1 + g_D)`` (growth y/y, quarterly).

    Estimated by least squares from ``history`` (pairs ``(disbursement growth %, construction
    growth %)``) when it has at least 8 quarters; otherwise ``elasticity`` (and ``intercept``,
    log points, 0 by default) must be given.

    >>> b = bridge(elasticity=0.5)
    >>> round(b.construction_growth_pct(21.0), 6)
    10.0
    """
    pairs = [(float(d), float(c)) for d, c in (history or [])]
    return _core.disbursement_bridge(pairs, None if elasticity is None else float(elasticity), float(intercept))
