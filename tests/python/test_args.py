"""The argument checks every front end shares (``grdpsim._args``): dates and months are read by
one parser of ours, so a bad one is a typed error naming the argument, never pandas'
``DateParseError``, ``OverflowError`` or ``TypeError`` (issue 22)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import grdpsim as gs
from grdpsim import _args


@pytest.mark.parametrize(
    "value",
    [
        "2025-06-30",
        " 2025-06-30 ",
        dt.date(2025, 6, 30),
        dt.datetime(2025, 6, 30, 13, 5),
        pd.Timestamp("2025-06-30 23:59"),
        np.datetime64("2025-06-30"),
        np.datetime64("2025-06-30T05:00"),
    ],
)
def test_dates_in_every_form_read_as_the_same_day(value: object) -> None:
    assert _args.date("as_of", value) == "2025-06-30"


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ("2025-02-30", "day is out of range"),
        ("1/2/2025", "not a date YYYY-MM-DD"),  # pandas reads it as 2 January
        ("30 June 2025", "not a date YYYY-MM-DD"),
        ("2025-6-30", "not a date YYYY-MM-DD"),
        ("99999-01-01", "not a date YYYY-MM-DD"),  # pandas: OutOfBoundsDatetime
        ("", "not a date YYYY-MM-DD"),
        (None, "None is not a date"),
        (20250630, "20250630 is not a date"),
        (2.5, "2.5 is not a date"),
        (1j, "1j is not a date"),
        (pd.NaT, "NaT is not a date"),
        (np.datetime64("NaT"), "NaT is not a date"),
        (["2025-06-30"], "is not a date"),
    ],
)
def test_anything_else_is_an_invalid_argument_naming_it(value: object, match: str) -> None:
    with pytest.raises(gs.InvalidArgumentError, match=f"invalid argument since: .*{match}"):
        _args.date("since", value)


def test_optional_date_keeps_none() -> None:
    assert _args.optional_date("since", None) is None
    assert _args.optional_date("since", dt.date(2025, 1, 3)) == "2025-01-03"


def test_months() -> None:
    assert _args.month("month", "2025-07") == "2025-07"
    assert _args.month("month", dt.date(2025, 7, 31)) == "2025-07"
    for bad in ("2025-13", "2025-7", "2025-07-01", "July", 7, None, 7.0j):
        with pytest.raises(gs.InvalidArgumentError, match="invalid argument month: .*not a month"):
            _args.month("month", bad)
