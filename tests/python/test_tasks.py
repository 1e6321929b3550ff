"""Tasks as the meeting assigns them, from Python and the command line (issue 25 §2.4)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import grdpsim as gs
from grdpsim.cli import main

TASKS_VI = """task,section,title,department,deadline,start,expected,status,done,total,unit
K-01,2.4(a),Họp doanh nghiệp,Sở Tài chính,định kỳ 2 tuần,2025-07-04,,in_progress,,,
K-03,2.4(c),Xóa nhà tạm,Sở Xây dựng,trước Đại hội Đảng bộ,,2025-10-15,in_progress,412,632,hộ
K-04,2.4(d),Kế hoạch vốn,Sở Tài chính,2025-08-25,,,open,"1.250,5","2.000,0",tỷ đồng
"""


def test_cli_imports_a_vietnamese_tasks_file_and_the_frame_keeps_program_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.sqlite"
    assert main(["monitor", "init", "--db", str(db), "--province", "T", "--year", "2025"]) == 0
    csv = tmp_path / "nhiem_vu.csv"
    csv.write_text(TASKS_VI, encoding="utf-8")
    assert main(["monitor", "import", str(csv), "--db", str(db)]) == 0
    tasks = gs.monitoring.Monitor.open(db).tasks()
    for column in (
        "section",
        "deadline_kind",
        "deadline",
        "deadline_text",
        "done",
        "total",
        "unit",
        "result",
    ):
        assert column in tasks.columns
    assert tasks.loc["K-01", "deadline_kind"] == "recurring"
    assert tasks.loc["K-01", "deadline_text"] == "every 2 weeks"
    assert str(tasks.loc["K-01", "deadline"].date()) == "2025-07-04"
    assert tasks.loc["K-03", "deadline_kind"] == "event"
    assert tasks.loc["K-03", "deadline_text"] == "trước Đại hội Đảng bộ"
    assert (tasks.loc["K-03", "done"], tasks.loc["K-03", "total"], tasks.loc["K-03", "unit"]) == (
        412.0,
        632.0,
        "hộ",
    )
    assert (tasks.loc["K-04", "done"], tasks.loc["K-04", "total"]) == (1250.5, 2000.0)
    assert math.isnan(tasks.loc["K-01", "total"])
    assert tasks.loc["K-03", "section"] == "2.4(c)"


def test_cli_refuses_a_deadline_that_is_neither_naming_row_and_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.sqlite"
    assert main(["monitor", "init", "--db", str(db), "--province", "T", "--year", "2025"]) == 0
    csv = tmp_path / "bad.csv"
    csv.write_text("task,title,department,deadline,status\nA,X,Y,khi nào xong,open\n", encoding="utf-8")
    assert main(["monitor", "import", str(csv), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "khi nào xong" in err and "2" in err
    assert gs.monitoring.Monitor.open(db).tasks().empty
