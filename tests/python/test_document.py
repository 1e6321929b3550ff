"""The document layer from Python (issue 12): tables from DataFrames, charts as SVG, the
workbook's formats, frozen rows and native charts read from its XML, typed errors."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import grdpsim as gs
from grdpsim.document import Document, add_figure, add_frame


def _gap_doc() -> Document:
    gap = gs.datasets.cao_bang_2025().gap("H1")
    doc = Document("Cao Bằng 2025", lang="vi", subtitle="6 tháng")
    doc.heading("Chênh lệch")
    add_frame(
        doc,
        gap[["target_pct", "actual_pct", "gap_pp"]].astype(float),
        "Chênh lệch 6 tháng",
        index_header="Ngành",
        chart="column",
        chart_columns=["gap_pp"],
    )
    return doc


def test_frame_cells_keep_their_figures_and_nan_is_empty() -> None:
    gap = gs.datasets.cao_bang_2025().gap("H1")
    md = _gap_doc().to_markdown()
    row = next(line for line in md.splitlines() if line.startswith("| GRDP |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    expected = gap.loc["GRDP", ["target_pct", "actual_pct", "gap_pp"]].astype(float)
    # A Vietnamese document writes its figures with a decimal comma (6,56).
    assert cells == ["GRDP", *(f"{x:.2f}".replace(".", ",") for x in expected)]
    doc = Document("t")
    add_frame(doc, pd.DataFrame({"a": [1.0, np.nan], "b": ["x", None]}), "t", index=False)
    assert "| 1.00 | x |\n|  |  |" in doc.to_markdown()


def test_workbook_has_two_decimals_frozen_header_and_a_native_chart(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    _gap_doc().write_xlsx(path)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        styles = z.read("xl/styles.xml").decode()
        sheet2 = z.read("xl/worksheets/sheet2.xml").decode()
        chart = z.read(next(n for n in names if n.startswith("xl/charts/chart"))).decode()
    assert 'formatCode="#,##0.00"' in styles
    assert re.search(r'<pane [^>]*ySplit="2"[^>]*state="frozen"', sheet2), sheet2[:600]
    # the chart draws the gap column (D) against the sector names (A) of the table's sheet
    assert "<c:barChart>" in chart
    assert "$D$3:$D$" in chart and "$A$3:$A$" in chart


def test_figures_are_embedded_as_svg(tmp_path: Path) -> None:
    import base64

    doc = Document("t", lang="en")
    add_figure(doc, gs.plot.gap(gs.datasets.cao_bang_2025(), "H1").figure, "the gap", "Figure 1")
    html = doc.to_html()
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert data is not None
    assert b"<svg" in base64.b64decode(data.group(1))
    assert "<figcaption>Figure 1</figcaption>" in html


def test_bad_input_is_a_typed_error(tmp_path: Path) -> None:
    doc = Document("t")
    with pytest.raises(gs.InvalidArgumentError, match="row 1, column 0: a bool"):
        doc.table("t", [("a", 2)], [[True]])
    with pytest.raises(gs.InvalidArgumentError, match="not a finite number"):
        doc.table("t", [("a", 2)], [[float("nan")]])
    with pytest.raises(gs.InvalidArgumentError, match="row 1 has 2 cells for 1 columns"):
        doc.table("t", [("a", 2)], [[1.0, 2.0]])
    with pytest.raises(gs.InvalidArgumentError, match="neither text, a number nor None"):
        doc.table("t", [("a", 2)], [[object()]])  # type: ignore[list-item]
    with pytest.raises(gs.GrdpsimError, match="stacked_column"):
        doc.table("t", [("a", 2)], [[1.0]], chart="pie")
    with pytest.raises(gs.InvalidArgumentError, match="not SVG"):
        doc.svg("<png/>", "x")
    with pytest.raises(gs.InvalidArgumentError, match="lang"):
        Document("t", lang="fr")
    with pytest.raises(gs.DataFileError, match="missing"):
        doc.write_xlsx(tmp_path / "missing" / "r.xlsx")
    assert repr(doc) == 'Document("t", lang=en, 0 blocks, 0 tables)'


def test_reports_and_digests_are_written_atomically(tmp_path: Path) -> None:
    from grdpsim.report import tracking_report, write_report

    doc = tracking_report(gs.datasets.cao_bang_2025(), charts=False, lang="vi")
    target = tmp_path / "r.md"
    target.write_text("an older report, longer than nothing " * 1000, encoding="utf-8")
    assert write_report(doc, "md", target) is None
    assert target.read_text(encoding="utf-8") == doc.to_markdown()
    # A target that cannot be replaced (a folder of that name): a typed error, nothing left.
    (tmp_path / "taken.html").mkdir()
    with pytest.raises(gs.DataFileError, match="taken.html"):
        write_report(doc, "html", tmp_path / "taken.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md", "taken.html"]
    m = gs.datasets.cao_bang_monitoring_2025()
    d = m.digest(
        "2025-07", scenario=gs.datasets.cao_bang_2025(), policy=gs.monitoring.CAO_BANG_2025_POLICY_TOML
    )
    d.write(tmp_path / "d.html", "html", lang="vi")
    assert (tmp_path / "d.html").read_text(encoding="utf-8") == d.render("html", lang="vi")
