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

from . import _args, _core
from ._core import Bridge, ImportReport, Projection
from ._lang import resolve
from ._store import StoreView
from .errors import InvalidArgumentError

__all__ = ["Tracker", "ImportReport", "Projection", "Bridge", "bridge", "TEMPLATE_CSV"]

PathLike = Union[str, "os.PathLike[str]"]
Level = Literal["project", "investor", "capital_source", "province"]
Source = Literal["treasury", "investor"]

#: The CSV layout investors fill in each week (amounts in million VND, dates ISO).
TEMPLATE_CSV: str = _core.DisbursementTracker.template_csv()

_DATE_COLUMNS = ("effective", "deadline", "last_payment", "date")
_U32_END = 2**32


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
        return cls(
            _core.DisbursementTracker.create(
                _args.path(db, "db"), _args.text("province", province), _args.year("year", year)
            )
        )

    @classmethod
    def open(cls, db: PathLike) -> Tracker:
        """Open an existing store: a missing file is a :class:`~grdpsim.errors.DataFileError`
        naming it, a file that is not a grdpsim store a :class:`~grdpsim.errors.DatabaseError`,
        and neither is written to."""
        return cls(_core.DisbursementTracker.open(_args.path(db, "db")))

    def latest_week(self) -> Optional[pd.Timestamp]:
        """The latest week ending with a payment, or None for an empty store."""
        w = self._inner.latest_week()
        return None if w is None else pd.Timestamp(w)

    def _as_of(self, as_of: Any) -> str:
        if as_of is None:
            latest = self._inner.latest_week()
            if latest is None:
                raise InvalidArgumentError("invalid argument as_of: the store has no payments yet")
            return latest
        return _args.date("as_of", as_of)

    def import_csv(self, path: PathLike, *, who: str = "") -> ImportReport:
        """Import a CSV file (payments, plan revisions, monthly plans, projects or obstacles,
        told apart by the header), all or nothing.

        Raises
        ------
        ImportRejectedError
            With ``.problems``: every bad row (sheet, row, column, value, reason). Nothing is
            written.
        """
        return self._inner.import_csv(_args.path(path), _args.text("who", who))

    def import_workbook(self, path: PathLike, *, who: str = "") -> ImportReport:
        """Import every sheet of an Excel workbook (.xlsx, .xls, .ods; sheets named ``_...``
        skipped), each in one of the CSV layouts, all sheets or nothing. Excel date cells are
        read as dates. Raises :class:`~grdpsim.errors.ImportRejectedError` naming sheet, row and
        column of every bad row."""
        return self._inner.import_workbook(_args.path(path), _args.text("who", who))

    def import_file(self, path: PathLike, *, who: str = "") -> ImportReport:
        """:meth:`import_workbook` for a workbook (by extension), else :meth:`import_csv`."""
        if _args.path(path).lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
            return self.import_workbook(path, who=who)
        return self.import_csv(path, who=who)

    def write_briefing_xlsx(self, path: PathLike, as_of: Any = None, *, source: Source = "treasury") -> None:
        """Write the weekly briefing workbook: province and capital sources, ranking, projects
        behind plan, stalled projects, overdue obstacles, investor vs Treasury differences."""
        self._inner.write_briefing_xlsx(self._as_of(as_of), _args.path(path), _args.text("source", source))

    @staticmethod
    def write_template_xlsx(path: PathLike) -> None:
        """Write the weekly update template as a workbook (``payments`` sheet and instructions)."""
        _core.DisbursementTracker.write_template_xlsx(_args.path(path))

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
        since_s = _args.optional_date("since", since)
        rows, total, revisions, since_used = self._inner.status(
            as_of, _args.text("by", by), since_s, _args.text("source", source)
        )
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
        cols, province, mean = self._inner.ranking(
            as_of, _args.count("decimals", decimals, _U32_END), _args.real("min_share_pct", min_share_pct),
            _args.text("source", source),
        )
        frame = _frame(cols)
        frame.attrs.update(as_of=as_of, province_rate_pct=province, mean_ranked_rate_pct=mean)
        return frame

    def countdown(
        self, as_of: Any = None, *, by: Literal["project", "investor"] = "project", source: Source = "treasury"
    ) -> pd.DataFrame:
        """Count-down (trừ lùi): remaining to pay, planned to date, how far behind, SPI and its
        band, what each remaining week must pay; the furthest behind first."""
        return _frame(
            self._inner.countdown(self._as_of(as_of), _args.text("by", by), _args.text("source", source)), "key"
        )

    def stalled(self, as_of: Any = None, *, weeks: int = 4, source: Source = "treasury") -> pd.DataFrame:
        """Projects with something left to pay and no payment in the last ``weeks`` weeks."""
        return _frame(
            self._inner.stalled(
                self._as_of(as_of), _args.count("weeks", weeks, _U32_END), _args.text("source", source)
            )
        )

    def differences(self, as_of: Any = None, *, tolerance: float = 0.5) -> pd.DataFrame:
        """Projects whose investor-reported payments differ from the Treasury's (cumulative)."""
        return _frame(self._inner.differences(self._as_of(as_of), _args.real("tolerance", tolerance)))

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
                self._as_of(as_of),
                _args.count("stalled_weeks", stalled_weeks, _U32_END),
                _args.real("tolerance", tolerance),
                _args.count("decimals", decimals, _U32_END),
                _args.real("min_share_pct", min_share_pct),
                resolve(None if lang is None else _args.text("lang", lang)),
            )
        )

    def overdue_obstacles(self, as_of: Any = None) -> pd.DataFrame:
        """Open obstacles past their deadline, with the agency and person responsible."""
        return _frame(self._inner.overdue_obstacles(self._as_of(as_of)))

    def s_curve(self, as_of: Any = None, *, source: Source = "treasury") -> pd.DataFrame:
        """Cumulative planned and actual disbursement at every Friday of the year."""
        return _frame(self._inner.s_curve(self._as_of(as_of), _args.text("source", source)), "date")

    def projection(self, as_of: Any = None, *, source: Source = "treasury") -> Projection:
        """Year-end disbursement at the last four weeks' pace and under the monthly plan."""
        return self._inner.projection(self._as_of(as_of), _args.text("source", source))

    def quarterly_growth(self, *, previous_year: Sequence[float]) -> pd.DataFrame:
        """Disbursement by quarter (Treasury) against ``previous_year`` (Q1..Q4 of the year
        before, million VND): ``growth_pct`` y/y, and whether the quarter is complete."""
        if isinstance(previous_year, (str, bytes)) or not isinstance(previous_year, Sequence) or len(previous_year) != 4:
            raise InvalidArgumentError(
                f"invalid argument previous_year: give the four quarters' figures, got {previous_year!r}"
            )
        quarters = [_args.real(f"previous_year[{i}]", x) for i, x in enumerate(previous_year)]
        return _frame(_core.quarterly_disbursement(self._inner, quarters), "quarter")

    def audit_trail(self) -> pd.DataFrame:
        """Every change: who, when, from which file, what (old and new values)."""
        return _frame(self._inner.audit_trail())

    def backup(self, dest: PathLike) -> None:
        """Copy the store, while in use, to ``dest`` (SQLite online backup; never overwrites)."""
        self._inner.backup(_args.path(dest, "dest"))

    def restore(self, src: PathLike) -> None:
        """Replace the store's content with the backup ``src``; a file that is not a grdpsim
        store is refused (:class:`~grdpsim.errors.DatabaseError`) and nothing changes."""
        self._inner.restore(_args.path(src, "src"))


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
    if history is not None and (isinstance(history, (str, bytes)) or not isinstance(history, Sequence)):
        raise InvalidArgumentError(f"invalid argument history: give (disbursement, construction) pairs, got {history!r}")
    pairs = []
    for i, pair in enumerate(history or []):
        if isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise InvalidArgumentError(f"invalid argument history[{i}]: {pair!r} is not a (disbursement, construction) pair")
        pairs.append((_args.real(f"history[{i}][0]", pair[0]), _args.real(f"history[{i}][1]", pair[1])))
    return _core.disbursement_bridge(
        pairs, None if elasticity is None else _args.real("elasticity", elasticity), _args.real("intercept", intercept)
    )
