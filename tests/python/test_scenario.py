"""Scenarios from Python: the issue's interface, Cao Bằng 2025, properties, errors, files."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import grdpsim as gs

QUARTERS = ["Q1", "Q2", "Q3", "Q4"]


@pytest.fixture(scope="module")
def base() -> gs.Accounts:
    return gs.datasets.cao_bang_base()


def test_interface_of_the_issue(base: gs.Accounts) -> None:
    sc = gs.Scenario(base=base, year=2025, targets={"GRDP": {"Q1": 6.93, "Q2": 8.19, "Q3": 8.27, "Q4": 8.46}})
    b = base.level
    h1 = (b("2024Q1") * 1.0693 + b("2024Q2") * 1.0819) / b("2024H1") * 100 - 100
    assert sc.growth("2025H1") == pytest.approx(h1, abs=1e-12)
    sc2 = sc.with_actuals({"GRDP": {"H1": 7.52}})
    rq = sc2.required_growth(8.0, policy="uniform", locked=None, caps=None)
    # DOMAIN.md's formula, computed here independently of the library.
    expected = (1.08 * b("2024") - 1.0752 * b("2024H1")) / b("2024H2") * 100 - 100
    assert rq.grdp_pct == pytest.approx(expected, abs=1e-10)
    assert list(rq.by_quarter.index) == ["Q3", "Q4"]
    assert rq.feasible and rq.max_reachable_pct is None
    assert "NLTS" in rq.by_sector.index
    assert sc.growth("Y") != sc2.growth("Y") or sc2 is not sc  # immutable: sc unchanged
    assert sc.elapsed_quarters == 0 and sc2.elapsed_quarters == 2


def test_applying_the_required_growth_reaches_the_target_exactly(base: gs.Accounts) -> None:
    targets = {"NLTS": {"Y": 3.3}, "CNXD": {"Y": 12.97}, "DV": {"Y": 8.24}, "TSP": {"Y": 7.75}}
    actuals = {"NLTS": {"Q1": 1.96}, "CNXD": {"Q1": 6.84}, "DV": {"Q1": 6.83}, "TSP": {"Q1": 6.09}}
    sc = gs.Scenario(base=base, year=2025, targets=targets, actuals=actuals)
    for policy in ["uniform", "proportional"]:
        rq = sc.required_growth(8.0, policy=policy, spread="keep_profile")  # type: ignore[arg-type]
        applied = {
            code: {
                "Q1": actuals[code]["Q1"],
                **{q: rq.by_sector_quarter.loc[code, q] for q in ["Q2", "Q3", "Q4"]},
            }
            for code in targets
        }
        assert sc.with_targets(applied).growth("Y") == pytest.approx(8.0, abs=1e-9), policy


def test_gap_decomposes_into_sector_contributions(base: gs.Accounts) -> None:
    cb = gs.datasets.cao_bang_2025()
    gap = cb.gap("H1")
    assert gap.loc["GRDP", "actual_pct"] == pytest.approx(6.56, abs=1e-9)
    # The official gap: against the stated 6M target, 1.04 pp below the scenario.
    assert gap.loc["GRDP", "target_pct"] == pytest.approx(7.60, abs=1e-9)
    assert gap.loc["GRDP", "target_source"] == "stated"
    # An inconsistency row's actual is implied by the targets (no outturn source).
    assert gap.loc["inconsistency", "actual_source"] == "implied"
    assert gap.attrs["official_gap_pp"] == pytest.approx(-1.04, abs=1e-9)
    broad = gap.loc[["NLTS", "CNXD", "DV", "TSP"], "gap_pp"].sum()
    inconsistency = gap.loc["inconsistency", "gap_pp"]
    assert inconsistency == pytest.approx(cb.target_growth("H1") - 7.60, abs=1e-9)
    assert broad + inconsistency == pytest.approx(gap.loc["GRDP", "gap_pp"], abs=1e-9)
    assert gap.loc["GRDP", "gap_pp"] == pytest.approx(gap.loc["GRDP", "gap_pct"], abs=1e-12)


def test_cao_bang_2025_in_the_open() -> None:
    cb = gs.datasets.cao_bang_2025()
    cons = cb.consistency(stated_only=True)
    # Industry 7.14 and construction 21.1 are kept; CNXD 12.97 is reported beside what they imply.
    assert cons.loc[("CN", "Y"), "implied_pct"] == pytest.approx(7.14, abs=1e-9)
    assert cons.loc[("XD", "Y"), "implied_pct"] == pytest.approx(21.1, abs=1e-9)
    row = cons.loc[("CNXD", "Y")]
    assert row["stated_pct"] == 12.97
    assert row["difference_pp"] == pytest.approx(row["implied_pct"] - 12.97, abs=1e-12)
    # The mid-year release implies a revised Q1: not the first release's 6.01.
    q1 = cb.actual_growth("Q1")
    assert q1 is not None and abs(q1 - gs.datasets.CAO_BANG_2025_Q1_FIRST_RELEASE["GRDP"]) > 0.2
    assert cb.actual_growth("Q2") == pytest.approx(6.77, abs=1e-9)
    rq = cb.required_growth()
    assert rq.remaining == "2025H2" and rq.grdp_pct > 8.0


def test_caps_that_make_the_target_unreachable() -> None:
    cb = gs.datasets.cao_bang_2025()
    caps = {"NLTS": 3.5, "CN": 9.0, "XD": 23.0, "DV": 9.0, "TSP": 8.5}
    rq = cb.required_growth(policy="proportional", caps=caps)
    assert not rq.feasible
    assert rq.max_reachable_pct is not None and rq.max_reachable_pct < 8.0
    assert rq.reached_pct == pytest.approx(rq.max_reachable_pct, abs=1e-9)
    for code, cap in caps.items():
        assert rq.by_sector.loc[code, "required_pct"] == pytest.approx(cap, abs=1e-9)


def test_locks_keep_sectors_at_plan() -> None:
    cb = gs.datasets.cao_bang_2025()
    rq = cb.required_growth(locked=["NLTS", "TSP"])
    for code in ["NLTS", "TSP"]:
        assert rq.by_sector.loc[code, "locked"]
        assert rq.by_sector.loc[code, "required_pct"] == pytest.approx(
            rq.by_sector.loc[code, "planned_pct"], abs=1e-9
        )
    free = rq.by_sector.loc[["CN", "XD", "DV"], "rise_pp"]
    assert np.allclose(free, free.iloc[0])  # uniform: the same rise for every free sector


def test_what_if_sensitivity_and_goal_seek() -> None:
    cb = gs.datasets.cao_bang_2025()
    sens = cb.sensitivity()
    w = cb.with_targets({"XD": {"Y": 15.0}})
    moved = w.growth("Y") - cb.growth("Y")
    # Linear: the annual change is the sum over quarters of weight × change in each quarter.
    qt_before, qt_after = cb.quarterly_targets(), w.quarterly_targets()
    predicted = sum(sens.loc["XD", q] * (qt_after.loc["XD", q] - qt_before.loc["XD", q]) for q in QUARTERS)
    assert moved == pytest.approx(predicted, abs=1e-9)
    cmp = cb.compare(w)
    assert cmp.loc[("GRDP", "Y"), "difference_pp"] == pytest.approx(moved, abs=1e-9)
    # Tracking (the default): given H1, what construction must do in Q3 and Q4.
    seek = cb.goal_seek("XD", 8.0)
    assert seek.mode == "tracking" and seek.period == "2025H2"
    assert seek.scenario.growth("Y") == pytest.approx(8.0, abs=1e-9)
    assert seek.scenario.growth("H1") == cb.growth("H1")
    xd = seek.scenario.quarterly_targets().loc["XD"]
    assert xd[["Q3", "Q4"]].tolist() == pytest.approx([seek.growth_pct] * 2)
    assert xd[["Q1", "Q2"]].tolist() == cb.quarterly_targets().loc["XD", ["Q1", "Q2"]].tolist()
    plan = cb.goal_seek("XD", 8.0, mode="planning")
    assert plan.scenario.target_growth("Y") == pytest.approx(8.0, abs=1e-9)
    assert plan.scenario.quarterly_targets().loc["XD"].tolist() == pytest.approx([plan.growth_pct] * 4)


def test_files_round_trip(tmp_path: Path) -> None:
    cb = gs.datasets.cao_bang_2025()
    for name in ["cb.toml", "cb.json"]:
        path = tmp_path / name
        cb.save(path)
        again = gs.Scenario.from_file(path)
        assert again == cb
        assert again.required_growth().grdp_pct == cb.required_growth().grdp_pct
    assert gs.Scenario.from_toml(cb.to_toml()) == cb


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-20, 30), min_size=4, max_size=4),
    st.floats(-5, 15),
    st.floats(0, 20),
)
def test_required_growth_property(targets: list[float], h1: float, goal: float) -> None:
    base = gs.datasets.cao_bang_base()
    codes = ["NLTS", "CNXD", "DV", "TSP"]
    sc = gs.Scenario(
        base=base,
        year=2025,
        targets={c: {"Y": t} for c, t in zip(codes, targets)},
        actuals={"GRDP": {"H1": h1}},
        fractions_ok=True,
    )
    rq = sc.required_growth(goal, policy="uniform")
    b = base.level
    reached = ((1 + h1 / 100) * b("2024H1") + (1 + rq.grdp_pct / 100) * b("2024H2")) / b("2024")
    assert reached * 100 - 100 == pytest.approx(goal, abs=1e-9)


def test_bad_input_is_typed(base: gs.Accounts) -> None:
    with pytest.raises(gs.InvalidValueError, match="NLTS"):
        gs.Scenario(base=base, year=2025, targets={"NLTS": {"Y": -100.0}, "GRDP": {"Y": 8}})
    with pytest.raises(gs.PeriodError):
        gs.Scenario(base=base, year=2025, targets={"GRDP": {"2026Q1": 8.0}})
    with pytest.raises(gs.UnknownSectorError, match="XYZ"):
        gs.Scenario(base=base, year=2025, targets={"GRDP": {"Y": 8.0}}, actuals={"XYZ": {"Q1": 5.0}})
    sc = gs.Scenario(base=base, year=2025, targets={"GRDP": {"Y": 8.0}}, actuals={"GRDP": {"Q1": 6.0}})
    with pytest.raises(gs.InvalidArgumentError, match="free"):
        sc.required_growth(locked=["NLTS", "CNXD", "DV", "TSP"])
    # A cap below the plan holds the sector there, flagged; it is not refused.
    capped = sc.required_growth(caps={"DV": 1.0})
    assert capped.capped_below_plan == ["DV"] and capped.by_sector.loc["DV", "capped_below_plan"]
    with pytest.raises(gs.InconsistentDataError, match="contradictory actuals"):
        sc.with_actuals({"GRDP": {"Q2": 7.0, "H1": 9.0}})
    with pytest.raises(gs.InvalidArgumentError, match="mapping"):
        sc.with_targets({"GRDP": 8.0})  # type: ignore[dict-item]
    with pytest.raises(gs.InvalidArgumentError, match="GRDP, period Y: 'eight' is not a number"):
        sc.with_targets({"GRDP": {"Y": "eight"}})  # type: ignore[dict-item]
    assert sc.target_growth("Y") == pytest.approx(8.0)  # still usable


def test_a_nowcast_becomes_a_provisional_actual(capsys: pytest.CaptureFixture[str]) -> None:
    # Monthly IIP into quarterly industry value added, two months of Q3 2025 observed.
    months = np.arange(32)
    iip = 100 * 1.006**months * (1 + 0.05 * ((months % 12) - 5.5) / 5.5)
    va = 2.4 * iip[:30].reshape(10, 3).sum(axis=1) + np.arange(10) % 2
    n = gs.nowcast(va, iip)
    assert n.provisional and n.growth_on_year_pct is not None
    cb = gs.datasets.cao_bang_2025()
    now = cb.with_nowcast(n, period="Q3", sector="CNXD")
    assert now.actual_growth("Q3", "CNXD") == pytest.approx(n.growth_on_year_pct, abs=1e-9)
    assert now.is_provisional("Q3", "CNXD") and now.is_provisional("9M")
    assert not now.is_provisional("H1") and not cb.is_provisional("Q3", "CNXD")
    assert now.actuals.query("provisional")[["sector", "period"]].values.tolist() == [["CNXD", "Q3"]]
    assert gs.Scenario.from_toml(now.to_toml()).is_provisional("Q3", "CNXD")
    manual = cb.with_actuals({"CNXD": {"Q3": 9.0}}, provisional=True)
    assert manual.is_provisional("Q3", "CNXD")
    text = gs.report.tracking_report(now, {"policy": "uniform", "spread": "same"}, charts=False).to_text()
    assert "Provisional figures (estimates such as nowcasts, not yet published): CNXD Q3." in text


# -- tracking semantics (issue: tracking answers that match the province's own) -----------------


def test_sector_actuals_count_in_a_partly_reported_quarter() -> None:
    cb = gs.datasets.cao_bang_2025()
    plan = {s: cb.target_growth("Q3", s) for s in ("CN", "DV")}
    sc = cb.with_actuals({"CN": {"Q3": 2.0}, "DV": {"Q3": 5.0}}, provisional=True)
    b = cb.base.level
    expected = sum(b("2024Q3", s) * (a - plan[s]) for s, a in (("CN", 2.0), ("DV", 5.0))) / b("2024Q3")
    assert sc.growth("Q3") - cb.growth("Q3") == pytest.approx(expected, abs=1e-9)
    assert sc.source("Q3") == "partly_reported" and sc.is_provisional("Q3")
    before, after = cb.required_growth(8.0), sc.required_growth(8.0)
    assert after.rise != before.rise
    assert after.by_sector_quarter.loc["CN", "Q3"] == pytest.approx(2.0, abs=1e-9)
    assert sc.required_growth(8.0, elapsed_quarters=3).remaining == "2025Q4"


def test_a_what_if_never_rewrites_a_quarter_with_actuals() -> None:
    cb = gs.datasets.cao_bang_2025()
    plan = cb.target_growth("Q3", "DV")
    w = cb.with_targets({"DV": {"Q3": plan - 1}})
    before, after = cb.quarterly_targets(), w.quarterly_targets()
    assert after[["Q1", "Q2", "Q4"]].equals(before[["Q1", "Q2", "Q4"]])
    assert w.target_growth("Y") < cb.target_growth("Y")  # the annual figure moves
    cmp = cb.compare(w)
    assert cmp.loc[("GRDP", "Y"), "other_pct"] == pytest.approx(w.target_growth("Y"), abs=1e-12)
    held = cb.with_targets({"DV": {"Q3": plan - 1}}, hold="annual")
    assert held.target_growth("Y", "DV") == pytest.approx(cb.target_growth("Y", "DV"), abs=1e-9)
    assert (
        held.quarterly_targets().loc["DV", ["Q1", "Q2"]].tolist() == before.loc["DV", ["Q1", "Q2"]].tolist()
    )


def test_mistakes_are_loud(base: gs.Accounts, tmp_path: Path) -> None:
    with pytest.raises(gs.InvalidValueError, match="×|percentages") as e:
        gs.Scenario(base=base, year=2025, targets={"GRDP": {"Y": 0.08}, "DV": {"Y": 0.09}})
    assert (e.value.kind, e.value.sector, e.value.period, e.value.value) == (
        "looks_like_fraction",
        "GRDP",
        "Y",
        0.08,
    )
    assert gs.Scenario(base=base, year=2025, targets={"GRDP": {"Y": 0.08}}, fractions_ok=True)
    with pytest.raises(gs.InconsistentDataError, match="2025Q1") as hole:
        gs.Scenario(base=base, year=2025, targets={"GRDP": {"Y": 8}}, actuals={"GRDP": {"Q2": 7.0}})
    assert hole.value.period == "2025Q1" and hole.value.sector == "GRDP"
    text = gs.datasets.cao_bang_2025().to_toml().replace("[targets.GRDP]", "[target.GRDP]")
    with pytest.raises(gs.ParseError, match="did you mean `targets`"):
        gs.Scenario.from_toml(text)
    cb = gs.datasets.cao_bang_2025()
    with pytest.raises(gs.InvalidArgumentError, match="at least 3 years") as short:
        cb.required_growth(caps=["DV"])
    assert short.value.kind == "invalid_argument"
    with pytest.raises(gs.InvalidArgumentError, match="caps"):
        cb.required_growth(caps=5)  # type: ignore[arg-type]
    with pytest.raises(gs.InvalidArgumentError, match="not a number"):
        cb.required_growth(locked={"DV": "plan"})  # type: ignore[dict-item]
    assert cb.required_growth(locked="DV").by_sector.loc["DV", "locked"]
    rq = cb.required_growth(8.0, policy="sector_targets")
    assert rq.status == "NOT feasible: the sector targets reach 7.99%, 0.01 pp short of 8.00%"
    assert (
        rq.status_vi == "KHÔNG khả thi: mục tiêu các ngành đạt 7,99%, thiếu 0,01 điểm phần trăm so với 8,00%"
    )
    assert cb.required_growth(8.0).status_vi == "khả thi"
    # The status is one typed value, its sentences written from it in either language.
    assert (rq.feasibility.kind, rq.feasibility.feasible) == ("not_feasible", False)
    assert rq.feasibility.text("vi") == rq.status_vi and rq.feasibility.text("en") == rq.status
    assert pickle.loads(pickle.dumps(rq.feasibility)) == rq.feasibility
    assert cb.required_growth(8.0).feasibility.kind == "feasible"


def test_the_report_names_its_subject_and_puts_the_official_gap_first() -> None:
    cb = gs.datasets.cao_bang_2025()
    text = gs.report.tracking_report(cb, {"policy": "uniform", "spread": "same"}, charts=False).to_text()
    lines = text.splitlines()
    assert lines[0].startswith("Cao Bằng 2025")
    official = text.index("Official gap")
    assert official < text.index("Stated targets")
    assert "- H1: GRDP 6.56% against the stated target 7.60%: 1.04 pp below the scenario" in text
    assert text.index("- Q1: ") < text.index("- Q2: ") < text.index("- H1: ")
    targets_header = next(line for line in lines if line.startswith("sector  name"))
    assert targets_header.split()[2:] == ["Q1", "Q2", "H1", "Q3", "Y"]
    assert "revised" in text  # the Q1 note
    # The estimated cells are named, the derived quarterly targets shown, the caps explained.
    assert "Estimated, not published" in text and "Derived quarterly targets" in text
    capped = gs.report.tracking_report(cb, {"caps": {"DV": 5.0}}, charts=False).to_text()
    assert "Held at a cap below their plan: DV." in capped


def test_national_reports_say_gdp(national_csv: Path) -> None:
    acc = gs.Accounts.from_csv(national_csv)
    sc = gs.Scenario(base=acc, year=2024, targets={"GDP": {"Y": 6.5}}, actuals={"GDP": {"Q1-Q3": 6.82}})
    text = gs.report.tracking_report(sc, {"policy": "uniform", "spread": "same"}, charts=False).to_text()
    assert "GRDP" not in text and "GDP 6.82%" in text


# -- issue 21: units and targets as stated, everywhere ------------------------------------------

LEAF_Q1_FRACTIONS = {
    "NLTS": {"Q1": 0.031},
    "CN": {"Q1": 0.082},
    "XD": {"Q1": 0.12},
    "DV": {"Q1": 0.071},
    "TSP": {"Q1": 0.05},
}


def _planned() -> gs.Scenario:
    cb = gs.datasets.cao_bang_2025()
    return gs.Scenario(
        base=cb.base, year=2025, targets={"GRDP": {"Y": 8.0}, "CN": {"Y": 10.0}, "XD": {"Y": 15.0}}
    )


def test_what_ifs_refuse_figures_that_all_look_like_fractions() -> None:
    sc = _planned()
    # Every leaf's Q1 growth as a fraction: the what-if reported a gap of -6.93 pp.
    with pytest.raises(gs.InvalidValueError, match="fractions") as e:
        sc.with_actuals(LEAF_Q1_FRACTIONS)
    assert (e.value.kind, e.value.sector, e.value.period, e.value.value) == (
        "looks_like_fraction",
        "NLTS",
        "Q1",
        0.031,
    )
    percent = {s: {"Q1": v["Q1"] * 100} for s, v in LEAF_Q1_FRACTIONS.items()}
    assert sc.with_actuals(percent).gap("Q1").loc["GRDP", "gap_pp"] > -6.0
    meant = sc.with_actuals(LEAF_Q1_FRACTIONS, fractions_ok=True)
    assert meant.growth("Q1", "CN") == pytest.approx(0.082, abs=1e-9)
    # The override holds for its call: the result still guards the next one.
    assert not meant.fractions_ok
    with pytest.raises(gs.InvalidValueError, match="fractions"):
        meant.with_targets({"DV": {"Q3": 0.09}})
    with pytest.raises(gs.InvalidValueError) as t:
        sc.with_targets({"DV": {"Q3": 0.09, "Q4": 0.1}})
    assert (t.value.sector, t.value.period, t.value.value) == ("DV", "Q3", 0.09)
    # A lone figure is judged against its cell's plan: 0.9% for agriculture is a growth rate.
    assert sc.with_targets({"NLTS": {"Q3": 0.9}}).target_growth("Q3", "NLTS") == pytest.approx(0.9)
    assert sc.with_targets({"DV": {"Q3": 0.09}}, fractions_ok=True).target_growth(
        "Q3", "DV"
    ) == pytest.approx(0.09)
    # A scenario made with fractions_ok keeps the choice.
    small = gs.Scenario(base=sc.base, year=2025, targets={"GRDP": {"Y": 0.5}}, fractions_ok=True)
    assert small.fractions_ok and small.with_actuals({"GRDP": {"Q1": 0.4}}).growth("Q1") == pytest.approx(0.4)


def test_questions_refuse_a_target_that_looks_like_a_fraction() -> None:
    cb = gs.datasets.cao_bang_2025()
    # required_growth(0.08) answered for a 0.08% target.
    with pytest.raises(gs.InvalidValueError) as e:
        cb.required_growth(0.08)
    assert (e.value.kind, e.value.sector, e.value.period, e.value.value) == (
        "looks_like_fraction",
        "GRDP",
        "Y",
        0.08,
    )
    assert cb.required_growth(0.08, fractions_ok=True).target_pct == 0.08
    with pytest.raises(gs.InvalidValueError, match="fractions"):
        cb.goal_seek("XD", 0.08)
    assert cb.goal_seek("DV", 0.5, fractions_ok=True).annual_grdp_pct == 0.5
    u = gs.Uncertainty.normal({"NLTS": 2.0, "CN": 3.0, "XD": 6.0, "DV": 1.5, "TSP": 3.0})
    with pytest.raises(gs.InvalidValueError, match="fractions"):
        cb.probability(0.08, u)
    assert cb.probability(0.08, u, fractions_ok=True).target_pct == 0.08
    base, plan = cb.base_levels(), cb.quarterly_targets().to_numpy()
    fractions = plan[None] / 100.0
    for call in (
        lambda: gs.batch.annual_growth(base, fractions),
        lambda: gs.batch.gap(base, fractions, 2, base[:, :2].sum(axis=1)),
        lambda: gs.batch.required_growth(
            base,
            fractions,
            elapsed_quarters=2,
            actual_elapsed_level=1.0,
            target_pct=8.0,
            sectors=cb.quarterly_targets().index,
        ),
    ):
        with pytest.raises(gs.InvalidValueError) as b:
            call()
        assert b.value.kind == "looks_like_fraction" and b.value.period == "Q1 of variant 0"
    assert np.isfinite(gs.batch.annual_growth(base, fractions, fractions_ok=True)).all()
    with pytest.raises(gs.InvalidValueError) as target:
        gs.batch.required_growth(
            base, plan[None], elapsed_quarters=2, actual_elapsed_level=1.0, target_pct=0.08
        )
    assert (target.value.sector, target.value.value) == ("GRDP", 0.08)


def _stated_q1_and_year() -> gs.Scenario:
    """CN: 9.0 stated for Q1, 10.0 for the year; the spread rule gives Q2..Q4 10%."""
    cb = gs.datasets.cao_bang_2025()
    return gs.Scenario(
        base=cb.base,
        year=2025,
        targets={"GRDP": {"Y": 8.0}, "CN": {"Q1": 9.0, "Y": 10.0}},
        actuals={"GRDP": {"Q1": 7.0}, "CN": {"Q1": 9.0}},
    )


def test_a_stated_annual_target_is_the_one_every_table_shows() -> None:
    sc = _stated_q1_and_year()
    plan = sc.target_growth("Y", "CN")
    assert plan < 9.9  # the quarterly targets stop short of the stated 10%
    assert sc.annual_target("CN") == 10.0 and sc.annual_target() == 8.0
    row = sc.consistency().loc[("CN", "Y")]
    assert row["stated_pct"] == 10.0 and not row["consistent"]
    rq = sc.required_growth(policy="uniform")
    cn = rq.by_sector.loc["CN"]
    assert cn["annual_target_pct"] == 10.0
    assert cn["plan_difference_pp"] == pytest.approx(plan - 10.0, abs=1e-12)
    assert np.isnan(rq.by_sector.loc["XD", "plan_difference_pp"])
    # The growth needed over Q2..Q4 reaches the stated 10%, not the plan's figure.
    reached = sc.with_targets({"CN": {"Q2-Q4": cn["own_required_pct"]}})
    assert reached.growth("Y", "CN") == pytest.approx(10.0, abs=1e-9)
    # GRDP's sectors follow its 8% except CN, whose plan stops short: GRDP's plan misses too.
    assert rq.plan_differences().index.tolist() == ["GRDP", "CN"]
    assert f"CN {plan - 10.0:+.2f} pp" in repr(rq) and "quarterly plan vs stated annual target: GRDP" in repr(
        rq
    )
    assert {"annual_target_pct", "plan_difference_pp"} <= set(rq.to_frame().columns)
    vi = gs.report.translate(rq.to_frame(), "vi").columns
    assert "kế hoạch quý so với mục tiêu năm (điểm %)" in vi
    u = gs.Uncertainty.normal({"NLTS": 2.0, "CN": 3.0, "XD": 6.0, "DV": 1.5, "TSP": 3.0})
    p = sc.probability(uncertainty=u)
    assert p.by_sector.loc["CN", "target_pct"] == 10.0


@settings(max_examples=25, deadline=None)
@given(
    q1=st.floats(-5, 20),
    year=st.floats(1, 20),
    actual=st.floats(-5, 20),
    sector=st.sampled_from(["NLTS", "CN", "XD", "DV", "TSP"]),
)
def test_applying_the_required_growth_reaches_the_stated_target(
    q1: float, year: float, actual: float, sector: str
) -> None:
    cb = gs.datasets.cao_bang_2025()
    sc = gs.Scenario(
        base=cb.base,
        year=2025,
        targets={"GRDP": {"Y": 8.0}, sector: {"Q1": q1, "Y": year}},
        actuals={"GRDP": {"Q1": 7.0}, sector: {"Q1": actual}},
    )
    own = sc.required_growth().by_sector.loc[sector, "own_required_pct"]
    applied = sc.with_targets({sector: {"Q2-Q4": own}}, fractions_ok=True)
    assert applied.growth("Y", sector) == pytest.approx(year, abs=1e-9)


def test_goal_seek_says_whether_it_is_feasible() -> None:
    cb = gs.datasets.cao_bang_2025()
    # goal_seek("TSP", 15.0) answered some 400% with no word on feasibility.
    taxes = cb.goal_seek("TSP", 15.0)
    assert taxes.mode == "tracking" and taxes.growth_pct > 100
    assert not taxes.feasible and taxes.bound == "plausible" and taxes.bound_pct == 30.0
    assert taxes.status.startswith("NOT feasible: TSP would need")
    assert taxes.status_vi.startswith("KHÔNG khả thi: TSP cần tăng")
    assert "NOT feasible" in repr(taxes)
    # Construction alone would need some 43% in H2: beyond the plausible bound, within a cap of
    # 50% an analyst may state; services need some 10.5%.
    xd = cb.goal_seek("XD", 8.0)
    assert not xd.feasible and 40 < xd.growth_pct < 50
    capped = cb.goal_seek("XD", 8.0, cap=50.0)
    assert capped.feasible and capped.bound == "cap" and capped.growth_pct == xd.growth_pct
    assert capped.status.startswith("feasible: ") and "within the cap of 50.00%" in capped.status
    # repr is the core's Display of the same result (scenario::goal_seek_line): figures, the
    # mode in its program name whatever the case given, and the English sentence.
    g = capped.growth_pct
    line = (
        f"GoalSeek(XD {g:.2f}% over 2025H2 for 8.00%, mode=tracking, feasible: {g:.2f}% over "
        "2025H2, within the cap of 50.00%)"
    )
    assert repr(capped) == line
    assert repr(cb.goal_seek("XD", 8.0, mode=" Tracking", cap=50.0)) == line
    dv = cb.goal_seek("DV", 8.0)
    assert dv.feasible and dv.status_vi.startswith("khả thi: ")
    with pytest.raises(gs.InvalidArgumentError, match="historical"):
        cb.goal_seek("XD", 8.0, cap="highest")
    with pytest.raises(gs.GrdpsimError, match="3 years"):
        cb.goal_seek("XD", 8.0, cap="historical")  # the base holds one year of growth


def test_sectors_come_out_in_tree_order(tmp_path: Path) -> None:
    cb = gs.datasets.cao_bang_2025()
    tree = [code for code in ["GRDP", "NLTS", "CNXD", "CN", "XD", "DV", "TSP"]]
    for path in [tmp_path / "cb.toml", tmp_path / "cb.json", tmp_path / "cb.xlsx"]:
        if path.suffix == ".xlsx":
            cb.to_excel(path, charts=False)
            again = gs.Scenario.from_excel(path)
        else:
            cb.save(path)
            again = gs.Scenario.from_file(path)
        got = list(again.targets().index)
        assert got == [c for c in tree if c in got], (path.suffix, got)
    mixed = gs.Scenario(
        base=cb.base, year=2025, targets={"TSP": {"Y": 7.0}, "DV": {"Y": 8.0}, "GRDP": {"Y": 8.0}}
    )
    assert list(mixed.targets().index) == ["GRDP", "DV", "TSP"]


def test_results_print_as_the_core_prints_them() -> None:
    """``repr`` of a result is the Rust ``Display`` of the same result: one rule, in the core
    (``scenario::required_growth_line``, ``probability::probability_line``), whose own tests
    (src/scenario/display.rs, src/probability/display.rs) pin the same lines for the same
    README examples."""
    cb = gs.datasets.cao_bang_2025()
    rq = cb.required_growth(8.0, policy="uniform")
    assert repr(rq) == (
        "RequiredGrowth(target=8.00%, 2025H2: GRDP 9.27%, policy=uniform, feasible; "
        "quarterly plan vs stated annual target: GRDP -0.01 pp, CNXD -0.01 pp)"
    )
    u = gs.Uncertainty.normal({"NLTS": 2.0, "CN": 3.0, "XD": 6.0, "DV": 1.5, "TSP": 3.0}, ar=0.5)
    p = cb.probability(8.0, uncertainty=u)
    median = float(p.quantiles[50])
    assert 6.5 < median < 7.8
    assert repr(p) == f"Probability(P(≥8.00%)=0.048, analytic, median {median:.2f}%)"


def test_owners_with_deadlines_round_trip_and_survive_what_ifs(tmp_path: Path) -> None:
    """Issue 25 §2.1a: who answers for a target and by when, from Python."""
    import datetime

    cb = gs.datasets.cao_bang_2025().with_targets({"CN": {"Q3": 10.19, "Q4": 10.19}})
    sc = cb.with_owners(
        {
            "CN": {
                "department": "Sở Công Thương",
                "deadline": datetime.date(2025, 12, 31),
                "Q3": {"deadline": "2025-09-30"},
            },
            "XD": {"department": "Sở Xây dựng"},
        }
    )
    frame = sc.owners()
    assert list(frame.columns) == ["sector", "period", "department", "deadline"]
    # A period or deadline not given is missing (NaN), as pandas keeps missing text.
    assert frame.fillna("-").values.tolist() == [
        ["CN", "-", "Sở Công Thương", "2025-12-31"],
        ["CN", "Q3", "Sở Công Thương", "2025-09-30"],
        ["XD", "-", "Sở Xây dựng", "-"],
    ]
    # Files, workbooks, pickles and what-ifs keep them.
    assert gs.Scenario.from_toml(sc.to_toml()).owners().equals(frame)
    path = tmp_path / "owners.xlsx"
    sc.to_excel(path, lang="vi", charts=False)
    assert gs.Scenario.from_excel(path).owners().equals(frame)
    assert pickle.loads(pickle.dumps(sc)).owners().equals(frame)
    assert sc.with_targets({"DV": {"Q4": 7.0}}).owners().equals(frame)


def test_owners_that_cannot_be_are_typed_errors() -> None:
    cb = gs.datasets.cao_bang_2025()
    with pytest.raises(gs.InvalidArgumentError) as e:
        cb.with_owners({"CN": {"department": "Sở Công Thương", "Q3": {}}})  # no CN Q3 target
    assert (e.value.kind, e.value.sector, e.value.period, e.value.text) == (
        "invalid_owner",
        "CN",
        "Q3",
        "Sở Công Thương",
    )
    with pytest.raises(gs.InvalidArgumentError) as e:
        cb.with_owners({"XD": {"department": "Sở Xây dựng", "deadline": "31/12/2025"}})
    assert (e.value.sector, e.value.period, e.value.text) == ("XD", "*", "31/12/2025")
    with pytest.raises(gs.GrdpsimError) as e:
        cb.with_owners({"ZZ": {"department": "Sở X"}})
    assert e.value.sector == "ZZ"
