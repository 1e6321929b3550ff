"""Issue 24: a DataFrame or Series is for programs, and never changes with the session's language.

Every public method, property and field of the package that returns a frame (found by its
return annotation, not listed by hand) is called with the session in Vietnamese and in
English: columns, index (names and labels, sector codes, periods ``Q1``, ``H1``, ``Y``), dtypes
and cells are the same. What people read in Vietnamese comes from ``grdpsim.report.translate``,
the reports, ``_repr_html_`` and the charts.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

import grdpsim as gs

_FRAME = re.compile(r"\b(DataFrame|Series)\b")

#: Arguments by parameter name for the calls, the same for every method that takes one (the
#: owner's own choice first, for a name that means another thing there).
_ARGS: dict[str, Any] = {
    "period": "H1",
    "as_of": "2025-07-31",
    "since": "2025-06-30",
    "previous_year": [1000.0, 1500.0, 2000.0, 3000.0],
    "indicator": "CN_GTSX",
    "convention": "grdp",
}
_OWN_ARGS: dict[str, dict[str, Any]] = {
    "Accounts": {"period": "2024"},
    "Tracker": {"project": "DA-003"},
}

#: Columns that hold sentences for people: their text follows ``lang=`` (by default the
#: session's language); their name, and every other cell of the frame, do not.
_SENTENCES = {("Tracker", "proposals"): ["message"]}
#: Columns that record the wall clock when the store was written (each language's instance is
#: made afresh, seconds apart): compared by name and dtype only.
_CLOCK = {("Tracker", "audit_trail"): ["at"]}


#: The one function whose job is a table for people: it translates what it is given.
_TRANSLATORS = {("grdpsim.report", "translate")}


def _modules() -> Iterator[Any]:
    for info in pkgutil.iter_modules(gs.__path__):
        if not info.name.startswith("_") and info.name not in ("cli", "web"):
            yield importlib.import_module(f"grdpsim.{info.name}")


def _returns_a_frame(annotation: object) -> bool:
    return annotation is not inspect.Signature.empty and bool(_FRAME.search(str(annotation)))


def _frame_members() -> tuple[dict[str, type], list[tuple[str, str]], list[tuple[Any, str]]]:
    """The package's public classes, their members that return a frame (class name, member
    name), and its public module functions that do (module, name)."""
    classes: dict[str, type] = {}
    functions: list[tuple[Any, str]] = []
    for module in _modules():
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", "") != module.__name__:
                continue
            if inspect.isclass(obj):
                classes[name] = obj
            elif inspect.isfunction(obj) and _returns_a_frame(inspect.signature(obj).return_annotation):
                if (module.__name__, name) not in _TRANSLATORS:
                    functions.append((module, name))
    members = []
    for cname, cls in classes.items():
        annotations: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            annotations.update(getattr(klass, "__annotations__", {}))
        # Fields (a dataclass's without a default) are annotations, not class attributes.
        for name in sorted(set(dir(cls)) | set(annotations)):
            if name.startswith("_"):
                continue
            attr = inspect.getattr_static(cls, name, None)
            if isinstance(attr, property):
                found = _returns_a_frame(inspect.signature(attr.fget).return_annotation)  # type: ignore[arg-type]
            elif isinstance(attr, (staticmethod, classmethod)) or inspect.isfunction(attr):
                found = _returns_a_frame(inspect.signature(getattr(cls, name)).return_annotation)
            else:
                found = _returns_a_frame(annotations.get(name, inspect.Signature.empty))
            if found:
                members.append((cname, name))
    return classes, members, functions


def _three_years(acc: gs.Accounts) -> gs.Accounts:
    """2022-2024: the base's two years after one 5% lower (a backtest needs a year before)."""
    levels = acc.to_numpy()[[acc.sectors.index(s) for s in acc.tree.leaves]]
    return gs.Accounts.from_leaf_levels(acc.tree, "2022Q1", np.hstack([levels[:, :4] / 1.05, levels]))


def _instances() -> dict[str, Any]:
    """One instance of every class that has a member returning a frame, made in the session's
    language (a result's fields are made with it)."""
    cb = gs.datasets.cao_bang_2025()
    acc = gs.datasets.cao_bang_base()
    u = gs.Uncertainty.normal({"NLTS": 2.0, "CN": 3.0, "XD": 6.0, "DV": 1.5, "TSP": 3.0}, ar=0.5)
    m = gs.datasets.cao_bang_monitoring_2025()
    return {
        "Scenario": cb,
        "Accounts": acc,
        "RequiredGrowth": cb.required_growth(8.0),
        "GoalSeek": cb.goal_seek("XD", 8.0),
        "Uncertainty": u,
        "Probability": cb.probability(8.0, uncertainty=u),
        "Backtest": gs.backtest(_three_years(acc), lambda a: gs.Uncertainty.normal(2.0), [2024], (1, 2)),
        "Tracker": gs.datasets.cao_bang_disbursement_2025(),
        "Monitor": m,
        "Pace": m.pace("2025-07"),
        "Digest": m.digest("2025-07", scenario=cb, policy=gs.monitoring.CAO_BANG_2025_POLICY_TOML),
        "SectorNowcast": m.nowcast(cb, "CN_GTSX"),
    }


def _call(owner: str, name: str, target: Any, instances: dict[str, Any]) -> Any:
    attr = getattr(target, name)
    if not callable(attr):
        return attr
    arguments = {
        **_ARGS,
        **_OWN_ARGS.get(owner, {}),
        "other": instances["Scenario"],
        "scenario": instances["Scenario"],
    }
    kwargs = {}
    for p in inspect.signature(attr).parameters.values():
        if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            assert p.name in arguments, f"{owner}.{name}: give its argument {p.name!r} a value in _ARGS"
            kwargs[p.name] = arguments[p.name]
    return attr(**kwargs)


def _frames(value: Any) -> list[pd.DataFrame | pd.Series]:
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return [value]
    if isinstance(value, tuple):
        return [v for v in value if isinstance(v, (pd.DataFrame, pd.Series))]
    return []


def _module_call(module: Any, name: str) -> Any:
    if module.__name__ == "grdpsim.disaggregation" and name == "disaggregate_series":
        annual = pd.Series([100.0, 104.0, 109.0], index=pd.period_range("2021", periods=3, freq="Y"))
        return module.disaggregate_series(annual, freq="Q", method="denton-cholette")
    if module.__name__ == "grdpsim.dask" and name == "sweep":
        return module.sweep(gs.datasets.cao_bang_2025(), {"DV": {"Q3": [-1.0, 0.0]}})
    raise AssertionError(f"{module.__name__}.{name} returns a frame: give it a call in _module_call")


def _same(en: pd.DataFrame | pd.Series, vi: pd.DataFrame | pd.Series, skip: list[str], where: str) -> None:
    assert type(en) is type(vi), where
    pd.testing.assert_index_equal(vi.index, en.index, exact=True, obj=f"{where} index")
    if isinstance(en, pd.DataFrame):
        assert isinstance(vi, pd.DataFrame)
        pd.testing.assert_index_equal(vi.columns, en.columns, exact=True, obj=f"{where} columns")
        pd.testing.assert_series_equal(vi.dtypes, en.dtypes, obj=f"{where} dtypes")
        en, vi = en.drop(columns=skip), vi.drop(columns=skip)
        pd.testing.assert_frame_equal(vi, en, obj=where)
    else:
        assert vi.name == en.name, where
        pd.testing.assert_series_equal(vi, en, obj=where)
    assert sorted(vi.attrs) == sorted(en.attrs), where


def _in(lang: str, members: list[tuple[str, str]], functions: list[tuple[Any, str]]) -> dict[str, list[Any]]:
    """Every member's and function's frames, everything made with the session in ``lang``."""
    gs.set_language(lang)
    try:
        instances = _instances()
        missing = sorted({o for o, _ in members} - set(instances))
        assert not missing, f"classes with members that return frames and no instance here: {missing}"
        got = {f"{o}.{n}": _frames(_call(o, n, instances[o], instances)) for o, n in members}
        for module, name in functions:
            got[f"{module.__name__}.{name}"] = _frames(_module_call(module, name))
        return got
    finally:
        gs.set_language("en")


def test_every_frame_the_package_returns_is_the_same_in_both_languages() -> None:
    _, members, functions = _frame_members()
    # The discovery found what the package has (a floor, not the list: it grows with it).
    owners = {owner for owner, _ in members}
    assert {
        "Scenario",
        "Accounts",
        "Tracker",
        "Monitor",
        "Probability",
        "RequiredGrowth",
        "Backtest",
    } <= owners
    assert len(members) >= 40 and ("grdpsim.dask", "sweep") in {(m.__name__, n) for m, n in functions}
    if importlib.util.find_spec("dask") is None:
        # Without the extra grdpsim[dask], its functions cannot run; everything else still does.
        functions = [(m, n) for m, n in functions if m.__name__ != "grdpsim.dask"]
    vi, en = _in("vi", members, functions), _in("en", members, functions)
    assert list(vi) == list(en) and len(en) == len(members) + len(functions)
    for where, frames in en.items():
        assert frames, f"{where} is annotated as returning a frame and returned none"
        owner, _, name = where.rpartition(".")
        sentences = _SENTENCES.get((owner, name), [])
        for e, v in zip(frames, vi[where]):
            _same(e, v, sentences + _CLOCK.get((owner, name), []), where)
            for column in sentences:
                # The exception is real: these cells are sentences in each language.
                assert not e[column].equals(v[column]), f"{where}[{column}]"


def test_translate_is_where_tables_for_people_are_vietnamese() -> None:
    gap = gs.datasets.cao_bang_2025().gap("H1")
    assert gs.report.translate(gap, "en") is gap, "English tables for programs are the frame itself"
    assert "chênh lệch (điểm % GRDP)" in gs.report.translate(gap, "vi").columns


def test_program_names_survive_the_vietnamese_session() -> None:
    """The review's case: ``gap_pp`` after ``set_language("vi")``; and the readable table."""
    cb = gs.datasets.cao_bang_2025()
    gs.set_language("vi")
    try:
        gap = cb.gap("H1")
        assert gap.loc["GRDP", "gap_pp"] == cb.gap("H1").attrs["official_gap_pp"]
        assert "inconsistency" in gap.index and list(cb.targets().columns) == ["Q1", "Q2", "H1", "Q3", "Y"]
        readable = gs.report.translate(gap)
        assert "chênh lệch (điểm % GRDP)" in readable.columns
        assert "chênh lệch nội tại của kịch bản" in readable.index
        np.testing.assert_array_equal(
            readable["chênh lệch (điểm % GRDP)"].to_numpy(), gap["gap_pp"].to_numpy()
        )
    finally:
        gs.set_language("en")


def test_the_discovery_sees_a_new_frame_method() -> None:
    """A frame-returning method added to a class is found without being listed."""

    def extra(self: Any) -> pd.DataFrame:
        return pd.DataFrame()

    gs.Scenario.extra_for_test = extra  # type: ignore[attr-defined]
    try:
        _, members, _ = _frame_members()
    finally:
        del gs.Scenario.extra_for_test  # type: ignore[attr-defined]
    assert ("Scenario", "extra_for_test") in members
