"""Load test of the tracking web page: concurrent investors reading and updating at once, the
server with its pool of read-only connections against the same server with none (every request
through the one writer, as before the pool), in turns in one run.

Not part of ``make test``. Writes the synthetic Cao Bằng store, gives every investor of the
portfolio an account, copies it once for each mode and starts ``grdpsim serve`` on each copy:
``--read-connections 0`` (the one-connection server, the peer) and ``--read-connections N``
(the pool). For each count of ``--clients`` the two are loaded in turns (the order alternates
from one count to the next), each for ``--seconds``, with that many threads: each logs in as
one investor and loops over its dashboard, the province page (ranking) and a weekly update of
one of its projects (a new week each time), on one kept-alive connection (``http.client``; a
new connection per request cost the clients more CPU than the server). At the end the servers
are stopped and each store is read back: every update its server acknowledged must be there
with its amount (no lost update).

    .venv/bin/python benches/web_load.py --clients 1,8,16,32 --seconds 10

Prints, for each count of clients and each mode, the requests per second, the p50 and p95
latencies of each kind of request, the CPU time per request of the server process and of the
clients (this process), and the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
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
import urllib.parse
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from grdpsim import web

PASSWORD = "load test password"
KINDS = ("dashboard", "province", "update")
CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    """One browser: a kept-alive connection from a loopback address of its own (Linux routes all
    of 127.0.0.0/8 here) and its cookies."""

    def __init__(self, port: int, address: str) -> None:
        self.port, self.address = port, address
        self.cookies: dict[str, str] = {}
        self.conn = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(self.address, 0)
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        """The status and body of ``path`` (a POST of ``data`` when given); redirects are not
        followed. A connection the server closed between requests is opened again once."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (0, 1):
            try:
                self.conn.request("POST" if body is not None else "GET", path, body, headers)
                r = self.conn.getresponse()
                text = r.read().decode()
                break
            except (http.client.RemoteDisconnected, ConnectionError):
                self.conn.close()
                self.conn = self._connect()
                if attempt:
                    raise
        for cookie in r.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return int(r.status), text

    def csrf(self, page: str) -> str:
        m = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
        if m is None:
            raise RuntimeError("no CSRF token on the page")
        return m.group(1)

    def close(self) -> None:
        self.conn.close()


@dataclass
class Server:
    """One mode: a server process on a store of its own."""

    name: str
    read_connections: int
    db: Path
    port: int = 0
    proc: subprocess.Popen[str] | None = None
    acknowledged: list[tuple[str, str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def start(self) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "grdpsim.cli",
                "serve",
                "--db",
                str(self.db),
                "--port",
                str(self.port),
                "--read-connections",
                str(self.read_connections),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server did not start: {self.proc.communicate()[0]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)

    def cpu_seconds(self) -> float:
        """User and system CPU time of the server process so far."""
        assert self.proc is not None
        stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICK

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.communicate(timeout=60)

    def lost(self) -> tuple[int, int]:
        """Acknowledged updates whose last amount is not the stored one, and audited web weeks."""
        last: dict[tuple[str, str], float] = {}
        for project, week, amount in self.acknowledged:
            last[(project, week)] = amount
        lost = 0
        with closing(sqlite3.connect(self.db)) as c:
            for (project, week), amount in last.items():
                row = c.execute(
                    "SELECT amount FROM payments WHERE source = 'investor' AND project = ? AND week_ending = ?",
                    (project, week),
                ).fetchone()
                if row is None or abs(row[0] - amount) > 1e-9:
                    lost += 1
            audited = c.execute("SELECT count(*) FROM audit WHERE file = 'web form week'").fetchone()[0]
        return lost, int(audited)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", default="16", help="counts of clients, run in turn: 1,8,16,32")
    ap.add_argument("--seconds", type=float, default=20.0, help="of each mode at each count")
    ap.add_argument("--read-connections", type=int, default=8, help="the pool's size (the peer has 0)")
    args = ap.parse_args()
    try:
        args.clients = [int(c) for c in args.clients.split(",")]
    except ValueError:
        ap.error(f"--clients: whole numbers separated by commas, got {args.clients!r}")
    if any(c < 1 or c > 250 for c in args.clients):
        ap.error("--clients: each count from 1 to 250 (one loopback address a client)")
    if args.read_connections < 1:
        ap.error("--read-connections: at least 1 (the peer is the server with 0)")
    folder = Path(tempfile.mkdtemp(prefix="grdpsim-load-"))
    try:
        return run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path) -> int:
    """The load test on stores in ``folder`` (removed by the caller)."""
    db = folder / "cao_bang.sqlite"
    web.demo_store(db)
    with closing(sqlite3.connect(db)) as c:
        projects: dict[str, list[str]] = {}
        for code, inv in c.execute("SELECT code, investor FROM projects ORDER BY code"):
            projects.setdefault(inv, []).append(code)
    investors = sorted(projects)
    for inv in investors:
        web.set_account(db, f"load-{inv.lower()}", "investor", PASSWORD, investor=inv)
    servers = []
    for name, count in (("one writer", 0), (f"pool of {args.read_connections}", args.read_connections)):
        copy = folder / f"cao_bang_{count}.sqlite"
        shutil.copy(db, copy)
        servers.append(Server(name, count, copy))
    try:
        for s in servers:
            s.start()
        return load(args, servers, projects, investors)
    finally:
        for s in servers:
            s.stop()


def load(
    args: argparse.Namespace,
    servers: list[Server],
    projects: dict[str, list[str]],
    investors: list[str],
) -> int:
    """Runs the clients against each server in turns, stops them, checks their stores."""
    print(
        f"{'clients':>7} {'server':<11} {'req/s':>7}  {'dashboard p50/p95 ms':>21} {'province p50/p95 ms':>20} "
        f"{'update p50/p95 ms':>18} {'log-in p95':>10}  {'CPU ms/req server, clients':>26}  load before/after"
    )
    run_index = 0
    for i, clients in enumerate(args.clients):
        for s in servers if i % 2 == 0 else servers[::-1]:
            run_index += 1
            one_run(args.seconds, clients, run_index, s, projects, investors)
    failed = False
    for s in servers:
        s.stop()
        lost, audited = s.lost()
        print(
            f"  {s.name}: updates acknowledged {len(s.acknowledged)}, audited {audited}, lost {lost}, "
            f"errors {len(s.errors)}"
        )
        if s.errors:
            print("  first errors:", s.errors[:5])
        failed = failed or bool(lost or s.errors)
    return 1 if failed else 0


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
    server: Server,
    projects: dict[str, list[str]],
    investors: list[str],
) -> None:
    """``clients`` threads for ``seconds`` against ``server``, each as one investor from a
    loopback address of its own (127.0.RUN.K: the log-in budget of 20 attempts per address in 5
    minutes is the page's policy, not a limit of the load); prints a row of the table and adds
    the acknowledged updates and the errors to the server's lists."""
    load_before = os.getloadavg()
    latencies: dict[str, list[float]] = {kind: [] for kind in (*KINDS, "login")}
    lock = threading.Lock()
    first_week = dt.date(2025, 9, 5)
    logged_in, go = threading.Barrier(clients + 1), threading.Event()

    def worker(k: int) -> None:
        inv = investors[k % len(investors)]
        client = Client(server.port, f"127.0.{run}.{k + 1}")
        try:
            t0 = time.perf_counter()
            _, page = client.request("/login")
            status, _ = client.request(
                "/login", {"csrf": client.csrf(page), "name": f"load-{inv.lower()}", "password": PASSWORD}
            )
            with lock:
                latencies["login"].append(time.perf_counter() - t0)
            if status != 303:  # to the investor's page
                server.errors.append(f"login {inv}: {status}")
        finally:
            logged_in.wait()
            go.wait()
        if status != 303:
            return
        # Its own project, one per worker: two workers of one investor never write the same row.
        own = projects[inv]
        project = own[(k // len(investors)) % len(own)]
        n = 0
        while time.monotonic() < stop_at[0]:
            for kind, path in (("dashboard", f"/investor/{inv}"), ("province", "/")):
                t0 = time.perf_counter()
                status, page = client.request(path)
                with lock:
                    latencies[kind].append(time.perf_counter() - t0)
                if status != 200:
                    server.errors.append(f"{kind} {status}")
            week = first_week + dt.timedelta(days=7 * (n % 17))
            # Two decimals: "4.001" is refused as ambiguous (4001 or 4,001) since the forms read
            # Vietnamese numbers too.
            amount = round(1 + k + n / 100, 2)
            t0 = time.perf_counter()
            status, reply = client.request(
                "/week",
                {
                    "csrf": client.csrf(page),
                    "project": project,
                    "week_ending": week.isoformat(),
                    "amount": str(amount),
                },
            )
            with lock:
                latencies["update"].append(time.perf_counter() - t0)
                if status == 200 and 'id="done"' in reply:
                    server.acknowledged.append((project, week.isoformat(), amount))
                else:
                    server.errors.append(f"update {status}")
            n += 1
        client.close()

    # The clock starts once every client has logged in (log-ins verify Argon2 hashes, a few at
    # a time by design: they are timed apart).
    stop_at = [float("inf")]
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    logged_in.wait()
    server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
    start = time.perf_counter()
    stop_at[0] = time.monotonic() + seconds
    go.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    server_cpu, client_cpu = server.cpu_seconds() - server_cpu, time.process_time() - client_cpu
    total = sum(len(latencies[kind]) for kind in KINDS)
    cells = "".join(
        f" {'{:.1f}/{:.1f}'.format(*_percentiles(latencies[kind])):>{width}}"
        for kind, width in zip(KINDS, (21, 20, 18))
    )
    cpu = f"{1000 * server_cpu / max(total, 1):.1f}, {1000 * client_cpu / max(total, 1):.1f}"
    print(
        f"{clients:>7} {server.name:<11} {total / elapsed:>7.1f} {cells} {_percentiles(latencies['login'])[1]:>10.1f}"
        f"  {cpu:>26}  {load_before[0]:.2f}/{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
