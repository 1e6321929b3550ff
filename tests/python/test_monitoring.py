"""Monitoring from Python: pace, digest, imports, the CLI (the July 2025 meeting of Cao Bằng)."""

from __future__ import annotations

import math
from pathlib import Path

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
    ind.write_text("indicator,name_vi,name_en,unit,department,sector,kind\nV,Giá trị,Value,bn,Dept,CN,flow\n", encoding="utf-8")
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
    assert main(["monitor", "init", "--db", str(tmp_path / "x.sqlite"), "--province", "T", "--year", "2025"]) == 0
    assert main(["monitor", "import", str(tmp_path / "missing.csv"), "--db", str(tmp_path / "x.sqlite")]) == 2


def test_figures_are_finite_where_given(july: gs.monitoring.Digest) -> None:
    assert july.p_reach is not None and 0.0 <= july.p_reach <= 1.0
    assert july.disbursement_rate_pct is not None and math.isfinite(july.disbursement_rate_pct)


def test_pace_against_a_period_target(tmp_path: Path) -> None:
    m = gs.monitoring.Monitor.create(tmp_path / "m.sqlite", province="X", year=2025)
    (tmp_path / "ind.csv").write_text(
        "indicator,name_vi,name_en,unit,department,sector,kind\nV,Giá trị,Value,bn,D,CN,flow\n", encoding="utf-8"
    )
    (tmp_path / "t.csv").write_text("indicator,period,basis,target\nV,year,plan,1200\nV,Q3,plan,300\n", encoding="utf-8")
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
