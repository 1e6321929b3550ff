"""Disbursement tracking from Python: DataFrames, imports and their errors, the CLI (issue 10)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import grdpsim as gs
from grdpsim._lang import number
from grdpsim.cli import main
from grdpsim.disbursement import Tracker

PROJECTS = """project,name,investor,investor_name,responsible,capital_source,location
P1,Road 1,A,Board A,Ms Lan,NSTW,Hòa An
P2,School 2,B,Board B,Mr Hai,NSDP,Bảo Lạc
"""


@pytest.fixture(scope="module")
def example() -> Tracker:
    return gs.datasets.cao_bang_disbursement_2025()


def _store(tmp_path: Path) -> tuple[Path, Tracker]:
    db = tmp_path / "province.sqlite"
    t = Tracker.create(db, province="Test", year=2025)
    (tmp_path / "projects.csv").write_text(PROJECTS, encoding="utf-8")
    t.import_csv(tmp_path / "projects.csv", who="setup")
    (tmp_path / "plan.csv").write_text(
        "project,effective,amount,decision\nP1,2025-01-01,1000,QD1\nP2,2025-01-01,1000,QD1\n"
    )
    t.import_csv(tmp_path / "plan.csv")
    return db, t


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_example_reproduces_the_published_rates(example: Tracker) -> None:
    june = example.status(as_of="2025-06-30")
    assert round(float(june.loc["province", "rate_pct"]), 1) == 41.8
    july = example.status(as_of="2025-07-31", since="2025-06-30")
    row = july.loc["province"]
    assert round(float(row["rate_pct"]), 1) == 26.8
    assert row["from_payments_pp"] > 0 > row["from_plan_pp"]
    assert np.isclose(row["change_pp"], row["from_payments_pp"] + row["from_plan_pp"])
    revisions = example.revisions(as_of="2025-07-31", since="2025-06-30")
    assert len(revisions) > 0 and (revisions["effective"] == pd.Timestamp("2025-07-15")).all()
    # The core's split, as published: +5.34 pp from payments, -20.34 pp from 66 revisions, and
    # revisions() is the same list.
    assert round(float(row["from_payments_pp"]), 2) == 5.34
    assert round(float(row["from_plan_pp"]), 2) == -20.34
    assert len(revisions) == 66
    pd.testing.assert_frame_equal(example.revisions("2025-07-31", since="2025-06-30"), revisions)


def test_views_are_dataframes_with_numeric_columns(example: Tracker) -> None:
    by_investor = example.status(as_of="2025-07-31", by="investor")
    assert by_investor.index[-1] == "province"
    assert by_investor["rate_pct"].dtype == np.float64
    rank = example.ranking(as_of="2025-07-31")
    ranked = rank[rank["rank"].notna()]
    assert ranked["rank"].is_monotonic_increasing and ranked["rank"].iloc[0] == 1
    assert round(rank.attrs["province_rate_pct"], 1) == 26.8
    cd = example.countdown(as_of="2025-07-31", by="investor")
    assert (cd["remaining"] >= 0).all() and set(cd["band"]) <= {"green", "amber", "red", ""}
    assert len(example.stalled(as_of="2025-07-31", weeks=4)) > 0
    assert len(example.differences(as_of="2025-07-31")) > 0
    assert len(example.overdue_obstacles(as_of="2025-07-31")) > 0
    curve = example.s_curve(as_of="2025-07-31")
    assert isinstance(curve.index, pd.DatetimeIndex) and len(curve) == 52
    p = example.projection(as_of="2025-07-31")
    assert p.at_pace > p.paid and "Projection(as of 2025-07-31" in repr(p)


def test_a_bad_file_raises_with_every_row_and_changes_nothing(tmp_path: Path) -> None:
    db, t = _store(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "project,week_ending,source,amount\nP1,2025-07-04,treasury,abc\nP9,2025-07-04,treasury,1\n"
        "P2,2026-01-02,treasury,1\n"
    )
    del t  # closes the store: its WAL is checkpointed into the file
    before = _sha(db)
    t = Tracker.open(db)
    with pytest.raises(gs.ImportRejectedError) as info:
        t.import_csv(bad, who="lan")
    problems = info.value.problems
    assert [(p["row"], p["column"]) for p in problems] == [(2, "amount"), (3, "project"), (4, "week_ending")]
    assert problems[0]["value"] == "abc" and problems[0]["sheet"] is None
    assert isinstance(info.value, ValueError) and info.value.kind == "import_rejected"
    del t
    assert _sha(db) == before


def test_reimport_is_idempotent_and_a_correction_is_audited(tmp_path: Path) -> None:
    _, t = _store(tmp_path)
    week = tmp_path / "w.csv"
    week.write_text("project,week_ending,source,amount\nP1,2025-07-04,treasury,100\n")
    assert t.import_csv(week).inserted == 1
    again = t.import_csv(week)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)
    week.write_text("project,week_ending,source,amount\nP1,2025-07-04,treasury,120\n")
    assert t.import_csv(week, who="hai").updated == 1
    last = t.audit_trail().iloc[-1]
    assert (last["old"], last["new"], last["who"]) == ("100", "120", "hai")


def test_a_project_with_two_capital_sources_is_in_both_groups(tmp_path: Path) -> None:
    _, t = _store(tmp_path)
    # P1 (own source NSTW, 1000 planned) gets a second plan line in ODA, 500, from 1 July;
    # it pays 100 in NSTW (no column: its own) and 200 in ODA in the week of 4 July.
    lines = tmp_path / "lines.csv"
    lines.write_text("project,effective,amount,decision,capital_source\nP1,2025-07-01,500,QD2,ODA\n")
    t.import_csv(lines)
    week = tmp_path / "w.csv"
    week.write_text(
        "project,week_ending,source,amount,Nguồn vốn\n"
        "P1,2025-07-04,treasury,100,\nP1,2025-07-04,treasury,200,ODA\n"
    )
    assert t.import_csv(week).inserted == 2
    by_source = t.status(as_of="2025-07-04", by="capital_source")
    # NSTW: 100 of 1000 = 10%; ODA: 200 of 500 = 40%; NSDP: P2's 0 of 1000; P1 in two groups.
    assert by_source.loc["NSTW", ["plan", "paid", "rate_pct", "projects"]].tolist() == [1000, 100, 10, 1]
    assert by_source.loc["ODA", ["plan", "paid", "rate_pct", "projects"]].tolist() == [500, 200, 40, 1]
    # By project the lines add up: P1 300 of 1500 = 20%; the province 300 of 2500 = 12%.
    by_project = t.status(as_of="2025-07-04", by="project")
    assert by_project.loc["P1", ["plan", "paid", "rate_pct"]].tolist() == [1500, 300, 20]
    assert by_source.loc["province", "rate_pct"] == pytest.approx(12.0)
    revisions = t.revisions(as_of="2025-07-04", since="2025-06-27")
    columns = ["project", "capital_source", "previous", "amount"]
    assert revisions[columns].values.tolist() == [["P1", "ODA", 0.0, 500.0]]
    # A payment in a source without a plan line is refused naming the project, week and source.
    week.write_text("project,week_ending,source,amount,capital_source\nP2,2025-07-04,treasury,5,ODA\n")
    with pytest.raises(gs.ImportRejectedError) as e:
        t.import_csv(week)
    problem = e.value.problems[0]
    assert (problem["row"], problem["column"], problem["value"]) == (2, "capital_source", "ODA")
    assert "P2" in problem["reason"] and "2025-07-04" in problem["reason"]


def test_backup_and_restore_refuse_what_is_not_a_store(tmp_path: Path) -> None:
    _, t = _store(tmp_path)
    t.backup(tmp_path / "copy.sqlite")
    other = Tracker.create(tmp_path / "other.sqlite", province="Test", year=2025)
    other.restore(tmp_path / "copy.sqlite")
    assert len(other.status(as_of="2025-07-04", by="project")) == 3
    (tmp_path / "junk.sqlite").write_text("not a database")
    with pytest.raises(gs.DatabaseError):
        other.restore(tmp_path / "junk.sqlite")
    with pytest.raises(gs.DatabaseError):
        Tracker.open(tmp_path / "junk.sqlite")


def test_bad_arguments_are_typed_errors(example: Tracker) -> None:
    with pytest.raises(gs.InvalidArgumentError):
        example.status(as_of="2025-07-31", by="district")  # type: ignore[arg-type]
    with pytest.raises(gs.InvalidArgumentError):
        example.stalled(as_of="2025-07-31", weeks=0)
    with pytest.raises(gs.InvalidArgumentError):
        example.ranking(as_of="2025-07-31", min_share_pct=float("nan"))


def _july(example: Tracker) -> pd.Series:
    return example.status(as_of="2025-07-31", since="2025-06-30").loc["province"]


def test_the_briefing_is_a_document_whose_first_paragraph_explains_the_change(example: Tracker) -> None:
    row = _july(example)
    vi = example.briefing("2025-07-31", since="2025-06-30", lang="vi")
    assert vi.lang == "vi" and "Xếp hạng chủ đầu tư" in vi.headings
    text = vi.to_text()
    first = next(line for line in text.splitlines() if line.startswith("Tỷ lệ giải ngân toàn tỉnh"))
    for part in (
        "41,8% → 26,8%",
        f"{row['from_payments_pp']:+.1f} điểm % do thanh toán".replace(".", ","),
        f"{row['from_plan_pp']:+.1f} điểm % do 66 lượt điều chỉnh".replace(".", ","),
        number(float(row["paid"]), 1, lang="vi", grouped=True),
    ):
        assert part in first, (part, first)
    en = example.briefing("2025-07-31", since="2025-06-30", lang="en")
    assert "41.8% → 26.8%" in en.to_text() and en.to_html().startswith("<!DOCTYPE html>")
    assert "| Rank |" in en.to_markdown()
    with pytest.raises(gs.InvalidArgumentError):
        example.briefing("2025-07-31", since="2025-08-07")
    with pytest.raises(gs.InvalidArgumentError):
        example.briefing("2025-07-31", lang="fr")


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_cli_report_in_each_text_format(
    example: Tracker, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["disbursement", "report", "--as-of", "2025-07-31", "--since", "2025-06-30", "--format", fmt]
    assert main(args) == 0
    out = capsys.readouterr().out
    # Vietnamese by default: the rate, its change and the ranking's heading.
    assert "41,8% → 26,8%" in out and "Xếp hạng chủ đầu tư" in out
    assert main([*args, "--lang", "en", "--output", str(tmp_path / f"b.{fmt}")]) == 0
    written = (tmp_path / f"b.{fmt}").read_text(encoding="utf-8")
    assert "41.8% → 26.8%" in written and "Ranking of investors" in written
    expected = example.briefing("2025-07-31", since="2025-06-30", lang="en")
    assert written == {"text": expected.to_text, "md": expected.to_markdown, "html": expected.to_html}[fmt]()


def test_cli_report_as_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    xlsx = tmp_path / "briefing.xlsx"
    assert main(["disbursement", "report", "--as-of", "2025-07-31", "--format", "xlsx"]) == 2
    assert "--output" in capsys.readouterr().err
    assert (
        main(["disbursement", "report", "--as-of", "2025-07-31", "--format", "xlsx", "--output", str(xlsx)])
        == 0
    )
    assert f"briefing written to {xlsx}" in capsys.readouterr().out
    with zipfile.ZipFile(xlsx) as z:
        book = z.read("xl/workbook.xml").decode("utf-8")
    for sheet in ("Báo cáo", "Nguồn vốn", "Xếp hạng", "Kiến nghị", "Chênh lệch Kho bạc"):
        assert f'name="{sheet}"' in book


def test_proposals_concern_exactly_the_investors_below_the_province(example: Tracker) -> None:
    when = "2025-07-31"
    rank = example.ranking(when)
    slow = rank[rank["rank"].notna() & (rank["vs_province_pp"] < 0)]
    proposals = example.proposals(when)
    assert set(proposals["investor"]) == set(slow["investor"])
    # Every slow investor is told the weekly pace it must reach: its remaining plan over the
    # weeks left, from the count-down.
    pace = proposals[proposals["kind"] == "pace"].set_index("investor")
    cd = example.countdown(when, by="investor")
    np.testing.assert_allclose(pace["amount"], cd.loc[pace.index, "needed_per_week"], rtol=0, atol=1e-9)
    # Slowest first, and the sentence follows the language asked for.
    assert list(proposals.drop_duplicates("investor")["rate_pct"]) == sorted(slow["rate_pct"])
    vi = example.proposals(when, lang="vi")
    money = vi[vi["kind"] != "obstacle"]["message"]
    assert len(money) and money.str.contains("triệu đồng").all()
    assert not vi["message"].equals(proposals["message"])
    with pytest.raises(gs.InvalidArgumentError, match="lang"):
        example.proposals(when, lang="fr")


def test_cli_init_import_report_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.sqlite")
    assert main(["disbursement", "init", "--db", db, "--province", "Test", "--year", "2025"]) == 0
    (tmp_path / "projects.csv").write_text(PROJECTS, encoding="utf-8")
    (tmp_path / "w.csv").write_text("project,week_ending,source,amount\nP1,2025-07-04,treasury,-1\n")
    assert main(["disbursement", "import", "--db", db, str(tmp_path / "projects.csv")]) == 0
    assert main(["disbursement", "import", "--db", db, str(tmp_path / "w.csv")]) == 2
    assert "negative amount" in capsys.readouterr().err
    assert main(["disbursement", "template"]) == 0
    assert capsys.readouterr().out.startswith("project,week_ending,source,amount")
    assert main(["disbursement", "backup", "--db", db, str(tmp_path / "b.sqlite")]) == 0


def test_bridge_recovers_a_known_elasticity_and_moves_construction(example: Tracker) -> None:
    rng = np.random.default_rng(7)
    gd = rng.uniform(-15, 40, size=12)
    gc = 100 * np.expm1(0.01 + 0.8 * np.log1p(gd / 100))
    b = gs.disbursement.bridge(list(zip(gd, gc)))
    assert b.source == "estimated" and b.quarters == 12
    assert abs(b.elasticity - 0.8) < 1e-10 and abs(b.intercept - 0.01) < 1e-10
    with pytest.raises(gs.InvalidArgumentError):
        gs.disbursement.bridge(list(zip(gd, gc))[:4])
    given = gs.disbursement.bridge(list(zip(gd, gc))[:4], elasticity=0.7)
    assert given.source == "given" and given.elasticity == 0.7

    q = example.quarterly_growth(previous_year=[400_000, 700_000, 800_000, 1_500_000])
    assert list(q.index) == [1, 2, 3] and q["complete"].tolist() == [True, True, False]
    cb = gs.datasets.cao_bang_2025()
    what_if = cb.with_disbursement(
        example, previous_year=[400_000, 700_000, 800_000, 1_500_000], elasticity=0.7, mode="what_if"
    )
    g3 = float(q.loc[3, "growth_pct"])
    assert np.isclose(what_if.target_growth("Q3", "XD"), 100 * ((1 + g3 / 100) ** 0.7 - 1))
    # Q3 is not complete: no provisional figure yet.
    same = cb.with_disbursement(example, previous_year=[400_000, 700_000, 800_000, 1_500_000], elasticity=0.7)
    assert np.isclose(same.growth("Q3", "XD"), cb.growth("Q3", "XD"))


def test_workbook_template_round_trip_and_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.sqlite")
    xlsx = str(tmp_path / "template.xlsx")
    assert main(["disbursement", "template", "--xlsx", xlsx]) == 0
    assert main(["disbursement", "init", "--db", db, "--province", "Test", "--year", "2025"]) == 0
    (tmp_path / "projects.csv").write_text(
        "project,name,investor,capital_source\nDA-001,a,A,NSDP\nDA-002,b,A,NSDP\n", encoding="utf-8"
    )
    assert main(["disbursement", "import", "--db", db, str(tmp_path / "projects.csv"), xlsx]) == 0
    out = capsys.readouterr().out
    assert "2 inserted" in out
    t = Tracker.open(db)
    assert t.import_file(xlsx).unchanged == 2


# Issue 21: the reporting calendar and an as-of that one row cannot move.


def test_one_stray_row_moves_no_default_view_and_its_investor_withdraws_it(tmp_path: Path) -> None:
    t = gs.datasets.cao_bang_disbursement_2025()
    t.set_today("2026-01-05")
    before = t.coverage()
    assert (before.as_of, before.projects) == ("2025-08-29", 300)
    default_status = t.status()
    projection = t.projection()
    (tmp_path / "late.csv").write_text("project,week_ending,source,amount\nDA-019,2025-12-26,investor,0\n")
    report = t.import_csv(tmp_path / "late.csv", who="cdt")
    assert (report.rows, report.inserted, report.records_written) == (1, 1, 1)
    # The province's as-of, its status, count-down and projection stay at 29 August (they
    # jumped to 26 December: "1 week left", the projection 57.7% -> 33.5%).
    assert t.latest_week() == pd.Timestamp("2025-08-29")
    status = t.status()
    assert status.attrs["as_of"] == pd.Timestamp("2025-08-29")
    assert status.attrs["projects_reported"] == before.projects_reported > 150
    assert status.attrs["projects"] == 300
    pd.testing.assert_frame_equal(status, default_status)
    assert (
        str(status.attrs["coverage"])
        == f"as of 2025-08-29: {before.projects_reported} of 300 projects reported"
    )
    assert status.attrs["coverage"].describe("vi").startswith("tính đến 2025-08-29: ")
    countdown = t.countdown()
    assert set(countdown["weeks_left"]) == {18}
    assert countdown.attrs["as_of"] == pd.Timestamp("2025-08-29")
    p = t.projection()
    assert (p.as_of, p.projects_reported, p.projects) == ("2025-08-29", before.projects_reported, 300)
    assert round(p.at_pace_rate_pct, 1) == round(projection.at_pace_rate_pct, 1) == 57.7
    for view in (
        t.ranking(),
        t.s_curve(),
        t.stalled(),
        t.differences(),
        t.proposals(),
        t.overdue_obstacles(),
    ):
        assert view.attrs["as_of"] == pd.Timestamp("2025-08-29")
        assert view.attrs["projects_reported"] == before.projects_reported
    # The investors' own figures read the same week: 1 of 300 reported the stray one.
    assert t.coverage(source="investor").as_of == "2025-08-29"
    assert t.coverage("2025-12-26", source="investor").projects_reported == 1
    # The investor withdraws its entry, audited; a second withdrawal is a typed error.
    t.withdraw("DA-019", "2025-12-26", "investor", who="cdt")
    assert t.coverage("2025-12-26", source="investor").projects_reported == 0
    last = t.audit_trail().iloc[-1]
    assert (last["who"], last["entity"], last["key"], last["old"]) == (
        "cdt",
        "payments",
        "investor|DA-019|2025-12-26",
        "0",
    )
    assert pd.isna(last["new"])
    with pytest.raises(gs.errors.InvalidArgumentError) as e:
        t.withdraw("DA-019", "2025-12-26", "investor", who="cdt")
    assert (e.value.kind, e.value.project, e.value.week_ending, e.value.source) == (
        "no_such_entry",
        "DA-019",
        "2025-12-26",
        "investor",
    )


def test_a_week_off_the_calendar_or_in_the_future_is_refused_naming_the_row(tmp_path: Path) -> None:
    _, t = _store(tmp_path)
    t.set_today("2025-09-01")
    (tmp_path / "week.csv").write_text(
        "project,week_ending,source,amount\nP1,2025-09-05,investor,1\nP2,2025-09-03,investor,2\nP1,2025-12-26,treasury,3\n"
    )
    with pytest.raises(gs.errors.ImportRejectedError) as e:
        t.import_csv(tmp_path / "week.csv")
    problems = e.value.problems
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [
        (3, "week_ending", "2025-09-03"),
        (4, "week_ending", "2025-12-26"),
    ]
    assert all(w in problems[0]["reason"] for w in ("P2", "Wednesday", "Friday", "2025-09-05"))
    assert all(w in problems[1]["reason"] for w in ("P1", "future", "2025-09-01", "2025-09-07"))
    assert t.latest_week() is None
    # A province whose weeks end on Thursday says so once, in its store.
    t.set_calendar(gs.disbursement.Calendar(week_ends_on=4), who="admin")
    (tmp_path / "thu.csv").write_text("project,week_ending,source,amount\nP2,2025-09-04,investor,2\n")
    t.import_csv(tmp_path / "thu.csv")
    assert Tracker.open(tmp_path / "province.sqlite").calendar == gs.disbursement.Calendar(week_ends_on=4)
    with pytest.raises(gs.errors.InvalidArgumentError, match="reporting_share_pct"):
        gs.disbursement.Calendar(reporting_share_pct=0.0)


@pytest.mark.parametrize(
    ("kwargs", "argument", "text"),
    [
        ({"as_of": "2025-07-31", "since": "2030-01-01"}, "since", "2030-01-01"),
        ({"as_of": "2025-07-31", "since": 5}, "since", "5"),
        ({"as_of": 5}, "as_of", "5"),
        ({"as_of": 20250731.0}, "as_of", "20250731.0"),
        ({"as_of": "2025-7-31"}, "as_of", "2025-7-31"),
        ({"as_of": "31/07/2025"}, "as_of", "31/07/2025"),
    ],
)
def test_dates_that_are_not_dates_or_out_of_order_are_typed_errors(
    example: Tracker, kwargs: dict[str, object], argument: str, text: str
) -> None:
    # since=5 was read as 1970-01-01; since after as_of gave a -4.4 pp change "from payments".
    with pytest.raises(gs.errors.InvalidArgumentError) as e:
        example.status(**kwargs)  # type: ignore[arg-type]
    assert (e.value.kind, e.value.argument, e.value.text) == ("invalid_date", argument, text)
    assert argument in str(e.value) and text in str(e.value)


def test_dates_may_be_date_objects_read_by_our_parser(example: Tracker) -> None:
    import datetime

    a = example.status(as_of=datetime.date(2025, 7, 31), since=pd.Timestamp("2025-06-30"))
    b = example.status(as_of="2025-07-31", since="2025-06-30")
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["since"] == pd.Timestamp("2025-06-30") and a.attrs["coverage"].week == "2025-07-25"


def test_an_import_reports_rows_and_records_apart(tmp_path: Path) -> None:
    t = Tracker.create(tmp_path / "p.sqlite", province="Test", year=2025)
    (tmp_path / "projects.csv").write_text(PROJECTS, encoding="utf-8")
    r = t.import_csv(tmp_path / "projects.csv")
    # Two rows bring two new investors: 2 rows inserted, 4 records written (it said 4 inserted).
    assert (r.rows, r.inserted, r.updated, r.unchanged, r.records_written) == (2, 2, 0, 0, 4)
    assert "2 row(s) read" in repr(r) and "4 record(s) written" in repr(r)


def test_cli_report_says_which_week_and_withdraw_takes_an_entry_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["disbursement", "report", "--lang", "en"]) == 0
    subtitle = capsys.readouterr().out.splitlines()[2]
    reported = gs.datasets.cao_bang_disbursement_2025().coverage().projects_reported
    assert subtitle.startswith(f"as of 2025-08-29: {reported} of 300 projects reported;")
    db = str(tmp_path / "p.sqlite")
    assert main(["disbursement", "init", "--db", db, "--province", "Test", "--year", "2025"]) == 0
    (tmp_path / "projects.csv").write_text(PROJECTS, encoding="utf-8")
    (tmp_path / "w.csv").write_text("project,week_ending,source,amount\nP1,2025-07-04,investor,5\n")
    assert (
        main(["disbursement", "import", "--db", db, str(tmp_path / "projects.csv"), str(tmp_path / "w.csv")])
        == 0
    )
    args = [
        "disbursement",
        "withdraw",
        "--db",
        db,
        "--project",
        "P1",
        "--week-ending",
        "2025-07-04",
        "--who",
        "lan",
    ]
    assert main(args) == 0
    assert "withdrawn" in capsys.readouterr().out
    assert Tracker.open(db).audit_trail().iloc[-1]["who"] == "lan"
    assert main(args) == 2
    assert "nothing to withdraw" in capsys.readouterr().err


def test_cli_init_sets_the_stores_calendar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.sqlite")
    init = ["disbursement", "init", "--db", db, "--province", "Test", "--year", "2025"]
    assert main([*init, "--week-ends-on", "4", "--reporting-share", "100", "--who", "stc"]) == 0
    assert "weeks end on ISO day 4" in capsys.readouterr().out
    t = Tracker.open(db)
    assert t.calendar == gs.disbursement.Calendar(week_ends_on=4, grace_days=6, reporting_share_pct=100.0)
    audit = t.audit_trail()
    assert set(audit.loc[audit["entity"] == "meta", "who"]) >= {"stc"}
    (tmp_path / "projects.csv").write_text(PROJECTS, encoding="utf-8")
    (tmp_path / "thu.csv").write_text("project,week_ending,source,amount\nP1,2025-07-03,treasury,1\n")
    assert (
        main(
            ["disbursement", "import", "--db", db, str(tmp_path / "projects.csv"), str(tmp_path / "thu.csv")]
        )
        == 0
    )
    # One project of two reported: below the 100% this store asks for, so no default week yet.
    assert Tracker.open(db).latest_week() is None
    assert main([*init[:3], str(tmp_path / "q.sqlite"), *init[4:], "--week-ends-on", "9"]) == 2
    assert "week_ends_on" in capsys.readouterr().err
    assert not (tmp_path / "q.sqlite").exists()
