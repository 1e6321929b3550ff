"""The one place the package turns the core's report objects into pandas objects.

Every report class of ``grdpsim._core`` lists its fields in order (``FIELDS``); a table is one
row per object and one column per field, so a field added or renamed in Rust reaches the
DataFrame (and ``mypy.stubtest`` checks the stub) without a list written out again here.

One convention at the boundary, whichever method a table comes from (:func:`boundary`): numbers
are numpy columns (``float64`` with NaN where the core has no figure, never ``object``), days
are ``datetime64[us]`` (an index of days too), instants (the audit trail's ``at``)
``datetime64[us, UTC]``, a single day (``attrs["as_of"]``, :meth:`Tracker.latest_week`) a
``pd.Timestamp``; months stay ``YYYY-MM`` text and periods their labels (``2025Q3``, ``H1``),
as the methods take them.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any, Final, Optional

import numpy as np
import pandas as pd

#: Columns of days (ISO text from the core) and of instants (ISO text with a time, UTC).
#: Microseconds, pandas 3's own unit for parsed dates: nanoseconds end in 2262, and the core
#: takes any day of the years 1000 to 9999.
DATES: Final = "datetime64[us]"
INSTANTS: Final = "datetime64[us, UTC]"
DAY_COLUMNS = (
    "effective",
    "deadline",
    "last_payment",
    "date",
    "done_on",
    "advanced_on",
    "due",
    "week_ending",
    "reported_on",
    "resolved_on",
)
INSTANT_COLUMNS = ("at", "decided_at")


def day(value: Any) -> pd.Timestamp:
    """A day from the core (ISO text) as the package returns one: a ``pd.Timestamp`` in µs."""
    return pd.Timestamp(value).as_unit("us")


def _numbers_only(name: str, values: pd.Series[Any]) -> bool:
    """Whether an ``object`` column is numbers with gaps (None): some numbers and nothing else,
    or only gaps in a column whose name says it holds figures (``cap_pct``, ``gap_pp``)."""
    present = [v for v in values if v is not None and not (isinstance(v, float) and np.isnan(v))]
    if not present:
        return name.endswith(("_pct", "_pp"))
    return all(isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) for v in present)


def boundary(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (fresh from the core's columns or rows) in the boundary's convention, in place."""
    for name in frame.columns:
        column = frame[name]
        if name in DAY_COLUMNS:
            frame[name] = pd.to_datetime(column, format="ISO8601").astype(DATES)
        elif name in INSTANT_COLUMNS:
            frame[name] = pd.to_datetime(column, utc=True, format="ISO8601").astype(INSTANTS)
        elif column.dtype == object and len(column) and _numbers_only(str(name), column):
            frame[name] = column.astype(float)
    return frame


def columns_frame(columns: Mapping[str, Any], index: Optional[str] = None) -> pd.DataFrame:
    """A DataFrame of the core's columns (a name each, in order), in the boundary's
    convention; a ``rank`` column (empty for an unranked row) as pandas' nullable ``Int64``;
    indexed by ``index`` when given."""
    frame = boundary(pd.DataFrame(dict(columns)))
    if "rank" in frame:
        frame["rank"] = frame["rank"].astype("Int64")
    return frame.set_index(index) if index is not None else frame


def arrays_frame(columns: Mapping[str, Any], unranked: Optional[np.ndarray[Any, Any]] = None) -> pd.DataFrame:
    """A DataFrame of the core's numpy columns already in the boundary's convention (numbers
    ``float64`` or ``int64``, text as object arrays of ``str``), taken without inspecting or
    copying a column; a ``rank`` column with its ``unranked`` mask as pandas' nullable ``Int64``
    (as :func:`columns_frame` makes it)."""
    arrays = dict(columns)
    if unranked is not None:
        arrays["rank"] = pd.arrays.IntegerArray(arrays["rank"], unranked)
    return pd.DataFrame(arrays, copy=False)


def rows_frame(
    rows: Sequence[Any], cls: type, *, index: str | list[str] | None = None, drop: Sequence[str] = ()
) -> pd.DataFrame:
    """A DataFrame of report rows of class ``cls``: its fields as columns, in order, less
    ``drop``; indexed by ``index`` (a field or fields) when given."""
    fields = [f for f in cls.FIELDS if f not in drop]  # type: ignore[attr-defined]
    frame = boundary(pd.DataFrame({f: [getattr(r, f) for r in rows] for f in fields}, columns=fields))
    return frame.set_index(index) if index is not None else frame


def quarters_frame(rows: Sequence[Any], index: pd.Index[Any]) -> pd.DataFrame:
    """Sector × remaining quarter: each row's ``by_quarter`` list of (period, growth)."""
    return pd.DataFrame([{q.period: q.growth_pct for q in r.by_quarter} for r in rows], index=index)


def quarter_series(quarters: Sequence[Any]) -> pd.Series[Any]:
    """A list of (period, growth) as a Series indexed by period."""
    return pd.Series({q.period: q.growth_pct for q in quarters}, name="growth_pct", dtype=float)


def contributions_frame(c: Any) -> pd.DataFrame:
    """A contributions table, total row first (as releases print it); ``attrs`` records the
    convention, the period and the total."""
    from . import _core

    # share_pct: None (no change) is NaN, as every number the core leaves out.
    frame = rows_frame([c.total, *c.rows], _core.ContributionRow, index="sector")
    frame.attrs.update(convention=c.convention, period=c.period, total=c.total.sector)
    return frame
