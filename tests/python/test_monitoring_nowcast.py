"""From the departments' monthly reports to the scenario: an indicator nowcasts its sector's
next quarter, which enters the scenario as a provisional actual (issue 11)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import grdpsim as gs
from grdpsim.errors import InvalidArgumentError


@pytest.fixture(scope="module")
def industry() -> gs.monitoring.SectorNowcast:
    return gs.datasets.cao_bang_monitoring_2025().nowcast(gs.datasets.cao_bang_2025(), "CN_GTSX")


def test_it_is_the_nowcast_of_the_series_an_analyst_would_assemble(
    industry: gs.monitoring.SectorNowcast,
) -> None:
    m = gs.datasets.cao_bang_monitoring_2025()
    sc = gs.datasets.cao_bang_2025()
    # By hand: industry's 2024 quarters from the base accounts, 2025 Q1 and Q2 as the scenario
    # stands (Q2 published, Q1 its estimate), the monthly values as reported.
    y = [sc.base.level(f"2024Q{q}", sector="CN") for q in range(1, 5)]
    y += [sc.level("Q1", sector="CN"), sc.level("Q2", sector="CN")]
    values = m.monthly_values("CN_GTSX")
    months = values["value"].to_numpy()
    assert not np.isnan(months).any()
    direct = gs.nowcast(np.array(y), months)
    assert industry.nowcast.level == pytest.approx(direct.level, rel=1e-12)
    assert industry.growth_pct == pytest.approx(direct.growth_on_year_pct, abs=1e-9)
    assert (industry.sector, industry.period, industry.year) == ("CN", "Q3", 2025)
    assert industry.months == ("2024-01", "2025-07")
    assert industry.quarters == ("2024Q1", "2025Q2")
    assert industry.estimated == ["Q1"] and industry.months_beyond == []


def test_the_frame_and_the_chart_show_the_same_figures(industry: gs.monitoring.SectorNowcast) -> None:
    f = industry.to_frame()
    assert list(f.index) == ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3"]
    assert list(f.source) == ["base"] * 4 + ["estimated", "actual", "nowcast"]
    assert f.loc["2025Q2", "growth_yoy_pct"] == pytest.approx(1.87, abs=1e-9)
    last = f.iloc[-1]
    assert last.growth_yoy_pct == pytest.approx(industry.growth_pct, abs=1e-9)
    assert last.low < last.level < last.high
    assert f.attrs["indicator"] == "CN_GTSX"
    pytest.importorskip("matplotlib")
    ax = industry.plot(lang="vi")
    known = ax.lines[0].get_ydata()
    np.testing.assert_allclose(known, f.level.iloc[:-1].to_numpy())
    assert "sơ bộ" in " ".join(t.get_text() for t in ax.get_legend().get_texts())
    assert "Quý III/2025" in industry._repr_html_() or "2025Q3" in industry._repr_html_()


def test_applying_it_makes_a_provisional_actual_the_report_lists(
    industry: gs.monitoring.SectorNowcast,
) -> None:
    sc = gs.datasets.cao_bang_2025()
    with_q3 = industry.apply(sc)
    assert with_q3.is_provisional("Q3", sector="CN") and not sc.is_provisional("Q3", sector="CN")
    assert with_q3.actual_growth("Q3", sector="CN") == pytest.approx(industry.growth_pct, abs=1e-9)
    assert with_q3.notes_in("vi")[-1] == industry.note(lang="vi")
    assert with_q3.notes_in("en")[-1] == industry.note(lang="en")
    assert sc.actual_growth("Q2", sector="CN") == with_q3.actual_growth("Q2", sector="CN")
    text = gs.report.tracking_report(with_q3, charts=False).to_text()
    assert "CN 2025Q3" in text and "CN_GTSX" in text
    assert "CN 2025Q3" not in gs.report.tracking_report(sc, charts=False).to_text()
    # Never over an actual figure.
    published = sc.with_actuals({"CN": {"Q3": 3.0}})
    with pytest.raises(InvalidArgumentError, match="already has actual figures"):
        industry.apply(published)


def test_the_method_is_not_ignored() -> None:
    m = gs.datasets.cao_bang_monitoring_2025()
    sc = gs.datasets.cao_bang_2025()
    denton = m.nowcast(sc, "CN_GTSX", method="denton-cholette")
    chow_lin = m.nowcast(sc, "CN_GTSX")
    assert denton.nowcast.level != pytest.approx(chow_lin.nowcast.level, rel=1e-9)
    assert denton.interval_pct is None and math.isnan(denton.to_frame().iloc[-1].low)
    narrow = m.nowcast(sc, "CN_GTSX", level=0.5)
    assert (
        narrow.interval_pct[1] - narrow.interval_pct[0] < chow_lin.interval_pct[1] - chow_lin.interval_pct[0]
    )


@pytest.mark.parametrize(
    ("indicator", "words"),
    [("CN_IIP", "is an index"), ("XNK", "informs no sector"), ("NOPE", "not an indicator")],
)
def test_indicators_that_cannot_nowcast_say_why(indicator: str, words: str) -> None:
    m = gs.datasets.cao_bang_monitoring_2025()
    with pytest.raises(InvalidArgumentError, match=words):
        m.nowcast(gs.datasets.cao_bang_2025(), indicator)


def test_the_cli_prints_the_nowcast_and_saves_the_scenario_with_it(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from grdpsim.cli import main

    out = tmp_path / "with_q3.toml"
    assert main(["monitor", "nowcast", "--indicator", "CN_GTSX", "--lang", "vi", "--save", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Quý III/2025: sơ bộ" in printed and "nowcast" in printed
    saved = gs.Scenario.from_file(out)
    assert saved.is_provisional("Q3", sector="CN")
    expected = gs.datasets.cao_bang_monitoring_2025().nowcast(gs.datasets.cao_bang_2025(), "CN_GTSX")
    assert saved.actual_growth("Q3", sector="CN") == pytest.approx(expected.growth_pct, abs=1e-9)
    # With a store of one's own, the scenario is needed.
    db = tmp_path / "m.sqlite"
    assert main(["monitor", "init", "--db", str(db), "--province", "X", "--year", "2025"]) == 0
    assert main(["monitor", "nowcast", "--indicator", "CN_GTSX", "--db", str(db)]) != 0
    assert "--scenario" in capsys.readouterr().err
