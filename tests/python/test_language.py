"""Issue 12, Vietnamese throughout, and issue 24: every table for people (``translate``, the
reports, ``_repr_html_``, charts) takes ``lang=`` and follows the session's language when it is
None, while the frames programs read keep their names in every language; the gap's
inconsistency rows in words; the dataset's notes in both languages, in the report of each
language and through files, workbooks and pickles."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import grdpsim as gs
from grdpsim.cli import main
from grdpsim.document import Document
from grdpsim.report import tracking_report, translate


@pytest.fixture(scope="module")
def cb() -> gs.Scenario:
    return gs.datasets.cao_bang_2025()


@pytest.fixture
def vietnamese() -> Iterator[None]:
    """The session in Vietnamese for one test, English again whatever happens."""
    assert gs.get_language() == "en"
    gs.set_language("vi")
    try:
        yield
    finally:
        gs.set_language("en")


def _vi(period: str) -> str:
    return gs._core.period_label(period, "vi", year=2025)


def test_targets_in_vietnamese(cb: gs.Scenario) -> None:
    en = cb.targets()
    vi = translate(en, "vi")
    assert list(en.columns) == ["Q1", "Q2", "H1", "Q3", "Y"] and en.index.name == "sector"
    assert list(vi.columns) == ["Quý I", "Quý II", "6 tháng", "Quý III", "Cả năm"]
    assert vi.index.name == "ngành" and list(vi.index) == list(en.index)
    assert vi.to_numpy().tobytes() == en.to_numpy().tobytes()


def test_consistency_in_vietnamese(cb: gs.Scenario) -> None:
    en = cb.consistency(stated_only=True)
    vi = translate(en, "vi")
    assert list(en.columns[:4]) == ["stated_pct", "implied_pct", "difference_pp", "consistent"]
    assert list(vi.columns[:4]) == ["giao %", "suy ra %", "chênh lệch (điểm %)", "nhất quán"]
    assert list(vi.index.names) == ["ngành", "kỳ"]
    # The sectors stay codes; the periods read as the statistics office writes them.
    assert list(vi.index.get_level_values(0)) == list(en.index.get_level_values(0))
    assert list(vi.index.get_level_values(1)) == [_vi(p) for p in en.index.get_level_values(1)]
    assert ("GRDP", "Cả năm") in vi.index and ("GRDP", "Y") in en.index
    pd.testing.assert_frame_equal(
        vi.reset_index(drop=True), en.reset_index(drop=True).set_axis(vi.columns, axis=1)
    )


def test_the_inconsistency_rows_read_in_vietnamese(cb: gs.Scenario) -> None:
    en = cb.gap("H1")
    vi = translate(en, "vi")
    own = "chênh lệch nội tại của kịch bản"
    assert "inconsistency" in en.index and "inconsistency" not in vi.index
    assert vi.loc[own, "chênh lệch (điểm % GRDP)"] == en.loc["inconsistency", "gap_pp"]
    for label in en.index:
        if label.startswith("inconsistency "):
            sector = label.split()[1]
            assert vi.loc[f"{own} ({sector})", "chênh lệch (điểm % GRDP)"] == en.loc[label, "gap_pp"]
    assert not any(str(x).startswith("inconsistency") for x in vi.index)
    assert [str(x) for x in vi.index if not str(x).startswith(own)] == [
        x for x in en.index if not x.startswith("inconsistency")
    ]


@pytest.mark.usefixtures("vietnamese")
def test_the_session_language_governs_every_table_for_people(cb: gs.Scenario) -> None:
    assert "chênh lệch (điểm % GRDP)" in translate(cb.gap("H1")).columns
    assert "chênh lệch nội tại của kịch bản" in translate(cb.gap("H1")).index
    assert "Cả năm" in translate(cb.targets()).columns
    assert "suy ra %" in translate(cb.consistency()).columns
    rq = cb.required_growth(8.0)
    frame = translate(rq.to_frame())
    assert list(frame.columns[:2]) == ["kế hoạch %", "cần đạt %"]
    assert "Quý III" in frame.columns
    assert cb.notes[0].startswith("Quý I/2025")
    assert Document("Báo cáo").lang == "vi"
    assert gs._core.period_label("2025H1") == "6 tháng/2025"
    assert "Cả năm" in cb._repr_html_() and "cần tăng" in rq._repr_html_()
    # The frames themselves keep their programs' names whatever the session says.
    assert "gap_pp" in cb.gap("H1").columns and "inconsistency" in cb.gap("H1").index
    assert "Y" in cb.targets().columns
    assert "implied_pct" in cb.consistency().columns
    assert "planned_pct" in rq.to_frame().columns
    # An explicit lang= wins over the session's.
    assert "gap_pp" in translate(cb.gap("H1"), "en").columns
    # What the package computes from its own frames does not depend on the session.
    assert "Chênh lệch so với kịch bản" in tracking_report(cb, charts=False).headings


def test_english_stays_the_default_for_programs(cb: gs.Scenario) -> None:
    assert "gap_pp" in cb.gap("H1").columns and "inconsistency" in cb.gap("H1").index
    assert "planned_pct" in cb.required_growth(8.0).to_frame().columns
    assert cb.notes[0].startswith("Q1 2025")
    assert Document("Report").lang == "en"


def test_notes_in_both_languages(cb: gs.Scenario) -> None:
    en, vi = cb.notes_in("en"), cb.notes_in("vi")
    assert len(en) == len(vi) == 2 and all(e != v for e, v in zip(en, vi))
    assert vi[0].startswith("Quý I/2025") and "điều chỉnh" in vi[0] and "điểm phần trăm" in vi[0]
    assert vi[1].startswith("Quý II/2025")
    q1 = f"{cb.growth('Q1'):.2f}%"
    assert q1.replace(".", ",") in vi[0] and q1 in en[0]
    with pytest.raises(gs.InvalidArgumentError, match="lang"):
        cb.notes_in("fr")


def test_each_report_shows_the_notes_in_its_language(
    cb: gs.Scenario, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vi_doc = tracking_report(cb, lang="vi", charts=False)
    for fmt in (vi_doc.to_text(), vi_doc.to_markdown(), vi_doc.to_html()):
        for en, vi in zip(cb.notes_in("en"), cb.notes_in("vi")):
            assert vi in fmt or vi.replace('"', "&quot;") in fmt
            assert en not in fmt and en.replace('"', "&quot;") not in fmt
    en_text = tracking_report(cb, lang="en", charts=False).to_text()
    assert all(n in en_text for n in cb.notes_in("en"))
    assert not any(n in en_text for n in cb.notes_in("vi"))
    assert main(["report", "--format", "text", "--lang", "vi"]) == 0
    out = capsys.readouterr().out
    assert cb.notes_in("vi")[0] in out and cb.notes_in("en")[0] not in out
    # The gap table of the report names the inconsistency in words.
    assert "chênh lệch nội tại của kịch bản" in out and "inconsistency" not in out


def test_notes_survive_files_workbooks_and_pickles(cb: gs.Scenario, tmp_path: Path) -> None:
    both = (cb.notes_in("en"), cb.notes_in("vi"))
    for lang in ("en", "vi"):
        path = tmp_path / f"cb-{lang}.xlsx"
        cb.to_excel(path, lang=lang, charts=False)
        back = gs.Scenario.from_excel(path)
        assert (back.notes_in("en"), back.notes_in("vi")) == both
    for path in (tmp_path / "cb.toml", tmp_path / "cb.json"):
        cb.save(path)
        back = gs.Scenario.from_file(path)
        assert (back.notes_in("en"), back.notes_in("vi")) == both
    back = pickle.loads(pickle.dumps(cb))
    assert (back.notes_in("en"), back.notes_in("vi")) == both
    # A file whose notes are plain strings (as before notes had two languages) still loads.
    old = cb.to_toml()
    plain = 'notes = ["Seen by the committee."]\nyear = 2025\n' + old[old.index("[rule]") :]
    sc = gs.Scenario.from_toml(plain)
    assert sc.notes_in("en") == sc.notes_in("vi") == ["Seen by the committee."]


def test_charts_and_sentences_of_the_probability_follow_the_language(cb: gs.Scenario) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    sd = {"NLTS": 1.0, "CN": 2.0, "XD": 3.0, "DV": 1.0, "TSP": 2.0}
    p = cb.probability(uncertainty=gs.Uncertainty.normal(sd))
    assert p.summary().startswith("P(annual growth ≥ 8.00%)")
    assert p.summary("vi").startswith("Xác suất tăng trưởng cả năm ≥ 8,00%")
    ax = p.plot(lang="vi")
    assert ax.get_title().startswith("Xác suất đạt 8,00%")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Quý I", "Quý II", "Quý III", "Quý IV", "Cả năm"]
    gap = gs.plot.gap(cb, "H1", lang="vi")
    assert "6 tháng/2025" in gap.get_title() and "chênh lệch nội tại của kịch bản" in [
        t.get_text() for t in gap.get_xticklabels()
    ]
    assert "6 tháng cuối năm/2025" in gs.plot.required(cb.required_growth(8.0), lang="vi").get_ylabel()
    assert [t.get_text() for t in gs.plot.quarters(cb, lang="vi").get_xticklabels()][0] == "Quý I"
    gs.set_language("vi")
    try:
        assert p.plot().get_ylabel().startswith("tăng trưởng GRDP")
        assert p._repr_html_().startswith("<p>Xác suất")
    finally:
        gs.set_language("en")
    assert gs.plot.gap(cb, "H1").get_title().startswith("GRDP 2025H1")
    plt.close("all")


def test_words_in_cells_and_the_probability_table_are_vietnamese_too() -> None:
    sc = gs.datasets.cao_bang_2025()
    gap = translate(sc.gap("H1"), "vi")
    assert set(gap["nguồn mục tiêu"]) == {"giao", "suy ra"}
    assert set(gap["nguồn số thực hiện"]) >= {"thực hiện", "ước tính", "suy ra"}
    english = translate(sc.gap("H1"), "en")
    assert set(english["target_source"]) == {"stated", "derived"}, "programs keep their words"
    p = sc.probability(uncertainty=gs.Uncertainty.normal(2.0))
    en = p.to_frame()
    vi = translate(en, "vi")
    assert list(vi.columns[:3]) == ["mục tiêu %", "xác suất đạt", "tỷ trọng phương sai"]
    assert "phân vị 50" in vi.columns and "p50" in en.columns
    assert vi.index[0] == "tổng cộng" and en.index[0] == "total"
    # The figures are the same table's.
    assert vi["xác suất đạt"].tolist() == en["p_reach"].tolist()
