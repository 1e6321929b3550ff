"""The visual tracking tool (công cụ theo dõi trực quan): a web page on a disbursement store.

Investors update their weekly figures, obstacles and responsible persons; the State Treasury
enters its payments and sees the reconciliation; the Finance Department administers accounts
and uploads; departments report their indicators monthly and follow their tasks and findings;
the Office of the People's Committee assigns and closes tasks; leaders read the weekly status,
the ranking of investors and the monitoring digest, and post nothing. Pages are rendered by
the Rust core (axum) from the tracker's own views and need nothing from the internet. From the
shell: ``grdpsim serve`` (the Cao Bằng example with demo accounts) or ``grdpsim serve --db FILE``.

>>> import tempfile, pathlib
>>> from grdpsim import web
>>> db = pathlib.Path(tempfile.mkdtemp()) / "cao_bang.sqlite"
>>> accounts = web.demo_store(db)
>>> sorted({a.role for a in accounts})
['admin', 'department', 'investor', 'leader', 'office', 'treasury']
>>> web.set_account(db, "kbnn2", "treasury", "a long password")
>>> web.set_account(db, "sct2", "department", "a long password", department="Sở Công Thương")
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional

from . import _args, _core
from ._core import DemoAccount

if TYPE_CHECKING:
    from .scenario import Scenario

__all__ = ["DemoAccount", "ROLES", "demo_store", "serve", "set_account"]

#: The roles of the page: Finance Department administrator, investor, State Treasury, reader
#: (read-only), department, the Office of the People's Committee, leader.
ROLES = ("admin", "investor", "treasury", "viewer", "department", "office", "leader")


def demo_store(db: str | os.PathLike[str]) -> list[DemoAccount]:
    """Write the synthetic Cao Bằng 2025 store to ``db`` with one demonstration account per role.

    The store also holds Cao Bằng's July 2025 monitoring (indicators, targets, monthly values,
    tasks) with the month's early warnings recorded, which the digest page shows.

    Returns
    -------
    list of DemoAccount
        ``name``, ``role``, ``investor`` (for investor accounts), ``department`` (for department
        accounts) and a fresh random ``password``.

    Raises
    ------
    DatabaseError
        If ``db`` exists and is not a store of the plan year 2025.
    """
    return _core.web_demo_store(_args.path(db))


def set_account(
    db: str | os.PathLike[str],
    name: str,
    role: str,
    password: str,
    investor: Optional[str] = None,
    who: str = "grdpsim",
    department: Optional[str] = None,
) -> None:
    """Create the account ``name`` of the store ``db``, or set its role, binding and password.

    ``role`` is one of :data:`ROLES`; an investor account names its ``investor`` (the code in
    the store), a department account its ``department`` (as the store's indicators and tasks
    name it; its Vietnamese name alone, in any case, will do). The change is recorded in the
    audit trail under ``who``; the password only as an Argon2id hash.

    Raises
    ------
    InvalidArgumentError
        For an unknown role, a name other than letters, digits and ``._-@``, a password shorter
        than 10 characters, an investor account without a known investor, a department account
        without a known department, another role with either.
    """
    if investor is not None:
        investor = _args.text("investor", investor)
    if department is not None:
        department = _args.text("department", department)
    _core.web_set_account(
        _args.path(db),
        _args.text("name", name),
        _args.text("role", role),
        _args.text("password", password),
        investor,
        _args.text("who", who),
        department,
    )


def serve(
    db: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 8000,
    secure_cookies: bool = False,
    example: bool = False,
    scenario: Optional[Scenario] = None,
    policy: Optional[str | os.PathLike[str]] = None,
    *,
    header_read_timeout: Optional[float] = None,
    body_read_timeout: Optional[float] = None,
    idle_timeout: Optional[float] = None,
    max_connections: Optional[int] = None,
    max_connections_per_address: Optional[int] = None,
    read_connections: Optional[int] = None,
) -> None:
    """Serve the store ``db`` on ``host:port`` until Ctrl-C or SIGTERM.

    ``port=0`` picks a free port; the address is printed once the server accepts connections.
    ``secure_cookies=True`` marks the session cookie ``Secure`` (only sent over https): set it
    when a TLS proxy serves the page; the local demo over ``http://127.0.0.1`` must not.
    ``example=True`` heads the monitoring digest page with the Cao Bằng 2025 example's
    scenario figures (gap, required growth, probability) and reads its findings under the
    example's warning policy: for a store written by :func:`demo_store`. Without it the page's
    headline is the disbursement rate alone. ``scenario`` (a :class:`~grdpsim.Scenario`) and
    ``policy`` (TOML text or a file, over the shipped policy) head the page of a province's own
    store the same way, and take precedence over the example's. The page shows the latest month
    whose findings were recorded (``grdpsim monitor digest --db FILE``); it never records them
    itself.

    The connection limits shed slow clients (None: the default in brackets):
    ``header_read_timeout`` (10 s) to send a request's headers, ``body_read_timeout`` (60 s) to
    send its body, counted from its headers, ``idle_timeout`` (5 s) for a connection silent
    between requests, in seconds; ``max_connections`` (512) in all and
    ``max_connections_per_address`` (64) per client address, where a new connection over a cap
    closes the one idle the longest. A timeout must be more than zero and at most a day, a cap
    more than zero and at most 2**20: otherwise an
    :class:`~grdpsim.InvalidArgumentError` naming the option and its value, before anything is
    served.

    ``read_connections`` (8, at most 256) is the count of read-only connections to the store
    that the pages which only read share beside the one writer; 0 serves every request through
    the writer, one at a time (the server before the pool, for comparison). Beyond 256: an
    :class:`~grdpsim.InvalidArgumentError` naming it, before anything is served.
    """
    from .monitoring import _policy_text
    from .scenario import Scenario as ScenarioType

    if scenario is not None:
        _args.instance("scenario", scenario, ScenarioType, "Scenario")
    _core.serve(
        _args.path(db),
        _args.text("host", host),
        _args.port(port),
        _args.flag("secure_cookies", secure_cookies),
        _args.flag("example", example),
        None if scenario is None else scenario._inner,
        _policy_text(policy),
        None if header_read_timeout is None else _args.real("header_read_timeout", header_read_timeout),
        None if body_read_timeout is None else _args.real("body_read_timeout", body_read_timeout),
        None if idle_timeout is None else _args.real("idle_timeout", idle_timeout),
        None if max_connections is None else _args.count("max_connections", max_connections),
        None
        if max_connections_per_address is None
        else _args.count("max_connections_per_address", max_connections_per_address),
        None if read_connections is None else _args.count("read_connections", read_connections),
    )
