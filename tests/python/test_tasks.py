"""Tasks as the meeting assigns them, from Python and the command line (issue 25 §2.4)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
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


def test_instances_of_the_examples_fortnightly_meeting_and_their_reports() -> None:
    m = gs.datasets.cao_bang_monitoring_2025()
    inst = m.task_instances("2025-08-26")
    assert list(inst.index.names) == ["task", "due"]
    assert list(inst.columns) == ["status", "done_on", "report"]
    # T-06 every 2 weeks from 25 July: 25 July (held), 8 and 22 August (nothing reported).
    t6 = inst.loc["T-06"]
    assert [d.date() for d in t6.index] == [date(2025, 7, 25), date(2025, 8, 8), date(2025, 8, 22)]
    assert list(t6.status) == ["done", "open", "open"]
    assert t6.iloc[0].done_on.date() == date(2025, 7, 25) and "12" in t6.iloc[0].report
    # A dated task has its one date with the task's status.
    assert inst.loc[("T-05", pd.Timestamp("2025-08-20")), "status"] == "in_progress"
    # Reporting the 8 August meeting held: the frame and the digest both see it.
    m.report_task_instance(
        "T-06", date(2025, 8, 8), done_on="2025-08-08", report="Đã họp / held", who="Văn phòng UBND"
    )
    row = m.task_instances("2025-08-26").loc[("T-06", pd.Timestamp("2025-08-08"))]
    assert row.status == "done" and row.report == "Đã họp / held"
    subjects = set(m.digest("2025-08", as_of="2025-08-26").to_frame().subject)
    assert "task:T-06@2025-08-22" in subjects and "task:T-06@2025-08-08" not in subjects


def test_instance_reports_refuse_bad_input_by_name_and_write_nothing() -> None:
    m = gs.datasets.cao_bang_monitoring_2025()
    before = m.task_instances("2025-08-26")
    for call, needle in [
        (lambda: m.report_task_instance("T-77", "2025-08-08", done_on="2025-08-08"), "T-77"),
        (lambda: m.report_task_instance("T-05", "2025-08-20", done_on="2025-08-20"), "not recurring"),
        (lambda: m.report_task_instance("T-06", "2025-08-09", done_on="2025-08-09"), "2025-08-09"),
        (lambda: m.report_task_instance("T-06", "2025-08-08"), "done_on"),
        (lambda: m.report_task_instance("T-06", "8/8/2025"), "due"),
        (lambda: m.report_task_instance("T-06", "2025-08-08", status="xong"), "xong"),
        (lambda: m.task_instances("31/08/2025"), "as_of"),
    ]:
        with pytest.raises(gs.InvalidArgumentError) as e:
            call()
        assert needle in str(e.value)
    pd.testing.assert_frame_equal(m.task_instances("2025-08-26"), before)
