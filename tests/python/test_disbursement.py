"""Disbursement tracking from Python: DataFrames, imports and their errors, the CLI (issue 10)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import grdpsim as gs
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
    revisions = july.attrs["revisions"]
    assert len(revisions) > 0 and (revisions["effective"] == pd.Timestamp("2025-07-15")).all()


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


def test_cli_report_on_the_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = tmp_path / "briefing.xlsx"
    assert main(["disbursement", "report", "--as-of", "2025-07-31", "--xlsx", str(xlsx)]) == 0
    assert xlsx.stat().st_size > 0
    out = capsys.readouterr().out
    first = "\n".join(out.splitlines()[:3])
    assert "as of 2025-07-31" in first and "Disbursed 26.8% of the plan in force" in first
    assert "Ranking of investors" in out and "Behind the monthly plan" in out
    assert "Proposals for the" in out and "below the provincial rate" in out


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
