"""Load test of the tracking web page: concurrent investors reading and updating at once, the
server with its pool of read-only connections against the same server with none (every request
through the one writer, as before the pool), and with ``--baseline REV`` against the server of
an older revision too (issue 27's "today": ``--baseline e38e43f``), in turns in one run.

Not part of ``make test``. Writes the synthetic Cao Bằng store, gives every investor of the
portfolio an account, copies it once for each mode and starts ``grdpsim serve`` on each copy:
``--read-connections 0`` (the one-connection server, the peer) and ``--read-connections N``
(the pool). For each count of ``--clients`` the modes are loaded in turns (the order alternates
from one count to the next), each for ``--seconds``, with that many threads: each logs in as
one investor and loops over its dashboard, the province page (ranking) and a weekly update of
one of its projects (a new week each time), on one kept-alive connection (``http.client``; a
new connection per request cost the clients more CPU than the server). At the end the servers
are stopped and each store is read back: every update its server acknowledged must be there
with its amount (no lost update).

    .venv/bin/python benches/web_load.py --clients 1,8,16,32 --seconds 10
    .venv/bin/python benches/web_load.py --clients 1,8 --seconds 10 --baseline e38e43f

``--baseline REV`` adds a third mode, REV's own server on a store REV's own code wrote (an older
store's schema differs: today's code would refuse or migrate it). REV's release extension is
built once into ``target/web-baseline/REV`` (REV's 7-character hash: a detached ``git
worktree`` of REV, its Cargo target started from a copy of this checkout's ``target/release``,
and a venv of its own in ``.venv`` there with REV's wheel installed; 10-15 minutes on a loaded
2-core machine) and reused by later runs; ``git worktree remove --force
target/web-baseline/REV`` drops it. The baseline's
store must hold the same projects and investors as today's, so that its clients do the same
work. The clients are the same for every mode: e38e43f's pages have the same log-in form (a
303 to the investor's page), CSRF fields, routes and ``id="done"`` answer to an update.

Prints, for each count of clients and each mode, the requests per second, the p50 and p95
latencies of each kind of request, the CPU time per request of the server process and of the
clients (this process), and the machine's load average before and after; then the ratios
pool ÷ one writer (and pool ÷ baseline) of the requests per second, of each kind's p95 and of
the server's CPU per request.
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

PASSWORD = "load test password"
KINDS = ("dashboard", "province", "update")
CLOCK_TICK = os.sysconf("SC_CLK_TCK")
ROOT = Path(__file__).resolve().parents[1]

# Run by the Python whose grdpsim writes the store (today's, or the baseline's in its own venv):
# the example store with an account for every investor of the portfolio.
WRITE_STORE = """
import sqlite3, sys
from contextlib import closing
from grdpsim import web
db, password = sys.argv[1:]
web.demo_store(db)
with closing(sqlite3.connect(db)) as c:
    investors = [i for (i,) in c.execute("SELECT DISTINCT investor FROM projects ORDER BY investor")]
for inv in investors:
    web.set_account(db, f"load-{inv.lower()}", "investor", password, investor=inv)
"""


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
    """One mode: a server process of ``python``'s grdpsim on a store of its own."""

    name: str
    python: str
    # None: a build without the option (the baseline's, before the pool).
    read_connections: int | None
    db: Path
    port: int = 0
    proc: subprocess.Popen[str] | None = None
    acknowledged: list[tuple[str, str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def start(self) -> None:
        self.port = free_port()
        command = [self.python, "-m", "grdpsim.cli", "serve", "--db", str(self.db), "--port", str(self.port)]
        if self.read_connections is not None:
            command += ["--read-connections", str(self.read_connections)]
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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


@dataclass
class Row:
    """One mode's run at one count of clients."""

    requests_per_second: float
    p95: dict[str, float]
    server_cpu_per_request: float


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", default="16", help="counts of clients, run in turn: 1,8,16,32")
    ap.add_argument("--seconds", type=float, default=20.0, help="of each mode at each count")
    ap.add_argument("--read-connections", type=int, default=8, help="the pool's size (the peer has 0)")
    ap.add_argument(
        "--baseline",
        metavar="REV",
        help="also load REV's own server (built once into target/web-baseline/REV), e.g. e38e43f",
    )
    args = ap.parse_args()
    try:
        args.clients = [int(c) for c in args.clients.split(",")]
    except ValueError:
        ap.error(f"--clients: whole numbers separated by commas, got {args.clients!r}")
    if any(c < 1 or c > 250 for c in args.clients):
        ap.error("--clients: each count from 1 to 250 (one loopback address a client)")
    if args.read_connections < 1:
        ap.error("--read-connections: at least 1 (the peer is the server with 0)")
    baseline = None
    if args.baseline is not None:
        found = git("rev-parse", "--verify", "--quiet", f"{args.baseline}^{{commit}}", check=False)
        if not found:
            ap.error(f"--baseline: no commit {args.baseline!r} in {ROOT}")
        baseline = (git("rev-parse", "--short=7", found), baseline_python(found))
    folder = Path(tempfile.mkdtemp(prefix="grdpsim-load-"))
    try:
        return run(args, folder, baseline)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def git(*args: str, check: bool = True) -> str:
    """The output of ``git ARGS`` in this checkout, stripped ("" on failure without ``check``)."""
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=check)
    return done.stdout.strip() if done.returncode == 0 else ""


def baseline_python(commit: str) -> str:
    """The Python of a venv holding ``commit``'s release build of grdpsim, built on first use in
    target/web-baseline/SHORT (a detached worktree of ``commit`` with a venv in ``.venv``) and
    reused after. Its Cargo target starts from a copy of this checkout's target/release (without
    the incremental caches): most dependencies are the same, and only what differs is built."""
    tree = ROOT / "target" / "web-baseline" / git("rev-parse", "--short=7", commit)
    venv = tree / ".venv"
    python = venv / "bin" / "python"
    built = venv / "grdpsim-built"
    if built.exists() and built.read_text().strip() == commit:
        return str(python)
    if not (tree / ".git").exists():
        # -f: a worktree registered there whose folder was deleted (cargo clean) is made again.
        git("worktree", "add", "-f", "--detach", str(tree), commit)
    if (ROOT / "target" / "release").is_dir() and not (tree / "target" / "release").exists():
        print(f"copying target/release to {tree}/target for the baseline's build", file=sys.stderr)
        shutil.copytree(
            ROOT / "target" / "release",
            tree / "target" / "release",
            symlinks=True,
            ignore=shutil.ignore_patterns("incremental"),
        )
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    print(
        f"building {commit[:7]}'s release extension in {tree} (once; 10-15 minutes)",
        file=sys.stderr,
        flush=True,
    )
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "maturin>=1.16,<2"], check=True)
    wheels = tree / "target" / "baseline-wheels"
    shutil.rmtree(wheels, ignore_errors=True)
    # Its own target folder whatever the caller's CARGO_TARGET_DIR: a shared one would rebuild
    # today's grdpsim after each build of the baseline's (the same crate, other sources).
    env = {**os.environ, "VIRTUAL_ENV": str(venv), "CARGO_TARGET_DIR": str(tree / "target")}
    subprocess.run(
        [str(venv / "bin" / "maturin"), "build", "--release", "--quiet", "--out", str(wheels)],
        cwd=tree,
        env=env,
        check=True,
    )
    subprocess.run([*pip, "--force-reinstall", *map(str, wheels.glob("grdpsim-*.whl"))], check=True)
    built.write_text(commit + "\n")
    return str(python)


def write_store(python: str, db: Path) -> dict[str, list[str]]:
    """The example store written at ``db`` by ``python``'s grdpsim, with an account for every
    investor; its projects by investor."""
    subprocess.run([python, "-c", WRITE_STORE, str(db), PASSWORD], check=True)
    with closing(sqlite3.connect(db)) as c:
        projects: dict[str, list[str]] = {}
        for code, inv in c.execute("SELECT code, investor FROM projects ORDER BY code"):
            projects.setdefault(inv, []).append(code)
    return projects


def run(args: argparse.Namespace, folder: Path, baseline: tuple[str, str] | None) -> int:
    """The load test on stores in ``folder`` (removed by the caller); ``baseline``: the short
    name of the older revision and its Python."""
    db = folder / "cao_bang.sqlite"
    projects = write_store(sys.executable, db)
    investors = sorted(projects)
    servers = []
    for name, count in (("one writer", 0), (f"pool of {args.read_connections}", args.read_connections)):
        copy = folder / f"cao_bang_{count}.sqlite"
        shutil.copy(db, copy)
        servers.append(Server(name, sys.executable, count, copy))
    if baseline is not None:
        short, python = baseline
        old_db = folder / f"cao_bang_{short}.sqlite"
        if write_store(python, old_db) != projects:
            print(
                f"{short}'s example store holds other projects or investors: its clients would not do the same work"
            )
            return 1
        servers.append(Server(f"rev {short}", python, None, old_db))
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
    pool, peers = servers[1], [servers[0], *servers[2:]]
    for i, clients in enumerate(args.clients):
        rows: dict[str, Row] = {}
        for s in servers if i % 2 == 0 else servers[::-1]:
            run_index += 1
            rows[s.name] = one_run(args.seconds, clients, run_index, s, projects, investors)
        for peer in peers:
            print_ratios(clients, pool.name, rows[pool.name], peer.name, rows[peer.name])
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


def print_ratios(clients: int, name: str, row: Row, peer_name: str, peer: Row) -> None:
    """One line of ``row`` ÷ ``peer``: requests per second, each kind's p95, server CPU a request."""
    p95 = ", ".join(f"{kind} {_ratio(row.p95[kind], peer.p95[kind])}" for kind in KINDS)
    print(
        f"{clients:>7} {name} ÷ {peer_name}: req/s {_ratio(row.requests_per_second, peer.requests_per_second)}, "
        f"p95 {p95}, server CPU/req {_ratio(row.server_cpu_per_request, peer.server_cpu_per_request)}",
        flush=True,
    )


def _ratio(a: float, b: float) -> str:
    """``a`` ÷ ``b`` to two decimals ("n/a" when ``b`` is 0 or either is NaN)."""
    return f"{a / b:.2f}" if b and a == a and b == b else "n/a"


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
) -> Row:
    """``clients`` threads for ``seconds`` against ``server``, each as one investor from a
    loopback address of its own (127.0.RUN.K: the log-in budget of 20 attempts per address in 5
    minutes is the page's policy, not a limit of the load); prints a row of the table, adds the
    acknowledged updates and the errors to the server's lists and returns the row's figures."""
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
    return Row(
        total / elapsed,
        {kind: _percentiles(latencies[kind])[1] for kind in KINDS},
        server_cpu / max(total, 1),
    )


if __name__ == "__main__":
    sys.exit(main())
