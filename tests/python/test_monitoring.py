"""Monitoring from Python: pace, digest, imports, the CLI (the July 2025 meeting of Cao Bằng)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import grdpsim as gs
from grdpsim.cli import main
from grdpsim.errors import GrdpsimError, ImportRejectedError


@pytest.fixture(scope="module")
def july() -> gs.monitoring.Digest:
    m = gs.datasets.cao_bang_monitoring_2025()
    return m.digest(
        "2025-07", scenario=gs.datasets.cao_bang_2025(), policy=gs.monitoring.CAO_BANG_2025_POLICY_TOML
    )


def test_pace_reproduces_the_published_shares() -> None:
    m = gs.datasets.cao_bang_monitoring_2025()
    p = m.pace("2025-07").to_frame()
    assert p.loc["CN_GTSX", "reached_pct"] == pytest.approx(42.3, abs=0.05)
    assert p.loc["CN_GTSX", "profile"] == "last_year"
    assert p.loc["NS_THU", "reached_pct"] == pytest.approx(135.0, abs=0.05)
    assert p.loc["CN_IIP", "reached_pct"] == pytest.approx(1.04)
    assert "<table" in m.pace("2025-07")._repr_html_()


def test_july_digest_flags_industry_and_disbursement(july: gs.monitoring.Digest) -> None:
    f = july.to_frame().set_index("subject")
    assert f.loc["indicator:CN_GTSX", "severity"] == "red"
    assert f.loc["province:disbursement", "severity"] in ("red", "amber")
    assert "indicator:DL_DT" not in f.index and "indicator:NS_THU" not in f.index
    assert "Sở Công Thương" in f.loc["task:T-02", "responsible"]
    assert july.official_gap_pp == pytest.approx(-1.04)
    assert "Giá trị sản xuất công nghiệp" in july.render("md", lang="vi")
    assert "Industrial production value" in july.render("text", lang="en")
    assert all(f.message_vi != f.message_en)
    assert "<table>" in july._repr_html_()


def test_imports_are_all_or_nothing_and_idempotent(tmp_path: Path) -> None:
    m = gs.monitoring.Monitor.create(tmp_path / "p.sqlite", province="Test", year=2025)
    ind = tmp_path / "ind.csv"
    ind.write_text(
        "indicator,name_vi,name_en,unit,department,sector,kind\nV,Giá trị,Value,bn,Dept,CN,flow\n",
        encoding="utf-8",
    )
    assert m.import_file(ind).inserted == 1
    assert m.import_file(ind).unchanged == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,month,value\nV,2025-01,10\nW,2025-02,1\n", encoding="utf-8")
    with pytest.raises(ImportRejectedError) as e:
        m.import_file(bad)
    assert [p["row"] for p in e.value.problems] == [3]
    assert m.monthly_values("V").empty


def test_a_policy_with_an_unknown_key_is_refused() -> None:
    m = gs.datasets.cao_bang_monitoring_2025()
    with pytest.raises(GrdpsimError, match="flow_red_ratoi"):
        m.digest("2025-07", policy="[pace]\nflow_red_ratoi = 0.8\n")


def test_cli_digest_in_both_languages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["monitor", "digest", "--month", "2025-07", "--lang", "vi"]) == 0
    out = capsys.readouterr().out
    assert "Bản tin theo dõi tháng 2025-07" in out
    target = tmp_path / "digest.md"
    assert main(["monitor", "digest", "--month", "2025-07", "--format", "md", "--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Monthly monitoring digest 2025-07")
    book = tmp_path / "digest.xlsx"
    assert main(["monitor", "digest", "--month", "2025-07", "--format", "xlsx", "--output", str(book)]) == 0
    assert book.read_bytes()[:2] == b"PK"
    assert main(["monitor", "digest", "--month", "2025-07", "--format", "xlsx"]) == 2
    assert (
        main(["monitor", "init", "--db", str(tmp_path / "x.sqlite"), "--province", "T", "--year", "2025"])
        == 0
    )
    assert main(["monitor", "import", str(tmp_path / "missing.csv"), "--db", str(tmp_path / "x.sqlite")]) == 2


def test_figures_are_finite_where_given(july: gs.monitoring.Digest) -> None:
    assert july.p_reach is not None and 0.0 <= july.p_reach <= 1.0
    assert july.disbursement_rate_pct is not None and math.isfinite(july.disbursement_rate_pct)


def test_pace_against_a_period_target(tmp_path: Path) -> None:
    m = gs.monitoring.Monitor.create(tmp_path / "m.sqlite", province="X", year=2025)
    (tmp_path / "ind.csv").write_text(
        "indicator,name_vi,name_en,unit,department,sector,kind\nV,Giá trị,Value,bn,D,CN,flow\n",
        encoding="utf-8",
    )
    (tmp_path / "t.csv").write_text(
        "indicator,period,basis,target\nV,year,plan,1200\nV,Q3,plan,300\n", encoding="utf-8"
    )
    rows = "".join(f"V,2025-{k:02},{100 if k < 8 else 50},,\n" for k in range(1, 9))
    (tmp_path / "v.csv").write_text("indicator,month,value,cumulative,yoy_pct\n" + rows, encoding="utf-8")
    for name in ("ind.csv", "t.csv", "v.csv"):
        m.import_file(tmp_path / name)
    q3 = m.pace("2025-08", period="Quý III").to_frame()
    assert q3.loc["V", "period"] == "Q3" and q3.loc["V", "months_elapsed"] == 2
    assert q3.loc["V", "to_date"] == pytest.approx(150.0)
    assert q3.loc["V", "pace_ratio"] == pytest.approx(0.75)
    year = m.pace("2025-08").to_frame()
    assert year.loc["V", "period"] == "year" and year.loc["V", "to_date"] == pytest.approx(750.0)
    assert m.pace("2025-06", period="Q3").to_frame().empty
    with pytest.raises(GrdpsimError, match="Q3, Q4 and H2"):
        m.pace("2025-08", period="Q1")


def test_an_indicator_without_august_figures_is_not_evaluated_not_resolved() -> None:
    # Issue 21, observed 1: July's digest, then August's without August values for CN_GTSX and
    # CN_IIP, gave their pace findings history == "resolved".
    m = gs.datasets.cao_bang_monitoring_2025()
    cb = gs.datasets.cao_bang_2025()
    policy = gs.monitoring.CAO_BANG_2025_POLICY_TOML
    m.digest("2025-07", scenario=cb, policy=policy)
    august = m.digest("2025-08", scenario=cb, policy=policy)
    f = august.to_frame().set_index("subject")
    for code in ("indicator:CN_GTSX", "indicator:CN_IIP"):
        assert f.loc[code, "history"] == "not_evaluated"
        assert f.loc[code, "severity"] == "red"
        assert f.loc[code, "found_in"] == "2025-07"
        assert "2025-08" in f.loc[code, "reason_en"] and "2025-08" in f.loc[code, "reason_vi"]
    assert not any(str(s).startswith("indicator:CN") for s in august.to_frame(resolved=True).subject)
    assert august.not_evaluated == 4  # the H2 pace too, against the target the scenario implies
    # Without a scenario, rules 2-4 are not evaluated: nothing of theirs resolved.
    september = m.digest("2025-09", policy=policy)
    s = september.to_frame().set_index("subject")
    assert s.loc["sector:GRDP", "history"] == "not_evaluated"
    assert "no scenario" in s.loc["sector:GRDP", "reason_en"]
    resolved_rules = set(september.to_frame(resolved=True).rule)
    assert not resolved_rules & {"gap_pp", "probability", "required_above_history"}


def test_the_headline_probability_is_the_findings_with_its_model(july: gs.monitoring.Digest) -> None:
    f = july.to_frame().set_index("subject")
    assert july.p_reach == f.loc["sector:GRDP", "figure"]
    assert july.p_model is not None
    en, vi = july.p_model
    assert en in f.loc["sector:GRDP", "message_en"] and vi in f.loc["sector:GRDP", "message_vi"]
    assert f"Probability of the annual target: 4% ({en})" in july.render("text", lang="en")


def test_every_finding_is_listed_unless_top_says_how_many_are_left_out(july: gs.monitoring.Digest) -> None:
    frame = july.to_frame()
    text = july.render("text", lang="en")
    assert sum(line.startswith("- [") for line in text.splitlines()) == len(frame)
    short = july.render("text", lang="en", top=1)
    left = len(frame) - frame.responsible.nunique()
    assert f"Shortened: {left} findings left out" in short
    assert "Bản rút gọn" in july.render("md", lang="vi", top=1)
    with pytest.raises(gs.errors.InvalidArgumentError, match="top"):
        july.render(top=0)
    # XD's H1 figure is estimated, not published: its findings say so in both languages.
    xd = frame[(frame.subject == "sector:XD") & (frame.rule == "gap_pp")].iloc[0]
    assert bool(xd.estimated)
    assert "estimated, not published" in xd.message_en and "ước tính" in xd.message_vi


def test_cli_august_digest_states_its_as_of_and_the_reports_not_in(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Done when: `grdpsim monitor digest --month 2025-08` on the example states its as-of,
    # lists every finding, and shows the indicators without August figures as not reported.
    assert main(["monitor", "digest", "--month", "2025-08", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.endswith("as of 2025-09-10 (the report deadline)"), first
    assert "Not reported for 2025-08 (due 2025-09-10, not late yet)" in out
    assert "[red, not evaluated] Not evaluated: the report for 2025-08 is not in yet" in out
    resolved = out.split("Resolved since")[1] if "Resolved since" in out else ""
    assert "Industrial production" not in resolved
    assert "left out" not in out and "… " not in out
    assert main(["monitor", "digest", "--month", "2025-08", "--lang", "en", "--top", "2"]) == 0
    assert "findings left out" in capsys.readouterr().out
    assert main(["monitor", "digest", "--month", "2025-08", "--top", "0"]) == 2


def test_cli_digest_as_of_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    # Issue 25: --as-of dates the findings; past the deadline, August's reports are late.
    assert main(["monitor", "digest", "--month", "2025-08", "--lang", "en", "--as-of", "2025-09-20"]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.endswith("as of 2025-09-20"), first
    assert "not late yet" not in out
    assert main(["monitor", "digest", "--month", "2025-08", "--as-of", "2025-09-31"]) == 2
    assert "as_of" in capsys.readouterr().err


def test_pace_shows_the_plan_and_the_scenario_side_by_side() -> None:
    m = gs.datasets.cao_bang_monitoring_2025()
    p = m.pace("2025-07").to_frame()
    row = p.loc["CN_GTSX"]
    # 3,583 bn against the plan of 7,980 and the target the scenario implies (derived, ~8,470).
    assert row["plan_target"] == 7980.0
    assert row["scenario_target"] == pytest.approx(8470.0, abs=0.5)
    assert row["plan_reached_pct"] == pytest.approx(100 * 3583.0 / 7980.0)
    assert row["scenario_reached_pct"] == pytest.approx(100 * 3583.0 / row["scenario_target"])
    assert round(float(row["plan_reached_pct"]), 1) == 44.9
    assert round(float(row["scenario_reached_pct"]), 1) == 42.3
    assert math.isnan(p.loc["DL_DT", "scenario_target"])


def test_derived_targets_flag_the_q3_plan_of_2050() -> None:
    m = gs.datasets.cao_bang_monitoring_2025()
    cb = gs.datasets.cao_bang_2025()
    d = m.derived_targets(cb, policy=gs.monitoring.CAO_BANG_2025_POLICY_TOML)
    assert list(d.index.names) == ["indicator", "period"]
    q3 = d.loc[("CN_GTSX", "Q3")]
    assert q3["conversion"] == "value_added" and q3["plan"] == 2050.0
    # Industry's Q3 value added in the scenario, 345.72 bn at 2010 prices (+8.59%), times the
    # price index 1.5615 over value added/output 0.25: 2,159.4 bn; the plan of 2,050 implies
    # 1.0859 * 2,050 / 2,159.4 - 1 = +3.1% of value added (the example's conversion is
    # synthetic: the meeting's +6.1% came from the department's own, not published).
    assert q3["basis_value"] * 1.5615 / 0.25 == pytest.approx(q3["derived"])
    assert q3["derived"] == pytest.approx(2159.4, abs=0.05)
    g = q3["assigned_growth_pct"]
    assert round(float(g), 2) == 8.59
    assert q3["plan_growth_pct"] == pytest.approx(((1 + g / 100) * 2050 / q3["derived"] - 1) * 100)
    assert round(float(q3["plan_growth_pct"]), 1) == 3.1
    assert bool(q3["plan_falls_short"])
    assert "Q3 plan of 2,050 bn VND implies +3.1% value added; the scenario assigns +8.6%" in q3["flag_en"]
    assert "kế hoạch quý III 2.050 tỷ đồng chỉ tương ứng giá trị tăng thêm +3,1%" in q3["flag_vi"]
    assert "1,5615" in d.loc[("CN_GTSX", "year"), "derivation_vi"]
    # Q4 has no plan: nothing to flag, and the frame says so with NaN and None.
    q4 = d.loc[("CN_GTSX", "Q4")]
    assert math.isnan(q4["plan"]) and pd.isna(q4["flag_en"]) and not bool(q4["plan_falls_short"])
    # The shipped policy links nothing: an empty frame with the program columns.
    assert m.derived_targets(cb).empty
    assert "flag_vi" in m.derived_targets(cb).columns
    with pytest.raises(gs.InvalidArgumentError):
        m.derived_targets("cb.toml")  # type: ignore[arg-type]


def test_cli_pace_flags_the_plan_below_the_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["monitor", "pace", "--month", "2025-07", "--period", "Q3"]) == 0
    vi = capsys.readouterr().out
    assert "Kế hoạch thấp hơn tăng trưởng kịch bản giao:" in vi
    assert "kế hoạch quý III 2.050 tỷ đồng chỉ tương ứng giá trị tăng thêm +3,1%; kịch bản giao +8,6%" in vi
    assert main(["monitor", "pace", "--month", "2025-07", "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "your Q3 plan of 2,050 bn VND implies +3.1% value added; the scenario assigns +8.6%" in en


def test_cli_pace_speaks_vietnamese_by_default_and_english_on_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["monitor", "pace", "--month", "2025-07"]) == 0
    vi = capsys.readouterr().out
    assert "Tiến độ đến tháng 2025-07" in vi and "% kế hoạch" in vi and "% kịch bản" in vi
    line = next(x for x in vi.splitlines() if x.startswith("Giá trị sản xuất công nghiệp"))
    assert "44,9" in line and "42,3" in line
    assert main(["monitor", "pace", "--month", "2025-07", "--lang", "en"]) == 0
    en = capsys.readouterr().out
    line = next(x for x in en.splitlines() if x.startswith("Industrial production value"))
    assert "44.9" in line and "42.3" in line and "% of scenario" in en


def test_cli_digest_scenario_without_db_is_used_and_read_from_xlsx(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Not silently ignored: a scenario that cannot be read stops the command.
    assert main(["monitor", "digest", "--month", "2025-07", "--scenario", str(tmp_path / "none.toml")]) == 2
    assert "none.toml" in capsys.readouterr().err
    # The tool's own workbook is read as a workbook (it once failed as 'not valid UTF-8').
    book = tmp_path / "kich_ban.xlsx"
    gs.templates.scenario_workbook(book, example=True)
    assert main(["monitor", "digest", "--month", "2025-07", "--lang", "en", "--scenario", str(book)]) == 0
    out = capsys.readouterr().out
    assert "Industrial production value" in out


def test_cli_digest_as_of_shows_the_examples_task_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    # 31 July: the fortnightly meeting (first held 25 July) is next due 8 August, 8 days away.
    assert main(["monitor", "digest", "--month", "2025-07", "--as-of", "2025-07-31", "--lang", "vi"]) == 0
    july = capsys.readouterr().out
    assert "còn 8 ngày đến hạn (kỳ hạn 2025-08-08, định kỳ 2 tuần)" in july
    assert "quá hạn" not in july.split("Họp định kỳ 02 tuần")[1].splitlines()[0]
    # 26 August: that meeting and the one of 22 August were missed (18 and 4 days), the
    # review due 20 August is 6 days late, August's report to the 25th 1 day late.
    assert main(["monitor", "digest", "--month", "2025-08", "--as-of", "2025-08-26", "--lang", "en"]) == 0
    august = capsys.readouterr().out
    assert "18 days past its instance due 2025-08-08 (every 2 weeks)" in august
    assert "4 days past its instance due 2025-08-22 (every 2 weeks)" in august
    assert "1 days past its instance due 2025-08-25 (monthly by 25)" in august
    assert "6 days past its deadline 2025-08-20" in august
    assert "Department of Construction" in august
    # And the Q3 plan below the scenario, as a finding of its own.
    assert "your Q3 plan of 2,050 bn VND implies +3.1% value added; the scenario assigns +8.6%" in august
