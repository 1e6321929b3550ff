"""Issue 24: one convention at the boundary between the core and pandas, whichever method a
table comes from: numbers in numpy columns (float64 with NaN for a missing figure, never
``object``), days as ``datetime64[us]`` (columns and index), instants as ``datetime64[us, UTC]``,
a single day as ``pd.Timestamp`` (``latest_week()`` and every view's ``attrs["as_of"]``); no
DataFrame inside another's ``attrs``; a ``pd.Period`` of ``Accounts.quarters`` is a period
wherever a period is taken."""

from __future__ import annotations

import numbers
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import grdpsim as gs

sys.path.insert(0, str(Path(__file__).parent))
from test_frames_language import _call, _frame_members, _frames, _instances  # noqa: E402


def _every_frame() -> list[tuple[str, pd.DataFrame | pd.Series]]:
    _, members, _ = _frame_members()
    instances = _instances()
    return [(f"{o}.{n}", f) for o, n in members for f in _frames(_call(o, n, instances[o], instances))]


def _columns(frame: pd.DataFrame | pd.Series) -> list[tuple[str, pd.Series]]:
    if isinstance(frame, pd.Series):
        return [(str(frame.name), frame)]
    return [(str(c), frame[c]) for c in frame.columns]


def test_every_frame_keeps_the_boundary_convention() -> None:
    frames = _every_frame()
    days = 0
    for where, frame in frames:
        for name, column in _columns(frame):
            if pd.api.types.is_datetime64_any_dtype(column):
                days += 1
                assert str(column.dtype) in ("datetime64[us]", "datetime64[us, UTC]"), f"{where}[{name}]"
            elif column.dtype == object:
                present = [v for v in column if v is not None and not (isinstance(v, float) and np.isnan(v))]
                numeric = [v for v in present if isinstance(v, numbers.Real) and not isinstance(v, bool)]
                assert not present or len(numeric) < len(present), (
                    f"{where}[{name}]: numbers in an object column"
                )
                assert not (name.endswith(("_pct", "_pp")) and not present), f"{where}[{name}]: empty figures"
            # A text column of dates is a date column that missed the convention.
            if pd.api.types.is_string_dtype(column) and len(column.dropna()):
                first = str(column.dropna().iloc[0])
                assert not (len(first) >= 10 and first[4] == "-" and first[7] == "-"), (
                    f"{where}[{name}] {first!r}"
                )
        if isinstance(frame.index, pd.DatetimeIndex):
            days += 1
            assert str(frame.index.dtype) == "datetime64[us]", where
        for key, value in frame.attrs.items():
            assert not isinstance(value, (pd.DataFrame, pd.Series)), f"{where}.attrs[{key!r}] holds a frame"
            if key in ("as_of", "since"):
                assert isinstance(value, pd.Timestamp) and value.unit == "us", f"{where}.attrs[{key!r}]"
    # The convention was exercised: the tracker's and the monitor's tables carry days.
    assert days >= 6


def test_latest_week_and_every_as_of_are_the_same_timestamp() -> None:
    t = gs.datasets.cao_bang_disbursement_2025()
    week = t.latest_week()
    assert isinstance(week, pd.Timestamp) and week == pd.Timestamp("2025-08-29") and week.unit == "us"
    for view in (
        t.status(),
        t.ranking(),
        t.countdown(),
        t.stalled(),
        t.s_curve(),
        t.proposals(),
        t.revisions(),
    ):
        assert view.attrs["as_of"] == week and type(view.attrs["as_of"]) is type(week)
    july = t.status(as_of="2025-07-31", since="2025-06-30")
    assert july.attrs["since"] == pd.Timestamp("2025-06-30") and july.attrs["as_of"] == pd.Timestamp(
        "2025-07-31"
    )
    # The week's coverage keeps the ISO text its sentence is written with.
    assert (july.attrs["coverage"].as_of, july.attrs["coverage"].week) == ("2025-07-31", "2025-07-25")


def test_the_revisions_are_a_method_not_a_frame_inside_attrs() -> None:
    t = gs.datasets.cao_bang_disbursement_2025()
    july = t.status(as_of="2025-07-31", since="2025-06-30")
    assert "revisions" not in july.attrs
    revisions = t.revisions(as_of="2025-07-31", since="2025-06-30")
    assert len(revisions) > 0 and str(revisions["effective"].dtype) == "datetime64[us]"
    assert revisions["effective"].between(pd.Timestamp("2025-06-30"), pd.Timestamp("2025-07-31")).all()
    # Their sum is the plan's move that status splits off the rate's change.
    row = july.loc["province"]
    assert float((revisions["amount"] - revisions["previous"]).sum()) == pytest.approx(
        row["plan"] - row["plan_before"]
    )


def test_numbers_the_core_leaves_out_are_nan_in_float_columns() -> None:
    rq = gs.datasets.cao_bang_2025().required_growth(8.0)
    assert rq.by_sector["cap_pct"].dtype == np.float64 and rq.by_sector["cap_pct"].isna().all()
    capped = gs.datasets.cao_bang_2025().required_growth(8.0, caps={"XD": 12.0})
    assert capped.by_sector.loc["XD", "cap_pct"] == 12.0 and capped.by_sector["cap_pct"].dtype == np.float64
    tasks = gs.datasets.cao_bang_monitoring_2025().tasks()
    assert str(tasks["deadline"].dtype) == str(tasks["done_on"].dtype) == "datetime64[us]"
    audit = gs.datasets.cao_bang_disbursement_2025().audit_trail()
    assert str(audit["at"].dtype) == "datetime64[us, UTC]"


def test_a_period_of_accounts_quarters_is_a_period_everywhere() -> None:
    acc = gs.datasets.cao_bang_base()
    for q in acc.quarters[4:]:
        assert isinstance(q, pd.Period)
        assert acc.growth(q) == acc.growth(str(q)) and acc.level(q) == acc.level(str(q))
    year = pd.Period("2024", freq="Y")
    assert acc.growth(year) == acc.growth("2024")
    pd.testing.assert_frame_equal(
        acc.contributions(year, convention="grdp"), acc.contributions("2024", convention="grdp")
    )
    cb = gs.datasets.cao_bang_2025()
    q3 = pd.Period("2025Q3", freq="Q")
    assert cb.growth(q3, "CN") == cb.growth("Q3", "CN") and cb.target_growth(q3) == cb.target_growth("2025Q3")
    pd.testing.assert_frame_equal(cb.gap(pd.Period("2025Q2", freq="Q")), cb.gap("Q2"))


@pytest.mark.parametrize(
    "bad", [pd.Period("2024-07", freq="M"), pd.Period("2024-07-01", freq="D"), 2024, None]
)
def test_a_period_of_another_frequency_or_type_is_refused_by_name(bad: Any) -> None:
    acc = gs.datasets.cao_bang_base()
    with pytest.raises(gs.InvalidArgumentError, match="period"):
        acc.growth(bad)
    with pytest.raises(gs.InvalidArgumentError, match="period"):
        gs.datasets.cao_bang_2025().growth(bad)


def test_a_far_day_keeps_its_timestamp() -> None:
    """Found by the hostile-call harness: as_of in 2263 is a day the core takes, and past the
    end of nanosecond timestamps (2262); microseconds hold every day of the years 1000-9999."""
    t = gs.datasets.cao_bang_disbursement_2025()
    for as_of in ("2263-01-01", "9999-12-31", "1000-01-01"):
        view = t.differences(as_of)
        assert view.attrs["as_of"] == pd.Timestamp(as_of) and view.attrs["as_of"].unit == "us"
    assert t.s_curve("9999-12-31").attrs["as_of"].year == 9999
