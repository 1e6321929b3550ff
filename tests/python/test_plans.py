"""Investors' weekly plans from Python (issue 26 §2.2c): the frame of the plans, and the
count-down, the stalled projects and the ranking saying which plan they measure against,
checked by hand arithmetic on the case of tests/disbursement_plans.rs."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from disbursement_cases import PROJECTS, tracker_importing

import grdpsim as gs
from grdpsim.disbursement import Tracker

PLANS = "project,effective,amount\nP1,2025-01-01,1000\nP2,2025-01-01,500\nP3,2025-01-01,400\n"
MONTHLY = "project,month,amount\nP1,2025-06,100\nP1,2025-07,310\nP2,2025-07,62\nP3,2025-07,155\n"
# Vietnamese headers, as an investor's own sheet would have them.
WEEKLY = """Mã dự án,Tuần kết thúc ngày,Kế hoạch tuần
P1,2025-07-11,70
P1,2025-07-18,140
P1,2025-07-25,0
P1,2025-08-01,210
"""
PAYMENTS = """project,week_ending,source,amount
P1,2025-07-04,treasury,150
P1,2025-07-11,treasury,60
P1,2025-07-18,treasury,100
P2,2025-07-04,treasury,20
P3,2025-07-18,treasury,100
"""


@pytest.fixture
def tracker(tmp_path: Path) -> Tracker:
    files = [("p", PROJECTS), ("b", PLANS), ("m", MONTHLY), ("w", WEEKLY), ("x", PAYMENTS)]
    return tracker_importing(tmp_path, files, who="cdt")


def test_weekly_plans_frame_and_the_count_down_on_its_basis(tracker: Tracker) -> None:
    plans = tracker.weekly_plans("P1")
    assert list(plans.columns) == ["project", "week_ending", "planned"]
    assert plans["week_ending"].iloc[0] == pd.Timestamp("2025-07-11")
    assert plans["planned"].tolist() == [70.0, 140.0, 0.0, 210.0]
    assert tracker.weekly_plans("P2").empty
    cd = tracker.countdown("2025-07-18")
    # P1: monthly to 4 July (100 + 310·4/31 = 140) + weeks to 18 July (70 + 140) = 350;
    # SPI 310/350. P2: 62·18/31 = 36 on the monthly plan.
    assert cd.loc["P1", "plan_basis"] == "weekly"
    assert cd.loc["P1", "planned_to_date"] == pytest.approx(350.0)
    assert cd.loc["P1", "spi"] == pytest.approx(310.0 / 350.0)
    assert cd.loc["P1", "band"] == "red"
    assert cd.loc["P2", "plan_basis"] == "monthly"
    assert cd.loc["P2", "planned_to_date"] == pytest.approx(36.0)
    by_investor = tracker.countdown("2025-07-18", by="investor")
    assert by_investor.loc["A", "plan_basis"] == "mixed"
    assert by_investor.loc["A", "planned_to_date"] == pytest.approx(386.0)


def test_stalled_and_the_ranking_against_the_own_weekly_plan(tracker: Tracker) -> None:
    # Week to 25 July: P1 planned a pause (0), so not stalled; P2 on the monthly plan,
    # 62·25/31 − 62·18/31 = 14 in the window.
    s = tracker.stalled("2025-07-25", weeks=1).set_index("project")
    assert "P1" not in s.index
    assert s.loc["P2", "plan_basis"] == "monthly"
    assert s.loc["P2", "planned_in_window"] == pytest.approx(14.0)
    s = tracker.stalled("2025-08-01", weeks=1).set_index("project")
    assert s.loc["P1", "plan_basis"] == "weekly"
    assert s.loc["P1", "planned_in_window"] == pytest.approx(210.0)
    r = tracker.ranking("2025-07-18", min_share_pct=0.0).set_index("investor")
    # A: 330 of 1,500 = 22% of the plan in force; 160 paid of 210 planned weekly = 76.19%.
    assert r.loc["A", "rate_pct"] == pytest.approx(22.0)
    assert r.loc["A", "weekly_plan_pct"] == pytest.approx(100 * 160 / 210)
    assert math.isnan(r.loc["B", "weekly_plan_pct"])


def test_a_weekly_plan_on_a_thursday_is_refused_naming_row_and_column(
    tracker: Tracker, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("project,week_ending,planned\nP2,2025-07-11,5\nP2,2025-07-10,5\n", encoding="utf-8")
    with pytest.raises(gs.ImportRejectedError) as e:
        tracker.import_csv(bad, who="cdt")
    assert [(p["row"], p["column"]) for p in e.value.problems] == [(3, "week_ending")]
    assert "Friday" in e.value.problems[0]["reason"]
    assert tracker.weekly_plans("P2").empty


MILESTONES = """Mã dự án,Tháng,Số tiền,Mốc tiến độ,Người phụ trách
P1,2025-08,200,gói thầu 2 nghiệm thu,Trần Thị B
P1,2025-09,150,,Trần Thị B
"""


def test_count_down_by_month_and_the_missing_monthly_plans(tracker: Tracker, tmp_path: Path) -> None:
    (tmp_path / "ms.csv").write_text(MILESTONES, encoding="utf-8")
    tracker.import_csv(tmp_path / "ms.csv", who="cdt")
    by_month = tracker.countdown_by_month("2025-07-18", project="P1")
    assert list(by_month.columns) == [
        "project",
        "investor",
        "month",
        "planned",
        "to_pay",
        "milestone",
        "owner",
    ]
    # P1 paid 310; the plan cumulates to 410, 610, 760 at the ends of July to September.
    assert by_month[["month", "to_pay", "milestone"]].values.tolist() == [
        ["2025-07", 100.0, ""],
        ["2025-08", 200.0, "gói thầu 2 nghiệm thu"],
        ["2025-09", 150.0, ""],
    ]
    p4 = tmp_path / "p4.csv"
    p4.write_text("project,name,investor,capital_source\nP4,Canal 4,B,NSDP\n", encoding="utf-8")
    tracker.import_csv(p4, who="sotc")
    b4 = tmp_path / "b4.csv"
    b4.write_text("project,effective,amount\nP4,2025-03-01,300\n", encoding="utf-8")
    tracker.import_csv(b4, who="sotc")
    assert tracker.missing_monthly_plans("2025-08-25").empty
    late = tracker.missing_monthly_plans("2025-08-29", lang="en")
    assert late[["project", "days_late", "plan"]].values.tolist() == [["P4", 4, 300.0]]
    assert late["deadline"].iloc[0] == pd.Timestamp("2025-08-25")
    assert "no monthly plan by the deadline 2025-08-25" in late["message"].iloc[0]
    vi = tracker.missing_monthly_plans("2025-08-29", lang="vi")
    assert "chậm 4 ngày" in vi["message"].iloc[0]
