"""Bad input raises typed errors naming the sector, the period and the value."""

from __future__ import annotations

import errno
import math
from pathlib import Path

import pandas as pd
import pytest

import grdpsim as gs

SECTORS = ["NLTS", "CNXD", "DV", "TSP"]
QUARTERS = [f"{y}Q{q}" for y in (2023, 2024) for q in range(1, 5)]


def frame(**overrides: float) -> pd.DataFrame:
    """A small provincial frame; overrides like ``DV_2024Q2=nan`` change one value."""
    rows = []
    for s in SECTORS:
        for i, q in enumerate(QUARTERS):
            value = 100.0 + 10 * SECTORS.index(s) + i
            rows.append({"period": q, "sector": s, "price_basis": "constant_2010", "value": value})
    df = pd.DataFrame(rows)
    for key, value in overrides.items():
        sector, quarter = key.split("_")
        df.loc[(df.sector == sector) & (df.period == quarter), "value"] = value
    return df


def test_hierarchy() -> None:
    assert issubclass(gs.InvalidValueError, gs.GrdpsimError)
    assert issubclass(gs.InvalidValueError, ValueError)
    assert issubclass(gs.DataFileError, OSError)


@pytest.mark.parametrize(
    ("value", "shown", "reason"),
    [(math.nan, "NaN", "not a number"), (math.inf, "inf", "infinite"), (-5.0, "-5", "negative")],
)
def test_bad_levels_name_sector_period_value(value: float, shown: str, reason: str) -> None:
    with pytest.raises(gs.InvalidValueError) as e:
        gs.Accounts.from_frame(frame(DV_2024Q2=value))
    assert f"sector DV in 2024Q2: {shown} ({reason}" in str(e.value)


def test_negative_net_taxes_are_allowed() -> None:
    acc = gs.Accounts.from_frame(frame(TSP_2024Q2=-5.0))
    assert acc.level("2024Q2", "TSP") == -5.0


def test_missing_quarter() -> None:
    df = frame()
    df = df[~((df.sector == "CNXD") & (df.period == "2023Q3"))]
    with pytest.raises(gs.PeriodError, match=r"CNXD in 2023Q3"):
        gs.Accounts.from_frame(df)


def test_unknown_sector() -> None:
    df = frame()
    df.loc[0, "sector"] = "XYZ"
    with pytest.raises(gs.UnknownSectorError, match="XYZ"):
        gs.Accounts.from_frame(df)


def test_duplicate_rows() -> None:
    df = pd.concat([frame(), frame().iloc[[5]]])
    with pytest.raises(gs.InconsistentDataError, match=r"duplicate row for sector NLTS in 2024Q2"):
        gs.Accounts.from_frame(df)


def test_aggregate_that_disagrees_with_children() -> None:
    df = frame()
    totals = df.groupby("period", as_index=False)["value"].sum()
    totals["sector"] = "GRDP"
    totals["price_basis"] = "constant_2010"
    gs.Accounts.from_frame(pd.concat([df, totals]))  # consistent: accepted
    totals.loc[totals.period == "2024Q1", "value"] += 1.0
    with pytest.raises(gs.InconsistentDataError) as e:
        gs.Accounts.from_frame(pd.concat([df, totals]))
    assert "GRDP" in str(e.value) and "2024Q1" in str(e.value)


def test_period_not_covered_and_malformed() -> None:
    acc = gs.Accounts.from_frame(frame())
    with pytest.raises(gs.PeriodError, match="2022 .the base of growth in 2023. is not covered"):
        acc.growth("2023", "DV")  # needs 2022
    with pytest.raises(gs.PeriodError, match="2024Q5"):
        acc.growth("2024Q5", "DV")


def test_zero_base() -> None:
    acc = gs.Accounts.from_frame(frame(NLTS_2023Q1=0.0))
    with pytest.raises(gs.ZeroBaseError, match=r"NLTS in 2023Q1"):
        acc.growth("2024Q1", "NLTS")
    assert acc.growth("2024Q2", "NLTS") > 0  # the accounts stay usable


def test_missing_file_is_an_os_error(tmp_path: pytest.TempPathFactory) -> None:
    with pytest.raises(gs.DataFileError) as caught:
        gs.Accounts.from_csv(str(tmp_path) + "/nope.csv")  # type: ignore[operator]
    # The operating system's reason is kept, as on any OSError.
    assert caught.value.errno == errno.ENOENT
    assert caught.value.kind == "io"


def test_a_corrupt_store_says_so(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "store.sqlite"
    tracker = gs.disbursement.Tracker.create(path, province="Cao Bằng", year=2025)
    del tracker  # closes the store (and folds its write-ahead log into the file)
    db = sqlite3.connect(path)
    page = db.execute("PRAGMA page_size").fetchone()[0]
    roots = [
        r
        for (r,) in db.execute(
            "SELECT rootpage FROM sqlite_schema WHERE rootpage > 1 AND name != 'schema_version'"
        )
    ]
    db.close()
    # Garbage over the root page of every table but the schema's own: the file still opens as a
    # grdpsim store, and SQLite finds the damage when it reads the tables.
    data = bytearray(path.read_bytes())
    for root in roots:
        data[(root - 1) * page : root * page] = b"\xa5" * page
    path.write_bytes(bytes(data))
    with pytest.raises(gs.DatabaseError) as caught:
        gs.disbursement.Tracker.open(path).status("2025-03-31")
    assert caught.value.kind == "database"
    assert caught.value.code == "corrupt"


def test_malformed_csv_names_the_line(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "bad.csv"  # type: ignore[operator]
    path.write_text(
        "period,sector,price_basis,value\n2024Q1,DV,constant_2010,12\n2024Q1,NLTS,constant_2010,abc\n"
    )
    with pytest.raises(gs.ParseError, match="line 3"):
        gs.Accounts.from_csv(path)


def test_no_current_prices() -> None:
    with pytest.raises(gs.InconsistentDataError, match="current"):
        gs.Accounts.from_frame(frame()).structure("2024")


def test_every_error_is_exported_at_the_top() -> None:
    # grdpsim/__init__.py star-imports them and adds errors.__all__ to its own.
    assert set(gs.errors.__all__) <= set(gs.__all__)
    assert all(getattr(gs, name) is getattr(gs.errors, name) for name in gs.errors.__all__)
