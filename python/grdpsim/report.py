"""The tracking report of a scenario as one :class:`~grdpsim.document.Document` (báo cáo theo
dõi kịch bản tăng trưởng), for the committee meeting: the official gap first, the dataset's
notes, the stated targets and their consistency, the actual growth, the gap by sector in points
of GRDP and the growth still required, with charts (matplotlib, embedded as SVG in the HTML)
and native Excel charts in the workbook. In English or Vietnamese (``lang``; the session's
language when None). The core builds it (``grdpsim::reports::tracking``, one call); this
module draws the charts it places, and keeps the labels of the tables the package shows
(:func:`translate`), whose words come from the same catalog.

>>> import grdpsim as gs
>>> doc = gs.report.tracking_report(gs.datasets.cao_bang_2025(), lang="vi", charts=False)
>>> doc.headings[:2]
['Chênh lệch so với kịch bản', 'Ghi chú']
>>> "6 tháng: GRDP tăng 6,56%, mục tiêu 7,60%" in doc.to_text()
True
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Optional

import pandas as pd

from . import _core
from ._core import Document
from ._lang import pick, resolve, said, word
from ._optional import require

if TYPE_CHECKING:
    from .scenario import RequiredGrowth, Scenario

__all__ = ["tracking_report", "write_report", "translate", "COLUMNS", "ROWS"]

_COLUMNS, _ROWS, _POLICIES = _core.report_labels()

#: Table columns in both languages: (English, Vietnamese), from the core's catalog
#: (``grdpsim::reports::tracking::wording``), which the tracking report uses too.
COLUMNS: dict[str, tuple[str, str]] = {name: (en, vi) for name, en, vi in _COLUMNS}

#: Words in the cells of the columns that hold them (where a figure comes from, a row's kind),
#: (English, Vietnamese); English frames keep the words programs compare with.
VALUES: dict[str, tuple[str, str]] = {
    "stated": ("stated", "giao"),
    "derived": ("derived", "suy ra"),
    "implied": ("implied", "suy ra"),
    "actual": ("actual", "thực hiện"),
    "estimated": ("estimated", "ước tính"),
    "partly_reported": ("partly reported", "báo cáo một phần"),
    "target": ("target", "mục tiêu"),
    "sector": ("sector", "ngành"),
    "inconsistency": ("inconsistency", "chênh lệch nội tại"),
}
_VALUED = ("kind", "target_source", "actual_source", "source")

#: Row labels that are words, not sector codes, in both languages: (English, Vietnamese). The
#: gap's ``inconsistency`` rows (``inconsistency CNXD`` for an aggregate other than the total);
#: English frames for programs keep the key.
ROWS: dict[str, tuple[str, str]] = {name: (en, vi) for name, en, vi in _ROWS}

#: How a shortfall is spread over the sectors (``Scenario.required_growth(policy=)``), as a
#: report names it: (English, Vietnamese). English keeps the argument's value.
POLICIES: dict[str, tuple[str, str]] = {name: (en, vi) for name, en, vi in _POLICIES}

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("Growth scenario {year}", "Kịch bản tăng trưởng năm {year}"),
    "repr": (
        "{total} target {target:.2f}%, as it stands {now:.2f}% ({k} quarter(s) known)",
        "mục tiêu {total} {target:.2f}%, ước thực hiện {now:.2f}% (đã có số liệu {k} quý)",
    ),
}


def _w(key: str, lang: str, **fields: Any) -> str:
    return word(_WORDS, key, lang, **fields)


def column(name: str, lang: str | None = None) -> str:
    """A table column's header in ``lang`` (the name itself when it has no translation);
    percentiles ``p5`` .. ``p95`` as ``phân vị 5`` in Vietnamese."""
    pair = COLUMNS.get(name)
    if pair is None and len(name) > 1 and name[0] == "p" and name[1:].isdigit():
        pair = (name, f"phân vị {name[1:]}")
    return name if pair is None else pick(pair, lang)


def row_label(label: object, lang: str | None = None) -> object:
    """A row label in ``lang``: ``inconsistency`` and ``inconsistency CNXD`` as words (the
    scenario's inconsistency, of CNXD); sector codes and anything else as they are."""
    if not isinstance(label, str):
        return label
    word, _, sector = label.partition(" ")
    pair = ROWS.get(word)
    if pair is None:
        return label
    text = pick(pair, lang)
    return f"{text} ({sector})" if sector else text


def translate(frame: pd.DataFrame, lang: str | None = None, *, readable: bool = False) -> pd.DataFrame:
    """``frame`` with its column headers in ``lang``, period labels (columns or an index level
    named ``period``) as people read them (``Quý III``, ``6 tháng``, ``Cả năm``), the rows
    named in words (:data:`ROWS`) and the words in cells (:data:`VALUES`) in ``lang``. English frames keep their programs' names
    unless ``readable`` (``target %`` for ``target_pct``)."""
    code = resolve(lang)
    if code == "en" and not readable:
        return frame

    def label(x: object) -> object:
        try:
            return _core.period_label(str(x), code, year=2000) if isinstance(x, str) else x
        except Exception:  # noqa: BLE001 - not a period: keep the label
            return x

    def value(x: object) -> object:
        pair = VALUES.get(x) if isinstance(x, str) else None
        return x if pair is None else pick(pair, code)

    out = frame.copy()
    for valued in _VALUED:
        if valued in out.columns and not pd.api.types.is_numeric_dtype(out[valued]):
            out[valued] = out[valued].map(value)
    out = out.rename(columns=lambda c: column(str(c), code)).rename(columns=label)
    names = list(out.index.names)
    for level, name in enumerate(names):
        # A single unnamed index may hold periods (a series by quarter) or rows in words.
        periods = name == "period" or (name is None and len(names) == 1)
        at = level if len(names) > 1 else None
        if periods:
            out = out.rename(index=label, level=at)
        if name != "period":
            out = out.rename(index=lambda x: row_label(x, code), level=at)
    out.index.names = [column(str(n), code) if n else None for n in names]
    if out.columns.name:
        out.columns.name = column(str(out.columns.name), code)
    return out


def required_line(rq: RequiredGrowth, lang: str | None = None) -> str:
    """One sentence in ``lang``: the growth the total needs over the remaining quarters to
    reach the annual target, under which policy, and whether it is feasible (the core's
    wording, as the tracking report writes it)."""
    code = resolve(lang)
    return _core.required_line(
        code,
        rq.remaining,
        rq.target_pct,
        rq.policy,
        str(rq.by_sector.index[0]),
        rq.grdp_pct,
        rq.feasibility,
    )


def _svg(ax: Any) -> str:
    """The SVG markup of the figure an Axes is drawn on (then the figure is closed)."""
    from .document import svg_of

    plt = require("matplotlib.pyplot")
    fig = ax.figure
    try:
        return svg_of(fig)
    finally:
        plt.close(fig)


def tracking_report(
    sc: Scenario,
    rq_options: Optional[dict[str, Any]] = None,
    *,
    lang: str | None = None,
    charts: bool = True,
) -> Document:
    """The tracking report of ``sc`` as a document, built by the core
    (``grdpsim::reports::tracking``). ``rq_options`` are the keyword arguments of
    :meth:`Scenario.required_growth` (target, policy, spread, locked, caps); ``charts`` adds
    the matplotlib charts (needs ``grdpsim[plot]``), drawn here and placed by the core."""
    code = resolve(lang)
    options = dict(rq_options or {})
    required = sc._required_args(**options)
    images = None
    if charts and sc.elapsed_quarters:
        from . import plot

        cumulative = {1: "Q1", 2: "H1", 3: "9M", 4: "Y"}[sc.elapsed_quarters]
        images = (
            _svg(plot.gap(sc, cumulative, lang=code)),
            _svg(plot.required(sc.required_growth(**options), lang=code)),
            _svg(plot.quarters(sc, lang=code)),
        )
    return sc._inner.tracking_report(code, images, required)


def write_report(doc: Document, fmt: str, path: str | os.PathLike[str] | None = None) -> Optional[str]:
    """Renders ``doc`` as ``fmt`` (``text``, ``md``, ``html``, ``xlsx`` or ``pdf``) into ``path``
    (atomically: a failed write leaves an existing file as it was), or returns the text when
    ``path`` is None (not for ``xlsx`` or ``pdf``)."""
    from .errors import InvalidArgumentError

    renderers = {"text": doc.to_text, "md": doc.to_markdown, "html": doc.to_html}
    writers = {"xlsx": doc.write_xlsx, "pdf": doc.write_pdf}
    if fmt in writers:
        if path is None:
            raise said(InvalidArgumentError, f"invalid argument output: an {fmt} report needs --output PATH")
        writers[fmt](path)
        return None
    if fmt not in renderers:
        raise said(
            InvalidArgumentError, f"invalid argument format: {fmt!r} is not text, md, html, xlsx or pdf"
        )
    if path is None:
        return renderers[fmt]()
    doc.write(path, fmt)
    return None
