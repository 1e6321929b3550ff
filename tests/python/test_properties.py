"""Properties that must hold for any data (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import grdpsim as gs


@st.composite
def trees_and_levels(draw: st.DrawFn) -> tuple[gs.SectorTree, np.ndarray]:
    """A random tree (depth up to 3) and positive leaf levels over 8 quarters."""
    specs = [{"code": "ROOT"}]
    frontier = ["ROOT"]
    for depth in range(draw(st.integers(1, 3))):
        nxt = []
        for parent in frontier:
            for k in range(draw(st.integers(1 if depth else 2, 3))):
                code = f"{parent}_{k}"
                specs.append({"code": code, "parent": parent})
                nxt.append(code)
        frontier = nxt
    tree = gs.SectorTree.from_specs(specs)
    n = len(tree.leaves)
    levels = draw(
        st.lists(st.floats(1.0, 1e6), min_size=n * 8, max_size=n * 8).map(
            lambda xs: np.array(xs).reshape(n, 8)
        )
    )
    return tree, levels


PERIODS = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024H1", "2024H2", "2024Q1-Q3", "2024"]


@settings(max_examples=60, deadline=None)
@given(trees_and_levels(), st.floats(1e-3, 1e3))
def test_scaling_all_levels_leaves_growth_unchanged(data: tuple, scale: float) -> None:
    tree, levels = data
    a = gs.Accounts.from_leaf_levels(tree, "2023Q1", levels)
    b = gs.Accounts.from_leaf_levels(tree, "2023Q1", levels * scale)
    for code in tree.codes:
        for p in PERIODS:
            assert np.isclose(a.growth(p, code), b.growth(p, code), rtol=1e-9, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(trees_and_levels())
def test_contributions_add_up_and_aggregates_are_sums(data: tuple) -> None:
    tree, levels = data
    acc = gs.Accounts.from_leaf_levels(tree, "2023Q1", levels)
    matrix = acc.to_numpy()
    codes = acc.sectors
    for i, code in enumerate(codes):
        children = tree.children(code)
        if children:
            total = sum(matrix[codes.index(c)] for c in children)
            np.testing.assert_allclose(matrix[i], total, rtol=1e-12)
    for p in PERIODS:
        table = acc.contributions(p, convention="grdp")
        assert np.isclose(
            table.drop(index="ROOT")["contribution_pp"].sum(), table.loc["ROOT", "growth_pct"], atol=1e-9
        )
