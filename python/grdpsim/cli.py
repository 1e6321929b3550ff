"""The ``grdpsim`` console script.

``grdpsim accounts [--csv FILE | --sdmx FILE] [--period P] [--convention grdp|gva]``
    Growth and contributions of the latest quarter and of the year to date (default data: the
    embedded Cao Bằng base years).
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

import pandas as pd

from .accounts import Accounts
from .datasets import cao_bang_base
from .errors import GrdpsimError

__all__ = ["main"]


def _names(acc: Accounts, codes: Sequence[str]) -> list[str]:
    tree = acc.tree
    out = []
    for code in codes:
        out.append(tree.names(code)[0] if code in tree else "Giá trị tăng thêm (GVA)")
    return out


def contributions_table(acc: Accounts, period: str, convention: str) -> str:
    """A release-style table: growth, weight, contribution and share of the increase."""
    frame = acc.contributions(period, convention=convention)  # type: ignore[arg-type]
    frame.insert(0, "name", _names(acc, list(frame.index)))
    title = (
        f"{period}: growth and contributions ({frame.attrs['convention']} convention, "
        f"percentage points of {frame.attrs['total']})"
    )
    with pd.option_context("display.width", 120, "display.max_colwidth", 40):
        body = frame.to_string(float_format=lambda x: f"{x:8.2f}")
    return f"{title}\n{body}\n"


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="grdpsim", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_acc = sub.add_parser("accounts", help="growth and contributions of the latest period")
    src = p_acc.add_mutually_exclusive_group()
    src.add_argument("--csv", help="long CSV: period,sector,price_basis,value")
    src.add_argument("--sdmx", help="GSO's SDMX-ML feed")
    p_acc.add_argument("--period", help="e.g. 2024Q3, 2024Q1-Q3, 2024H1, 2024")
    p_acc.add_argument("--convention", choices=["grdp", "gva"], default="grdp")
    p_acc.set_defaults(run=_accounts)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except GrdpsimError as e:
        print(f"grdpsim: {type(e).__name__}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
