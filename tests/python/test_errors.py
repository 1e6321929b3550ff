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


def test_an_error_speaks_the_session_language_with_both_texts_as_attributes() -> None:
    acc = gs.Accounts.from_frame(frame(NLTS_2023Q1=0.0))
    with pytest.raises(gs.ZeroBaseError) as english:
        acc.growth("2024Q1", "NLTS")
    with gs.language("vi"), pytest.raises(gs.ZeroBaseError) as vietnamese:
        acc.growth("2024Q1", "NLTS")
    en, vi = english.value, vietnamese.value
    assert str(en) == "zero base level for sector NLTS in 2023Q1: growth is undefined"
    assert str(vi) == "mức kỳ gốc bằng 0 của ngành NLTS trong kỳ 2023Q1: không tính được tăng trưởng"
    # Both texts are always there, whatever the session's language; the attributes do not change.
    for e in (en, vi):
        assert e.message_en == str(en) and e.message_vi == str(vi)
        assert (e.kind, e.sector, e.period) == ("zero_base", "NLTS", "2023Q1")
    # Out of the block, English again.
    with pytest.raises(gs.ZeroBaseError, match="zero base level"):
        acc.growth("2024Q1", "NLTS")


def test_a_rejected_import_lists_each_reason_in_both_languages(tmp_path: Path) -> None:
    t = gs.disbursement.Tracker.create(tmp_path / "s.sqlite", province="Cao Bằng", year=2025)
    bad = tmp_path / "bad.csv"
    # Row 2 a payment of "abc", row 3 a project the store does not have.
    bad.write_text(
        "project,week_ending,source,amount\nP1,2025-07-04,treasury,abc\nP9,2025-07-04,treasury,1\n"
    )
    gs.set_language("vi")
    try:
        with pytest.raises(gs.ImportRejectedError) as caught:
            t.import_csv(bad, who="lan")
    finally:
        gs.set_language("en")
    e = caught.value
    assert str(e) == e.message_vi
    # The store has no projects yet: P1 is unknown too (row 2's project and amount, row 3's project).
    assert "bad.csv: tệp bị từ chối, không ghi gì; 3 dòng lỗi: dòng 2 cột" in e.message_vi
    assert 'dòng 2 cột amount ("abc"): không phải là số' in e.message_vi
    assert 'dòng 3 cột project ("P9"): không có dự án mã này' in e.message_vi
    assert "bad.csv: import rejected, nothing written; 3 bad row(s): row 2 column" in e.message_en
    assert 'row 3 column project ("P9"): unknown project' in e.message_en
    reasons = {(p["row"], p["column"]): (p["reason"], p["reason_vi"]) for p in e.problems}
    assert reasons[(2, "amount")] == ("not a number", "không phải là số")
    assert reasons[(3, "project")][1].startswith("không có dự án mã này")
    assert reasons[(3, "project")][0].startswith("unknown project")


def test_reasons_the_catalog_did_not_know_read_in_vietnamese(tmp_path: Path) -> None:
    # Issue 28: a store's refusal of an empty file and an import row's capital source, written
    # in English by the core, reach str(e) under lang="vi" and the problems' reason_vi in
    # Vietnamese (before, the English stayed in both).
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    t = gs.disbursement.Tracker.create(tmp_path / "s.sqlite", province="Cao Bằng", year=2025)
    (tmp_path / "projects.csv").write_text(
        "project,name,investor,investor_name,responsible,capital_source,location\n"
        "P1,Road 1,A,Board A,Ms Lan,NSTW,Hòa An\n",
        encoding="utf-8",
    )
    t.import_csv(tmp_path / "projects.csv")
    week = tmp_path / "w.csv"
    week.write_text("project,week_ending,source,amount,capital_source\nP1,2025-07-04,treasury,5,ODA\n")
    gs.set_language("vi")
    try:
        with pytest.raises(gs.DatabaseError) as not_a_store:
            gs.disbursement.Tracker.open(empty)
        with pytest.raises(gs.ImportRejectedError) as rejected:
            t.import_csv(week)
    finally:
        gs.set_language("en")
    e = not_a_store.value
    assert e.kind == "not_a_store"
    assert str(e) == e.message_vi
    assert str(e).endswith(
        "không phải là kho dữ liệu của grdpsim: tệp rỗng hoặc cơ sở dữ liệu SQLite rỗng "
        "(hãy dùng create để tạo kho dữ liệu mới)"
    ), str(e)
    assert e.message_en.endswith("an empty file or SQLite database (create makes a new store)")
    r = rejected.value
    assert str(r) == r.message_vi
    vi = "dự án P1, tuần kết thúc ngày 2025-07-04: không có dòng kế hoạch của nguồn vốn ODA"
    assert f'dòng 2 cột capital_source ("ODA"): {vi}' in str(r), str(r)
    (problem,) = r.problems
    assert problem["reason_vi"] == f"{vi} (hãy nhập kế hoạch của dự án theo nguồn vốn đó trước)"
    assert problem["reason"] == (
        "project P1, week ending 2025-07-04: no plan line in capital source ODA "
        "(import the project's plan in that source first)"
    )


def test_the_command_line_prints_errors_in_its_language(capsys: pytest.CaptureFixture[str]) -> None:
    from grdpsim.cli import main

    # The example's store is of 2025: July 2024 is refused by the core, in the command's language.
    assert main(["monitor", "pace", "--month", "2024-07", "--lang", "vi"]) == 2
    err = capsys.readouterr().err
    assert err.endswith(
        "tham số month không hợp lệ: 2024-07 không phải là tháng của năm 2025, năm kế hoạch của kho dữ liệu\n"
    ), err
    assert main(["monitor", "pace", "--month", "2024-07", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.endswith("invalid argument month: 2024-07 is not a month of the store's year 2025\n"), err
