"""Accounts from Python: GSO's published figures, both conventions, pandas front end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import grdpsim as gs

# GSO, "Tình hình kinh tế - xã hội quý III và 9 tháng năm 2024" (October 2024).
GSO_9M_2024 = {"GDP": 6.82, "A": 3.20, "BTF": 8.19, "GTT": 6.95}


def _check_9m(acc: gs.Accounts) -> None:
    for code, published in GSO_9M_2024.items():
        assert acc.growth("2024Q1-Q3", code) == pytest.approx(published, abs=0.005), code


def test_csv_reproduces_gso_9_months_2024(national_csv: Path) -> None:
    _check_9m(gs.Accounts.from_csv(national_csv))


def test_sdmx_reproduces_gso_9_months_2024(national_sdmx: Path) -> None:
    _check_9m(gs.Accounts.from_sdmx(national_sdmx))


def test_frame_loader_matches_csv(national_csv: Path) -> None:
    frame = pd.read_csv(national_csv)
    from_frame = gs.Accounts.from_frame(frame)
    from_csv = gs.Accounts.from_csv(national_csv)
    np.testing.assert_array_equal(from_frame.to_numpy(), from_csv.to_numpy())
    np.testing.assert_array_equal(from_frame.to_numpy("current"), from_csv.to_numpy("current"))
    _check_9m(from_frame)


def test_gva_contributions_table(national_csv: Path) -> None:
    acc = gs.Accounts.from_csv(national_csv)
    table = acc.contributions("2024Q1-Q3", convention="gva")
    assert list(table.columns) == ["growth_pct", "weight_pct", "contribution_pp", "share_pct"]
    assert table.attrs["convention"] == "gva"
    assert list(table.index) == ["GVA", "A", "BTF", "GTT"]
    sectors = table.drop(index="GVA")
    assert sectors["share_pct"].sum() == pytest.approx(100.0, abs=1e-9)
    assert sectors["contribution_pp"].sum() == pytest.approx(table.loc["GVA", "growth_pct"], abs=1e-9)
    assert table.loc["GTT", "growth_pct"] == pytest.approx(6.95, abs=0.005)


def test_grdp_contributions_add_up_on_every_period(national_csv: Path) -> None:
    acc = gs.Accounts.from_csv(national_csv)
    quarters = acc.quarters
    checked = 0
    for year in range(quarters[0].year + 1, quarters[-1].year + 1):
        for label in ["Q1", "Q2", "Q3", "Q4", "H1", "H2", "Q1-Q3", ""]:
            period = f"{year}{label}"
            try:
                table = acc.contributions(period, convention="grdp")
            except gs.PeriodError:
                continue  # 2024Q4 and later are not in the feed
            total = table.attrs["total"]
            assert table.drop(index=total)["contribution_pp"].sum() == pytest.approx(
                table.loc[total, "growth_pct"], abs=1e-9
            ), period
            checked += 1
    assert checked > 100


def test_convention_is_required(national_csv: Path) -> None:
    acc = gs.Accounts.from_csv(national_csv)
    with pytest.raises(TypeError):
        acc.contributions("2024Q1-Q3")  # type: ignore[call-arg]
    with pytest.raises(gs.InvalidArgumentError, match="convention"):
        acc.contributions("2024Q1-Q3", convention="gdpx")  # type: ignore[arg-type]


def test_aliases_and_levels(national_csv: Path) -> None:
    acc = gs.Accounts.from_csv(national_csv)
    assert acc.growth("2024H1", "CNXD") == acc.growth("2024H1", "BTF")
    levels = acc.levels(["NLTS", "DV"])
    assert list(levels.columns) == ["A", "GTT"]
    assert isinstance(levels.index, pd.PeriodIndex)
    assert levels.loc[pd.Period("2024Q3", "Q"), "A"] == acc.level("2024Q3", "A")
    nine = acc.level("2024Q1-Q3", "GDP")
    assert nine == pytest.approx(sum(acc.level(f"2024Q{q}", "GDP") for q in (1, 2, 3)), rel=1e-12)


def test_structure_uses_current_prices(national_csv: Path) -> None:
    acc = gs.Accounts.from_csv(national_csv)
    s = acc.structure("2024Q1-Q3")
    assert s["share_pct"].sum() == pytest.approx(100.0, abs=1e-9)
    assert s.loc["GTT", "level_current"] == acc.level("2024Q1-Q3", "GTT", "current")


def test_cao_bang_base_reproduces_2024_release() -> None:
    acc = gs.datasets.cao_bang_base()
    table = acc.contributions("2024", convention="grdp")
    assert table.loc["GRDP", "growth_pct"] == pytest.approx(6.74, abs=1e-9)
    published = {"NLTS": 0.70, "CNXD": 1.64, "DV": 4.19, "TSP": 0.21}
    for code, pp in published.items():
        assert table.loc[code, "contribution_pp"] == pytest.approx(pp, abs=0.01), code
    assert acc.structure("2024")["share_pct"].round(2).to_dict() == {
        "NLTS": 20.83,
        "CNXD": 18.99,
        "DV": 56.48,
        "TSP": 3.70,
    }


def test_sector_tree_names_and_custom_tree() -> None:
    tree = gs.SectorTree.national()
    assert tree.canonical("cnxd") == "BTF"
    assert tree.names("TAX") == ("Thuế sản phẩm trừ trợ cấp sản phẩm", "Product taxes less subsidies")
    assert tree.children("BTF") == ["BTE", "F"]
    assert gs.SectorTree.from_specs(tree.specs()) == tree
    custom = gs.SectorTree.from_specs(
        [{"code": "TOTAL"}, {"code": "X", "parent": "TOTAL"}, {"code": "Y", "parent": "TOTAL"}]
    )
    assert custom.leaves == ["X", "Y"]


def test_custom_tree_from_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "tree.csv"
    path.write_text(
        "code,parent,name_vi,aliases,net_taxes\nTONG,,Tổng,GRDP,\nNN,TONG,Nông nghiệp,NLTS,\n"
        "KHAC,TONG,Khác,,\nTHUE,TONG,Thuế,TSP,true\n"
    )
    tree = gs.SectorTree.from_csv(path)
    assert tree.canonical("NLTS") == "NN"
    levels = np.array([[10.0] * 4 + [11.0] * 4, [20.0] * 8, [-1.0] * 4 + [-2.0] * 4])
    acc = gs.Accounts.from_leaf_levels(tree, "2023Q1", levels)
    assert acc.growth("2024", "NLTS") == pytest.approx(10.0)
    assert acc.growth("2024", "GRDP") == pytest.approx((11 + 20 - 2) / (10 + 20 - 1) * 100 - 100)
