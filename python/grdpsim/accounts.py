"""Quarterly accounts by sector: growth, structure and contributions as releases publish them."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from . import _args, _core, _frames
from ._lang import said
from .errors import InvalidArgumentError, ParseError

if TYPE_CHECKING:
    from ._core import SectorTree

__all__ = ["Accounts"]

Convention = Literal["grdp", "gva"]
PriceBasis = Literal["constant", "constant_2010", "current"]


def _quarter_index(labels: Sequence[str]) -> pd.PeriodIndex:
    return pd.PeriodIndex(list(labels), freq="Q", name="period")


class Accounts:
    """Quarterly levels by sector at constant (and optionally current) prices.

    Aggregates are sums of their children over a :class:`SectorTree`; aggregate rows present in
    the input are checked against their children. Build one with :meth:`from_csv`,
    :meth:`from_sdmx` or :meth:`from_frame`.

    Examples
    --------
    >>> import grdpsim as gs
    >>> acc = gs.datasets.cao_bang_base()
    >>> round(acc.growth("2024"), 2)
    6.74
    >>> round(acc.growth("2024", sector="DV"), 2)
    7.22
    """

    __slots__ = ("_inner",)

    def __init__(self, core: _core.Accounts) -> None:
        self._inner = core

    # -- loaders ---------------------------------------------------------------------------
    @classmethod
    def from_csv(cls, path: str | os.PathLike[str], tree: SectorTree | None = None) -> Accounts:
        """Read the long CSV ``period,sector,price_basis,<value>`` (one value column).

        Without ``tree``, the provincial broad tree is used when it knows every code, else the
        national tree (sections A01..T, TAX).
        """
        return cls(_core.Accounts.from_csv(_args.path(path), _tree(tree)))

    @classmethod
    def from_sdmx(cls, path: str | os.PathLike[str], tree: SectorTree | None = None) -> Accounts:
        """Read GSO's SDMX-ML 2.1 feed (IMF ECOFIN structure): quarterly VA by section, taxes, GDP."""
        return cls(_core.Accounts.from_sdmx(_args.path(path), _tree(tree)))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, tree: SectorTree | None = None) -> Accounts:
        """Accounts from a DataFrame in the long shape of the CSV.

        Columns ``period`` (``2024Q3`` or a quarterly ``Period``), ``sector``, optionally
        ``price_basis`` (``constant_2010``/``current``; constant when absent), and exactly one
        value column.
        """
        if not isinstance(frame, pd.DataFrame):
            raise said(InvalidArgumentError, f"frame must be a pandas DataFrame, got {type(frame).__name__}")
        cols = [str(c) for c in frame.columns]
        missing = [c for c in ("period", "sector") if c not in cols]
        if missing:
            raise said(ParseError, f"DataFrame: no column {missing[0]!r} (columns: {cols})")
        value_cols = [c for c in cols if c not in ("period", "sector", "price_basis")]
        if len(value_cols) != 1:
            raise said(
                ParseError,
                "DataFrame: expected exactly one value column besides period, sector, "
                f"price_basis; found {value_cols}",
            )
        n = len(frame)
        periods = [str(p) for p in frame["period"]]
        bases = [str(b) for b in frame["price_basis"]] if "price_basis" in cols else ["constant_2010"] * n
        values = _args.float_array(frame[value_cols[0]], f"DataFrame: column {value_cols[0]!r}", ParseError)
        return cls(
            _core.Accounts.from_columns(
                periods, [str(s) for s in frame["sector"]], bases, values, _tree(tree)
            )
        )

    @classmethod
    def from_leaf_levels(
        cls,
        tree: SectorTree,
        start: str,
        constant: np.ndarray,
        current: np.ndarray | None = None,
    ) -> Accounts:
        """Accounts from arrays of leaf levels (``tree.leaves`` × quarters from ``start``)."""
        if _tree(tree) is None:
            raise said(InvalidArgumentError, "tree is required")
        return cls(
            _core.Accounts.from_leaf_levels(
                tree,
                _args.text("start", start),
                _levels(constant, "constant"),
                None if current is None else _levels(current, "current"),
            )
        )

    # -- description -----------------------------------------------------------------------
    @property
    def tree(self) -> SectorTree:
        """The sector tree the data reaches."""
        return self._inner.tree

    @property
    def sectors(self) -> list[str]:
        """Every sector code, the root first (pre-order)."""
        return self._inner.codes

    @property
    def quarters(self) -> pd.PeriodIndex:
        """The quarters of the data; each member is a period every method here takes."""
        return _quarter_index(self._inner.quarters)

    @property
    def has_current_prices(self) -> bool:
        return self._inner.has_current_prices

    def __repr__(self) -> str:
        return repr(self._inner)

    # -- levels ----------------------------------------------------------------------------
    def to_numpy(self, basis: PriceBasis = "constant") -> np.ndarray:
        """Levels as a (sectors × quarters) array, rows in :attr:`sectors` order."""
        out: np.ndarray = self._inner.matrix(basis)
        return out

    def levels(self, sectors: Sequence[str] | None = None, basis: PriceBasis = "constant") -> pd.DataFrame:
        """Quarterly levels (billion VND): a DataFrame indexed by quarter, a column per sector."""
        frame = pd.DataFrame(
            self._inner.matrix(basis).T, index=self.quarters, columns=pd.Index(self.sectors, name="sector")
        )
        if sectors is None:
            return frame
        tree = self.tree
        return frame[[tree.canonical(s) for s in sectors]]

    def level(
        self, period: str | pd.Period, sector: str | None = None, basis: PriceBasis = "constant"
    ) -> float:
        """A sector's level summed over a period (``2024Q3``, ``2024H1``, ``2024Q1-Q3``,
        ``2024``); the total (GRDP/GDP) by default."""
        return self._inner.level(sector or self.sectors[0], _args.period("period", period), basis)

    # -- growth, structure, contributions --------------------------------------------------
    def growth(self, period: str | pd.Period, sector: str | None = None) -> float:
        """Growth (tốc độ tăng) in percent over the same quarters of the year before; the
        total (GRDP/GDP) by default. ``period`` is a label (``2024Q3``, ``2024H1``) or a
        ``pd.Period`` of a quarter or a year (a member of :attr:`quarters`)."""
        return self._inner.growth(sector or self.sectors[0], _args.period("period", period))

    def structure(self, period: str | pd.Period) -> pd.DataFrame:
        """Structure (cơ cấu): each broad sector's share of GRDP at current prices, percent."""
        codes, levels, shares = self._inner.structure(_args.period("period", period))
        return pd.DataFrame(
            {"level_current": levels, "share_pct": shares},
            index=pd.Index(codes, name="sector"),
        )

    def contributions(
        self,
        period: str | pd.Period,
        *,
        convention: Convention,
        sectors: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Growth, weight, contribution (pp) and share of the increase, by sector.

        ``convention`` is required: ``"grdp"`` expresses contributions in points of GRDP
        including product taxes (they sum to GRDP growth; provincial releases), ``"gva"`` in
        points of value added excluding taxes (national releases; ``share_pct`` sums to 100
        over the broad sectors). The first row is the total (``GRDP``/``GDP`` or ``GVA``);
        ``frame.attrs`` records convention, period and total.
        """
        return _frames.contributions_frame(
            self._inner.contributions(
                _args.period("period", period), convention, None if sectors is None else list(sectors)
            )
        )


def _tree(tree: Any) -> SectorTree | None:
    if tree is not None and not isinstance(tree, _core.SectorTree):
        raise said(InvalidArgumentError, f"tree must be a SectorTree, got {type(tree).__name__}")
    return tree


def _levels(levels: Any, basis: str) -> np.ndarray:
    arr: np.ndarray = _args.float_array(levels, f"{basis} levels")
    if arr.ndim != 2:
        raise said(
            InvalidArgumentError,
            f"{basis} levels must be two-dimensional (leaf sectors × quarters), got shape {arr.shape}",
        )
    return arr
