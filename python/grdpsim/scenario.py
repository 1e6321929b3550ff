"""Growth scenarios (kịch bản tăng trưởng): targets, actuals, gaps and the growth still required.

A :class:`Scenario` holds a base (:class:`~grdpsim.Accounts` covering the year before the
scenario year), target growth rates per sector and period, and the actual figures as they
arrive. Scenarios are immutable: :meth:`Scenario.with_targets` and
:meth:`Scenario.with_actuals` return new ones.

Targets and actuals are mappings ``{sector: {period: growth_pct}}`` with periods labelled
within the scenario year: ``Q1``..``Q4``, ``H1`` (or ``6M``), ``H2``, ``9M`` (``Q1-Q3``), ``Y``.

Every method that takes a period and a sector takes them in that order, as ``period=`` and
``sector=``; the sector defaults to the total (GRDP, or GDP on national accounts).

Two views of the scenario year: :meth:`Scenario.growth` is the year *as it stands* (actuals
where reported, targets elsewhere: a quarter where some sectors have reported is partly
reported, and GRDP is the sum); :meth:`Scenario.target_growth` is the plan alone.
"""

from __future__ import annotations

import datetime
import inspect
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Optional, Union

import numpy as np
import pandas as pd

from . import _args, _core, _frames, _lang
from ._core import Nowcast
from ._lang import said
from .accounts import Accounts
from .errors import InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from .probability import Probability, Uncertainty

__all__ = ["Scenario", "RequiredGrowth", "GoalSeek", "period_order"]

Rates = Mapping[str, Mapping[str, float]]
Policy = Literal["sector_targets", "uniform", "proportional"]
Spread = Literal["same", "keep_profile"]
Locked = Union[str, Sequence[str], Mapping[str, Optional[float]], None]
Caps = Union[str, Sequence[str], Mapping[str, Optional[float]], None]
Hold = Literal["quarters", "annual"]
GoalMode = Literal["tracking", "planning"]


def _sector_values(value: object, what: str) -> list[tuple[str, Optional[float]]]:
    """Locks or caps as ``(sector, figure or None)``: a single code, a list of codes (None for
    each), or a mapping ``{sector: figure or None}``."""
    if value is None:
        return []
    if isinstance(value, str):
        return [(value, None)]
    if isinstance(value, Mapping):
        out: list[tuple[str, Optional[float]]] = []
        for sector, figure in value.items():
            if not isinstance(sector, str):
                raise said(
                    InvalidArgumentError,
                    f"invalid argument {what}: sector codes must be strings, got {sector!r}",
                )
            if figure is None:
                out.append((sector, None))
                continue
            if isinstance(figure, bool) or not isinstance(figure, (int, float)):
                raise said(
                    InvalidArgumentError,
                    f"invalid argument {what}: sector {sector}: {figure!r} is not a number (or None)",
                )
            out.append((sector, float(figure)))
        return out
    if isinstance(value, (list, tuple, set, frozenset)):
        bad = [v for v in value if not isinstance(v, str)]
        if bad:
            raise said(
                InvalidArgumentError, f"invalid argument {what}: expected sector codes, got {bad[0]!r}"
            )
        return [(str(v), None) for v in value]
    raise said(
        InvalidArgumentError,
        f"invalid argument {what}: expected a sector code, a list of codes or a mapping "
        f"{{sector: figure}}, got {type(value).__name__}",
    )


def _deadline(value: object, sector: object) -> Optional[str]:
    """A deadline as the core reads it: an ISO text, a ``datetime.date`` as one, None."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (datetime.date, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    raise said(InvalidArgumentError, f"owners[{sector!r}]: deadline {value!r} is not a date YYYY-MM-DD")


def period_order(label: str) -> tuple[int, int]:
    """Sort key that puts period labels of a year in reading order: Q1, Q2, H1, Q3, 9M, Q4,
    H2, Y (by last quarter, then length)."""
    text = label.strip().upper()
    text = text[4:] if len(text) > 4 and text[:4].isdigit() else text
    named = {"H1": (1, 2), "6M": (1, 2), "H2": (3, 4), "9M": (1, 3), "Y": (1, 4), "": (1, 4)}
    if text in named:
        first, last = named[text]
    else:
        parts = [p for p in text.replace("Q", " ").replace("-", " ").split() if p.isdigit()]
        if not parts:
            return (9, 9)
        first, last = int(parts[0]), int(parts[-1])
    return (last, last - first + 1)


def _triples(rates: Rates | None, what: str) -> list[tuple[str, str, float]]:
    if rates is None:
        return []
    try:
        # The what-if path: one comprehension, no per-item type checks (they cost more than
        # the Rust re-evaluation); the checks below run only to word an error.
        return [
            (str(sector), str(period), float(value))
            for sector, by_period in rates.items()
            for period, value in by_period.items()
        ]
    except (AttributeError, TypeError, ValueError):
        pass
    if not isinstance(rates, Mapping):
        raise said(
            InvalidArgumentError,
            f"invalid argument {what}: expected a mapping {{sector: {{period: value}}}}, "
            f"got {type(rates).__name__}",
        )
    for sector, by_period in rates.items():
        if not isinstance(by_period, Mapping):
            raise said(
                InvalidArgumentError,
                f"invalid argument {what}: the value for sector {sector} must be a mapping "
                f"{{period: value}}, got {by_period!r}",
                sector=str(sector),
            )
        for period, value in by_period.items():
            try:
                float(value)
            except (TypeError, ValueError):
                raise said(
                    InvalidArgumentError,
                    f"invalid argument {what}: sector {sector}, period {period}: {value!r} is not a number",
                    sector=str(sector),
                    period=str(period),
                ) from None
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class RequiredGrowth:
    """The growth still required in the remaining quarters to reach the annual target.

    Attributes
    ----------
    target_pct
        The annual GRDP target aimed at, percent.
    grdp_pct
        GRDP growth required over the remaining quarters, percent (DOMAIN formula: target level
        minus actual levels so far, over the base level of the remaining quarters).
    by_quarter
        GRDP growth in each remaining quarter under the allocation (Series indexed by quarter).
    by_sector
        One row per sector (GRDP first): ``planned_pct``, ``required_pct``, ``rise_pp``,
        ``annual_target_pct`` (the sector's stated annual target, else the one its quarterly
        targets imply), ``plan_difference_pp`` (where an annual target is stated: what the
        quarterly targets give minus it, as in :meth:`Scenario.consistency`; NaN otherwise),
        ``own_required_pct`` (what reaches the sector's own annual target), ``annual_pct``
        (what the sector reaches under the policy), ``locked``, ``capped``, ``cap_pct``.
    by_sector_quarter
        Required growth per sector (rows) and remaining quarter (columns).
    feasible
        Whether the allocation reaches the target, within ``tolerance_pp``.
    max_reachable_pct
        Highest annual GRDP growth reachable with every free sector at its cap (None when some
        free sector is uncapped).
    reached_pct
        Annual GRDP growth the allocation reaches.
    shortfall_pp
        How far the allocation stops short of the target (0 when it reaches it).
    feasibility
        Whether the target is reached, typed (``kind``: ``feasible``, ``within_tolerance``,
        ``not_feasible``; the figures as attributes); ``feasibility.text(lang)`` says it in a
        sentence: ``feasible``, or ``NOT feasible: the sector targets reach 7.99%, 0.01 pp short
        of 8.00%``; ``status`` is that sentence in English, ``status_vi`` in Vietnamese.
    capped_below_plan
        Sectors held at a cap below their plan (they are held there, not refused).
    cap_years
        The years the historical caps are the maximum over (``2014-2024``), or None.
    reported
        Sectors whose remaining quarters all have actuals (held at them).
    """

    target_pct: float
    elapsed_quarters: int
    remaining: str
    grdp_pct: float
    by_quarter: pd.Series[Any]
    by_sector: pd.DataFrame
    by_sector_quarter: pd.DataFrame
    feasible: bool
    max_reachable_pct: Optional[float]
    reached_pct: float
    rise: float
    policy: str
    spread: str
    shortfall_pp: float
    tolerance_pp: float
    feasibility: _core.Feasibility
    capped_below_plan: list[str]
    cap_years: Optional[str]
    reported: list[str]
    #: The line the core prints for the same result (``Display`` of Rust's ``RequiredGrowth``).
    _line: str = field(default="", repr=False, compare=False)

    @classmethod
    def _from_core(cls, core: tuple[_core.RequiredGrowthReport, str]) -> RequiredGrowth:
        """The result from the core's report and the line of its ``Display``."""
        r, line = core
        by_sector = _frames.rows_frame(
            r.by_sector, _core.SectorRequirement, index="sector", drop=["by_quarter"]
        )
        return cls(
            target_pct=r.target_pct,
            elapsed_quarters=r.elapsed_quarters,
            remaining=r.remaining,
            grdp_pct=r.grdp_pct,
            by_quarter=_frames.quarter_series(r.by_quarter),
            by_sector=by_sector,
            by_sector_quarter=_frames.quarters_frame(r.by_sector, by_sector.index),
            feasible=r.feasible,
            max_reachable_pct=r.max_reachable_pct,
            reached_pct=r.reached_pct,
            rise=r.rise,
            policy=r.policy,
            spread=r.spread,
            shortfall_pp=r.shortfall_pp,
            tolerance_pp=r.tolerance_pp,
            feasibility=r.feasibility,
            capped_below_plan=list(r.capped_below_plan),
            cap_years=r.cap_years,
            reported=list(r.reported),
            _line=line,
        )

    @property
    def status(self) -> str:
        """Whether the target is reached, in an English sentence (:attr:`feasibility`)."""
        return self.feasibility.text("en")

    @property
    def status_vi(self) -> str:
        """:attr:`status` in Vietnamese."""
        return self.feasibility.text("vi")

    def plot(self, *, ax: Any = None, lang: str | None = None) -> Any:
        """Planned against required growth by sector (:func:`grdpsim.plot.required`)."""
        from .plot import required

        return required(self, ax=ax, lang=lang)

    def to_frame(self) -> pd.DataFrame:
        """The table by sector: planned and required growth, the rise, own and annual
        figures, and each remaining quarter (``Q3``, ``Q4``). Program names in every language;
        :func:`grdpsim.report.translate` gives the table people read."""
        return self.by_sector[
            [
                "planned_pct",
                "required_pct",
                "rise_pp",
                "annual_target_pct",
                "plan_difference_pp",
                "own_required_pct",
                "annual_pct",
            ]
        ].join(self.by_sector_quarter)

    def plan_differences(self) -> pd.Series[Any]:
        """Sectors whose quarterly targets miss their stated annual target beyond the rounding
        of published figures (0.005 pp): the plan's annual growth minus the stated target, pp.
        Their ``own_required_pct`` aims at the stated figure."""
        d = self.by_sector["plan_difference_pp"].astype(float)
        return d[d.abs().gt(0.005)]

    def _repr_html_(self) -> str:
        """The headline (required growth of the total, feasibility) then the table by sector."""
        import html

        from .report import required_line, translate

        line = required_line(self)
        code = _lang.resolve(None)
        return f"<p>{html.escape(line)}</p>" + translate(self.to_frame(), code).to_html(
            float_format=lambda x: _lang.number(x, 2, code)
        )

    def __repr__(self) -> str:
        """The line the core prints for the same result (``Display`` of Rust's
        ``RequiredGrowth``)."""
        return self._line


@dataclass(frozen=True)
class GoalSeek:
    """The growth of one sector that brings annual GRDP growth to a goal, and whether it is
    feasible.

    ``mode="tracking"``: given the actuals, the growth of the sector in each of its quarters
    without actuals (``period``, e.g. ``2025H2``) that brings the year as it stands to the goal.
    ``mode="planning"``: the growth in every quarter that brings the plan to the goal.
    ``scenario`` holds that growth, every other target unchanged.

    ``feasible``: whether ``growth_pct`` is at most ``bound_pct``, which is the cap given, the
    sector's historical maximum over the same quarters (``bound="historical"``, over
    ``bound_years``), or the plausible bound of 30% (``bound="plausible"``).
    ``status`` says it in a sentence (``status_vi`` in Vietnamese).
    """

    sector: str
    growth_pct: float
    period: str
    annual_grdp_pct: float
    mode: str
    scenario: Scenario
    feasible: bool
    bound: str
    bound_pct: float
    bound_years: Optional[str]
    status: str
    status_vi: str
    #: The line the core prints for the same result (``Display`` of Rust's ``GoalSeek``).
    _line: str = field(default="", repr=False, compare=False)

    def __repr__(self) -> str:
        """The line the core prints for the same result (``Display`` of Rust's ``GoalSeek``)."""
        return self._line


class Scenario:
    """A province's growth scenario for one year.

    Parameters
    ----------
    base
        Accounts covering at least the four quarters of ``year - 1``.
    year
        The scenario year.
    targets
        ``{sector: {period: growth_pct}}`` at any level of the sector tree (``GRDP`` only, the
        broad sectors, sections) and for any periods.
    actuals
        Actual growth rates, same shape (single quarters or cumulative periods, e.g. only
        ``H1``).
    actual_levels
        Actual constant-price levels (billion VND), same shape.
    name
        What the scenario is (``"Cao Bằng 2025"``): reports name it.
    fractions_ok
        Accept a scenario whose every growth figure lies below 1 in absolute value; by default
        that is taken for fractions (0.08 for 8%) and refused with a typed error.
    rule
        How targets that are not stated are derived: ``(periods, tree)`` with periods
        ``"spread"`` (a quarter takes the rate of the shortest stated period containing it; an
        annual-only target applies in every quarter) or ``"residual"`` (unstated quarters share
        the rate that makes the stated period exact), and tree ``"inherit"`` (children inherit
        their parent's target) or ``"residual"`` (children without their own target share the
        rate that makes their parent's exact).

    Examples
    --------
    >>> import grdpsim as gs
    >>> base = gs.datasets.cao_bang_base()
    >>> sc = gs.Scenario(base=base, year=2025, targets={"GRDP": {"Y": 8.0}})
    >>> round(sc.growth("2025H1"), 6)
    8.0
    >>> tracked = sc.with_actuals({"GRDP": {"H1": 6.56}})
    >>> round(tracked.growth("H1"), 2), round(tracked.target_growth("H1"), 2)
    (6.56, 8.0)
    >>> rq = tracked.required_growth(8.0, policy="uniform")
    >>> round(rq.grdp_pct, 2), rq.feasible
    (9.27, True)
    """

    __slots__ = ("_inner",)

    def __init__(
        self,
        base: Accounts,
        year: int,
        targets: Rates | None = None,
        *,
        actuals: Rates | None = None,
        actual_levels: Rates | None = None,
        rule: tuple[str, str] = ("spread", "inherit"),
        name: str | None = None,
        fractions_ok: bool = False,
    ) -> None:
        if not isinstance(base, Accounts):
            raise said(
                InvalidArgumentError, f"invalid argument base: expected Accounts, got {type(base).__name__}"
            )
        if isinstance(year, bool) or not isinstance(year, int) or not 1001 <= year <= 9999:
            raise said(InvalidArgumentError, f"invalid argument year: {year!r} is not a year 1001..9999")
        if not isinstance(rule, (tuple, list)) or len(rule) != 2 or not all(isinstance(r, str) for r in rule):
            raise said(
                InvalidArgumentError,
                f"invalid argument rule: expected (periods, tree), e.g. ('spread', 'inherit'), got {rule!r}",
            )
        self._inner = _core.Scenario(
            base._inner,
            int(year),
            _triples(targets, "targets"),
            _triples(actuals, "actuals"),
            _triples(actual_levels, "actual_levels"),
            rule[0],
            rule[1],
            None if name is None else str(name),
            _args.flag("fractions_ok", fractions_ok),
        )

    @classmethod
    def _wrap(cls, core: _core.Scenario) -> Scenario:
        obj = cls.__new__(cls)
        obj._inner = core
        return obj

    # -- files ----------------------------------------------------------------------------
    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Scenario:
        """Read a scenario file (TOML, or JSON by the ``.json`` suffix)."""
        return cls._wrap(_core.Scenario.from_file(_args.path(path)))

    @classmethod
    def from_excel(cls, path: str | os.PathLike[str], sheet: str | None = None) -> Scenario:
        """A scenario from a workbook laid out as a finance department keeps it (see
        :func:`grdpsim.templates.scenario_workbook`): a ``Scenario`` / ``Kịch bản`` sheet (year,
        name, notes, base file or tree), ``Targets`` / ``Mục tiêu`` (one row per sector, code
        or name; one column per period, ``Q1``..``Y`` or ``Quý I``, ``6 tháng``, ``Cả năm``),
        optionally ``Actuals`` / ``Thực hiện``, ``Base levels`` / ``Số liệu năm gốc``.
        ``sheet`` names the targets sheet when it is called otherwise. A blank cell is not
        stated; a cell that is not a number raises :class:`grdpsim.ParseError` with ``sheet``
        and ``cell`` (``Targets!D7``) attributes, and so does a formula without a stored value
        (open and save the workbook in Excel, or type the value). Sheet and header names match
        as people type them (any case, stray spaces, Unicode composed or decomposed); a sheet of
        a near name (``Actual``, ``Thực hiện (%)``) raises a ``ParseError`` suggesting the name.
        Sheets are read within stated limits (256 columns, 10,000 rows, 200,000 cells): a
        larger or malformed workbook raises a ``ParseError`` whose ``part`` names the sheet or
        the workbook part at fault."""
        return cls._wrap(
            _core.Scenario.from_xlsx(_args.path(path), None if sheet is None else _args.text("sheet", sheet))
        )

    def to_excel(
        self,
        path: str | os.PathLike[str],
        *,
        lang: str | None = None,
        charts: bool = True,
        **rq_options: Any,
    ) -> None:
        """Writes the tracking report as a workbook (summary, targets, consistency, actuals,
        gap, required growth, native Excel charts; two decimals, header rows frozen) together
        with the scenario's own sheets, so that :meth:`from_excel` reads it back equal. Written
        atomically. ``rq_options`` go to :meth:`required_growth`."""
        from .report import tracking_report

        code = _lang.resolve(lang)
        doc = tracking_report(self, rq_options, lang=code, charts=charts)
        doc.scenario_tables(self._inner, code)
        doc.write_xlsx(_args.path(path))

    def _repr_html_(self) -> str:
        """A compact table for Jupyter: the annual target and the year as it stands first, then
        the stated targets."""
        import html

        from .report import _w, translate

        code = _lang.resolve(None)
        name = self.name or _w("title", code, year=self.year)
        head = _w(
            "repr",
            code,
            total=self.root,
            target=self.annual_target_pct,
            now=self.growth("Y"),
            k=self.elapsed_quarters,
        )
        return f"<p><b>{html.escape(name)}</b>: {html.escape(head)}</p>" + translate(
            self.targets(), code
        ).to_html(float_format=lambda x: _lang.number(x, 2, code), na_rep="")

    @classmethod
    def from_toml(cls, text: str, base_dir: str | os.PathLike[str] | None = None) -> Scenario:
        """A scenario from TOML text; a base file it names is read relative to ``base_dir``."""
        return cls._wrap(
            _core.Scenario.from_toml(
                _args.text("text", text), None if base_dir is None else _args.path(base_dir)
            )
        )

    @classmethod
    def from_json(cls, text: str, base_dir: str | os.PathLike[str] | None = None) -> Scenario:
        """A scenario from JSON text; a base file it names is read relative to ``base_dir``."""
        return cls._wrap(
            _core.Scenario.from_json(
                _args.text("text", text), None if base_dir is None else _args.path(base_dir)
            )
        )

    def to_toml(self) -> str:
        """The scenario as a human-editable TOML document."""
        return self._inner.to_toml()

    def to_json(self) -> str:
        return self._inner.to_json()

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the scenario (TOML, or JSON by the ``.json`` suffix)."""
        self._inner.to_file(_args.path(path))

    # -- description ----------------------------------------------------------------------
    @property
    def base(self) -> Accounts:
        return Accounts(self._inner.base)

    @property
    def projected(self) -> Accounts:
        """Base year and the scenario year as it stands (actuals where reported, targets
        elsewhere), at constant prices."""
        return Accounts(self._inner.projected)

    @property
    def planned(self) -> Accounts:
        """Base year and the scenario year under the targets alone, at constant prices."""
        return Accounts(self._inner.planned)

    @property
    def name(self) -> Optional[str]:
        """What the scenario is (``Cao Bằng 2025``), if named."""
        return self._inner.name

    @property
    def notes(self) -> list[str]:
        """Notes that reports show (where a figure differs from a release, and why), in the
        session's language (:func:`grdpsim.set_language`); see :meth:`notes_in`."""
        return self.notes_in()

    def notes_in(self, lang: str | None = None) -> list[str]:
        """The notes in ``lang`` (the session's language when None). A note written in one
        language (a user's own) reads as written in both.

        >>> import grdpsim as gs
        >>> cb = gs.datasets.cao_bang_2025()
        >>> cb.notes_in("vi")[0][:10], cb.notes_in("en")[0][:7]
        ('Quý I/2025', 'Q1 2025')
        """
        code = _lang.resolve(lang)
        return [_lang.pick(pair, code) for pair in self._inner.notes]

    @property
    def root(self) -> str:
        """The total's code: ``GRDP`` (or ``GDP`` on national accounts)."""
        return self._inner.root

    @property
    def year(self) -> int:
        return self._inner.year

    @property
    def rule(self) -> tuple[str, str]:
        return self._inner.rule

    @property
    def annual_target_pct(self) -> float:
        """The annual GRDP target: stated, or implied by the sector targets."""
        return self._inner.annual_target_pct

    @property
    def elapsed_quarters(self) -> int:
        """Quarters of the year whose GRDP figure is known (``Q1..Qk``): what
        :meth:`required_growth` counts as elapsed unless told otherwise."""
        return self._inner.elapsed_quarters

    def targets(self) -> pd.DataFrame:
        """Stated targets: a sector × period table (NaN where none is stated), periods labelled
        ``Q1``, ``H1``, ``Y`` in every language (:func:`grdpsim.report.translate` gives
        ``Quý I``, ``6 tháng``, ``Cả năm``)."""
        return _table(self._inner.targets)

    @property
    def actuals(self) -> pd.DataFrame:
        """Stated actuals: rows (sector, period, kind, value, provisional), kind ``growth`` or
        ``level``; ``provisional`` marks estimates such as nowcasts."""
        return pd.DataFrame(self._inner.actuals, columns=["sector", "period", "kind", "value", "provisional"])

    def owners(self) -> pd.DataFrame:
        """Who answers for the targets (cơ quan chủ trì) and by when: rows (sector, period,
        department, deadline), ``period`` missing for every period of the sector, ``deadline``
        an ISO date text or missing; program column names in every language.

        >>> import grdpsim as gs
        >>> cb = gs.datasets.cao_bang_2025().with_owners(
        ...     {"CN": {"department": "Sở Công Thương", "deadline": "2025-12-31"}})
        >>> cb.owners().fillna("-").values.tolist()
        [['CN', '-', 'Sở Công Thương', '2025-12-31']]
        """
        return pd.DataFrame(self._inner.owners, columns=["sector", "period", "department", "deadline"])

    def with_owners(self, owners: Mapping[str, Mapping[str, Any]]) -> Scenario:
        """The same scenario with these owners added, in the shape of a scenario file's
        ``[owners]`` table: per sector a ``department`` and a ``deadline`` (an ISO text or a
        ``datetime.date``), and per period it states a target for (``"Q3"``) a mapping of its
        own, which takes the sector's department or deadline where it names none. What-ifs
        keep the owners.

        Raises :class:`grdpsim.InvalidArgumentError` (``kind == "invalid_owner"``, with
        ``sector``, ``period`` and ``text``) for a period the sector states no target for, a
        deadline that is not a date or no department; :class:`grdpsim.UnknownSectorError` for
        an unknown sector.
        """
        if not isinstance(owners, Mapping):
            raise said(
                InvalidArgumentError,
                "owners: expected a mapping sector -> {department, deadline, periods}, "
                f"got {type(owners).__name__}",
            )
        rows: list[tuple[str, Optional[str], str, Optional[str]]] = []
        for sector, entry in owners.items():
            if not isinstance(entry, Mapping):
                raise said(
                    InvalidArgumentError,
                    f"owners[{sector!r}]: expected a mapping, got {type(entry).__name__}",
                )
            department = entry.get("department")
            deadline = _deadline(entry.get("deadline"), sector)
            periods = {k: v for k, v in entry.items() if k not in ("department", "deadline")}
            if department is not None or deadline is not None or not periods:
                rows.append((str(sector), None, "" if department is None else str(department), deadline))
            for period, own in periods.items():
                if not isinstance(own, Mapping):
                    raise said(
                        InvalidArgumentError,
                        f"owners[{sector!r}][{period!r}]: expected a mapping with department, deadline",
                    )
                unknown = set(own) - {"department", "deadline"}
                if unknown:
                    raise said(
                        InvalidArgumentError,
                        f"owners[{sector!r}][{period!r}]: unknown keys {sorted(unknown)}; "
                        "expected department, deadline",
                    )
                own_department = own.get("department", department)
                own_deadline = _deadline(own.get("deadline"), sector) or deadline
                rows.append(
                    (
                        str(sector),
                        str(period),
                        "" if own_department is None else str(own_department),
                        own_deadline,
                    )
                )
        return Scenario._wrap(self._inner.with_owners(rows))

    def base_levels(self) -> np.ndarray:
        """Levels of the leaf sectors in the four quarters of the base year (leaves × 4, rows
        as :meth:`quarterly_targets`): the ``base`` of :mod:`grdpsim.batch`."""
        out: np.ndarray = self._inner.leaf_base_levels()
        return out

    def quarterly_targets(self) -> pd.DataFrame:
        """The derived quarterly target of every leaf sector, percent (leaves × Q1..Q4)."""
        return pd.DataFrame(
            self._inner.leaf_growth(),
            index=pd.Index(self._inner.leaf_codes, name="sector"),
            columns=["Q1", "Q2", "Q3", "Q4"],
        )

    def quarterly_growth(self) -> pd.DataFrame:
        """Growth of every leaf sector in each quarter as the year stands, percent (leaves ×
        Q1..Q4): actual figures where reported, targets elsewhere. With :meth:`base_levels`
        it gives :meth:`growth` of the year as :meth:`quarterly_targets` gives
        :meth:`target_growth`."""
        return pd.DataFrame(
            self._inner.leaf_outturn_growth(),
            index=pd.Index(self._inner.leaf_codes, name="sector"),
            columns=["Q1", "Q2", "Q3", "Q4"],
        )

    def annual_target(self, sector: str | None = None) -> float:
        """The annual target of ``sector`` (default: the total), percent: the stated one where
        one is stated, even when its quarterly targets give another figure
        (:meth:`consistency` shows the difference), else the one they imply."""
        return self._inner.sector_annual_target_pct(
            self.root if sector is None else _args.text("sector", sector)
        )

    @property
    def fractions_ok(self) -> bool:
        """Whether growth figures that all lie below 1 in absolute value are accepted (by this
        scenario's what-ifs, required growth, goal seek and probability too)."""
        return self._inner.fractions_ok

    def __repr__(self) -> str:
        return repr(self._inner)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and self._inner == other._inner

    __hash__ = None  # type: ignore[assignment]

    # -- projection -----------------------------------------------------------------------
    def growth(self, period: str | pd.Period = "Y", sector: str | None = None) -> float:
        """Growth of ``sector`` over ``period`` (``2025H1`` or ``H1``) as it stands, percent:
        actuals where reported, targets elsewhere (see :meth:`source`)."""
        return self._inner.growth(*self._at(period, sector))

    def target_growth(self, period: str | pd.Period = "Y", sector: str | None = None) -> float:
        """Target growth of ``sector`` over ``period``: the plan alone, percent."""
        return self._inner.target_growth(*self._at(period, sector))

    def level(self, period: str | pd.Period = "Y", sector: str | None = None) -> float:
        """Constant-price level of ``sector`` over ``period`` as it stands, billion VND."""
        return self._inner.level(*self._at(period, sector))

    def target_level(self, period: str | pd.Period = "Y", sector: str | None = None) -> float:
        """Target constant-price level of ``sector`` over ``period``, billion VND."""
        return self._inner.target_level(*self._at(period, sector))

    @staticmethod
    def _at(period: object, sector: object) -> tuple[str | None, str]:
        """``(sector, period)`` for the core, checked: strings (None: the total)."""
        if type(period) is str and (sector is None or type(sector) is str):
            return sector, period
        return (None if sector is None else _args.text("sector", sector)), _args.period("period", period)

    def source(self, period: str | pd.Period, sector: str | None = None) -> str:
        """Where the figure of ``sector`` over ``period`` comes from: ``actual``,
        ``estimated`` (a share of figures covering more, pro rata to targets),
        ``partly_reported`` (some sectors or quarters reported, the rest at target) or
        ``target``."""
        return self._inner.source(*self._at(period, sector))

    def actual_growth(self, period: str | pd.Period, sector: str | None = None) -> Optional[float]:
        """Actual growth over ``period`` (stated or reconciled from other actuals), or None."""
        return self._inner.actual_growth(*self._at(period, sector))

    def contributions(self, period: str | pd.Period, *, convention: Literal["grdp", "gva"]) -> pd.DataFrame:
        """Growth and contributions as the year stands, as :meth:`Accounts.contributions`."""
        return _frames.contributions_frame(
            self._inner.contributions(_args.period("period", period), _args.text("convention", convention))
        )

    def target_contributions(
        self, period: str | pd.Period, *, convention: Literal["grdp", "gva"]
    ) -> pd.DataFrame:
        """Target growth and contributions (the plan), as :meth:`Accounts.contributions`."""
        return _frames.contributions_frame(
            self._inner.target_contributions(
                _args.period("period", period), _args.text("convention", convention)
            )
        )

    def consistency(self, stated_only: bool = False) -> pd.DataFrame:
        """Implied beside stated targets for every sector and period.

        ``implied_pct`` is what the derived leaf targets give with the base weights;
        ``difference_pp`` = implied - stated. With ``stated_only``, only rows with a stated
        figure. The names above in every language (:func:`grdpsim.report.translate` gives the
        table people read).
        """
        c = self._inner.consistency()
        frame = _frames.rows_frame(c.rows, _core.ConsistencyRow, index=["sector", "period"])
        frame.attrs.update(rule=c.rule, tolerance_pp=c.tolerance_pp)
        if stated_only:
            frame = frame[frame["stated_pct"].notna()]
        return frame

    # -- tracking ---------------------------------------------------------------------------
    def gap(self, period: str | pd.Period) -> pd.DataFrame:
        """Target against actual growth over ``period``, by sector (GRDP first).

        Each sector is measured against its **stated** target for the period where one is
        stated (``target_source`` ``stated``: the official gap), else against the derived one.
        Columns ``target_pct``, ``actual_pct``, ``gap_pct`` (own growth, pp), and the
        contributions ``target_contribution_pp``, ``actual_contribution_pp``, ``gap_pp`` in
        points of GRDP; ``actual_source`` says where the actual comes from (``actual``,
        ``estimated``, ``partly_reported``, ``target``), ``provisional`` whether it rests on an
        estimate. Rows ``inconsistency`` (and ``inconsistency CNXD``...) hold what a sector's
        own sectors' targets give against its target, so that every aggregate's ``gap_pp`` is
        its sectors' plus its inconsistency. ``frame.attrs``: ``period``, ``official_gap_pp``.
        The names above in every language; :func:`grdpsim.report.translate` gives Vietnamese
        headers and the inconsistency rows in words (``chênh lệch nội tại của kịch bản``).
        """
        g = self._inner.gap(_args.period("period", period))
        frame = _frames.rows_frame(g.rows, _core.GapRow, index="label")
        frame.index.name = None
        frame.attrs["period"] = g.period
        frame.attrs["official_gap_pp"] = g.rows[0].gap_pp
        return frame

    def required_growth(
        self,
        target: float | None = None,
        *,
        policy: Policy = "uniform",
        locked: Locked = None,
        caps: Caps = None,
        spread: Spread = "same",
        elapsed_quarters: int | None = None,
        tolerance_pp: float = 0.005,
        fractions_ok: bool = False,
    ) -> RequiredGrowth:
        """The growth still required in the remaining quarters to reach the annual target.

        Parameters
        ----------
        target
            Annual GRDP target, percent (default: the scenario's).
        policy
            ``"sector_targets"`` (each sector reaches its own annual target), ``"uniform"``
            (the same additive rise for every free sector), ``"proportional"`` (rises
            proportional to planned increments).
        locked
            Sectors held fixed: a code or a list of codes (at their plan), or
            ``{sector: growth_pct or None}``.
        caps
            ``{sector: cap_pct or None}``, a code or a list of codes (None: the sector's
            historical maximum, which needs at least 3 years of history), or ``"historical"``
            for every free sector. A cap below the sector's plan holds it at the cap
            (``capped_below_plan``).
        spread
            ``"same"`` growth in each remaining quarter, or ``"keep_profile"`` of the plan.
        elapsed_quarters
            The quarters counted as elapsed (default :attr:`elapsed_quarters`). Sectors that
            reported for a later quarter keep their actuals there (a partly reported quarter);
            the others share the requirement.
        tolerance_pp
            How far below the target still counts as reaching it (published figures are
            rounded to two decimals).
        fractions_ok
            Accept a ``target`` below 1 in absolute value; by default 0.08 is taken for a
            fraction meant as 8% and refused (:class:`grdpsim.GrdpsimError`, kind
            ``looks_like_fraction``).

        Each sector's own annual target (``annual_target_pct``, ``own_required_pct``, and the
        ``"sector_targets"`` policy) is the stated one where one is stated, even when the
        quarterly targets give another figure (``plan_difference_pp``).

        When the caps make the target unreachable the result says so (``feasible`` False,
        ``status``) and gives ``max_reachable_pct`` and the allocation that reaches it.
        """
        args = self._required_args(
            target=target,
            policy=policy,
            locked=locked,
            caps=caps,
            spread=spread,
            elapsed_quarters=elapsed_quarters,
            tolerance_pp=tolerance_pp,
            fractions_ok=fractions_ok,
        )
        return RequiredGrowth._from_core(self._inner.required_growth(*args))

    def _required_args(self, **options: Any) -> tuple[Any, ...]:
        """The keyword arguments of :meth:`required_growth` (its defaults where left out; an
        unknown one is a ``TypeError``), checked, as the core takes them (its
        ``required_growth`` and ``tracking_report``)."""
        bound = inspect.signature(Scenario.required_growth).bind(self, **options)
        bound.apply_defaults()
        a = bound.arguments
        target, locked, caps, elapsed_quarters = a["target"], a["locked"], a["caps"], a["elapsed_quarters"]
        historical = caps == "historical"
        return (
            None if target is None else _args.real("target", target),
            _args.text("policy", a["policy"]),
            _args.text("spread", a["spread"]),
            _sector_values(locked, "locked"),
            [] if historical else _sector_values(caps, "caps"),
            historical,
            None if elapsed_quarters is None else _args.count("elapsed_quarters", elapsed_quarters),
            _args.real("tolerance_pp", a["tolerance_pp"]),
            _args.flag("fractions_ok", a["fractions_ok"]),
        )

    # -- what-if ----------------------------------------------------------------------------
    def with_targets(
        self, targets: Rates, *, hold: Hold = "quarters", fractions_ok: bool = False
    ) -> Scenario:
        """A new scenario in which these targets hold exactly.

        A quarter with actuals never changes as a side effect. ``hold="quarters"`` (default):
        every other quarterly target stays, so the annual figures move with the change.
        ``hold="annual"``: each named sector's other remaining quarters share the rate that
        keeps its annual target. Targets that all lie below 1 in absolute value are taken for
        fractions and refused unless ``fractions_ok`` (or the scenario was made with it).
        """
        return Scenario._wrap(
            self._inner.with_targets(
                _triples(targets, "targets"),
                _args.text("hold", hold),
                _args.flag("fractions_ok", fractions_ok),
            )
        )

    def with_actuals(
        self,
        actuals: Rates | None = None,
        *,
        levels: Rates | None = None,
        provisional: bool = False,
        fractions_ok: bool = False,
    ) -> Scenario:
        """A new scenario with these actual growth rates (and/or ``levels``) added.

        ``provisional`` marks them as estimates (số ước tính) until the statistics office
        publishes: they count like published figures and reports mark them. Growth rates that
        all lie below 1 in absolute value (0.031 for 3.1%) are taken for fractions and refused
        unless ``fractions_ok`` (or the scenario was made with it).
        """
        return Scenario._wrap(
            self._inner.with_actuals(
                _triples(actuals, "actuals"),
                _triples(levels, "levels"),
                _args.flag("provisional", provisional),
                _args.flag("fractions_ok", fractions_ok),
            )
        )

    def with_disbursement(
        self,
        tracker: Any,
        *,
        previous_year: Sequence[float],
        elasticity: Optional[float] = None,
        history: Optional[Sequence[tuple[float, float]]] = None,
        intercept: float = 0.0,
        sector: str = "XD",
        mode: Literal["provisional", "what_if"] = "provisional",
    ) -> Scenario:
        """A new scenario with construction (``sector``) following public-investment
        disbursement (a :class:`grdpsim.disbursement.Tracker`), in the quarters after the last
        one with actuals: ``ln(1 + g_C) = intercept + elasticity * ln(1 + g_D)``, ``g_D`` the
        quarter's disbursement growth against ``previous_year`` (Q1..Q4, million VND).

        The elasticity is estimated by least squares from ``history`` (pairs of disbursement and
        construction growth, %) when it has 8 quarters or more, else ``elasticity`` is used.
        ``mode="provisional"``: provisional actuals for the complete quarters;
        ``mode="what_if"``: the construction targets of the quarters with data.
        """
        from .disbursement import bridge

        b = bridge(history, elasticity=elasticity, intercept=intercept)
        q1, q2, q3, q4 = (float(x) for x in previous_year)
        return Scenario._wrap(
            _core.scenario_with_disbursement(self._inner, tracker._inner, [q1, q2, q3, q4], b, sector, mode)
        )

    def with_nowcast(
        self, nowcast: Nowcast, *, period: str | pd.Period, sector: str | None = None
    ) -> Scenario:
        """A new scenario with a nowcast (:func:`grdpsim.nowcast`) as the provisional actual of
        ``sector`` (default: the total) over ``period``: its year-on-year growth (its level
        when the series is too short for one)."""
        _args.instance("nowcast", nowcast, Nowcast)
        return Scenario._wrap(self._inner.with_nowcast(*self._at(period, sector), nowcast))

    def is_provisional(self, period: str | pd.Period, sector: str | None = None) -> bool:
        """Whether the figure of ``sector`` over ``period`` rests on a provisional actual."""
        return self._inner.is_provisional(*self._at(period, sector))

    def compare(self, other: Scenario) -> pd.DataFrame:
        """Both scenarios side by side, per sector and period: target growth ``this_pct`` and
        ``other_pct`` (``difference_pp`` = other - this), the contribution difference, and the
        year as it stands in each (``this_outturn_pct``, ``other_outturn_pct``). The row
        ``(GRDP, Y)`` holds both scenarios' annual GRDP."""
        _args.instance("other", other, Scenario)
        return _frames.rows_frame(
            self._inner.compare(other._inner), _core.ComparisonRow, index=["sector", "period"]
        )

    def sensitivity(self) -> pd.DataFrame:
        """pp of annual GRDP growth per pp of each sector-quarter target (exact weights)."""
        rows = _frames.rows_frame(self._inner.sensitivity(), _core.SensitivityRow)
        return rows.pivot(index="sector", columns="period", values="pp_per_pp").reindex(
            index=list(dict.fromkeys(rows["sector"]))
        )

    def probability(
        self,
        target: Optional[float] = None,
        uncertainty: Optional[Uncertainty] = None,
        *,
        paths: int = 1_000_000,
        seed: int = 0,
        method: Literal["auto", "analytic", "monte_carlo"] = "auto",
        threads: Optional[int] = None,
        keep_paths: bool = False,
        fractions_ok: bool = False,
    ) -> Probability:
        """How likely the annual target is under ``uncertainty`` (see
        :mod:`grdpsim.probability`): analytic for normal models (``method="auto"``), else a
        seeded Monte Carlo of ``paths`` paths whose result does not depend on ``threads``.

        ``keep_paths=True`` keeps every simulated path (``Probability.paths_kept``: paths × leaf
        sectors × 4 quarters of growth, actual quarters fixed; 8·paths·sectors·4 bytes), and
        simulates even a normal model, cell by cell, so that the figures are those of the kept
        paths. Each sector's target (``by_sector.target_pct``) is its stated annual target where
        one is stated. A ``target`` below 1 in absolute value is taken for a fraction (0.08 for
        8%) and refused unless ``fractions_ok``.

        ``paths`` is at most 10^9 (kept paths: at most 1 GiB of them); beyond that the call
        raises an :class:`~grdpsim.errors.InvalidArgumentError` (``kind="above_ceiling"``)
        with the memory and time the run would take, before drawing anything (split larger
        runs over machines with :mod:`grdpsim.dask`). Ctrl-C stops a simulation within a
        fraction of a second (``KeyboardInterrupt``)."""
        from .probability import Probability, Uncertainty

        if not isinstance(uncertainty, Uncertainty):
            raise said(
                InvalidArgumentError,
                "invalid argument uncertainty: give a grdpsim.Uncertainty "
                "(Uncertainty.normal(sd), Uncertainty.from_history(accounts), ...)",
            )
        core = (
            self._inner.with_fractions_ok(True) if _args.flag("fractions_ok", fractions_ok) else self._inner
        )
        args = (
            core,
            uncertainty._inner,
            None if target is None else _args.real("target", target),
            _args.count("paths", paths),
            _args.count("seed", seed),
            _args.text("method", method),
            None if threads is None else _args.count("threads", threads),
        )
        if _args.flag("keep_paths", keep_paths):
            report, kept = _core.probability_with_paths(*args)
            return Probability._from_core(report, kept)
        return Probability._from_core(_core.probability(*args))

    def goal_seek(
        self,
        sector: str,
        annual_grdp_pct: float,
        *,
        mode: GoalMode = "tracking",
        cap: float | Literal["historical"] | None = None,
        fractions_ok: bool = False,
    ) -> GoalSeek:
        """The growth of ``sector`` that brings annual GRDP growth to ``annual_grdp_pct``, and
        whether it is feasible.

        By default the tracking question: given the actuals, its growth in each of its
        quarters without actuals; ``mode="planning"``: its growth in every quarter under the
        plan. ``cap``: the growth judged feasible at most, percent, or ``"historical"`` (the
        sector's highest growth over the same quarters in the base data, which needs 3 years
        of it); by default the plausible bound of 30%. A goal below 1 in absolute value is
        taken for a fraction (0.08 for 8%) and refused unless ``fractions_ok``. See
        :class:`GoalSeek`.
        """
        goal = _args.real("annual_grdp_pct", annual_grdp_pct)
        historical = isinstance(cap, str) and cap == "historical"
        if isinstance(cap, str) and not historical:
            raise said(
                InvalidArgumentError,
                f"invalid argument cap: {cap!r}; give a growth in percent, 'historical' or None",
            )
        figure = None if cap is None or historical else _args.real("cap", cap)
        growth, period, feasible, bound_pct, years, status, status_vi, line, core = self._inner.goal_seek(
            _args.text("sector", sector),
            goal,
            _args.text("mode", mode),
            figure,
            historical,
            _args.flag("fractions_ok", fractions_ok),
        )
        bound = "historical" if historical else ("plausible" if figure is None else "cap")
        return GoalSeek(
            sector,
            growth,
            period,
            goal,
            mode.strip().lower(),
            Scenario._wrap(core),
            feasible,
            bound,
            bound_pct,
            years,
            status,
            status_vi,
            line,
        )


def _table(triples: Sequence[tuple[str, str, float]]) -> pd.DataFrame:
    if not triples:
        return pd.DataFrame(index=pd.Index([], name="sector"))
    frame = pd.DataFrame(triples, columns=["sector", "period", "value"])
    sectors = list(dict.fromkeys(frame["sector"]))
    periods = sorted(dict.fromkeys(frame["period"]), key=period_order)
    return frame.pivot(index="sector", columns="period", values="value").reindex(
        index=sectors, columns=periods
    )
