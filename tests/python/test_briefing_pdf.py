"""The leaders' weekly pack as PDF (issue 26): ``grdpsim disbursement report --format pdf`` and
``Document.write_pdf`` print the HTML page with headless Chromium; the pages are rendered to
images (pypdfium2) and checked for their count, a heading's text and a table's rules. The
monthly meeting's public ranking is the same document with ``--period month``."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

import grdpsim as gs
from grdpsim.cli import main
from grdpsim.disbursement import Tracker
from grdpsim.document import Document

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM = os.environ.get("GRDPSIM_CHROMIUM") or next((p for p in map(shutil.which, BROWSERS) if p), None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium: GRDPSIM_CHROMIUM unset and none of chromium, google-chrome on PATH"
)


@pytest.fixture(scope="module")
def example() -> Tracker:
    return gs.datasets.cao_bang_disbursement_2025()


def _rules(gray: np.ndarray, axis: int, share: float) -> int:
    """How many lines of the page (rows for axis 1, columns for axis 0) are ruled: at least
    ``share`` of them darker than the paper, as a table's borders are; adjacent lines count once."""
    dark = (gray < 225).mean(axis=axis) >= share
    return int(np.count_nonzero(dark[1:] & ~dark[:-1]) + int(dark[0]))


@needs_chromium
def test_the_pack_as_pdf_has_its_pages_heading_and_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    out = tmp_path / "pack.pdf"
    args = ["disbursement", "report", "--as-of", "2025-07-31", "--since", "2025-06-30", "--format", "pdf"]
    # A PDF is a file: without --output the command says so and writes nothing.
    assert main(args) == 2
    assert "--output" in capsys.readouterr().err
    assert main([*args, "--output", str(out)]) == 0
    assert f"briefing written to {out}" in capsys.readouterr().out
    pdf = pdfium.PdfDocument(str(out))
    try:
        # The example's pack runs over many A4 pages (the count-down lists every project
        # behind its plan), none of them blank.
        pages = len(pdf)
        assert pages > 10, pages
        blank = [i for i in range(pages) if not pdf[i].get_textpage().get_text_range().strip()]
        assert blank == [], blank
        first = pdf[0]
        # The text as read from the page, its line breaks as spaces.
        text = " ".join(first.get_textpage().get_text_range().split())
        # The title and the first paragraph, in Vietnamese with Vietnamese numbers.
        assert "Giải ngân vốn đầu tư công năm 2025" in text, text[:300]
        assert "41,8% → 26,8%" in text, text[:600]
        assert "Theo nguồn vốn" in text
        # The first page as an image: the capital sources' table has a rule above and below
        # each of its 7 rows (header, 5 sources, the province) and one per column edge.
        gray = first.render(scale=1).to_numpy().mean(axis=2)
        assert _rules(gray, axis=1, share=0.3) >= 8
        assert _rules(gray, axis=0, share=0.05) >= 8
    finally:
        pdf.close()


@needs_chromium
def test_write_pdf_from_python_in_english(example: Tracker, tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    out = tmp_path / "pack-en.pdf"
    example.briefing("2025-07-31", since="2025-06-30", lang="en").write_pdf(out)
    pdf = pdfium.PdfDocument(str(out))
    try:
        text = " ".join(pdf[0].get_textpage().get_text_range().split())
        assert "41.8% → 26.8%" in text and "By capital source" in text
    finally:
        pdf.close()
    # A document of one paragraph prints on one page.
    one = Document("Một trang", lang="vi")
    one.paragraph("Tỷ lệ giải ngân 26,8%.")
    one.write_pdf(tmp_path / "one.pdf")
    pdf = pdfium.PdfDocument(str(tmp_path / "one.pdf"))
    try:
        assert len(pdf) == 1
        assert "Một trang" in pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()


def test_a_missing_browser_is_a_typed_error_naming_it(
    example: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-chromium"
    monkeypatch.setenv("GRDPSIM_CHROMIUM", str(missing))
    out = tmp_path / "x.pdf"
    with pytest.raises(gs.DataFileError) as e:
        example.briefing("2025-07-31").write_pdf(out)
    assert e.value.kind == "missing_program" and e.value.program == str(missing)
    assert "GRDPSIM_CHROMIUM" in str(e.value)
    assert not out.exists()


def test_the_monthly_ranking_is_the_pack_since_a_month_before(
    example: Tracker, capsys: pytest.CaptureFixture[str]
) -> None:
    # --period month: since the same day a month before, 31 July against 30 June, the same
    # document as --since 2025-06-30.
    month = example.briefing("2025-07-31", period="month", lang="vi")
    assert month.to_text() == example.briefing("2025-07-31", since="2025-06-30", lang="vi").to_text()
    assert "41,8% → 26,8%" in month.to_text()
    assert main(["disbursement", "report", "--as-of", "2025-07-31", "--period", "month"]) == 0
    assert capsys.readouterr().out == month.to_text()
    # The weekly default measures from a week before.
    week = example.briefing("2025-07-31", lang="vi").to_text()
    assert "từ ngày 2025-07-24 đến ngày 2025-07-31" in week
    with pytest.raises(gs.InvalidArgumentError, match="period"):
        example.briefing("2025-07-31", period="year")  # type: ignore[arg-type]
