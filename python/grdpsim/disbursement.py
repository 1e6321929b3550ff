"""Public-investment disbursement (giải ngân vốn đầu tư công), week by week and project by project.

A :class:`Tracker` is a province's disbursement database for one plan year: one SQLite file
(or the embedded synthetic example, :func:`grdpsim.datasets.cao_bang_disbursement_2025`).
Investors' weekly updates come in as CSV files (:meth:`Tracker.import_csv`): all or nothing,
idempotent, every change in the audit trail. The views are DataFrames:

- :meth:`Tracker.status`: plan in force, cumulative paid and rate as of a date, by project,
  investor, capital source or for the province, with the change since a week before split into
  payments and plan revisions (``change_pp = from_payments_pp + from_plan_pp``). A project may
  have plan lines and payments in several capital sources (an optional ``capital_source``
  column, Vietnamese ``Nguồn vốn``, in the plan revisions and payments files; the project's own
  source when left out): by capital source each line counts in its own source, by project,
  investor and province they add up;
- :meth:`Tracker.ranking`: investors by rate (published-rate ties share a rank; an investor
  below ``min_share_pct`` of the province's plan is listed unranked);
- :meth:`Tracker.proposals` for the investors below the provincial rate (kiến nghị);
- :meth:`Tracker.countdown` (trừ lùi), :meth:`Tracker.stalled`, :meth:`Tracker.differences`
  (investor vs State Treasury), :meth:`Tracker.overdue_obstacles`, :meth:`Tracker.s_curve`,
  :meth:`Tracker.projection`;
- :meth:`Tracker.briefing`: all of these as the weekly briefing, a
  :class:`~grdpsim.document.Document` in Vietnamese or English (the core's
  ``reports::briefing``; ``grdpsim disbursement report``).

Amounts are in million VND; rates in percent; the State Treasury's (Kho bạc) payments are used
unless ``source="investor"``.

Reporting calendar: weeks end on Friday (each store may set its own day,
:meth:`Tracker.set_calendar`); an import refuses a ``week_ending`` on another day or beyond today
plus a grace. Without ``as_of``, a view is as of the latest week that at least half the projects
reported (:meth:`Tracker.coverage`), so one stray entry cannot move it; every view's ``attrs``
(a projection's fields) say which week it used and how many projects reported it. An entry made
by mistake is withdrawn with :meth:`Tracker.withdraw`. Dates are ISO texts or ``datetime.date``
objects, read by grdpsim's own parser: an int is an error, not a day counted from 1970.

>>> import grdpsim as gs
>>> t = gs.datasets.cao_bang_disbursement_2025()
>>> round(float(t.status(as_of="2025-06-30").loc["province", "rate_pct"]), 1)
41.8
>>> july = t.status(as_of="2025-07-31", since="2025-06-30").loc["province"]
>>> [round(float(july[c]), 1) for c in ("rate_pct", "change_pp")]
[26.8, -15.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Optional

import numpy as np
import pandas as pd

from . import _args, _core
from ._core import Bridge, Document, ImportReport, Projection
from ._frames import arrays_frame as _arrays_frame
from ._frames import columns_frame as _frame
from ._frames import day as _timestamp
from ._lang import resolve, said
from ._store import PathLike, StoreView
from .errors import InvalidArgumentError

__all__ = [
    "Tracker",
    "Coverage",
    "Calendar",
    "NationalTarget",
    "ImportReport",
    "Projection",
    "Bridge",
    "bridge",
    "TEMPLATE_CSV",
]

Level = Literal["project", "investor", "capital_source", "province"]
Source = Literal["treasury", "investor"]

#: The CSV layout investors fill in each week (amounts in million VND, dates ISO).
TEMPLATE_CSV: str = _core.DisbursementTracker.template_csv()

_U32_END = 2**32


@dataclass(frozen=True)
class Coverage:
    """The week a view used and how many projects reported it.

    ``str(c)`` in the session language: "as of 2025-08-29: 193 of 300 projects reported".
    """

    as_of: str
    #: The last week ending on or before ``as_of``: the week whose reports are counted.
    week: str
    projects_reported: int
    projects: int
    text_en: str
    text_vi: str

    def describe(self, lang: Optional[str] = None) -> str:
        """The sentence in ``lang`` (default: the session language)."""
        return self.text_en if resolve(lang) == "en" else self.text_vi

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class Calendar:
    """A store's reporting calendar: the ISO day weeks end on (1 = Monday .. 7 = Sunday; 5,
    Friday), how many days after today a week may end (6), and the share of projects (percent)
    that makes a week the default as-of (50)."""

    week_ends_on: int = 5
    grace_days: int = 6
    reporting_share_pct: float = 50.0

    def __post_init__(self) -> None:
        # Checked where it is made: InvalidArgumentError naming the field out of its domain.
        _core.DisbursementTracker.check_calendar(self.week_ends_on, self.grace_days, self.reporting_share_pct)


@dataclass(frozen=True)
class NationalTarget:
    """The national target of a plan year: the capital plan the Prime Minister assigned the
    province (million VND), the date of its decision and the decision (``source``)."""

    year: int
    amount: float
    decided_on: pd.Timestamp
    source: str


def _day(name: str, value: Any) -> Any:
    """A date argument for the core's one parser, which reads ISO text and ``datetime.date``
    (a ``Timestamp`` too): numpy's ``datetime64`` is read as its day here first; anything else
    goes as given, for the core to accept or name (``kind == "invalid_date"``)."""
    return _args.date(name, value) if isinstance(value, np.datetime64) else value


class Tracker(StoreView):
    """A province's disbursement database for one plan year.

    Open one with :meth:`create` (a new or existing file), :meth:`open` (an existing file) or
    take the embedded example, :func:`grdpsim.datasets.cao_bang_disbursement_2025`.
    """

    _inner: _core.DisbursementTracker
    _core_class = _core.DisbursementTracker

    def latest_week(self) -> Optional[pd.Timestamp]:
        """The province's default as-of (the latest week that the calendar's share of projects
        reported, Treasury figures), or None while no week has."""
        w = self._inner.latest_week()
        return None if w is None else _timestamp(w)

    def coverage(self, as_of: Any = None, *, source: Source = "treasury") -> Coverage:
        """The week a view uses (``as_of``; by default the latest week that at least the
        calendar's share of projects reported in ``source``'s figures) and how many projects
        reported it.

        Raises
        ------
        InvalidArgumentError
            ``as_of`` is not a date (``.argument`` and ``.text`` name it), or no week has enough
            figures yet and none was given.
        """
        return self._as_of(as_of, source)

    def _as_of(self, as_of: Any, source: str = "treasury") -> Coverage:
        # as_of goes to the core as given: its one parser names the argument (kind invalid_date).
        return Coverage(*self._inner.coverage(_day("as_of", as_of), _args.text("source", source)))

    @staticmethod
    def _attrs(frame: pd.DataFrame, c: Coverage, **more: Any) -> pd.DataFrame:
        # as_of a pd.Timestamp, as latest_week(); the coverage keeps its sentence's ISO text.
        frame.attrs.update(
            as_of=_timestamp(c.as_of),
            projects_reported=c.projects_reported,
            projects=c.projects,
            coverage=c,
            **more,
        )
        return frame

    def withdraw(self, project: str, week_ending: Any, source: Source = "investor", *, who: str = "") -> None:
        """Withdraw ``source``'s figure for ``project`` in the week ending ``week_ending`` (an
        entry made by mistake); the audit trail keeps the old value and ``who``.

        Raises
        ------
        InvalidArgumentError
            No such figure (``kind == "no_such_entry"``; ``.project``, ``.week_ending``,
            ``.source``), or ``week_ending`` is not a date. Nothing changes.
        """
        self._inner.withdraw(
            _args.text("project", project), week_ending, _args.text("source", source), _args.text("who", who)
        )

    @property
    def calendar(self) -> Calendar:
        """The store's reporting calendar."""
        return Calendar(*self._inner.calendar())

    def set_calendar(self, calendar: Calendar, *, who: str = "") -> None:
        """Set the store's reporting calendar (kept in the store, audited with ``who``)."""
        self._inner.set_calendar(
            calendar.week_ends_on, calendar.grace_days, calendar.reporting_share_pct, who
        )

    def set_today(self, today: Any = None) -> None:
        """Fix the tracker's "today" (imports refuse weeks beyond it plus the grace); None goes
        back to the system clock."""
        self._inner.set_today(today)

    @property
    def today(self) -> str:
        """Today on the tracker's clock, ISO."""
        return self._inner.today()

    def import_csv(self, path: PathLike, *, who: str = "") -> ImportReport:
        """Import a CSV file (payments, plan revisions, monthly plans, projects or obstacles,
        told apart by the header), all or nothing.

        Plan revisions and payments may carry a ``capital_source`` column (the project's own
        source when the column or a cell is empty); a payment in a source other than the
        project's own needs a plan line there, else its row is refused. A monthly plans file
        without the ``milestone`` or ``owner`` column leaves the stored ones as they are.

        Raises
        ------
        ImportRejectedError
            With ``.problems``: every bad row (sheet, row, column, value, reason). Nothing is
            written.
        """
        return self._inner.import_csv(_args.path(path), _args.text("who", who))

    def import_workbook(self, path: PathLike, *, who: str = "") -> ImportReport:
        """Import every sheet of an Excel workbook (.xlsx, .xlsm; sheets named ``_...``
        skipped), each in one of the CSV layouts, all sheets or nothing. Excel date cells are
        read as dates. Raises :class:`~grdpsim.errors.ImportRejectedError` naming sheet, row and
        column of every bad row; :class:`~grdpsim.errors.ParseError` for a workbook that cannot
        be read safely (a part missing, a sheet wider or larger than the layout: ``part`` names
        it; a formula without a stored value: ``sheet`` and ``cell``);
        :class:`~grdpsim.errors.DataFileError` for a file that is not a workbook, or an .xls or
        .ods file (save it as .xlsx)."""
        return self._inner.import_workbook(_args.path(path), _args.text("who", who))

    def import_file(self, path: PathLike, *, who: str = "") -> ImportReport:
        """:meth:`import_workbook` for a workbook (by extension), else :meth:`import_csv`."""
        if _args.path(path).lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
            return self.import_workbook(path, who=who)
        return self.import_csv(path, who=who)

    def briefing(
        self,
        as_of: Any = None,
        *,
        since: Any = None,
        lang: Optional[str] = None,
        source: Source = "treasury",
        period: Literal["week", "month"] = "week",
    ) -> Document:
        """The weekly briefing (báo cáo giải ngân tuần) as a :class:`~grdpsim.document.Document`.

        Its first paragraph is the province's rate on ``as_of`` (default: the latest week that
        the calendar's share of projects reported) against ``since`` (default: a week before,
        or with ``period="month"`` the same day a month before: the monthly meeting's public
        ranking, 31 July against 30 June), the change split into payments and plan revisions;
        then rates by capital source, the ranking of investors with each one's change since
        last week, since last month and since ``since``, proposals for the slow ones, projects
        behind their monthly plan, stalled projects, overdue obstacles, investor vs Treasury
        differences, the plan revisions and the year-end projection. In ``lang`` (default: the
        session's language), amounts grouped as the language writes them; render it with
        ``to_text()``, ``to_markdown()``, ``to_html()``, ``write(path, format)``,
        ``write_xlsx(path)`` (sheet names in ``lang``) or ``write_pdf(path)`` (the HTML page
        printed by headless Chromium: ``GRDPSIM_CHROMIUM`` or ``chromium`` on ``PATH``).

        Raises
        ------
        InvalidArgumentError
            ``as_of`` or ``since`` is not a date, ``since`` is after ``as_of``, ``lang`` is
            neither ``vi`` nor ``en``, or ``period`` is neither ``week`` nor ``month``.
        """
        c = self._as_of(as_of, source)
        return self._inner.briefing(
            c.as_of,
            _day("since", since),
            resolve(lang),
            _args.text("source", source),
            _args.text("period", period),
        )

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
        """Plan in force, cumulative paid and rate as of ``as_of`` (default: the latest week that
        the calendar's share of projects reported), against ``since`` (default: a week before),
        by ``by``; the province's row is last.

        ``attrs`` holds ``as_of`` and ``since`` (``pd.Timestamp``), ``projects_reported``,
        ``projects`` and ``coverage`` (the week used and how many projects reported it), ``by``
        and ``source``; the plan revisions in between (why the plan moved) are
        :meth:`revisions`.

        Raises
        ------
        InvalidArgumentError
            ``as_of`` or ``since`` is not a date, or ``since`` is after ``as_of``
            (``.argument``, ``.text``).
        """
        c = self._as_of(as_of, source)
        rows, total, _, since_used = self._inner.status(
            c.as_of, _args.text("by", by), _day("since", since), source
        )
        frame = _frame(rows, "key")
        if by != "province":
            frame = pd.concat([frame, _frame(total, "key")])
        # The second denominator is the province's alone: NaN on every other row, and on the
        # province's too when the year has no national target (never 0).
        national = self._inner.rates_against_both(c.as_of, source)[3]
        frame["rate_national_pct"] = np.nan
        if national is not None:
            frame.loc["province", "rate_national_pct"] = national
        return self._attrs(
            frame,
            c,
            since=_timestamp(since_used),
            by=by,
            source=source,
            national_target=self.national_target(),
        )

    def national_target(self) -> Optional[NationalTarget]:
        """The national target of the plan year (the plan the Prime Minister assigned the
        province, the second denominator of :meth:`status` and :meth:`ranking`), or None."""
        return self._national(self._inner.national_target())

    def _national(self, found: Optional[tuple[float, str, str]]) -> Optional[NationalTarget]:
        if found is None:
            return None
        amount, decided_on, source = found
        return NationalTarget(self.year, amount, _timestamp(decided_on), source)

    def set_national_target(self, amount: float, decided_on: Any, source: str, *, who: str = "") -> None:
        """Store the national target of the plan year: ``amount`` (million VND), the date of
        the decision and the decision itself (``source``, e.g. ``"QĐ 1508/QĐ-TTg"``),
        replacing one stored before; audited with ``who``.

        Raises
        ------
        InvalidArgumentError
            ``amount`` not a positive number, a blank ``source`` or a ``decided_on`` that is
            not a date. Nothing changes.
        """
        self._inner.set_national_target(
            _args.real("amount", amount), decided_on, _args.text("source", source), _args.text("who", who)
        )

    def revisions(self, as_of: Any = None, *, since: Any = None) -> pd.DataFrame:
        """The plan revisions effective in ``(since, as_of]`` (defaults as :meth:`status`'s),
        each of one plan line (``capital_source``) with the plan it replaced on that line
        (``previous``); ``attrs`` as :meth:`status`'s."""
        c = self._as_of(as_of)
        _, _, revisions, since_used = self._inner.status(
            c.as_of, "province", _day("since", since), "treasury"
        )
        return self._attrs(_frame(revisions), c, since=_timestamp(since_used))

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
        has ``province_rate_pct`` and ``mean_ranked_rate_pct``, and the province's rate against
        the national target, ``province_rate_national_pct`` (None without a target for the
        year) with ``national_target``. ``weekly_plan_pct`` is the
        investor's paid against its own weekly plan (its projects with one, from their first
        planned week; NaN without), beside ``rate_pct`` against the plan in force.
        """
        # One core call: the columns as numpy arrays and every attr, from one read of the
        # kept aggregates per investor.
        cols, unranked, province, mean, national, target, coverage = self._inner.ranking(
            _day("as_of", as_of),
            _args.count("decimals", decimals, _U32_END),
            _args.real("min_share_pct", min_share_pct),
            _args.text("source", source),
        )
        return self._attrs(
            _arrays_frame(cols, unranked),
            Coverage(*coverage),
            province_rate_pct=province,
            mean_ranked_rate_pct=mean,
            province_rate_national_pct=national,
            national_target=self._national(target),
        )

    def countdown(
        self,
        as_of: Any = None,
        *,
        by: Literal["project", "investor"] = "project",
        source: Source = "treasury",
    ) -> pd.DataFrame:
        """Count-down (trừ lùi): remaining to pay, planned to date, how far behind, SPI and its
        band, what each remaining week must pay; the furthest behind first.

        ``planned_to_date`` is the investor's weekly plan where the project has one (from its
        first planned week; the monthly plan before it) and the monthly plan otherwise:
        ``plan_basis`` says which (``weekly``, ``monthly``, ``mixed`` for an investor with
        both, ``none``)."""
        c = self._as_of(as_of, source)
        return self._attrs(_frame(self._inner.countdown(c.as_of, _args.text("by", by), source), "key"), c)

    def stalled(self, as_of: Any = None, *, weeks: int = 4, source: Source = "treasury") -> pd.DataFrame:
        """Projects with something left to pay and no payment in the last ``weeks`` weeks.

        A project with a weekly plan for a week of the window is measured against it
        (``plan_basis`` ``weekly``): one that planned nothing for those weeks is not stalled.
        ``planned_in_window`` is what the plan called for in the window."""
        c = self._as_of(as_of, source)
        return self._attrs(
            _frame(self._inner.stalled(c.as_of, _args.count("weeks", weeks, _U32_END), source)), c
        )

    def weekly_plans(self, project: str | None = None) -> pd.DataFrame:
        """The investors' weekly plans (kế hoạch tuần): ``project``, ``week_ending`` (a day)
        and ``planned`` (million VND), of one project or of every project."""
        name = None if project is None else _args.text("project", project)
        return _frame(self._inner.weekly_plans(name))

    def advances(self, as_of: Any = None) -> pd.DataFrame:
        """Every advance (tạm ứng) made by ``as_of`` with what is recovered of it by then
        (``recovered``: the recoveries naming it, then the project's recoveries naming none,
        oldest advance first; recoveries after ``as_of`` do not count), ``outstanding`` and
        ``age_days``, in million VND, by project and date."""
        c = self._as_of(as_of)
        return self._attrs(_frame(self._inner.advances(c.as_of)), c)

    def advance_balances(
        self, as_of: Any = None, *, by: Literal["project", "investor"] = "project"
    ) -> pd.DataFrame:
        """Advanced, recovered and outstanding (advanced − recovered) as of ``as_of`` by
        project or investor (``key``, ``name``), with the outstanding of site-clearance
        advances (giải phóng mặt bằng) apart."""
        c = self._as_of(as_of)
        return self._attrs(_frame(self._inner.advance_balances(c.as_of, _args.text("by", by))), c)

    def aged_advances(self, as_of: Any = None, *, min_days: Optional[int] = None) -> pd.DataFrame:
        """The advances still outstanding on ``as_of`` more than ``min_days`` days after they
        were paid (180 by default), oldest first; the columns of :meth:`advances`."""
        c = self._as_of(as_of)
        days = None if min_days is None else _args.count("min_days", min_days, _U32_END)
        return self._attrs(_frame(self._inner.aged_advances(c.as_of, days)), c)

    def advance_shares(self, as_of: Any = None, *, source: Source = "treasury") -> pd.DataFrame:
        """The share of the year's disbursement to ``as_of`` that is advances: ``purpose``
        ``all``, then ``works``, ``site_clearance``, ``consultancy``, ``other``; ``advanced``
        in the year and ``outstanding`` on the date, each in million VND and as a percentage
        of ``disbursed``."""
        c = self._as_of(as_of, source)
        return self._attrs(_frame(self._inner.advance_shares(c.as_of, _args.text("source", source))), c)

    def differences(self, as_of: Any = None, *, tolerance: float = 0.5) -> pd.DataFrame:
        """Projects whose investor-reported payments differ from the Treasury's (cumulative)."""
        c = self._as_of(as_of)
        return self._attrs(_frame(self._inner.differences(c.as_of, _args.real("tolerance", tolerance))), c)

    def reconciliation(
        self,
        as_of: Any = None,
        *,
        tolerance: float = 0.5,
        by: Literal["week", "project"] = "week",
        state: Optional[Literal["open", "accepted", "sent_back"]] = None,
    ) -> pd.DataFrame:
        """The Treasury's reconciliation as of ``as_of``.

        ``by="week"``: each project-week to ``as_of`` whose investor's report and Treasury
        payment differ by more than ``tolerance`` (million VND), latest week first; a missing
        figure counts as 0, so a week where neither side paid, or where the investor entered 0
        and the Treasury nothing, is none. Columns ``project``, ``investor``, ``week_ending``,
        ``reported`` and ``treasury`` (NaN where that side has no figure), ``difference``
        (reported − treasury), ``state`` (``open``, ``accepted``, ``sent_back``: only those in
        ``state`` when given), ``note``, ``decided_by`` and ``decided_at`` (missing while open).
        A decision holds while both figures stay as they were when it was taken.

        ``by="project"``: each project with such a week, its payments cumulated to ``as_of``
        (``reported``, ``treasury``, ``difference``) and its weeks ``weeks_open``,
        ``weeks_accepted``, ``weeks_sent_back``, largest absolute difference first.
        """
        c = self._as_of(as_of)
        state_arg = None if state is None else _args.text("state", state)
        inner = self._inner.reconciliation(
            c.as_of, _args.real("tolerance", tolerance), _args.text("by", by), state_arg
        )
        return self._attrs(_frame(inner), c)

    def sent_back(self, project: str) -> pd.DataFrame:
        """The weeks of ``project`` the Treasury sent back to the investor and that have not
        changed since (the columns of :meth:`reconciliation`)."""
        return _frame(self._inner.sent_back_of(_args.text("project", project)))

    def decide_difference(
        self,
        project: str,
        week_ending: Any,
        decision: Literal["accepted", "sent_back"],
        note: str,
        *,
        who: str = "",
    ) -> None:
        """The Treasury's decision on ``project``'s difference in the week ending
        ``week_ending``: ``accepted`` (the note says why) or ``sent_back`` to the investor (the
        note says what to correct); audited with ``who``. A later change of either figure that
        week reopens it.

        Raises
        ------
        InvalidArgumentError
            No difference that week or an unknown project (``kind == "no_difference"``;
            ``.project``, ``.week_ending``), a blank note, a ``week_ending`` that is not a
            date, an unknown ``decision``. Nothing changes.
        """
        self._inner.decide_difference(
            _args.text("project", project),
            week_ending,
            _args.text("decision", decision),
            _args.text("note", note),
            _args.text("who", who),
        )

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
        c = self._as_of(as_of)
        return self._attrs(
            _frame(
                self._inner.proposals(
                    c.as_of,
                    _args.count("stalled_weeks", stalled_weeks, _U32_END),
                    _args.real("tolerance", tolerance),
                    _args.count("decimals", decimals, _U32_END),
                    _args.real("min_share_pct", min_share_pct),
                    resolve(None if lang is None else _args.text("lang", lang)),
                )
            ),
            c,
        )

    def countdown_by_month(self, as_of: Any = None, *, project: str | None = None) -> pd.DataFrame:
        """The count-down by month (trừ lùi theo tháng): for each project and each month from
        ``as_of``'s to December with a monthly plan line, ``planned`` (the month's plan),
        ``to_pay`` (what remains to pay in it: the current month takes any shortfall, a payment
        ahead of the plan lightens the months after), the ``milestone`` and its ``owner``."""
        c = self._as_of(as_of)
        name = None if project is None else _args.text("project", project)
        return self._attrs(_frame(self._inner.countdown_by_month(c.as_of, name)), c)

    def missing_monthly_plans(self, as_of: Any = None, *, lang: Optional[str] = None) -> pd.DataFrame:
        """Projects with a plan in force and no monthly plan once the deadline (25 August of the
        plan year unless the store sets another) has passed: ``plan``, ``deadline``,
        ``days_late`` and the finding as a sentence in ``lang`` (``message``)."""
        c = self._as_of(as_of)
        return self._attrs(
            _frame(self._inner.missing_monthly_plans(c.as_of, resolve(None if lang is None else lang))), c
        )

    def overdue_obstacles(self, as_of: Any = None) -> pd.DataFrame:
        """Obstacles not resolved (open, in progress or escalated) past their deadline, with the
        agency and person responsible and the ``status`` code."""
        c = self._as_of(as_of)
        return self._attrs(_frame(self._inner.overdue_obstacles(c.as_of)), c)

    def obstacles(
        self, as_of: Any = None, *, project: str | None = None, status: Sequence[str] = ()
    ) -> pd.DataFrame:
        """The obstacles (vướng mắc) reported by ``as_of``, of one ``project`` or all, in the
        given statuses (all when none): ``project``, ``investor``, ``description``,
        ``reported_on``, ``agency`` (the body responsible), ``person``, ``deadline``, ``status``
        (``open``, ``in_progress``, ``resolved``, ``escalated``; a label in either language is
        read too), ``result`` and ``resolved_on``; by deadline. An unknown status is an
        :class:`~grdpsim.InvalidArgumentError` (kind ``unknown_option``) naming it; a ``status``
        that is neither a string nor a list of strings, one naming ``status``."""
        c = self._as_of(as_of)
        name = None if project is None else _args.text("project", project)
        codes = [status] if isinstance(status, str) else _args.strings("status", status)
        return self._attrs(_frame(self._inner.obstacles(c.as_of, name, codes)), c)

    def escalated_obstacles(self, as_of: Any = None) -> pd.DataFrame:
        """The obstacles escalated to the province (``status`` ``escalated``), as
        :meth:`obstacles` lists them."""
        c = self._as_of(as_of)
        return self._attrs(_frame(self._inner.escalated_obstacles(c.as_of)), c)

    def s_curve(self, as_of: Any = None, *, source: Source = "treasury") -> pd.DataFrame:
        """Cumulative planned and actual disbursement at every Friday of the year."""
        c = self._as_of(as_of, source)
        return self._attrs(_frame(self._inner.s_curve(c.as_of, source), "date"), c)

    def projection(self, as_of: Any = None, *, source: Source = "treasury") -> Projection:
        """Year-end disbursement at the last four weeks' pace and under the monthly plan
        (``as_of``, ``projects_reported`` and ``projects`` say which week it used)."""
        return self._inner.projection(self._as_of(as_of, source).as_of, source)

    def quarterly_growth(self, *, previous_year: Sequence[float]) -> pd.DataFrame:
        """Disbursement by quarter (Treasury) against ``previous_year`` (Q1..Q4 of the year
        before, million VND): ``growth_pct`` y/y, and whether the quarter is complete."""
        if (
            isinstance(previous_year, (str, bytes))
            or not isinstance(previous_year, Sequence)
            or len(previous_year) != 4
        ):
            raise said(
                InvalidArgumentError,
                f"invalid argument previous_year: give the four quarters' figures, got {previous_year!r}",
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
        raise said(
            InvalidArgumentError,
            f"invalid argument history: give (disbursement, construction) pairs, got {history!r}",
        )
    pairs = []
    for i, pair in enumerate(history or []):
        if isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise said(
                InvalidArgumentError,
                f"invalid argument history[{i}]: {pair!r} is not a (disbursement, construction) pair",
            )
        pairs.append((_args.real(f"history[{i}][0]", pair[0]), _args.real(f"history[{i}][1]", pair[1])))
    return _core.disbursement_bridge(
        pairs,
        None if elasticity is None else _args.real("elasticity", elasticity),
        _args.real("intercept", intercept),
    )
