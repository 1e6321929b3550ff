"""Numbers written the Vietnamese way in Vietnamese output: a decimal comma and a dot between
thousands, as the GSO's releases write them ("GRDP 6 tháng tăng 6,56%, thấp hơn kịch bản 1,04
điểm phần trăm"). English output keeps ``6.56`` and ``-1.04``; frames, files and workbook cells
keep numbers for programs. The figures: Cao Bằng's first six months of 2025 and its July 2025
monitoring example."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterator

import pytest

import grdpsim as gs
from grdpsim import _lang
from grdpsim.report import tracking_report

# A figure with one or two decimals after a point, not part of a longer run of digits and points
# (dates 2025-07-31, codes 1.2.3 and long coordinates are not figures for readers).
ENGLISH_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])")


def visible(page: str) -> str:
    """What a reader sees of an HTML page: no style sheet, no embedded image, no attributes."""
    page = re.sub(r"<style.*?</style>|<svg.*?</svg>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]*>", " ", page))


def vietnamese_only(text: str) -> None:
    found = ENGLISH_DECIMAL.findall(text)
    assert not found, f"English-style decimals {found} in:\n{text}"


@pytest.fixture(scope="module")
def cb() -> gs.Scenario:
    return gs.datasets.cao_bang_2025()


@pytest.fixture
def vietnamese_session() -> Iterator[None]:
    gs.set_language("vi")
    try:
        yield
    finally:
        gs.set_language("en")


def test_the_checker_finds_english_decimals_only() -> None:
    assert ENGLISH_DECIMAL.findall("tăng 6.56%, -1.04 điểm") == ["6.56", "1.04"]
    assert ENGLISH_DECIMAL.findall("tăng 6,56% đến 2025-07-31, 3.583 tỷ, v1.2.3") == []


def test_one_helper_writes_numbers_in_each_language() -> None:
    assert _lang.number(6.5612, 2, "en") == "6.56" and _lang.number(6.5612, 2, "vi") == "6,56"
    assert _lang.number(-1.0412, 2, "vi") == "-1,04"
    assert _lang.number(2.675, 1, "vi") == f"{2.675:.1f}".replace(".", ",")
    assert _lang.number(0.25, 2, "vi", signed=True) == "+0,25"
    assert _lang.number(-0.25, 2, "en", signed=True) == "-0.25"
    assert _lang.number(3583.0, 1, "vi", grouped=True) == "3.583,0"
    assert _lang.number(3583.0, 1, "en", grouped=True) == "3,583.0"
    assert _lang.number(1234567.891, 0, "vi", grouped=True) == "1.234.568"
    assert _lang.number(3583.0, 1, "vi") == "3583,0", "no grouping unless asked, as in English"
    for x in (math.nan, math.inf, -math.inf):
        assert _lang.number(x, 2, "vi") == _lang.number(x, 2, "en") == "–"
    # The session's language when None.
    gs.set_language("vi")
    try:
        assert _lang.number(6.56) == "6,56"
    finally:
        gs.set_language("en")
    assert _lang.number(6.56) == "6.56"


def test_sentences_in_vietnamese_write_their_figures_the_vietnamese_way() -> None:
    table = {"gap": ("{x:.2f} pp of {n:,} paths ({k})", "{x:.2f} điểm, {n:,} đường ({k})")}
    assert _lang.word(table, "gap", "en", x=-1.0412, n=10000, k="Q1.2") == "-1.04 pp of 10,000 paths (Q1.2)"
    # Numbers are translated; text fields are left as they are.
    assert _lang.word(table, "gap", "vi", x=-1.0412, n=10000, k="Q1.2") == "-1,04 điểm, 10.000 đường (Q1.2)"


def test_the_tracking_report_in_vietnamese(cb: gs.Scenario) -> None:
    vi = tracking_report(cb, lang="vi", charts=False)
    en = tracking_report(cb, lang="en", charts=False)
    for text in (vi.to_text(), vi.to_markdown(), visible(vi.to_html())):
        vietnamese_only(text)
        # H1: GRDP +6.56%, 1.04 points below the stated 7.60%.
        assert "6,56%" in text and "7,60%" in text and "1,04" in text
    line = "6 tháng: GRDP tăng 6,56%, mục tiêu 7,60%: thấp hơn kịch bản 1,04 điểm phần trăm"
    assert line in vi.to_markdown()
    for text in (en.to_text(), en.to_markdown(), visible(en.to_html())):
        assert "6.56%" in text and "1.04" in text and "6,56" not in text
    # The tables' cells too: GRDP's H1 actual in the gap table.
    assert re.search(r"\|\s*6,56\s*\|", vi.to_markdown())
    assert re.search(r"\|\s*6\.56\s*\|", en.to_markdown())
    # The charts' version (SVG images embedded) has the same sentences.
    vietnamese_only(visible(tracking_report(cb, lang="vi", charts=True).to_html()))


def test_the_digest_the_nowcast_the_probability_and_the_required_growth_in_vietnamese(
    cb: gs.Scenario,
) -> None:
    monitor = gs.datasets.cao_bang_monitoring_2025()
    july = monitor.digest("2025-07", scenario=cb, policy=gs.monitoring.CAO_BANG_2025_POLICY_TOML)
    for fmt in ("text", "md"):
        vi = july.render(fmt, lang="vi")
        vietnamese_only(vi)
        assert "6,56%" in vi and "-1,04" in vi
        en = july.render(fmt, lang="en")
        assert "6.56%" in en and "-1.04" in en
    vietnamese_only(visible(july.render("html", lang="vi")))
    vietnamese_only(" ".join(july.to_frame()["message_vi"]))
    industry = monitor.nowcast(cb, "CN_GTSX")
    vi = industry.note(lang="vi")
    vietnamese_only(vi)
    assert _lang.number(industry.growth_pct, 2, "vi", signed=True) in vi
    assert f"{industry.growth_pct:+.2f}%" in industry.note(lang="en")
    p = cb.probability(uncertainty=gs.Uncertainty.normal(2.0))
    summary = p.summary("vi")
    vietnamese_only(summary)
    assert _lang.number(p.p_reach * 100, 1, "vi") in summary
    # The model is named in Vietnamese too, calibrated ones included.
    assert "phân phối chuẩn, độ lệch chuẩn 2,00 điểm %" in summary, summary
    assert "sd 2.00 pp" in p.summary("en")
    calibrated = gs.Uncertainty.from_history(gs.datasets.cao_bang_base(), method="within_year")
    vi = calibrated.describe(lang="vi")
    vietnamese_only(vi)
    assert "hiệu chỉnh trên" in vi and "Quý I/2024" in vi and "calibrated" not in vi, vi
    assert "calibrated on" in calibrated.describe(lang="en")
    rq = cb.required_growth(8.0)
    vietnamese_only(gs.report.required_line(rq, "vi"))


def test_notebook_displays_of_a_vietnamese_session(cb: gs.Scenario, vietnamese_session: None) -> None:
    vietnamese_only(visible(cb._repr_html_()))
    vietnamese_only(visible(cb.required_growth(8.0)._repr_html_()))
    shown = cb.probability(uncertainty=gs.Uncertainty.normal(2.0))._repr_html_()
    head = visible(shown).split("mô hình bất định")
    vietnamese_only(head[0] + head[1].split(")", 1)[1])


def test_vietnamese_charts_write_decimal_commas(cb: gs.Scenario) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    ax = gs.plot.gap(cb, "H1", lang="vi")
    assert ax.get_title() == f"GRDP 6 tháng/2025: {_lang.number(cb.growth('H1'), 2, 'vi')}% so với 7,60%"
    vi_ticks = [ax.yaxis.get_major_formatter()(v, 0) for v in (2.5, -1.0, 0.0)]
    assert vi_ticks == ["2,5", "-1", "0"]
    en = gs.plot.gap(cb, "H1", lang="en")
    assert "6.56%" in en.get_title() and "7.60%" in en.get_title()
    p = cb.probability(uncertainty=gs.Uncertainty.normal(2.0))
    fan = p.plot(lang="vi")
    vietnamese_only(fan.get_title() + " ".join(t.get_text() for t in fan.get_legend().get_texts()))
    plt.close("all")
