"""Load test of the tracking web page: concurrent investors reading and updating at once.

Not part of ``make test``. Starts ``grdpsim serve`` on a copy of the synthetic Cao Bằng store,
gives every investor of the portfolio an account, and for each count of ``--clients`` in turn
runs that many threads for ``--seconds``: each logs in as one investor and loops over its
dashboard, the province page (ranking) and a weekly update of one of its projects (a new week
each time). At the end the server is stopped and the store is read back: every update the
server acknowledged must be there with its amount (no lost update).

    .venv/bin/python benches/web_load.py --clients 1,8,16,32 --seconds 10

Prints, for each count of clients, the requests per second and the p50 and p95 latencies of
each kind of request, with the machine's load average before and after that count's run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.client
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import closing
from pathlib import Path

from grdpsim import web

PASSWORD = "load test password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _From(urllib.request.HTTPHandler):
    """Connects from a loopback address of its own (Linux routes all of 127.0.0.0/8 here)."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(http.client.HTTPConnection, source_address=(self.address, 0)), req)


class Client:
    def __init__(self, url: str, address: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(
            _From(address), urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.url + path, data=body, timeout=60) as r:
                return int(r.status), r.read().decode()
        except urllib.error.HTTPError as e:
            return int(e.code), e.read().decode()

    def csrf(self, page: str) -> str:
        m = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
        if m is None:
            raise RuntimeError("no CSRF token on the page")
        return m.group(1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", default="16", help="counts of clients, run in turn: 1,8,16,32")
    ap.add_argument("--seconds", type=float, default=20.0)
    args = ap.parse_args()
    try:
        args.clients = [int(c) for c in args.clients.split(",")]
    except ValueError:
        ap.error(f"--clients: whole numbers separated by commas, got {args.clients!r}")
    if any(c < 1 for c in args.clients):
        ap.error("--clients: each count at least 1")
    folder = Path(tempfile.mkdtemp(prefix="grdpsim-load-"))
    try:
        return run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path) -> int:
    """The load test on a store in ``folder`` (removed by the caller)."""
    db = folder / "cao_bang.sqlite"
    web.demo_store(db)
    with closing(sqlite3.connect(db)) as c:
        projects: dict[str, list[str]] = {}
        for code, inv in c.execute("SELECT code, investor FROM projects ORDER BY code"):
            projects.setdefault(inv, []).append(code)
    investors = sorted(projects)
    for inv in investors:
        web.set_account(db, f"load-{inv.lower()}", "investor", PASSWORD, investor=inv)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "grdpsim.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        return load(args, db, url, proc, projects, investors)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=60)


def load(
    args: argparse.Namespace,
    db: Path,
    url: str,
    proc: subprocess.Popen[str],
    projects: dict[str, list[str]],
    investors: list[str],
) -> int:
    """Runs the clients against the server ``proc`` at ``url``, stops it, checks the store."""
    port = int(url.rsplit(":", 1)[1])
    while True:
        if proc.poll() is not None:
            print("the server did not start:", proc.communicate()[0])
            return 1
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    acknowledged: list[tuple[str, str, float]] = []
    errors: list[str] = []
    print(f"{'clients':>7} {'req/s':>7}  {'dashboard p50/p95 ms':>21} {'province p50/p95 ms':>20} "
          f"{'update p50/p95 ms':>18} {'log-in p95 ms':>13}  load before/after")
    for run, clients in enumerate(args.clients):
        one_run(args.seconds, clients, run, url, projects, investors, acknowledged, errors)

    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)

    # The last acknowledged amount of each (project, week) must be the stored one.
    last: dict[tuple[str, str], float] = {}
    for project, week, amount in acknowledged:
        last[(project, week)] = amount
    lost = 0
    with closing(sqlite3.connect(db)) as c:
        for (project, week), amount in last.items():
            row = c.execute(
                "SELECT amount FROM payments WHERE source = 'investor' AND project = ? AND week_ending = ?",
                (project, week),
            ).fetchone()
            if row is None or abs(row[0] - amount) > 1e-9:
                lost += 1
        audited = c.execute("SELECT count(*) FROM audit WHERE file = 'web form week'").fetchone()[0]

    print(f"  updates acknowledged {len(acknowledged)}, audited {audited}, lost {lost}, errors {len(errors)}")
    if errors:
        print("  first errors:", errors[:5])
    return 1 if lost or errors else 0


def _percentiles(values: list[float]) -> tuple[float, float]:
    """p50 and p95 of ``values`` in ms (NaN for none)."""
    if not values:
        return float("nan"), float("nan")
    values = sorted(values)
    return values[len(values) // 2] * 1000, values[min(len(values) - 1, int(0.95 * len(values)))] * 1000


def one_run(
    seconds: float,
    clients: int,
    run: int,
    url: str,
    projects: dict[str, list[str]],
    investors: list[str],
    acknowledged: list[tuple[str, str, float]],
    errors: list[str],
) -> None:
    """``clients`` threads for ``seconds``, each as one investor from a loopback address of its
    own (127.0.RUN.K: the log-in budget of 20 attempts per address in 5 minutes is the page's
    policy, not a limit of the load); prints a row of the table and adds the acknowledged
    updates and the errors to the lists given."""
    load_before = os.getloadavg()
    latencies: dict[str, list[float]] = {"dashboard": [], "province": [], "update": [], "login": []}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    first_week = dt.date(2025, 9, 5)

    def worker(k: int) -> None:
        inv = investors[k % len(investors)]
        client = Client(url, f"127.0.{run + 1}.{k + 1}")
        t0 = time.perf_counter()
        _, page = client.request("/login")
        status, _ = client.request(
            "/login", {"csrf": client.csrf(page), "name": f"load-{inv.lower()}", "password": PASSWORD}
        )
        with lock:
            latencies["login"].append(time.perf_counter() - t0)
        if status != 200:  # the redirect was followed to the investor's page
            errors.append(f"login {inv}: {status}")
            return
        # Its own project, one per worker: two workers of one investor never write the same row.
        own = projects[inv]
        project = own[(k // len(investors)) % len(own)]
        n = 0
        while time.monotonic() < stop_at:
            for kind, path in (("dashboard", f"/investor/{inv}"), ("province", "/")):
                t0 = time.perf_counter()
                status, page = client.request(path)
                with lock:
                    latencies[kind].append(time.perf_counter() - t0)
                if status != 200:
                    errors.append(f"{kind} {status}")
            week = first_week + dt.timedelta(days=7 * (n % 17))
            # Two decimals: "4.001" is refused as ambiguous (4001 or 4,001) since the forms read
            # Vietnamese numbers too.
            amount = round(1 + k + n / 100, 2)
            t0 = time.perf_counter()
            status, reply = client.request(
                "/week",
                {"csrf": client.csrf(page), "project": project, "week_ending": week.isoformat(), "amount": str(amount)},
            )
            with lock:
                latencies["update"].append(time.perf_counter() - t0)
                if status == 200 and 'id="done"' in reply:
                    acknowledged.append((project, week.isoformat(), amount))
                else:
                    errors.append(f"update {status}")
            n += 1

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    total = sum(len(v) for k, v in latencies.items() if k != "login")
    cells = "".join(f" {'{:.1f}/{:.1f}'.format(*_percentiles(latencies[kind])):>{width}}"
                    for kind, width in (("dashboard", 21), ("province", 20), ("update", 18)))
    print(f"{clients:>7} {total / elapsed:>7.1f} {cells} {_percentiles(latencies['login'])[1]:>13.1f}  "
          f"{load_before[0]:.2f}/{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)


if __name__ == "__main__":
    sys.exit(main())
