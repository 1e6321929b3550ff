"""Re-evaluating one scenario from Python after one target changes (issue 3, "Speed": < 5 µs).

The what-if of an analyst's sweep: Cao Bằng 2025 (``gs.datasets.cao_bang_2025()``), the annual
construction (XD) target moved, the annual GRDP growth read back::

    sc.with_targets({"XD": {"Y": x}}).growth("Y")

with ``x`` different on every call. Besides the whole call, the script times its parts so that
what dominates is visible: the Python wrapper (``_triples`` turning the mapping into triples,
``Scenario._wrap``), the extension's ``with_targets`` (PyO3 conversion of the triples plus the
Rust rebuild: validation, target derivation, projection, reconciliation of the actuals) and
``growth``. Times are per call, the minimum over repeats of a loop of calls after a warm-up
(``time.perf_counter``); the loop's own cost (a call of a no-op lambda) is printed too and is
included in every figure.

Run (from the repository root)::

    .venv/bin/python benches/scenario_reeval.py

Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable

import grdpsim as gs
from grdpsim.scenario import Scenario, _triples

TARGET_US = 5.0


def per_call_us(f: Callable[[float], object], xs: list[float], repeat: int) -> float:
    for x in xs[:200]:  # warm-up
        f(x)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for x in xs:
            f(x)
        best = min(best, time.perf_counter() - t)
    return best / len(xs) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--calls", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()

    sc = gs.datasets.cao_bang_2025()
    core = sc._inner
    xs = [12.0 + 6.0 * i / args.calls for i in range(args.calls)]

    # The what-if is right: annual GRDP growth is linear in the XD target.
    g0 = sc.with_targets({"XD": {"Y": 12.0}}).growth("Y")
    g1 = sc.with_targets({"XD": {"Y": 18.0}}).growth("Y")
    assert g1 > g0
    mid = sc.with_targets({"XD": {"Y": 15.0}}).growth("Y")
    assert abs((g0 + g1) / 2 - mid) < 1e-9, (g0, mid, g1)
    assert sc._inner.with_targets([("XD", "Y", 15.0)]).growth("GRDP", "Y") == mid

    built = sc.with_targets({"XD": {"Y": 15.0}})
    built_core = built._inner
    rates = {"XD": {"Y": 15.0}}
    triples = [("XD", "Y", 15.0)]

    rows: list[tuple[str, float]] = []

    def t(label: str, f: Callable[[float], object]) -> float:
        us = per_call_us(f, xs, args.repeat)
        rows.append((label, us))
        return us

    whole = t('sc.with_targets({"XD": {"Y": x}}).growth("Y")  [the what-if]',
              lambda x: sc.with_targets({"XD": {"Y": x}}).growth("Y"))
    t('sc._inner.with_targets([("XD","Y",x)]).growth("GRDP","Y")',
      lambda x: core.with_targets([("XD", "Y", x)]).growth("GRDP", "Y"))
    t("  sc._inner.with_targets([(...)])  (PyO3 in/out + Rust rebuild)",
      lambda x: core.with_targets([("XD", "Y", x)]))
    t("  sc._inner.with_targets(triples)  (same, list built once)", lambda x: core.with_targets(triples))
    t("  built._inner.growth('GRDP','Y')", lambda x: built_core.growth("GRDP", "Y"))
    t("  built.growth('Y')  (Python wrapper)", lambda x: built.growth("Y"))
    t('  {"XD": {"Y": x}}  (building the mapping)', lambda x: {"XD": {"Y": x}})
    t("  _triples({...})  (mapping -> triples)", lambda x: _triples(rates, "targets"))
    t("  Scenario._wrap(core)", lambda x: Scenario._wrap(built_core))
    t("  loop overhead (lambda x: None)", lambda x: None)

    print(f"grdpsim scenario re-evaluation — {platform.machine()}, Python {platform.python_version()}, "
          f"{args.calls:,} calls per repeat, best of {args.repeat}")
    print(f"scenario: {sc!r}; leaves {sc._inner.leaf_codes}")
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"\n{'what':<66} {'µs/call':>8}")
    for label, us in rows:
        print(f"{label:<66} {us:>8.2f}")
    verdict = "MET" if whole < TARGET_US else "MISSED"
    print(f"\ntarget < {TARGET_US} µs per what-if: {verdict} ({whole:.2f} µs)")


if __name__ == "__main__":
    main()
