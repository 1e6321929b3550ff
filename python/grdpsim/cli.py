"""The ``grdpsim`` console script.

``grdpsim report [--scenario FILE] [--format text|md|html|xlsx] [--output PATH] [--lang vi|en]
[--target PCT] [--policy uniform|proportional|sector_targets] [--lock SECTOR[=PCT]]
[--cap SECTOR=PCT] [--spread same|keep_profile]``
    The tracking report of a scenario (TOML, JSON or an xlsx workbook; default: the embedded
    Cao Bằng 2025 scenario): the official gap, the dataset's notes, targets and their
    consistency, actuals, the gap by sector in points of GRDP, and the growth still required
    per sector and quarter, with its feasibility. As text or Markdown (standard output unless
    ``--output``), one self-contained HTML page with its charts, or a workbook (``--output``
    required) with native charts and the scenario's own sheets, in English or Vietnamese.

    With ``--uncertainty history|normal:SD|FILE.toml``, the report ends with the probability of
    reaching the annual target under that uncertainty, the model named (a TOML file's
    ``[uncertainty]`` section: ``shape`` normal/student_t/two_piece, ``sd`` a number or a table
    ``{sector = sd}``, ``ar``, ``df``, ``skew``, ``corr = "history"``).

``grdpsim accounts [--csv FILE | --sdmx FILE] [--period P] [--convention grdp|gva]``
    Growth and contributions of the latest quarter and of the year to date (default data: the
    embedded Cao Bằng base years).

``grdpsim disbursement report [--db FILE] [--as-of YYYY-MM-DD] [--since YYYY-MM-DD] [--period week|month] [--lang vi|en] [--format text|md|html|xlsx|pdf] [--output PATH] [--source treasury|investor]``
    The weekly disbursement briefing, the leaders' pack (the core's ``reports::briefing``):
    first the province's rate against the plan in force and its change since ``--since``
    (default: a week before, or with ``--period month`` the same day a month before: the monthly
    meeting's public ranking) split into payments and plan revisions; then rates by capital
    source, the ranking of investors with each one's change since last week and last month,
    proposals for the slow ones, projects behind their monthly plan, stalled projects, overdue
    obstacles, investor vs Treasury differences, the plan revisions and the year-end
    projection. In Vietnamese (default) or English; as text, Markdown or HTML (standard output
    unless ``--output``), a workbook or a PDF (``--output`` required; the PDF is the HTML page
    printed by headless Chromium, ``GRDPSIM_CHROMIUM`` or ``chromium`` on ``PATH``). Without
    ``--as-of``: the latest week that the calendar's share of projects reported; the subtitle says
    which week and how many projects reported it. Without ``--db``: the embedded synthetic Cao
    Bằng 2025 portfolio.

``grdpsim monitor digest --month YYYY-MM [--as-of YYYY-MM-DD] [--lang vi|en] [--db FILE] [--scenario FILE] [--policy FILE] [--format text|md|html|xlsx] [--output FILE] [--top N]``
    Records the month and prints its monitoring digest, as of ``--as-of`` (default: the month's
    report deadline; its first line states which): the headline scenario figures and every early warning, most
    serious first, grouped by who answers for them, each new, persisting, or not evaluated
    (last month's finding whose report or scenario is missing this month), and last month's
    resolved ones (evaluated and passed). ``--top N``: at most N findings per department, saying
    how many are left out. ``--scenario``: TOML, JSON or the tool's own xlsx workbook (by its
    extension). Without ``--db``: the embedded Cao Bằng example (its policy, and its scenario
    unless ``--scenario`` gives another) with its July 2025 meeting's digest on record.

``grdpsim monitor nowcast --indicator CODE [--lang vi|en] [--db FILE --scenario FILE] [--save FILE]``
    Nowcast the next quarter of the sector an indicator informs from its monthly values, as a
    provisional actual (``--save``: the scenario with it, TOML or JSON). Without ``--db``: the
    embedded Cao Bằng July 2025 example and its scenario.

``grdpsim monitor init|import|pace ...``
    Create a monitoring store, import indicators, targets, monthly values or tasks (CSV or
    workbooks, each all or nothing), or print the indicators' pace at a month
    (``pace --month YYYY-MM [--period Q3] [--lang vi|en]``: the share of the plan and of the
    scenario's target reached side by side, in Vietnamese by default).

``grdpsim disbursement init|import|withdraw|backup|restore|template ...``
    Create a store (``init --week-ends-on N --grace-days N --reporting-share PCT``: its reporting
    calendar, by default weeks ending on Friday, 6 days' grace, 50%), import CSV files or Excel workbooks into it (each all or nothing; a week must
    end on the store's day, Friday by default, and not after today plus its grace), withdraw a
    weekly figure entered by mistake (``withdraw --project P --week-ending YYYY-MM-DD
    [--source investor|treasury] [--who NAME]``, audited), back it up, restore a backup, or print
    the weekly CSV template (``--xlsx FILE``: as a workbook).

``grdpsim serve [--db FILE] [--port N] [--host 127.0.0.1] [--secure-cookies] [--scenario FILE] [--policy FILE]
[--header-read-timeout S] [--body-read-timeout S] [--idle-timeout S] [--max-connections N]
[--max-connections-per-address N] [--read-connections N]``
    The tracking web page on the store (Ctrl-C stops it). Without ``--db``: a copy of the
    synthetic Cao Bằng 2025 portfolio and its July 2025 monitoring (early warnings recorded) in a
    temporary file, with demonstration accounts (one per role) printed at start.

``grdpsim account --db FILE NAME --role admin|investor|treasury|viewer|department|office|leader [--investor CODE] [--department NAME]``
    Create an account of the web page (or set its role and password); the password is read from
    the environment variable ``GRDPSIM_PASSWORD`` or asked for.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from typing import Any, Optional

import pandas as pd

from . import _core
from ._lang import resolve, said
from .accounts import Accounts
from .datasets import (
    CAO_BANG_2025_MONITORING_MONTH,
    cao_bang_2025,
    cao_bang_base,
    cao_bang_disbursement_2025,
    cao_bang_monitoring_2025,
)
from .disbursement import TEMPLATE_CSV, Calendar, Tracker
from .errors import GrdpsimError, ImportRejectedError, InvalidArgumentError
from .monitoring import CAO_BANG_2025_POLICY_TOML, Monitor
from .probability import Uncertainty
from .report import tracking_report, write_report
from .scenario import Scenario

__all__ = ["main"]


def _versions() -> str:
    """``grdpsim 0.1.0 (core 0.1.0)``: the installed package's version and its compiled core's."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        package = version("grdpsim")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without install
        package = "not installed"
    return f"grdpsim {package} (core {_core.__version__})"


_FLOAT = lambda x: f"{x:8.2f}"  # noqa: E731


def _show(title: str, frame: pd.DataFrame | pd.Series[Any]) -> str:
    with pd.option_context("display.width", 140, "display.max_columns", 20, "display.max_colwidth", 40):
        return f"{title}\n{frame.to_string(float_format=_FLOAT, na_rep='-')}\n"


def _names(acc: Accounts, codes: Sequence[str]) -> list[str]:
    tree = acc.tree
    return [tree.names(c)[0] if c in tree else "Giá trị tăng thêm (GVA)" for c in codes]


def contributions_table(acc: Accounts, period: str, convention: str) -> str:
    """A release-style table: growth, weight, contribution and share of the increase."""
    frame = acc.contributions(period, convention=convention)  # type: ignore[arg-type]
    frame.insert(0, "name", _names(acc, list(frame.index)))
    return _show(
        f"{period}: growth and contributions ({frame.attrs['convention']} convention, "
        f"percentage points of {frame.attrs['total']})",
        frame,
    )


def _parse_assignments(items: Sequence[str], what: str, need_value: bool) -> dict[str, Optional[float]]:
    out: dict[str, Optional[float]] = {}
    for item in items:
        sector, _, value = item.partition("=")
        if need_value and not value:
            raise said(InvalidArgumentError, f"invalid argument --{what}: {item!r} is not SECTOR=PCT")
        try:
            out[sector.strip()] = float(value) if value else None
        except ValueError:
            raise said(
                InvalidArgumentError, f"invalid argument --{what}: {value!r} is not a number"
            ) from None
    return out


def _uncertainty(spec: str, sc: Scenario) -> Uncertainty:
    """``history`` (calibrated on the scenario's base), ``normal:SD``, or a TOML file with an
    ``[uncertainty]`` section."""
    if spec == "history":
        for method in ("same_quarter", "within_year"):
            try:
                return Uncertainty.from_history(sc.base, method=method, years=1)
            except GrdpsimError:
                if method == "within_year":
                    raise
        raise AssertionError("unreachable")  # pragma: no cover
    if spec.startswith("normal:"):
        try:
            return Uncertainty.normal(float(spec.split(":", 1)[1]))
        except ValueError:
            raise said(
                InvalidArgumentError, f"invalid argument --uncertainty: {spec!r} is not normal:SD"
            ) from None
    # A file: read by the core, which names the line and key at fault.
    return Uncertainty.from_file(spec)


def probability_line(sc: Scenario, u: Uncertainty, target: Optional[float]) -> str:
    """The probability of reaching the annual target, with the uncertainty model named."""
    span = f"{sc.base.quarters[0]}-{sc.base.quarters[-1]}"
    if u.forecast == "within_year":
        if float(u.sd.max()) < 1e-6:
            return (
                f"Probability: not computed. The base ({span}) is too short for the errors of a "
                "naive forecast, and its quarters all grow at their year's rate (it was "
                "reconstructed from annual figures), so history shows no spread at all. Pass "
                "--uncertainty normal:SD or an uncertainty file with sds by sector."
            )
        note = (
            f"\n  Calibrated on the spread of the base's quarters around their own year ({span}): "
            "too short to measure how far a whole year can miss, so this understates the risk."
        )
    else:
        note = ""
    p = sc.probability(target, uncertainty=u, paths=200_000)
    return f"Probability: {p.summary()}{note}"


def _load_scenario(path: Optional[str]) -> Scenario:
    if path is None:
        return cao_bang_2025()
    if path.lower().endswith((".xlsx", ".xlsm")):
        return Scenario.from_excel(path)
    return Scenario.from_file(path)


def _report(args: argparse.Namespace) -> int:
    if args.scenario and args.scenario_file and args.scenario != args.scenario_file:
        raise said(InvalidArgumentError, "invalid argument --scenario: a scenario file is given twice")
    sc = _load_scenario(args.scenario_file or args.scenario)
    options: dict[str, object] = {"policy": args.policy, "spread": args.spread}
    if args.target is not None:
        options["target"] = args.target
    if args.lock:
        options["locked"] = _parse_assignments(args.lock, "lock", need_value=False)
    if args.cap:
        options["caps"] = _parse_assignments(args.cap, "cap", need_value=True)
    fmt = args.format
    doc = tracking_report(sc, options, lang=args.lang, charts=fmt in ("html", "xlsx"))
    if args.uncertainty:
        doc.paragraph(probability_line(sc, _uncertainty(args.uncertainty, sc), args.target))
    if fmt == "xlsx":
        doc.scenario_tables(sc._inner, resolve(args.lang))
    text = write_report(doc, fmt, args.output)
    if text is not None:
        print(text, end="")
    return 0


def _accounts(args: argparse.Namespace) -> int:
    if args.csv:
        acc = Accounts.from_csv(args.csv)
    elif args.sdmx:
        acc = Accounts.from_sdmx(args.sdmx)
    else:
        acc = cao_bang_base()
    last = acc.quarters[-1]
    periods = [args.period] if args.period else [f"{last.year}Q{last.quarter}"]
    if not args.period and last.quarter > 1:
        periods.append(f"{last.year}Q1-Q{last.quarter}" if last.quarter < 4 else f"{last.year}")
    for period in periods:
        print(contributions_table(acc, period, args.convention))
    return 0


def _import_files(store: Tracker | Monitor, files: Sequence[str], who: str) -> int:
    """Imports each file, all or nothing; a rejected file's bad rows on stderr."""
    for f in files:
        try:
            print(repr(store.import_file(f, who=who)))
        except ImportRejectedError as e:
            print(f"grdpsim: {f}: rejected, nothing written:", file=sys.stderr)
            for p in e.problems:
                where = f"sheet {p['sheet']}, " if p["sheet"] else ""
                print(
                    f"  {where}row {p['row']}, column {p['column']} ({p['value']!r}): {p['reason']}",
                    file=sys.stderr,
                )
            return 2
    return 0


def _monitor(args: argparse.Namespace) -> int:
    action = args.action
    if action == "init":
        m = Monitor.create(args.db, province=args.province, year=args.year)
        print(f"{m.db}: monitoring store for {m.province}, year {m.year}")
        return 0
    scenario: Optional[Scenario] = None
    policy: Optional[str] = getattr(args, "policy", None)
    if args.db is None:
        if action == "import":
            raise said(InvalidArgumentError, "invalid argument --db: grdpsim monitor import needs --db")
        m = cao_bang_monitoring_2025()
        # --scenario replaces the example's own scenario (TOML, JSON or the tool's workbook).
        scenario = _load_scenario(getattr(args, "scenario", None))
        policy = policy or CAO_BANG_2025_POLICY_TOML
        if action == "digest" and args.month > CAO_BANG_2025_MONITORING_MONTH:
            # The example is the July meeting: its digest is on record, as in the demo store,
            # so a later month has a history (findings persisting, resolved, not evaluated).
            m.digest(CAO_BANG_2025_MONITORING_MONTH, scenario=scenario, policy=policy)
    else:
        m = Monitor.open(args.db)
        if getattr(args, "scenario", None):
            scenario = _load_scenario(args.scenario)
    if action == "import":
        return _import_files(m, args.files, args.who)
    if action == "nowcast":
        if scenario is None:
            raise said(
                InvalidArgumentError,
                "invalid argument --scenario: grdpsim monitor nowcast --db needs --scenario",
            )
        n = m.nowcast(scenario, args.indicator, method=args.method)
        print(n.note(lang=args.lang))
        print(_show(f"{n.sector} ← {n.indicator}", n.to_frame()))
        if args.save:
            n.apply(scenario).save(args.save)
            print(f"scenario with the provisional {n.sector} {n.period} written to {args.save}")
        return 0
    if action == "pace":
        vi = resolve(args.lang) == "vi"
        if args.period == "year":
            title = f"Tiến độ đến tháng {args.month}" if vi else f"Pace at {args.month}"
        else:
            title = (
                f"Tiến độ đến tháng {args.month} so với mục tiêu {args.period}"
                if vi
                else f"Pace at {args.month} against the {args.period} targets"
            )
        print(title)
        print(m.pace(args.month, period=args.period).render(lang=args.lang), end="")
        if scenario is not None:
            # Rule 8: a plan implying less growth than the scenario assigns, as the digest says.
            flags = m.derived_targets(scenario, policy=policy)[f"flag_{'vi' if vi else 'en'}"].dropna()
            if len(flags):
                print(
                    "Kế hoạch thấp hơn tăng trưởng kịch bản giao:"
                    if vi
                    else "Plans below the scenario's growth:"
                )
                for flag in flags:
                    print(f"- {flag}")
        return 0
    d = m.digest(args.month, scenario=scenario, policy=policy, as_of=args.as_of)
    if args.format == "xlsx":
        if not args.output:
            raise said(
                InvalidArgumentError,
                "invalid argument --output: --format xlsx writes a workbook: give --output",
            )
        d.write_xlsx(args.output, lang=args.lang, top=args.top)
        print(f"digest written to {args.output}")
        return 0
    if args.output:
        d.write(args.output, args.format, lang=args.lang, top=args.top)
        print(f"digest written to {args.output}")
    else:
        print(d.render(args.format, lang=args.lang, top=args.top), end="")
    return 0


def _disbursement(args: argparse.Namespace) -> int:
    action = args.action
    if action == "template":
        if args.xlsx:
            Tracker.write_template_xlsx(args.xlsx)
            print(f"template written to {args.xlsx}")
        else:
            print(TEMPLATE_CSV, end="")
        return 0
    if action == "init":
        given = {
            k: v
            for k in ("week_ends_on", "grace_days", "reporting_share_pct")
            if (v := getattr(args, k)) is not None
        }
        # Checked before the store is made: a bad value leaves no file behind.
        calendar = dataclasses.replace(Calendar(), **given)
        t = Tracker.create(args.db, province=args.province, year=args.year)
        if given:
            t.set_calendar(calendar, who=args.who)
        c = t.calendar
        print(
            f"{t.db}: disbursement store for {t.province}, plan year {t.year}; weeks end on ISO day "
            f"{c.week_ends_on}, up to {c.grace_days} day(s) ahead; default as-of: the latest week "
            f"{c.reporting_share_pct:g}% of the projects reported"
        )
        return 0
    if args.db is None:
        if action != "report":
            raise said(
                InvalidArgumentError, f"invalid argument --db: grdpsim disbursement {action} needs --db"
            )
        t = cao_bang_disbursement_2025()
    else:
        t = Tracker.open(args.db)
    if action == "report":
        doc = t.briefing(args.as_of, since=args.since, lang=args.lang, source=args.source, period=args.period)
        text = write_report(doc, args.format, args.output)
        print(f"briefing written to {args.output}" if text is None else text, end="" if text else "\n")
    elif action == "import":
        return _import_files(t, args.files, args.who)
    elif action == "withdraw":
        t.withdraw(args.project, args.week_ending, args.source, who=args.who)
        print(
            f"{t.db}: {args.source} figure of {args.project} for the week ending {args.week_ending} withdrawn"
        )
    elif action == "national-target":
        if args.amount is not None:
            if args.decided_on is None or args.source is None:
                raise said(
                    InvalidArgumentError,
                    "invalid argument --amount: a national target needs --decided-on and --source too",
                )
            t.set_national_target(args.amount, args.decided_on, args.source, who=args.who)
        target = t.national_target()
        print(
            f"{t.db}: no national target for {t.year}"
            if target is None
            else f"{t.db}: national target for {target.year}: {target.amount:,.1f} million VND "
            f"({target.source}, {target.decided_on.date().isoformat()})"
        )
    elif action == "backup":
        t.backup(args.path)
        print(f"{t.db} -> {args.path}")
    elif action == "restore":
        t.restore(args.path)
        print(f"{args.path} -> {t.db}")
    return 0


# The server's connection limits: each flag, its type and help (defaults: the core's).
SERVER_LIMITS: dict[str, tuple[type, str]] = {
    "header_read_timeout": (float, "seconds a client may take to send a request's headers (default 10)"),
    "body_read_timeout": (
        float,
        "seconds a client may take to send a request's body, from its headers (default 60)",
    ),
    "idle_timeout": (float, "seconds a connection may stay silent between requests (default 5)"),
    "max_connections": (int, "connections served at once (default 512)"),
    "max_connections_per_address": (int, "connections served at once from one client address (default 64)"),
    "read_connections": (
        int,
        "read-only connections to the store beside the writer (default 8; 0: every request through the writer)",
    ),
}


def _serve(args: argparse.Namespace) -> int:
    import shutil
    import tempfile

    from . import web

    folder = None
    db = args.db
    if db is None:
        folder = tempfile.mkdtemp(prefix="grdpsim-serve-")
        db = os.path.join(folder, "cao_bang_2025_demo.sqlite")
        accounts = web.demo_store(db)
        print("Cao Bằng 2025 (synthetic portfolio), demonstration accounts / tài khoản dùng thử:")
        for a in accounts:
            bound = a.investor or a.department
            who = f"{a.role} {bound}" if bound else a.role
            print(f"  {a.name:<12} {a.password}  ({who})")
        print(f"store / cơ sở dữ liệu: {db} (removed on exit)")
    sys.stdout.flush()
    try:
        web.serve(
            db,
            host=args.host,
            port=args.port,
            secure_cookies=args.secure_cookies,
            example=args.db is None,
            scenario=Scenario.from_file(args.scenario) if args.scenario else None,
            policy=args.policy,
            **{name: getattr(args, name) for name in SERVER_LIMITS if getattr(args, name) is not None},
        )
    except KeyboardInterrupt:
        pass
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    print("grdpsim serve: stopped")
    return 0


def _account(args: argparse.Namespace) -> int:
    import getpass

    from . import web

    password = os.environ.get("GRDPSIM_PASSWORD") or getpass.getpass(f"password for {args.name}: ")
    web.set_account(
        args.db,
        args.name,
        args.role,
        password,
        investor=args.investor,
        who=args.who,
        department=args.department,
    )
    bound = args.investor or args.department
    print(f"{args.name}: {args.role}" + (f" of {bound}" if bound else ""))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="grdpsim", description="Growth scenarios for GRDP.")
    parser.add_argument("--version", action="version", version=_versions())
    sub = parser.add_subparsers(dest="command", required=True)

    p_rep = sub.add_parser("report", help="tracking report of a scenario (default: Cao Bằng 2025)")
    p_rep.add_argument("scenario", nargs="?", help="scenario file (TOML, JSON or xlsx)")
    p_rep.add_argument("--scenario", dest="scenario_file", help="scenario file (TOML, JSON or xlsx)")
    p_rep.add_argument("--format", default="text", choices=["text", "md", "html", "xlsx"])
    p_rep.add_argument("--output", help="write here (standard output when absent; required for xlsx)")
    p_rep.add_argument("--lang", choices=["en", "vi"], help="language (default: English)")
    p_rep.add_argument("--target", type=float, help="annual GRDP target, percent")
    p_rep.add_argument("--policy", default="uniform", choices=["uniform", "proportional", "sector_targets"])
    p_rep.add_argument("--spread", default="same", choices=["same", "keep_profile"])
    p_rep.add_argument("--lock", action="append", default=[], metavar="SECTOR[=PCT]")
    p_rep.add_argument("--cap", action="append", default=[], metavar="SECTOR=PCT")
    p_rep.add_argument(
        "--uncertainty",
        metavar="history|normal:SD|FILE.toml",
        help="add the probability of reaching the target under this uncertainty",
    )
    p_rep.set_defaults(run=_report)

    p_acc = sub.add_parser("accounts", help="growth and contributions of the latest period")
    src = p_acc.add_mutually_exclusive_group()
    src.add_argument("--csv", help="long CSV: period,sector,price_basis,value")
    src.add_argument("--sdmx", help="GSO's SDMX-ML feed")
    p_acc.add_argument("--period", help="e.g. 2024Q3, 2024Q1-Q3, 2024H1, 2024")
    p_acc.add_argument("--convention", choices=["grdp", "gva"], default="grdp")
    p_acc.set_defaults(run=_accounts)

    p_dis = sub.add_parser("disbursement", help="public-investment disbursement: weekly store and briefing")
    dsub = p_dis.add_subparsers(dest="action", required=True)
    d_rep = dsub.add_parser(
        "report", help="the weekly briefing (default: the synthetic Cao Bằng 2025 example)"
    )
    d_rep.add_argument(
        "--as-of", dest="as_of", help="YYYY-MM-DD (default: the latest week that half the projects reported)"
    )
    d_rep.add_argument(
        "--since", help="YYYY-MM-DD: the change is measured from this date (default: a week before)"
    )
    d_rep.add_argument("--lang", choices=["vi", "en"], default="vi", help="language (default: Vietnamese)")
    d_rep.add_argument(
        "--period",
        choices=["week", "month"],
        default="week",
        help="without --since: a week before (the weekly meeting) or a month before (the monthly ranking)",
    )
    d_rep.add_argument("--format", choices=["text", "md", "html", "xlsx", "pdf"], default="text")
    d_rep.add_argument("--output", help="write here (standard output when absent; required for xlsx and pdf)")
    d_rep.add_argument("--source", choices=["treasury", "investor"], default="treasury")
    d_init = dsub.add_parser("init", help="create a store")
    d_init.add_argument("--province", required=True)
    d_init.add_argument("--year", type=int, required=True)
    d_init.add_argument(
        "--week-ends-on",
        dest="week_ends_on",
        type=int,
        help="ISO day the weeks end on, 1 Monday .. 7 Sunday (5)",
    )
    d_init.add_argument(
        "--grace-days", dest="grace_days", type=int, help="days after today a week may end (6)"
    )
    d_init.add_argument(
        "--reporting-share",
        dest="reporting_share_pct",
        type=float,
        help="percent of projects that makes a week the default as-of (50)",
    )
    d_init.add_argument("--who", default="", help="recorded in the audit trail")
    d_imp = dsub.add_parser("import", help="import CSV files or Excel workbooks, each all or nothing")
    d_imp.add_argument("files", nargs="+")
    d_imp.add_argument("--who", default="", help="recorded in the audit trail")
    d_wd = dsub.add_parser("withdraw", help="withdraw a weekly figure entered by mistake (audited)")
    d_wd.add_argument("--project", required=True)
    d_wd.add_argument("--week-ending", dest="week_ending", required=True, help="YYYY-MM-DD")
    d_wd.add_argument("--source", choices=["investor", "treasury"], default="investor")
    d_wd.add_argument("--who", default="", help="recorded in the audit trail")
    d_nat = dsub.add_parser(
        "national-target",
        help="show or set the year's national target (the plan the Prime Minister assigned the province)",
    )
    d_nat.add_argument("--amount", type=float, help="million VND (with --decided-on and --source: set it)")
    d_nat.add_argument("--decided-on", dest="decided_on", help="YYYY-MM-DD, the decision's date")
    d_nat.add_argument("--source", help="the decision, e.g. 'QĐ 1508/QĐ-TTg'")
    d_nat.add_argument("--who", default="", help="recorded in the audit trail")
    d_bak = dsub.add_parser("backup", help="copy the store (online backup) to PATH")
    d_bak.add_argument("path")
    d_res = dsub.add_parser("restore", help="replace the store's content with the backup PATH")
    d_res.add_argument("path")
    d_tpl = dsub.add_parser("template", help="print the weekly CSV template (or write it as a workbook)")
    d_tpl.add_argument("--xlsx", help="write the template workbook to this path")
    for p in (d_rep, d_init, d_imp, d_wd, d_nat, d_bak, d_res):
        p.add_argument("--db", required=p is d_init, help="the store (SQLite file)")
    p_dis.set_defaults(run=_disbursement)

    p_mon = sub.add_parser("monitor", help="monthly monitoring: indicators, tasks, early warnings")
    msub = p_mon.add_subparsers(dest="action", required=True)
    m_dig = msub.add_parser("digest", help="the monthly digest (default: the Cao Bằng July 2025 example)")
    m_dig.add_argument("--month", required=True, help="YYYY-MM")
    m_dig.add_argument(
        "--as-of",
        dest="as_of",
        help="YYYY-MM-DD: the findings as of this date (default: the month's report deadline)",
    )
    m_dig.add_argument("--lang", choices=["vi", "en"], default=None)
    m_dig.add_argument("--format", choices=["text", "md", "html", "xlsx"], default="text")
    m_dig.add_argument("--output", help="write the digest to this file")
    m_dig.add_argument(
        "--scenario",
        help="the scenario file (TOML, JSON or the tool's xlsx workbook) for rules 2-4; without --db it replaces the example's",
    )
    m_dig.add_argument("--policy", help="a warning policy file (TOML) over the shipped one")
    m_dig.add_argument(
        "--top", type=int, default=None, help="at most N findings per department (default: every finding)"
    )
    m_pace = msub.add_parser("pace", help="the indicators' pace against their targets at a month")
    m_pace.add_argument("--month", required=True, help="YYYY-MM")
    m_pace.add_argument("--period", default="year", help="year (default), or a period target: Q3, Q4, H2")
    m_pace.add_argument("--lang", choices=["vi", "en"], default="vi", help="vi (default) or en")
    m_pace.add_argument(
        "--scenario",
        help="the scenario file (TOML, JSON or xlsx) whose targets the plans are checked against; without --db it replaces the example's",
    )
    m_pace.add_argument("--policy", help="a warning policy file (TOML, with [links]) over the shipped one")
    m_now = msub.add_parser("nowcast", help="an indicator's months nowcast its sector's next quarter")
    m_now.add_argument(
        "--indicator", required=True, help="the indicator's code (a monthly flow, e.g. CN_GTSX)"
    )
    m_now.add_argument("--method", default="chow-lin-maxlog", help="the disaggregation method")
    m_now.add_argument("--lang", choices=["vi", "en"], default=None)
    m_now.add_argument("--scenario", help="the scenario file (TOML, JSON or xlsx); required with --db")
    m_now.add_argument("--save", help="write the scenario with the provisional quarter to this file")
    m_init = msub.add_parser("init", help="create a store")
    m_init.add_argument("--province", required=True)
    m_init.add_argument("--year", type=int, required=True)
    m_imp = msub.add_parser("import", help="import CSV files or workbooks, each all or nothing")
    m_imp.add_argument("files", nargs="+")
    m_imp.add_argument("--who", default="", help="recorded in the audit trail")
    for p in (m_dig, m_pace, m_now, m_init, m_imp):
        p.add_argument("--db", required=p is m_init, help="the store (SQLite file)")
    p_mon.set_defaults(run=_monitor)

    p_srv = sub.add_parser(
        "serve", help="the tracking web page (default: the Cao Bằng example with demo accounts)"
    )
    p_srv.add_argument("--db", help="the store (SQLite file); default: a copy of the synthetic example")
    p_srv.add_argument("--port", type=int, default=8000, help="0 picks a free port (default 8000)")
    p_srv.add_argument("--host", default="127.0.0.1")
    p_srv.add_argument("--secure-cookies", action="store_true", help="behind an https proxy: Secure cookies")
    p_srv.add_argument("--scenario", help="the scenario file (TOML, JSON or xlsx) heading the digest page")
    p_srv.add_argument(
        "--policy", help="a warning policy file (TOML) over the shipped one, for the digest page"
    )
    for name, (kind, what) in SERVER_LIMITS.items():
        p_srv.add_argument(
            "--" + name.replace("_", "-"), type=kind, metavar="S" if kind is float else "N", help=what
        )
    p_srv.set_defaults(run=_serve)

    p_acc2 = sub.add_parser("account", help="create an account of the web page, or set its role and password")
    p_acc2.add_argument("name")
    p_acc2.add_argument("--db", required=True, help="the store (SQLite file)")
    p_acc2.add_argument(
        "--role",
        required=True,
        choices=["admin", "investor", "treasury", "viewer", "department", "office", "leader"],
    )
    p_acc2.add_argument("--investor", help="the investor's code (investor accounts)")
    p_acc2.add_argument("--department", help="the department as the store names it (department accounts)")
    p_acc2.add_argument("--who", default="grdpsim account", help="recorded in the audit trail")
    p_acc2.set_defaults(run=_account)

    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except GrdpsimError as e:
        print(f"grdpsim: {type(e).__name__}: {error_text(e, getattr(args, 'lang', None))}", file=sys.stderr)
        return 2


def error_text(e: GrdpsimError, lang: str | None) -> str:
    """``e``'s message in ``lang`` (a command's ``--lang``; None: the session's language), where
    the error has it in that language; else as raised."""
    text = e.message_vi if resolve(lang) == "vi" else e.message_en
    return text if text is not None else str(e)


if __name__ == "__main__":
    sys.exit(main())
