"""Charts: each draws the figures of the table it shows (read back from the Axes)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg", force=False)

import numpy as np
import pytest

import grdpsim as gs


@pytest.fixture(scope="module")
def cb() -> gs.Scenario:
    return gs.datasets.cao_bang_2025()


def _bars(ax: object) -> list[tuple[float, float]]:
    return [(p.get_y(), p.get_height()) for p in ax.patches]  # type: ignore[attr-defined]


def test_gap_waterfall_steps_are_the_gap_table(cb: gs.Scenario) -> None:
    ax = gs.plot.gap(cb, "H1")
    table = cb.gap("H1")
    bars = _bars(ax)
    assert bars[0] == (0.0, pytest.approx(7.60, abs=1e-12))  # the stated target
    steps = [h for _, h in bars[1:-1]]
    expected = [table.loc[s, "gap_pp"] for s in ["NLTS", "CNXD", "DV", "TSP", "inconsistency"]]
    np.testing.assert_allclose(steps, expected, rtol=0, atol=1e-12)
    # The steps lead from the target to the actual.
    assert bars[-2][0] + bars[-2][1] == pytest.approx(bars[-1][1], abs=1e-9)
    assert bars[-1][1] == pytest.approx(table.loc["GRDP", "actual_pct"], abs=1e-12)


def test_contribution_bars_are_the_contributions(cb: gs.Scenario) -> None:
    ax = gs.plot.contributions(cb.base, ["2024"], lang="vi")
    table = cb.base.contributions("2024", convention="grdp")
    heights = [h for _, h in _bars(ax)]
    np.testing.assert_allclose(heights, table["contribution_pp"].iloc[1:].to_numpy(), atol=1e-12)
    assert ax.get_ylabel().startswith("đóng góp")


def test_required_and_quarters(cb: gs.Scenario) -> None:
    rq = cb.required_growth(8.0, caps={"DV": 9.0})
    ax = rq.plot()
    heights = [h for _, h in _bars(ax)]
    n = len(rq.by_sector)
    np.testing.assert_allclose(heights[:n], rq.by_sector["planned_pct"].to_numpy(dtype=float), atol=1e-12)
    np.testing.assert_allclose(heights[n:], rq.by_sector["required_pct"].to_numpy(dtype=float), atol=1e-12)
    q3 = cb.with_actuals({"CN": {"Q3": 2.0}}, provisional=True)
    ax = gs.plot.quarters(q3)
    points = [line.get_ydata()[0] for line in ax.lines[1:]]
    np.testing.assert_allclose(points, [q3.growth(q) for q in ["Q1", "Q2", "Q3", "Q4"]], atol=1e-12)
    with pytest.raises(gs.InvalidArgumentError, match="lang"):
        gs.plot.quarters(q3, lang="fr")


def test_the_session_language_is_the_default(cb: gs.Scenario) -> None:
    assert gs.get_language() == "en"
    gs.set_language("vi")
    try:
        assert gs.plot.contributions(cb.base, ["2024"]).get_ylabel().startswith("đóng góp")
        # An explicit lang= wins over the session's.
        assert gs.plot.contributions(cb.base, ["2024"], lang="en").get_ylabel().startswith("contribution")
        with pytest.raises(gs.InvalidArgumentError, match="lang"):
            gs.set_language("fr")
        assert gs.get_language() == "vi"  # a refused language changes nothing
    finally:
        gs.set_language("en")
