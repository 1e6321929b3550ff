"""Workbooks to fill in: the scenario template a finance department types its growth scenario
into, and the same filled with the embedded Cao Bằng 2025 scenario.

>>> import tempfile, pathlib, grdpsim as gs
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> gs.templates.scenario_workbook(folder / "cao_bang.xlsx", example=True)
>>> gs.Scenario.from_excel(folder / "cao_bang.xlsx") == gs.datasets.cao_bang_2025()
True
"""

from __future__ import annotations

import os

from . import _args, _core
from ._lang import resolve
from .datasets import cao_bang_2025
from .document import Document

__all__ = ["scenario_workbook"]

_PERIODS = ("Q1", "Q2", "H1", "Q3", "9M", "Q4", "Y")


def scenario_workbook(
    path: str | os.PathLike[str], *, example: bool = False, lang: str | None = None
) -> None:
    """Writes the scenario workbook: an instructions sheet and the sheets
    :meth:`grdpsim.Scenario.from_excel` reads. Empty (every provincial sector listed, every
    period headed, no figure; the year and base levels to fill in), or with ``example`` the
    embedded Cao Bằng 2025 scenario, which reads back equal to
    :func:`grdpsim.datasets.cao_bang_2025`. Headers in ``lang``; written atomically."""
    code = resolve(lang)
    target = _args.path(path)
    if example:
        cao_bang_2025()._inner.write_xlsx(target, code)
        return
    vi = code == "vi"
    doc = Document(
        "Kịch bản tăng trưởng: mẫu" if vi else "Growth scenario: template",
        lang=code,
        front_sheet="Hướng dẫn" if vi else "Instructions",
    )
    # The instructions in both languages, the workbook's own first.
    for lg in (code, "en" if vi else "vi"):
        doc.notes(_core.workbook_instructions(lg))
    sector, name = ("ngành", "tên ngành") if vi else ("sector", "name")
    doc.table(
        "Kịch bản" if vi else "Scenario",
        [("mục" if vi else "key", None), ("giá trị" if vi else "value", None)],
        [
            ["tên kịch bản" if vi else "name", None],
            ["năm" if vi else "year", None],
            ["cây ngành" if vi else "tree", "provincial_detailed"],
            ["ghi chú" if vi else "note", None],
            ["quy tắc theo kỳ" if vi else "rule periods", "spread"],
            ["quy tắc theo cây ngành" if vi else "rule tree", "inherit"],
            ["sơ bộ" if vi else "provisional", None],
        ],
        sheet="Kịch bản" if vi else "Scenario",
    )
    tree = _core.SectorTree.provincial_detailed()
    codes = list(tree.codes)
    periods = [_core.period_label(p, code, year=2000) for p in _PERIODS]
    for caption in ("Mục tiêu", "Thực hiện") if vi else ("Targets", "Actuals"):
        doc.table(
            caption,
            [(sector, None), (name, None), *((p, 2) for p in periods)],
            [[c, tree.names(c)[0 if vi else 1], *([None] * len(periods))] for c in codes],
            sheet=caption,
        )
    leaves = list(tree.leaves)
    quarters = (
        ["Quý I/…", "Quý II/…", "Quý III/…", "Quý IV/…"] if vi else ["YYYYQ1", "YYYYQ2", "YYYYQ3", "YYYYQ4"]
    )
    base_sheet = "Số liệu năm gốc" if vi else "Base levels"
    doc.table(
        base_sheet,
        [(sector, None), *((q, 1) for q in quarters)],
        [[c, None, None, None, None] for c in leaves],
        sheet=base_sheet,
    )
    doc.write_xlsx(target)
