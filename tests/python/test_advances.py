"""Advances (tạm ứng) and their recovery from Python: frames with program columns, checked by
hand arithmetic, and a refused recovery naming its row and column (issue 26 §2.3b)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from disbursement_cases import tracker_importing

import grdpsim as gs
from grdpsim.disbursement import Tracker

PROJECTS = """project,name,investor,investor_name,responsible,capital_source,location
P1,Road 1,A,Board A,Ms Lan,NSTW,Hòa An
P3,Bridge 3,B,Board B,Mr Long,NSTW,Hạ Lang
"""
PAYMENTS = "project,week_ending,source,amount\nP1,2025-07-04,treasury,400\nP3,2025-07-04,treasury,100\n"
ADVANCES = """project,reference,advanced_on,amount,purpose
P1,A1,2025-01-10,100,works
P1,A2,2025-03-01,50,giải phóng mặt bằng
P3,B1,2025-06-01,80,consultancy
"""
RECOVERIES = """project,reference,recovered_on,amount,advance
P1,R1,2025-04-01,30,A1
P1,R2,2025-08-15,20,
P3,R3,2025-07-01,80,B1
"""


@pytest.fixture
def tracker(tmp_path: Path) -> Tracker:
    files = [("p", PROJECTS), ("w", PAYMENTS), ("a", ADVANCES), ("r", RECOVERIES)]
    return tracker_importing(tmp_path, files, who="kbnn")


def test_outstanding_by_advance_project_and_investor(tracker: Tracker) -> None:
    rows = tracker.advances("2025-07-31")
    assert list(rows.columns) == [
        "project",
        "investor",
        "reference",
        "advanced_on",
        "purpose",
        "amount",
        "recovered",
        "outstanding",
        "age_days",
    ]
    # A1: 100 − 30 (R2 of 15 August not counted); A2: 50; B1: 80 − 80.
    assert rows["outstanding"].tolist() == [70.0, 50.0, 0.0]
    assert rows["purpose"].tolist() == ["works", "site_clearance", "consultancy"]
    assert rows["advanced_on"].iloc[0] == pd.Timestamp("2025-01-10")
    by_project = tracker.advance_balances("2025-07-31")
    assert by_project[
        ["key", "advanced", "recovered", "outstanding", "site_clearance_outstanding"]
    ].values.tolist() == [
        ["P1", 150.0, 30.0, 120.0, 50.0],
        ["P3", 80.0, 80.0, 0.0, 0.0],
    ]
    by_investor = tracker.advance_balances("2025-07-31", by="investor")
    assert by_investor[["key", "name", "outstanding"]].values.tolist() == [
        ["A", "Board A", 120.0],
        ["B", "Board B", 0.0],
    ]
    # R2 (20, naming no advance) recovers the oldest, A1, by 31 August.
    assert tracker.advances("2025-08-31")["outstanding"].tolist() == [50.0, 50.0, 0.0]


def test_aged_advances_and_shares(tracker: Tracker) -> None:
    aged = tracker.aged_advances("2025-07-31")
    assert aged[["reference", "age_days", "outstanding"]].values.tolist() == [["A1", 202, 70.0]]
    assert tracker.aged_advances("2025-07-31", min_days=150)["reference"].tolist() == ["A1", "A2"]
    shares = tracker.advance_shares("2025-07-31").set_index("purpose")
    # 500 disbursed: 230 advanced (46%), 120 outstanding (24%); site clearance 50 (10%).
    assert shares.loc["all", ["advanced", "outstanding", "advanced_pct", "outstanding_pct"]].tolist() == [
        230.0,
        120.0,
        46.0,
        24.0,
    ]
    assert shares.loc["site_clearance", ["advanced_pct", "outstanding_pct"]].tolist() == [10.0, 10.0]
    assert shares.loc["all", "disbursed"] == 500.0


def test_a_recovery_beyond_what_is_outstanding_is_refused_by_row_and_column(
    tracker: Tracker, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "project,reference,recovered_on,amount,advance\nP1,R9,2025-05-01,60,A2\n", encoding="utf-8"
    )
    with pytest.raises(gs.errors.ImportRejectedError) as e:
        tracker.import_csv(bad)
    assert [(p["row"], p["column"]) for p in e.value.problems] == [(2, "amount")]
    assert "outstanding of advance A2: 50" in e.value.problems[0]["reason"]
    with pytest.raises(gs.GrdpsimError, match="level"):
        tracker._inner.advance_balances("2025-07-31", "province")
    with pytest.raises(gs.GrdpsimError, match="min_days"):
        tracker.aged_advances("2025-07-31", min_days=-1)
