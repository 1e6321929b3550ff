"""Disbursement store benchmark: import time per 10,000 rows and the weekly queries.

    python benches/disbursement.py --projects 300      # a province: 300 projects x 52 weeks x 2 sources
    python benches/disbursement.py --projects 50000    # national size

Each week is one CSV file (every project, both sources), imported as an investor would; then
the weekly status (province and by investor), the ranking of investors and the count-down are
timed on the last week (best of 3). Writes only to a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from grdpsim.disbursement import Tracker


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--projects", type=int, default=300)
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--investors", type=int, default=0, help="default: projects / 8, at least 40")
    ap.add_argument("--keep", help="copy the store to this path at the end (online backup)")
    args = ap.parse_args()
    n, weeks = args.projects, args.weeks
    investors = args.investors or max(40, n // 8)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = Tracker.create(folder / "bench.sqlite", province="Benchmark", year=2025)
        projects = folder / "projects.csv"
        with projects.open("w") as f:
            f.write("project,name,investor,capital_source\n")
            for p in range(n):
                f.write(f"P{p:06d},Project {p},INV{p % investors:05d},S{p % 5}\n")
        plan = folder / "plan.csv"
        with plan.open("w") as f:
            f.write("project,effective,amount\n")
            for p in range(n):
                f.write(f"P{p:06d},2025-01-01,{1000 + p % 977}\n")
        t.import_csv(projects)
        t.import_csv(plan)
        first = dt.date(2025, 1, 3)
        rows = 0
        elapsed = 0.0
        for w in range(weeks):
            day = first + dt.timedelta(days=7 * w)
            if day.year != 2025:
                break
            path = folder / f"week{w:02d}.csv"
            with path.open("w") as f:
                f.write("project,week_ending,source,amount\n")
                for p in range(n):
                    x = (p * 7 + w * 13) % 40
                    f.write(f"P{p:06d},{day},treasury,{x}\nP{p:06d},{day},investor,{x + (p % 3 == 0)}\n")
            start = time.perf_counter()
            r = t.import_csv(path)
            elapsed += time.perf_counter() - start
            rows += r.rows
            path.unlink()
        last = (first + dt.timedelta(days=7 * (weeks - 1))).isoformat()
        print(f"{n} projects, {investors} investors, {rows} payment rows in {weeks} weekly files")
        print(f"import: {elapsed:.2f} s in all, {elapsed / rows * 10_000:.3f} s per 10,000 rows")

        def best(f: object, label: str) -> None:
            times = []
            for _ in range(3):
                start = time.perf_counter()
                f()  # type: ignore[operator]
                times.append(time.perf_counter() - start)
            print(f"{label}: {min(times) * 1000:.0f} ms")

        best(lambda: t.status(as_of=last), "weekly status, province")
        best(lambda: t.status(as_of=last, by="investor"), "weekly status by investor")
        best(lambda: t.ranking(as_of=last), "weekly ranking of investors")
        best(lambda: t.countdown(as_of=last, by="investor"), "count-down by investor")
        size = (folder / "bench.sqlite").stat().st_size
        print(f"store: {size / 1e6:.0f} MB")
        if args.keep:
            t.backup(args.keep)


if __name__ == "__main__":
    main()
