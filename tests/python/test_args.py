"""The argument checks every front end shares (``grdpsim._args``): dates and months are read by
one parser of ours, so a bad one is a typed error naming the argument, never pandas'
``DateParseError``, ``OverflowError`` or ``TypeError`` (issue 22)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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


def test_an_object_of_the_wrong_class_is_named_with_what_was_expected(tmp_path: Path) -> None:
    """One check for the objects the front ends take (a scenario, a model, accounts): the same
    object back when it is of the class, else an InvalidArgumentError naming the argument, what
    was expected and what came."""
    sc = gs.datasets.cao_bang_2025()
    assert _args.instance("scenario", sc, gs.Scenario) is sc
    with pytest.raises(
        gs.InvalidArgumentError, match=r"^invalid argument other: expected a Scenario, got str$"
    ):
        sc.compare("cb")  # type: ignore[arg-type]
    with pytest.raises(gs.InvalidArgumentError, match=r"accounts: expected a grdpsim.Accounts, got int$"):
        gs.Uncertainty.from_history(3)  # type: ignore[arg-type]
    with pytest.raises(gs.InvalidArgumentError, match=r"nowcast: expected a Nowcast, got Scenario$"):
        sc.with_nowcast(sc, period="Q3")  # type: ignore[arg-type]


def test_store_views_open_as_their_own_class(tmp_path: Path) -> None:
    """Tracker and Monitor share create and open (StoreView), each on its own core class."""
    from grdpsim.disbursement import Tracker
    from grdpsim.monitoring import Monitor

    for view, core in ((Tracker, gs._core.DisbursementTracker), (Monitor, gs._core.Monitor)):
        db = tmp_path / f"{view.__name__}.sqlite"
        made = view.create(db, province="Cao Bằng", year=2025)
        again = view.open(db)
        assert type(made) is view and type(again._inner) is core
        assert (again.province, again.year, again.db) == ("Cao Bằng", 2025, str(db))
    with pytest.raises(gs.DataFileError):
        Tracker.open(tmp_path / "missing.sqlite")
