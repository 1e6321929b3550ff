"""Cases shared by the disbursement tests (the Python side of tests/disbursement_support): the
three projects most of them start from, and a tracker of 2025 with CSV texts imported."""

from __future__ import annotations

from pathlib import Path

from grdpsim.disbursement import Tracker

# P1 and P2 of Board A, P3 of Board B (places in Vietnamese).
PROJECTS = """project,name,investor,investor_name,responsible,capital_source,location
P1,Road 1,A,Board A,Ms Lan,NSTW,Hòa An
P2,School 2,A,Board A,Mr Hai,NSDP,Bảo Lạc
P3,Bridge 3,B,Board B,Mr Long,NSTW,Hạ Lang
"""


def tracker_importing(folder: Path, files: list[tuple[str, str]], who: str) -> Tracker:
    """A store of 2025 in ``folder`` with ``files`` imported in order by ``who``.

    Each file is ``(name, CSV text)``, written to ``folder/<name>.csv`` first.
    """
    t = Tracker.create(folder / "cases.sqlite", province="Test", year=2025)
    for name, text in files:
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
        t.import_csv(folder / f"{name}.csv", who=who)
    return t
