"""Disbursement store benchmark: imports against a bare write, the weekly queries against a
hand-written SQL ``GROUP BY`` on the same file and pandas grouping the same rows in memory.

    python benches/disbursement.py --projects 300      # a province: 300 projects x 52 weeks x 2 sources
    python benches/disbursement.py --projects 50000    # national size
    python benches/disbursement.py --projects 50000 --store target/bench50k.sqlite   # build it once,
    python benches/disbursement.py --store target/bench50k.sqlite                    # then time reads only
    python benches/disbursement.py --projects 50000 --weeks 8 --import-only   # the import part, shorter
    python benches/disbursement.py --projects 50000 --weeks 8 --import-only --checkpoint-inline

Each week is one CSV file (every project, both sources), imported as an investor would
(parsed, checked, audited, the running totals kept); in turns with it, the same rows, already
parsed, are written by Python's ``sqlite3.executemany`` into the store's own ``payments``
table (its DDL and indexes read from the store: the same key, column types, CHECKs and any
index; since schema 10 the key is source, week, project and capital source, and the table has no
week index) without the import's checks, one transaction a week, in a file of its own with the same
journal settings (each row with its project's capital source and its cumulative, as the
store's payments carry since schema 9: computed in Python before the timer starts, so only the
write is timed). The peer's commit copies its write-ahead log back into its file (SQLite's
automatic checkpoint); an import of a week's file leaves that copy to another thread after its
commit, which ``--checkpoint-inline`` turns off (``GRDPSIM_CHECKPOINT_INLINE=1``) for the import
with its checkpoint in its commit, as the peer's;
the last week is then imported again (nothing changes: what parsing, checks and the comparison
with the stored rows cost). Then the weekly status
(province and by investor), the ranking of investors and the count-down on the last week, and
their peers, run in turns
(``_timing.interleaved``, median of ``--repeat`` rounds): the hand-written SQL over the same
store (paid and plan per investor, one ``GROUP BY``) and pandas grouping the Treasury's rows
held in memory (the grouping alone is timed). Writes only to a temporary folder, unless
``--store PATH`` names where the store is kept: a store already there is not imported again
(the import part is skipped, its size read from the store) and only the reads are timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import tempfile
import time
from contextlib import closing
from csv import DictReader as read
from pathlib import Path

import pandas as pd
from _timing import interleaved, machine_load

from grdpsim.disbursement import Tracker


def peer_schema(store: Path) -> list[str]:
    """The store's own ``payments`` table and its indexes, as the store wrote them (key, column
    types and CHECKs): the bare write goes into the same table. Its ``REFERENCES projects``
    stays inert in the peer's file (Python's ``sqlite3`` leaves foreign keys off, and the peer
    has no projects table): the existence of each project is one of the import's checks."""
    with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as con:
        ddl = [
            sql
            for (sql,) in con.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'payments' "
                "AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC, name"
            )
        ]
    if not ddl or not ddl[0].startswith("CREATE TABLE"):
        raise SystemExit(f"{store}: no payments table to give the peer")
    return ddl


# Paid to the date and plan in force per investor, in one statement: what a ranking needs.
SQL_RANKING = """
    WITH paid AS (SELECT project, sum(amount) AS paid FROM payments
                  WHERE source = 'treasury' AND week_ending <= ?1 GROUP BY project),
         plan AS (SELECT r.project, r.amount FROM plan_revisions r
                  WHERE r.effective = (SELECT max(effective) FROM plan_revisions q
                                       WHERE q.project = r.project AND q.effective <= ?1))
    SELECT p.investor, sum(coalesce(paid.paid, 0)), sum(coalesce(plan.amount, 0))
    FROM projects p LEFT JOIN paid ON paid.project = p.code LEFT JOIN plan ON plan.project = p.code
    GROUP BY p.investor
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--projects", type=int, default=300)
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--investors", type=int, default=0, help="default: projects / 8, at least 40")
    ap.add_argument("--repeat", type=int, default=5, help="rounds of the query comparison")
    ap.add_argument("--keep", help="copy the store to this path at the end (online backup)")
    ap.add_argument("--store", help="keep the store here; one already there is reused (reads only)")
    ap.add_argument("--import-only", action="store_true", help="stop after the import part")
    ap.add_argument(
        "--checkpoint-inline",
        action="store_true",
        help="keep each import's checkpoint in its commit (GRDPSIM_CHECKPOINT_INLINE=1)",
    )
    args = ap.parse_args()
    if args.checkpoint_inline:
        os.environ["GRDPSIM_CHECKPOINT_INLINE"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Path(args.store) if args.store else folder / "bench.sqlite"
        if store.exists():
            t = Tracker.open(store)
            last = str(t.latest_week().date())
            print(f"{store}: reads only, as of {last} (the import is not timed)")
        else:
            last = import_part(store, folder, args)
            if args.import_only:
                return
            t = Tracker.open(store)
        reads_part(t, store, last, args.repeat)
        if args.keep:
            t.backup(args.keep)


def import_part(store: Path, folder: Path, args: argparse.Namespace) -> str:
    """Imports the weekly files into a new store at ``store``, timed against the bare write;
    returns the last week ending."""
    n, weeks = args.projects, args.weeks
    investors = args.investors or max(40, n // 8)
    t = Tracker.create(store, province="Benchmark", year=2025)
    projects = folder / "projects.csv"
    with projects.open("w") as f:
        f.write("project,name,investor,capital_source\n")
        for p in range(n):
            f.write(f"P{p:06d},Project {p},INV{p % investors:05d},S{p % 5}\n")
    # A week's file has no capital source: each payment goes to its project's own line.
    own_line = {f"P{p:06d}": f"S{p % 5}" for p in range(n)}
    plan = folder / "plan.csv"
    with plan.open("w") as f:
        f.write("project,effective,amount\n")
        for p in range(n):
            f.write(f"P{p:06d},2025-01-01,{1000 + p % 977}\n")
    t.import_csv(projects)
    t.import_csv(plan)
    peer = sqlite3.connect(folder / "peer.sqlite", isolation_level=None)
    peer.execute("PRAGMA journal_mode=WAL")
    peer.execute("PRAGMA synchronous=NORMAL")
    for sql in peer_schema(store):
        peer.execute(sql)
    first = dt.date(2025, 1, 3)
    cumulative: dict[tuple[str, str], float] = {}
    rows = 0
    elapsed = peer_elapsed = 0.0
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
        with path.open() as f:
            parsed = []
            for r in read(f):
                key, amount = (r["source"], r["project"]), float(r["amount"])
                cumulative[key] = total = cumulative.get(key, 0.0) + amount
                line = own_line[r["project"]]
                parsed.append((*key, r["week_ending"], line, amount, total))
        # The peer first: the checkpoint an import leaves to another thread then runs while
        # the next week's file is written, not while the peer is timed.
        start = time.perf_counter()
        peer.execute("BEGIN")
        peer.executemany(
            "INSERT INTO payments (source, project, week_ending, capital_source, amount, "
            "cumulative) VALUES (?, ?, ?, ?, ?, ?)",
            parsed,
        )
        peer.execute("COMMIT")
        peer_elapsed += time.perf_counter() - start
        start = time.perf_counter()
        r = t.import_csv(path)
        elapsed += time.perf_counter() - start
        rows += r.rows
        if w == weeks - 1:
            # The same week again: parsed, checked and compared with the stored rows,
            # nothing written (what the import costs besides its writes).
            start = time.perf_counter()
            again = t.import_csv(path)
            reimport = time.perf_counter() - start
            assert again.unchanged == again.rows
        path.unlink()
    peer.close()
    last = (first + dt.timedelta(days=7 * (weeks - 1))).isoformat()
    print(f"{n} projects, {investors} investors, {rows} payment rows in {weeks} weekly files")
    print(
        f"import: {elapsed:.2f} s in all, {rows / elapsed:,.0f} rows/s; executemany into the same "
        f"keyed table: {peer_elapsed:.2f} s, {rows / peer_elapsed:,.0f} rows/s; "
        f"import / executemany = {elapsed / peer_elapsed:.2f} ({machine_load()}; "
        f"checkpoints {'in the commits' if args.checkpoint_inline else 'after them, on another thread'})"
    )
    print(
        f"the last week imported again (unchanged, nothing written): {reimport:.2f} s, "
        f"{r.rows / reimport:,.0f} rows/s"
    )
    return last


def reads_part(t: Tracker, store: Path, last: str, repeat: int) -> None:
    """The weekly queries on the last week against the hand-written SQL and pandas, in turns."""
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    pay = pd.read_sql_query(
        "SELECT project, week_ending, amount FROM payments WHERE source = 'treasury'", con
    )
    owners = pd.read_sql_query("SELECT code AS project, investor FROM projects", con).set_index("project")
    plans = pd.read_sql_query("SELECT project, amount FROM plan_revisions", con).set_index("project")
    pay["week_ending"] = pd.to_datetime(pay["week_ending"])
    last_day = pd.Timestamp(last)

    def pandas_ranking() -> object:
        paid = pay[pay["week_ending"] <= last_day].groupby("project", observed=True)["amount"].sum()
        by_project = pd.DataFrame({"paid": paid, "plan": plans["amount"]}).fillna(0.0)
        by_investor = by_project.groupby(owners["investor"]).sum()
        return (by_investor["paid"] / by_investor["plan"]).rank(ascending=False)

    def sql_ranking() -> object:
        return con.execute(SQL_RANKING, (last,)).fetchall()

    print(f"queries on the last week, median of {repeat} rounds in turns ({machine_load()}):")
    times = interleaved(
        {
            "status, province": lambda: t.status(as_of=last),
            "status by investor": lambda: t.status(as_of=last, by="investor"),
            "ranking of investors": lambda: t.ranking(as_of=last),
            "count-down by investor": lambda: t.countdown(as_of=last, by="investor"),
            "hand-written SQL GROUP BY (paid and plan per investor)": sql_ranking,
            "pandas grouping the Treasury's rows in memory": pandas_ranking,
        },
        repeat,
    )
    for label, secs in times.items():
        print(f"  {label}: {secs * 1000:.1f} ms")
    ranking = times["ranking of investors"]
    sql = times["hand-written SQL GROUP BY (paid and plan per investor)"]
    pandas = times["pandas grouping the Treasury's rows in memory"]
    print(f"ranking: SQL / grdpsim = {sql / ranking:.1f}, pandas / grdpsim = {pandas / ranking:.1f}")
    con.close()
    size = store.stat().st_size
    print(f"store: {size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
