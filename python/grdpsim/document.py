"""Reports people read: one document, rendered as text, Markdown, HTML or an Excel workbook.

A :class:`Document` (the Rust core's ``grdpsim::document``) is a title, an optional subtitle
and blocks in reading order: headings, paragraphs, notes, tables of typed cells (text, a finite
number shown with its column's decimals, or nothing) and SVG charts. ``to_html()`` is one
self-contained printable page (inline CSS, charts embedded, nothing fetched);
``write_xlsx(path)`` writes a workbook (a summary sheet, then one sheet per table with its
header row frozen, two-decimal number formats and native Excel charts where a table asks for
one), atomically: a failed write leaves an existing file as it was.

:func:`add_frame` adds a DataFrame as a table (NaN is an empty cell), :func:`add_figure` a
matplotlib figure as SVG. The text renderings write numbers as the document's language does
(``-1,04`` in Vietnamese, ``-1.04`` in English); the workbook keeps them numbers.

>>> import pandas as pd
>>> from grdpsim.document import Document, add_frame
>>> doc = Document("Cao Bằng 2025", lang="vi", subtitle="6 tháng")
>>> doc.heading("Chênh lệch")
>>> add_frame(doc, pd.DataFrame({"gap_pp": [-1.04, None]}, index=["GRDP", "DV"]), "Chênh lệch (điểm %)")
>>> print(doc.to_text())
Cao Bằng 2025
=============
6 tháng
<BLANKLINE>
Chênh lệch
----------
<BLANKLINE>
Chênh lệch (điểm %)
      gap_pp
GRDP   -1,04
DV         -
<BLANKLINE>
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, Optional

import pandas as pd

from ._core import Document
from ._optional import require

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Document", "add_frame", "add_figure", "svg_of"]

ChartKind = Literal["column", "stacked_column", "bar", "line"]


def _cell(x: Any) -> str | float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, (int, float)):
        return float(x)
    try:
        import numpy as np

        if isinstance(x, np.bool_):
            return str(bool(x))
        if isinstance(x, np.number):
            y = float(x)
            return None if math.isnan(y) else y
    except ImportError:  # pragma: no cover - numpy comes with pandas
        pass
    return str(x)


def add_frame(
    doc: Document,
    frame: pd.DataFrame,
    caption: str,
    *,
    decimals: int | dict[str, int] = 2,
    index: bool = True,
    index_header: str = "",
    chart: Optional[ChartKind] = None,
    chart_title: Optional[str] = None,
    chart_columns: Optional[Sequence[str]] = None,
    sheet: Optional[str] = None,
) -> None:
    """Appends ``frame`` to ``doc`` as a table.

    Numeric columns show ``decimals`` decimals (one number for all, or per column); other
    columns are text; NaN and None are empty cells. With ``index`` the index is the first
    column (headed ``index_header``). ``chart`` asks the workbook for a native chart of
    ``chart_columns`` (default: every numeric column) against the first column.
    """
    columns: list[tuple[str, int | None]] = []
    data = frame.reset_index() if index else frame
    if index:
        data = data.rename(columns={data.columns[0]: index_header})
    for name in data.columns:
        numeric = pd.api.types.is_numeric_dtype(data[name]) and not pd.api.types.is_bool_dtype(data[name])
        d = decimals.get(str(name), 2) if isinstance(decimals, dict) else decimals
        columns.append((str(name), d if numeric and not (index and name == index_header) else None))
    rows = [[_cell(x) for x in row] for row in data.itertuples(index=False, name=None)]
    values = None
    if chart_columns is not None:
        names = [c for c, _ in columns]
        values = [names.index(c) for c in chart_columns]
    doc.table(
        caption,
        columns,
        rows,
        chart=chart,
        chart_title=chart_title,
        chart_values=values,
        sheet=sheet,
    )


def svg_of(fig: Figure) -> str:
    """The SVG markup of a matplotlib figure (text kept as text, so it prints sharp)."""
    matplotlib = require("matplotlib")

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", bbox_inches="tight")
    return buf.getvalue()


def add_figure(doc: Document, fig: Figure, alt: str, caption: Optional[str] = None) -> None:
    """Appends a matplotlib figure to ``doc`` as an SVG chart (then closes the figure)."""
    plt = require("matplotlib.pyplot")

    doc.svg(svg_of(fig), alt, caption)
    plt.close(fig)
