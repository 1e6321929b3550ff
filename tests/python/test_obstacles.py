"""Obstacles to resolution from Python (issue 26 §2.2a): frames with program columns (the
status as its code whatever language it was typed in), overdue and escalated obstacles."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from disbursement_cases import PROJECTS, tracker_importing

import grdpsim as gs
from grdpsim.disbursement import Tracker

OBSTACLES = """project,description,reported,agency,person,deadline,status,resolution,resolved_on
P1,Land,2025-05-02,Commune,Ms Xuan,2025-06-30,đang xử lý,,
P2,Design,2025-05-10,Dept of Construction,Mr Yen,2025-07-15,escalated to the province,,
P3,Materials,2025-06-01,Contractor,,2025-07-20,đã giải quyết,Delivered,2025-07-18
P1,Permit,2025-07-01,Dept of Natural Resources,,,open,,
"""


@pytest.fixture
def tracker(tmp_path: Path) -> Tracker:
    return tracker_importing(tmp_path, [("p", PROJECTS), ("o", OBSTACLES)], who="cdt")


def test_obstacles_frames_overdue_and_escalated(tracker: Tracker) -> None:
    o = tracker.obstacles("2025-07-31")
    assert list(o.columns) == [
        "project",
        "investor",
        "description",
        "reported_on",
        "agency",
        "person",
        "deadline",
        "status",
        "result",
        "resolved_on",
    ]
    # By deadline, none last; codes whatever language they were typed in.
    assert o["status"].tolist() == ["in_progress", "escalated", "resolved", "open"]
    assert o["reported_on"].iloc[0] == pd.Timestamp("2025-05-02")
    assert pd.isna(o["deadline"].iloc[3])
    assert o["resolved_on"].iloc[2] == pd.Timestamp("2025-07-18")
    assert o["result"].iloc[2] == "Delivered"
    permit = tracker.obstacles("2025-07-31", project="P1", status=["open"])
    assert permit["description"].tolist() == ["Permit"]
    assert tracker.obstacles("2025-07-31", status="đang xử lý")["description"].tolist() == ["Land"]
    # 31 July: Land 31 days over its 30 June deadline, Design 16 over 15 July.
    overdue = tracker.overdue_obstacles("2025-07-31")
    assert overdue[["description", "days_overdue", "status"]].values.tolist() == [
        ["Land", 31, "in_progress"],
        ["Design", 16, "escalated"],
    ]
    esc = tracker.escalated_obstacles("2025-07-31")
    assert esc[["project", "agency"]].values.tolist() == [["P2", "Dept of Construction"]]
    with pytest.raises(gs.InvalidArgumentError, match="xong"):
        tracker.obstacles("2025-07-31", status=["xong rồi"])
