"""The one place the package turns the core's report objects into pandas objects.

Every report class of ``grdpsim._core`` lists its fields in order (``FIELDS``); a table is one
row per object and one column per field, so a field added or renamed in Rust reaches the
DataFrame (and ``mypy.stubtest`` checks the stub) without a list written out again here.
"""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd


def rows_frame(
    rows: Sequence[Any], cls: type, *, index: str | list[str] | None = None, drop: Sequence[str] = ()
) -> pd.DataFrame:
    """A DataFrame of report rows of class ``cls``: its fields as columns, in order, less
    ``drop``; indexed by ``index`` (a field or fields) when given."""
    fields = [f for f in cls.FIELDS if f not in drop]  # type: ignore[attr-defined]
    frame = pd.DataFrame({f: [getattr(r, f) for r in rows] for f in fields}, columns=fields)
    return frame.set_index(index) if index is not None else frame


def quarters_frame(rows: Sequence[Any], index: pd.Index) -> pd.DataFrame:
    """Sector × remaining quarter: each row's ``by_quarter`` list of (period, growth)."""
    return pd.DataFrame(
        [{q.period: q.growth_pct for q in r.by_quarter} for r in rows], index=index
    )


def quarter_series(quarters: Sequence[Any]) -> pd.Series:
    """A list of (period, growth) as a Series indexed by period."""
    return pd.Series({q.period: q.growth_pct for q in quarters}, name="growth_pct", dtype=float)


def contributions_frame(c: Any) -> pd.DataFrame:
    """A contributions table, total row first (as releases print it); ``attrs`` records the
    convention, the period and the total."""
    from . import _core

    frame = rows_frame([c.total, *c.rows], _core.ContributionRow, index="sector")
    frame["share_pct"] = frame["share_pct"].astype(float)  # None (no change) is NaN
    frame.attrs.update(convention=c.convention, period=c.period, total=c.total.sector)
    return frame
