"""The Treasury's reconciliation from Python (issue 26 §2.2d): the weeks and the projects'
cumulative differences as frames with program columns, checked by hand arithmetic, a decision
accepted or sent back and reopened by a later change, and the refusals typed."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from disbursement_cases import PROJECTS, tracker_importing

import grdpsim as gs
from grdpsim.disbursement import Tracker

# P1: 130 against 100 on 27 June (+30), 20 against nothing on 4 July (+20). P2: 50 and 50, then
# the investor's 0 against nothing (no difference). P3: nothing against 40 on 4 July (−40).
PAYMENTS = """project,week_ending,source,amount
P1,2025-06-27,investor,130
P1,2025-06-27,treasury,100
P1,2025-07-04,investor,20
P2,2025-06-27,investor,50
P2,2025-06-27,treasury,50
P2,2025-07-04,investor,0
P3,2025-07-04,treasury,40
"""


@pytest.fixture
def tracker(tmp_path: Path) -> Tracker:
    return tracker_importing(tmp_path, [("p", PROJECTS), ("w", PAYMENTS)], who="kbnn")


def test_weeks_and_projects_by_hand_arithmetic(tracker: Tracker) -> None:
    weeks = tracker.reconciliation("2025-07-11")
    assert list(weeks.columns) == [
        "project",
        "investor",
        "week_ending",
        "reported",
        "treasury",
        "difference",
        "state",
        "note",
        "decided_by",
        "decided_at",
    ]
    # Latest week first; P2's 0 against nothing is not there.
    assert weeks[["project", "difference", "state"]].values.tolist() == [
        ["P1", 20.0, "open"],
        ["P3", -40.0, "open"],
        ["P1", 30.0, "open"],
    ]
    assert weeks["week_ending"].iloc[0] == pd.Timestamp("2025-07-04")
    assert math.isnan(weeks["treasury"].iloc[0]) and math.isnan(weeks["reported"].iloc[1])
    assert weeks["decided_at"].isna().all()
    assert weeks.attrs["as_of"] == pd.Timestamp("2025-07-11")
    # As of 30 June only P1's 130 − 100.
    assert tracker.reconciliation("2025-06-30")["difference"].tolist() == [30.0]
    projects = tracker.reconciliation("2025-07-11", by="project")
    # P1: 150 against 100, +50, two weeks; P3: 0 against 40, −40.
    assert projects[["project", "reported", "treasury", "difference", "weeks_open"]].values.tolist() == [
        ["P1", 150.0, 100.0, 50.0, 2],
        ["P3", 0.0, 40.0, -40.0, 1],
    ]


def test_decisions_and_a_change_that_reopens(tracker: Tracker, tmp_path: Path) -> None:
    tracker.decide_difference("P1", "2025-06-27", "accepted", "30 on the next voucher", who="kbnn")
    tracker.decide_difference("P3", "2025-07-04", "sent_back", "report the 40", who="kbnn")
    accepted = tracker.reconciliation("2025-07-11", state="accepted")
    assert accepted[["project", "note", "decided_by"]].values.tolist() == [
        ["P1", "30 on the next voucher", "kbnn"]
    ]
    assert accepted["decided_at"].notna().all()
    assert tracker.sent_back("P3")["note"].tolist() == ["report the 40"]
    by_project = tracker.reconciliation("2025-07-11", by="project").set_index("project")
    assert by_project.loc["P1", ["weeks_open", "weeks_accepted", "weeks_sent_back"]].tolist() == [1, 1, 0]
    # The investor reports 35 for P3's 4 July: 35 − 40 = −5, open again.
    fix = tmp_path / "fix.csv"
    fix.write_text("project,week_ending,source,amount\nP3,2025-07-04,investor,35\n", encoding="utf-8")
    tracker.import_csv(fix, who="cdt")
    assert tracker.sent_back("P3").empty
    p3 = tracker.reconciliation("2025-07-11", state="open").query("project == 'P3'")
    assert p3["difference"].tolist() == [-5.0]


def test_refusals_are_typed_and_change_nothing(tracker: Tracker) -> None:
    with pytest.raises(gs.InvalidArgumentError) as e:
        tracker.decide_difference("P2", "2025-07-04", "accepted", "ok")
    assert e.value.kind == "no_difference"
    assert (e.value.project, e.value.week_ending) == ("P2", "2025-07-04")
    with pytest.raises(gs.InvalidArgumentError, match="note"):
        tracker.decide_difference("P1", "2025-06-27", "accepted", "  ")
    with pytest.raises(gs.GrdpsimError, match="decision"):
        tracker.decide_difference("P1", "2025-06-27", "maybe", "ok")  # type: ignore[arg-type]
    with pytest.raises(gs.GrdpsimError, match="state"):
        tracker.reconciliation("2025-07-11", state="closed")  # type: ignore[arg-type]
    with pytest.raises(gs.GrdpsimError, match="by"):
        tracker.reconciliation("2025-07-11", by="investor")  # type: ignore[arg-type]
    assert (tracker.reconciliation("2025-07-11")["state"] == "open").all()


def test_status_and_ranking_against_the_plan_and_the_national_target(
    tracker: Tracker, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("project,effective,amount\nP1,2025-01-01,1000\nP2,2025-01-01,500\nP3,2025-01-01,500\n")
    tracker.import_csv(plan, who="stc")
    # The Treasury's payments to 11 July: P1 100, P2 50, P3 40 = 190 of a plan of 2,000: 9.5%.
    status = tracker.status("2025-07-11", by="investor")
    assert status.loc["province", "rate_pct"] == pytest.approx(9.5)
    # No national target: the second rate is missing on every row, never 0.
    assert status["rate_national_pct"].isna().all()
    assert status.attrs["national_target"] is None
    assert tracker.ranking("2025-07-11").attrs["province_rate_national_pct"] is None
    # The Prime Minister's 1,600: 190 / 1,600 = 11.875%, on the province's row alone.
    tracker.set_national_target(1600, "2024-12-05", "QĐ 1508/QĐ-TTg", who="admin")
    status = tracker.status("2025-07-11", by="investor")
    assert status.loc["province", "rate_national_pct"] == pytest.approx(11.875)
    assert status.drop(index="province")["rate_national_pct"].isna().all()
    target = status.attrs["national_target"]
    assert (target.year, target.amount, target.source) == (2025, 1600.0, "QĐ 1508/QĐ-TTg")
    assert target.decided_on == pd.Timestamp("2024-12-05")
    ranking = tracker.ranking("2025-07-11")
    assert ranking.attrs["province_rate_pct"] == pytest.approx(9.5)
    assert ranking.attrs["province_rate_national_pct"] == pytest.approx(11.875)
    with pytest.raises(gs.InvalidArgumentError, match="amount"):
        tracker.set_national_target(0, "2024-12-05", "x")
    with pytest.raises(gs.InvalidArgumentError, match="source"):
        tracker.set_national_target(10, "2024-12-05", "  ")
    national = tracker.national_target()
    assert national is not None and national.amount == 1600.0


def test_cli_sets_and_shows_the_national_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from grdpsim.cli import main

    db = str(tmp_path / "n.sqlite")
    assert main(["disbursement", "init", "--db", db, "--province", "Test", "--year", "2025"]) == 0
    capsys.readouterr()
    assert main(["disbursement", "national-target", "--db", db]) == 0
    assert "no national target for 2025" in capsys.readouterr().out
    args = ["disbursement", "national-target", "--db", db, "--amount", "1600", "--decided-on", "2024-12-05"]
    assert main([*args, "--source", "QĐ 1508/QĐ-TTg", "--who", "stc"]) == 0
    assert "1,600.0 million VND (QĐ 1508/QĐ-TTg, 2024-12-05)" in capsys.readouterr().out
    assert Tracker.open(db).audit_trail().iloc[-1]["who"] == "stc"
    # Without its decision, or a zero amount: refused (exit 2), the target as it was.
    assert main(args) == 2
    zero = ["disbursement", "national-target", "--db", db, "--amount", "0", "--decided-on", "2024-12-05"]
    assert main([*zero, "--source", "x"]) == 2
    target = Tracker.open(db).national_target()
    assert target is not None and target.amount == 1600.0
