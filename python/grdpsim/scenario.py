"""Growth scenarios (kịch bản tăng trưởng): targets, actuals, gaps and the growth still required.

A :class:`Scenario` holds a base (:class:`~grdpsim.Accounts` covering the year before the
scenario year), target growth rates per sector and period, and the actual figures as they
arrive. Scenarios are immutable: :meth:`Scenario.with_targets` and
:meth:`Scenario.with_actuals` return new ones.

Targets and actuals are mappings ``{sector: {period: growth_pct}}`` with periods labelled
within the scenario year: ``Q1``..``Q4``, ``H1`` (or ``6M``), ``H2``, ``9M`` (``Q1-Q3``), ``Y``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Literal, Mapping, Optional, Sequence, Union

import pandas as pd

from . import _core
from ._core import Nowcast
from .accounts import Accounts, _contributions_frame
from .errors import InvalidArgumentError

__all__ = ["Scenario", "RequiredGrowth", "GoalSeek"]

Rates = Mapping[str, Mapping[str, float]]
Policy = Literal["sector_targets", "uniform", "proportional"]
Spread = Literal["same", "keep_profile"]
Locked = Union[Sequence[str], Mapping[str, Optional[float]], None]
Caps = Union[Mapping[str, Optional[float]], Literal["historical"], None]


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
        raise InvalidArgumentError(
            f"invalid argument {what}: expected a mapping {{sector: {{period: value}}}}, "
            f"got {type(rates).__name__}"
        )
    for sector, by_period in rates.items():
        if not isinstance(by_period, Mapping):
            raise InvalidArgumentError(
                f"invalid argument {what}: the value for sector {sector} must be a mapping "
                f"{{period: value}}, got {by_period!r}"
            )
        for period, value in by_period.items():
            try:
                float(value)
            except (TypeError, ValueError):
                raise InvalidArgumentError(
                    f"invalid argument {what}: sector {sector}, period {period}: "
                    f"{value!r} is not a number"
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
        ``annual_target_pct``, ``own_required_pct`` (what reaches the sector's own annual
        target), ``annual_pct`` (what the sector reaches under the policy), ``locked``,
        ``capped``, ``cap_pct``.
    by_sector_quarter
        Required growth per sector (rows) and remaining quarter (columns).
    feasible
        Whether the allocation reaches the target.
    max_reachable_pct
        Highest annual GRDP growth reachable with every free sector at its cap (None when some
        free sector is uncapped).
    reached_pct
        Annual GRDP growth the allocation reaches.
    """

    target_pct: float
    elapsed_quarters: int
    remaining: str
    grdp_pct: float
    by_quarter: pd.Series
    by_sector: pd.DataFrame
    by_sector_quarter: pd.DataFrame
    feasible: bool
    max_reachable_pct: Optional[float]
    reached_pct: float
    rise: float
    policy: str
    spread: str

    @classmethod
    def _from_json(cls, text: str) -> RequiredGrowth:
        d = json.loads(text)
        rows = d["by_sector"]
        by_sector = pd.DataFrame(
            [{k: v for k, v in r.items() if k not in ("sector", "by_quarter")} for r in rows],
            index=pd.Index([r["sector"] for r in rows], name="sector"),
        )
        by_sector_quarter = pd.DataFrame(
            [{q["period"]: q["growth_pct"] for q in r["by_quarter"]} for r in rows],
            index=by_sector.index,
        )
        by_quarter = pd.Series(
            {q["period"]: q["growth_pct"] for q in d["by_quarter"]}, name="growth_pct", dtype=float
        )
        return cls(
            target_pct=d["target_pct"],
            elapsed_quarters=d["elapsed_quarters"],
            remaining=d["remaining"],
            grdp_pct=d["grdp_pct"],
            by_quarter=by_quarter,
            by_sector=by_sector,
            by_sector_quarter=by_sector_quarter,
            feasible=d["feasible"],
            max_reachable_pct=d["max_reachable_pct"],
            reached_pct=d["reached_pct"],
            rise=d["rise"],
            policy=str(d["policy"]),
            spread=str(d["spread"]),
        )

    def __repr__(self) -> str:
        status = "feasible" if self.feasible else (
            f"NOT feasible: at most {self.max_reachable_pct:.2f}%"
            if self.max_reachable_pct is not None
            else "NOT feasible"
        )
        return (
            f"RequiredGrowth(target={self.target_pct:.2f}%, {self.remaining}: "
            f"GRDP {self.grdp_pct:.2f}%, policy={self.policy}, {status})"
        )


@dataclass(frozen=True)
class GoalSeek:
    """The growth of one sector (the same in every quarter) that reaches an annual GRDP growth."""

    sector: str
    growth_pct: float
    annual_grdp_pct: float
    scenario: Scenario


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
    >>> rq = sc.with_actuals({"GRDP": {"H1": 6.56}}).required_growth(8.0, policy="uniform")
    >>> round(rq.grdp_pct, 2), rq.feasible
    (9.27, True)
    """

    __slots__ = ("_core",)

    def __init__(
        self,
        base: Accounts,
        year: int,
        targets: Rates | None = None,
        *,
        actuals: Rates | None = None,
        actual_levels: Rates | None = None,
        rule: tuple[str, str] = ("spread", "inherit"),
    ) -> None:
        self._core = _core.Scenario(
            base._core,
            int(year),
            _triples(targets, "targets"),
            _triples(actuals, "actuals"),
            _triples(actual_levels, "actual_levels"),
            rule[0],
            rule[1],
        )

    @classmethod
    def _wrap(cls, core: _core.Scenario) -> Scenario:
        obj = cls.__new__(cls)
        obj._core = core
        return obj

    # -- files ----------------------------------------------------------------------------
    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Scenario:
        """Read a scenario file (TOML, or JSON by the ``.json`` suffix)."""
        return cls._wrap(_core.Scenario.from_file(os.fspath(path)))

    @classmethod
    def from_toml(cls, text: str, base_dir: str | os.PathLike[str] | None = None) -> Scenario:
        """A scenario from TOML text; a base file it names is read relative to ``base_dir``."""
        return cls._wrap(_core.Scenario.from_toml(text, None if base_dir is None else os.fspath(base_dir)))

    @classmethod
    def from_json(cls, text: str, base_dir: str | os.PathLike[str] | None = None) -> Scenario:
        """A scenario from JSON text; a base file it names is read relative to ``base_dir``."""
        return cls._wrap(_core.Scenario.from_json(text, None if base_dir is None else os.fspath(base_dir)))

    def to_toml(self) -> str:
        """The scenario as a human-editable TOML document."""
        return self._core.to_toml()

    def to_json(self) -> str:
        return self._core.to_json()

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the scenario (TOML, or JSON by the ``.json`` suffix)."""
        self._core.to_file(os.fspath(path))

    # -- description ----------------------------------------------------------------------
    @property
    def base(self) -> Accounts:
        return Accounts(self._core.base)

    @property
    def projected(self) -> Accounts:
        """Base year and projected scenario year, at constant prices."""
        return Accounts(self._core.projected)

    @property
    def year(self) -> int:
        return self._core.year

    @property
    def rule(self) -> tuple[str, str]:
        return self._core.rule

    @property
    def annual_target_pct(self) -> float:
        """The annual GRDP target: stated, or implied by the sector targets."""
        return self._core.annual_target_pct

    @property
    def elapsed_quarters(self) -> int:
        """Quarters of the year with GRDP actuals."""
        return self._core.elapsed_quarters

    @property
    def targets(self) -> pd.DataFrame:
        """Stated targets: a sector × period table (NaN where none is stated)."""
        return _table(self._core.targets)

    @property
    def actuals(self) -> pd.DataFrame:
        """Stated actuals: rows (sector, period, kind, value, provisional), kind ``growth`` or
        ``level``; ``provisional`` marks estimates such as nowcasts."""
        return pd.DataFrame(
            self._core.actuals, columns=["sector", "period", "kind", "value", "provisional"]
        )

    def quarterly_targets(self) -> pd.DataFrame:
        """The derived quarterly target of every leaf sector, percent (leaves × Q1..Q4)."""
        return pd.DataFrame(
            self._core.leaf_growth(),
            index=pd.Index(self._core.leaf_codes, name="sector"),
            columns=["Q1", "Q2", "Q3", "Q4"],
        )

    def __repr__(self) -> str:
        return repr(self._core)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and self._core == other._core

    __hash__ = None  # type: ignore[assignment]

    # -- projection -----------------------------------------------------------------------
    def growth(self, period: str = "Y", sector: str = "GRDP") -> float:
        """Projected growth of ``sector`` over ``period`` (``2025H1`` or ``H1``), percent."""
        return self._core.growth(sector, period)

    def level(self, period: str = "Y", sector: str = "GRDP") -> float:
        """Projected constant-price level of ``sector`` over ``period``, billion VND."""
        return self._core.projected_level(sector, period)

    def actual_growth(self, period: str, sector: str = "GRDP") -> Optional[float]:
        """Actual growth over ``period`` (stated or reconciled from other actuals), or None."""
        return self._core.actual_growth(sector, period)

    def contributions(self, period: str, *, convention: Literal["grdp", "gva"]) -> pd.DataFrame:
        """Projected growth and contributions, as :meth:`Accounts.contributions`."""
        return _contributions_frame(self._core.contributions(period, convention))

    def consistency(self, stated_only: bool = False) -> pd.DataFrame:
        """Implied beside stated targets for every sector and period.

        ``implied_pct`` is what the derived leaf targets give with the base weights;
        ``difference_pp`` = implied - stated. With ``stated_only``, only rows with a stated
        figure.
        """
        d = json.loads(self._core.consistency_json())
        frame = pd.DataFrame(d["rows"]).set_index(["sector", "period"])
        frame.attrs.update(rule=d["rule"], tolerance_pp=d["tolerance_pp"])
        if stated_only:
            frame = frame[frame["stated_pct"].notna()]
        return frame

    # -- tracking ---------------------------------------------------------------------------
    def gap(self, period: str) -> pd.DataFrame:
        """Target against actual growth over ``period``, by sector (GRDP first).

        Columns ``target_pct``, ``actual_pct``, ``gap_pct`` (own growth, pp), and the
        contributions ``target_contribution_pp``, ``actual_contribution_pp``, ``gap_pp`` in
        points of GRDP; the sectors' ``gap_pp`` add up to GRDP's.
        """
        d = json.loads(self._core.gap_json(period))
        frame = pd.DataFrame(d["rows"]).set_index("sector")
        frame.attrs["period"] = d["period"]
        return frame

    def required_growth(
        self,
        target: float | None = None,
        *,
        policy: Policy = "uniform",
        locked: Locked = None,
        caps: Caps = None,
        spread: Spread = "same",
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
            Sectors held fixed: a list (at their plan) or ``{sector: growth_pct or None}``.
        caps
            ``{sector: cap_pct or None}`` (None: the sector's historical maximum), or
            ``"historical"`` for every free sector.
        spread
            ``"same"`` growth in each remaining quarter, or ``"keep_profile"`` of the plan.

        When the caps make the target unreachable the result says so (``feasible`` False) and
        gives ``max_reachable_pct`` and the allocation that reaches it.
        """
        if locked is None:
            lock_list: list[tuple[str, Optional[float]]] = []
        elif isinstance(locked, Mapping):
            lock_list = [(str(s), None if g is None else float(g)) for s, g in locked.items()]
        elif isinstance(locked, str):
            lock_list = [(locked, None)]
        else:
            lock_list = [(str(s), None) for s in locked]
        historical = isinstance(caps, str)
        if historical and caps != "historical":
            raise InvalidArgumentError(f"invalid argument caps: {caps!r} is not 'historical' or a mapping")
        cap_list = (
            []
            if caps is None or isinstance(caps, str)
            else [(str(s), None if c is None else float(c)) for s, c in caps.items()]
        )
        text = self._core.required_growth_json(
            None if target is None else float(target), policy, spread, lock_list, cap_list, historical
        )
        return RequiredGrowth._from_json(text)

    # -- what-if ----------------------------------------------------------------------------
    def with_targets(self, targets: Rates) -> Scenario:
        """A new scenario with these targets stated (replacing the same sector and period)."""
        return Scenario._wrap(self._core.with_targets(_triples(targets, "targets")))

    def with_actuals(
        self, actuals: Rates | None = None, *, levels: Rates | None = None, provisional: bool = False
    ) -> Scenario:
        """A new scenario with these actual growth rates (and/or ``levels``) added.

        ``provisional`` marks them as estimates (số ước tính) until the statistics office
        publishes: they count like published figures and reports mark them.
        """
        return Scenario._wrap(
            self._core.with_actuals(
                _triples(actuals, "actuals"), _triples(levels, "levels"), provisional
            )
        )

    def with_nowcast(self, sector: str, period: str, nowcast: Nowcast) -> Scenario:
        """A new scenario with a nowcast (:func:`grdpsim.nowcast`) as the provisional actual of
        ``sector`` over ``period``: its year-on-year growth (its level when the series is too
        short for one)."""
        return Scenario._wrap(self._core.with_nowcast(sector, period, nowcast))

    def is_provisional(self, period: str, sector: str = "GRDP") -> bool:
        """Whether the figure of ``sector`` over ``period`` rests on a provisional actual."""
        return self._core.is_provisional(sector, period)

    def compare(self, other: Scenario) -> pd.DataFrame:
        """Projected growth side by side, per sector and period (``other - this``)."""
        d = json.loads(self._core.compare_json(other._core))
        return pd.DataFrame(d["rows"]).set_index(["sector", "period"])

    def sensitivity(self) -> pd.DataFrame:
        """pp of annual GRDP growth per pp of each sector-quarter target (exact weights)."""
        d = json.loads(self._core.sensitivity_json())
        rows = pd.DataFrame(d["rows"])
        return rows.pivot(index="sector", columns="period", values="pp_per_pp").reindex(
            index=list(dict.fromkeys(rows["sector"]))
        )

    def goal_seek(self, sector: str, annual_grdp_pct: float) -> GoalSeek:
        """The growth of ``sector`` (same in every quarter) that gives this annual GRDP growth."""
        growth, core = self._core.goal_seek(sector, float(annual_grdp_pct))
        return GoalSeek(sector, growth, float(annual_grdp_pct), Scenario._wrap(core))


def _table(triples: Sequence[tuple[str, str, float]]) -> pd.DataFrame:
    if not triples:
        return pd.DataFrame(index=pd.Index([], name="sector"))
    frame = pd.DataFrame(triples, columns=["sector", "period", "value"])
    sectors = list(dict.fromkeys(frame["sector"]))
    periods = list(dict.fromkeys(frame["period"]))
    return frame.pivot(index="sector", columns="period", values="value").reindex(
        index=sectors, columns=periods
    )
