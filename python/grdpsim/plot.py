"""Charts, one call each (matplotlib; the ``grdpsim[plot]`` extra).

Every function draws on ``ax`` (a new figure's axes when None), labels in ``lang`` (``"en"`` or
``"vi"``; the session's language, :func:`grdpsim.set_language`, when None) and returns the
``Axes``, so that a chart can be placed in a figure of the analyst's own and its data read back. The bars drawn are the figures of the tables they show, unrounded.

- :func:`contributions`: stacked contributions in points of GRDP per period, the total marked;
- :func:`gap`: the official gap as a waterfall, from the stated target to the actual, one step
  per broad sector and one for the scenario's inconsistency;
- :func:`required`: planned against required growth by sector, caps marked;
- :func:`quarters`: targets and the year as it stands, quarter by quarter; actual, partly
  reported and target quarters drawn differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, Union

import numpy as np

from . import _core
from ._lang import resolve, tick_numbers, word
from ._optional import require

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .accounts import Accounts
    from .scenario import RequiredGrowth, Scenario

__all__ = ["contributions", "gap", "required", "quarters"]

_WORDS: dict[str, tuple[str, str]] = {
    "contribution": ("contribution, percentage points", "đóng góp, điểm phần trăm"),
    "total": ("total growth", "tăng trưởng chung"),
    "target": ("target", "kịch bản"),
    "actual": ("actual", "thực hiện"),
    "gap_title": (
        "{total} {period}: {actual:.2f}% against {target:.2f}%",
        "{total} {period}: {actual:.2f}% so với {target:.2f}%",
    ),
    "pp_of": ("percentage points of {total}", "điểm phần trăm {total}"),
    "planned": ("planned", "kế hoạch"),
    "required": ("required", "cần đạt"),
    "cap": ("cap", "mức trần"),
    "growth": ("growth, %", "tăng trưởng, %"),
    "over": ("growth over {period}, %", "tăng trưởng {period}, %"),
    "partly": ("partly reported", "báo cáo một phần"),
    "as_it_stands": ("as it stands", "ước thực hiện"),
}


def _t(key: str, lang: str | None, **fields: Any) -> str:
    return word(_WORDS, key, lang, **fields)


def _period(label: str, lang: str | None, year: int | None = None) -> str:
    """A period as people read it in ``lang`` (``6 tháng/2025``, ``Quý I``)."""
    return _core.period_label(label, resolve(lang), year=year)


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    plt = require("matplotlib.pyplot")

    created: Axes = plt.subplots(figsize=(8, 4))[1]
    return created


def _name(tree: Any, code: str, lang: str | None) -> str:
    if code not in tree:
        return code
    vi, en = tree.names(code)
    return str(en if resolve(lang) == "en" else vi)


def contributions(
    data: Union[Accounts, Scenario],
    periods: Sequence[str],
    *,
    convention: Literal["grdp", "gva"] = "grdp",
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Stacked bars of the broad sectors' contributions per period (points of GRDP, or of
    value added under ``convention="gva"``), with the total growth as a marker. On a scenario,
    the year as it stands."""
    ax = _axes(ax)
    frames = [data.contributions(p, convention=convention) for p in periods]
    sectors = list(frames[0].index[1:])
    tree = data.base.tree if hasattr(data, "base") else data.tree
    x = np.arange(len(periods))
    up, down = np.zeros(len(periods)), np.zeros(len(periods))
    for code in sectors:
        values = np.array([float(f.loc[code, "contribution_pp"]) for f in frames])
        bottom = np.where(values >= 0, up, down)
        ax.bar(x, values, bottom=bottom, label=_name(tree, code, lang), width=0.6)
        up += np.where(values >= 0, values, 0)
        down += np.where(values < 0, values, 0)
    totals = [float(f.iloc[0]["growth_pct"]) for f in frames]
    ax.plot(x, totals, "k_", markersize=28, markeredgewidth=2.5, label=_t("total", lang))
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, [_period(p, lang) for p in periods])
    ax.set_ylabel(_t("contribution", lang))
    tick_numbers(ax.yaxis, lang)
    ax.legend(fontsize="small")
    return ax


def gap(scenario: Scenario, period: str, *, ax: Axes | None = None, lang: str | None = None) -> Axes:
    """The official gap as a waterfall: from the stated target, one step per broad sector
    (its gap in points of GRDP) and one for the scenario's inconsistency, to the actual."""
    ax = _axes(ax)
    from .report import row_label

    table = scenario.gap(period)
    total = scenario.root
    gap_pp: dict[Any, float] = {k: float(v) for k, v in table["gap_pp"].items()}
    steps = [(s, gap_pp[s]) for s in scenario.base.tree.children(total)]
    if "inconsistency" in gap_pp:
        steps.append(("inconsistency", gap_pp["inconsistency"]))
    row: dict[Any, Any] = table.loc[total].to_dict()
    start, end = float(row["target_pct"]), float(row["actual_pct"])
    labels = [_t("target", lang)]
    ax.bar(0, start, color="tab:gray", width=0.6)
    level = start
    for i, (code, step) in enumerate(steps, start=1):
        ax.bar(i, step, bottom=level, color="seagreen" if step >= 0 else "firebrick", width=0.6)
        level += step
        labels.append(
            str(row_label(code, lang)) if code == "inconsistency" else _name(scenario.base.tree, code, lang)
        )
    ax.bar(len(steps) + 1, end, color="tab:blue", width=0.6)
    labels.append(_t("actual", lang))
    ax.set_xticks(range(len(labels)), labels, rotation=20, ha="right")
    ax.set_ylabel(_t("growth", lang))
    tick_numbers(ax.yaxis, lang)
    ax.set_title(
        _t(
            "gap_title",
            lang,
            total=total,
            period=_period(table.attrs["period"], lang),
            actual=end,
            target=start,
        )
    )
    ax.axhline(0, color="black", linewidth=0.8)
    return ax


def required(rq: RequiredGrowth, *, ax: Axes | None = None, lang: str | None = None) -> Axes:
    """Planned against required growth over the remaining quarters, by sector; caps marked."""
    ax = _axes(ax)
    rows = rq.by_sector
    x = np.arange(len(rows))
    ax.bar(
        x - 0.2,
        rows["planned_pct"].to_numpy(dtype=float),
        width=0.4,
        label=_t("planned", lang),
        color="tab:gray",
    )
    ax.bar(
        x + 0.2,
        rows["required_pct"].to_numpy(dtype=float),
        width=0.4,
        label=_t("required", lang),
        color="tab:red",
    )
    caps = rows["cap_pct"]
    capped = [i for i, c in enumerate(caps) if c is not None and not (isinstance(c, float) and np.isnan(c))]
    if capped:
        ax.plot(
            [x[i] + 0.2 for i in capped], [float(caps.iloc[i]) for i in capped], "kv", label=_t("cap", lang)
        )
    ax.set_xticks(x, list(rows.index))
    ax.set_ylabel(_t("over", lang, period=_period(rq.remaining, lang)))
    tick_numbers(ax.yaxis, lang)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.legend(fontsize="small")
    return ax


def quarters(
    scenario: Scenario, *, sector: str | None = None, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Quarter by quarter: the target (a line) and the year as it stands (markers: filled for
    an actual, half for a partly reported quarter, hollow for a quarter still at its target)."""
    ax = _axes(ax)
    code = sector or scenario.root
    qs = ["Q1", "Q2", "Q3", "Q4"]
    x = np.arange(4)
    ax.plot(
        x, [scenario.target_growth(q, code) for q in qs], "--", color="tab:gray", label=_t("target", lang)
    )
    styles = {
        "actual": ("o", "tab:blue", _t("actual", lang)),
        "estimated": ("o", "tab:blue", _t("actual", lang)),
        "partly_reported": ("D", "tab:orange", _t("partly", lang)),
        "target": ("o", "none", _t("as_it_stands", lang)),
    }
    shown: set[str] = set()
    for i, q in enumerate(qs):
        marker, face, label = styles[scenario.source(q, code)]
        ax.plot(
            [x[i]],
            [scenario.growth(q, code)],
            marker,
            markerfacecolor=face,
            color="tab:blue",
            markersize=9,
            linestyle="none",
            label=None if label in shown else label,
        )
        shown.add(label)
    ax.set_xticks(x, [_period(q, lang, scenario.year) for q in qs])
    ax.set_ylabel(_t("growth", lang))
    tick_numbers(ax.yaxis, lang)
    ax.set_title(f"{_name(scenario.base.tree, code, lang)} {scenario.year}")
    ax.legend(fontsize="small")
    return ax
