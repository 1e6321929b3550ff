"""The tracking report of a scenario as one :class:`~grdpsim.document.Document` (báo cáo theo
dõi kịch bản tăng trưởng), for the committee meeting: the official gap first, the dataset's
notes, the stated targets and their consistency, the actual growth, the gap by sector in points
of GRDP and the growth still required, with charts (matplotlib, embedded as SVG in the HTML)
and native Excel charts in the workbook. In English or Vietnamese (``lang``; the session's
language when None).

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
from ._lang import pick, resolve, word
from .document import Document, add_figure, add_frame
from .scenario import period_order

if TYPE_CHECKING:
    from .scenario import RequiredGrowth, Scenario

__all__ = ["tracking_report", "write_report", "translate", "COLUMNS", "ROWS"]

#: Table columns in both languages: (English, Vietnamese).
COLUMNS: dict[str, tuple[str, str]] = {
    "sector": ("sector", "ngành"),
    "name": ("name", "tên ngành"),
    "period": ("period", "kỳ"),
    "target_pct": ("target %", "mục tiêu %"),
    "target_source": ("target", "nguồn mục tiêu"),
    "actual_pct": ("actual %", "thực hiện %"),
    "actual_source": ("actual", "nguồn số thực hiện"),
    "gap_pct": ("gap (own growth, pp)", "chênh lệch (điểm %)"),
    "gap_pp": ("gap (pp of GRDP)", "chênh lệch (điểm % GRDP)"),
    "target_contribution_pp": ("target contribution pp", "đóng góp theo mục tiêu"),
    "actual_contribution_pp": ("actual contribution pp", "đóng góp thực hiện"),
    "provisional": ("provisional", "sơ bộ"),
    "kind": ("kind", "loại"),
    "stated_pct": ("stated %", "giao %"),
    "implied_pct": ("implied %", "suy ra %"),
    "difference_pp": ("difference pp", "chênh lệch (điểm %)"),
    "consistent": ("consistent", "nhất quán"),
    "planned_pct": ("planned %", "kế hoạch %"),
    "required_pct": ("required %", "cần đạt %"),
    "rise_pp": ("rise pp", "tăng thêm (điểm %)"),
    "annual_target_pct": ("annual target %", "mục tiêu cả năm %"),
    "plan_difference_pp": ("quarterly plan vs annual target pp", "kế hoạch quý so với mục tiêu năm (điểm %)"),
    "own_required_pct": ("own target needs %", "cần đạt theo mục tiêu ngành %"),
    "annual_pct": ("annual reached %", "cả năm đạt %"),
    "locked": ("locked", "giữ nguyên"),
    "capped": ("capped", "chạm trần"),
    "cap_pct": ("cap %", "mức trần %"),
    "is_leaf": ("leaf", "ngành cấp cuối"),
    "capped_below_plan": ("capped below plan", "trần thấp hơn kế hoạch"),
    "contribution_pp": ("contribution pp", "đóng góp (điểm %)"),
    "growth_pct": ("growth %", "tăng trưởng %"),
    "limit": ("limit", "giới hạn"),
    "p_reach": ("P(reach)", "xác suất đạt"),
    "variance_share": ("variance share", "tỷ trọng phương sai"),
}

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
ROWS: dict[str, tuple[str, str]] = {
    "inconsistency": ("scenario's inconsistency", "chênh lệch nội tại của kịch bản"),
    "total": ("total", "tổng cộng"),
}

#: How a shortfall is spread over the sectors (``Scenario.required_growth(policy=)``), as a
#: report names it: (English, Vietnamese). English keeps the argument's value.
POLICIES: dict[str, tuple[str, str]] = {
    "sector_targets": ("sector_targets", "mỗi ngành đạt mục tiêu của ngành"),
    "uniform": ("uniform", "các ngành cùng tăng thêm một mức"),
    "proportional": ("proportional", "tăng thêm theo tỷ lệ phần tăng kế hoạch"),
}

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("Growth scenario {year}", "Kịch bản tăng trưởng năm {year}"),
    "repr": (
        "{total} target {target:.2f}%, as it stands {now:.2f}% ({k} quarter(s) known)",
        "mục tiêu {total} {target:.2f}%, ước thực hiện {now:.2f}% (đã có số liệu {k} quý)",
    ),
    "subtitle": (
        "Tracking report. Annual {total} target {target:.2f}%; {total} known for {k} quarter(s).",
        "Báo cáo theo dõi. Mục tiêu {total} cả năm {target:.2f}%; đã có số liệu {k} quý.",
    ),
    "official": ("Official gap", "Chênh lệch so với kịch bản"),
    "official_line": (
        "{period}: {total} {actual:.2f}% against the {source} target {target:.2f}%: {gap:.2f} pp {side} the scenario",
        "{period}: {total} tăng {actual:.2f}%, mục tiêu {target:.2f}%: {side} kịch bản {gap:.2f} điểm phần trăm",
    ),
    "below": ("below", "thấp hơn"),
    "above": ("above", "cao hơn"),
    "notes": ("Notes", "Ghi chú"),
    "targets": ("Stated targets (growth %, same period of the year before)", "Mục tiêu giao (tốc độ tăng %, so với cùng kỳ)"),
    "targets_sheet": ("Stated targets", "Mục tiêu giao"),
    "consistency": ("Consistency of the stated targets", "Tính nhất quán của kịch bản"),
    "consistency_text": (
        "Stated figures that the sector targets do not add up to (implied: from the sectors' derived quarterly targets, base weights).",
        "Các chỉ tiêu giao mà mục tiêu các ngành không cộng lại đúng (suy ra: từ mục tiêu quý của các ngành, theo quyền số năm gốc).",
    ),
    "consistent": ("Every stated figure is what its sectors' targets give.", "Mọi chỉ tiêu giao đều khớp với mục tiêu các ngành."),
    "actuals": ("Actual growth (%)", "Tăng trưởng thực hiện (%)"),
    "gap": ("Gap over {period} by sector", "Chênh lệch {period} theo ngành"),
    "gap_sheet": ("Gap", "Chênh lệch"),
    "gap_chart": ("The official gap, step by step", "Chênh lệch so với kịch bản, theo từng ngành"),
    "required": ("Growth still required", "Tăng trưởng cần đạt"),
    "required_line": (
        "Over {remaining}, to reach {target:.2f}% for the year (policy {policy}): {total} {pct:.2f}% — {status}.",
        "Các quý còn lại ({remaining}), để đạt {target:.2f}% cả năm (phương án: {policy}): {total} cần tăng {pct:.2f}% — {status}.",
    ),
    "required_table": ("Required growth by sector (%)", "Tăng trưởng cần đạt theo ngành (%)"),
    "required_sheet": ("Required growth", "Tăng trưởng cần đạt"),
    "required_chart": ("Planned against required growth", "Kế hoạch và mức cần đạt"),
    "quarters": ("Quarter by quarter", "Theo quý"),
    "quarters_chart": ("Targets and the year as it stands", "Mục tiêu và ước thực hiện theo quý"),
    "nothing": ("No actual figures yet: nothing to track.", "Chưa có số liệu thực hiện."),
    "derived": ("Derived quarterly targets of the leaf sectors (%)", "Mục tiêu quý suy ra của các ngành cấp cuối (%)"),
    "derived_sheet": ("Quarterly targets", "Mục tiêu quý"),
    "estimated": (
        "Estimated, not published (a share of a published figure that covers more, pro rata to the targets): {cells}.",
        "Số ước tính, chưa công bố riêng (phần chia của số liệu công bố gộp, theo tỷ lệ mục tiêu): {cells}.",
    ),
    "provisional": (
        "Provisional figures (estimates such as nowcasts, not yet published): {cells}.",
        "Số liệu sơ bộ (ước tính, ví dụ dự báo tức thời, chưa công bố): {cells}.",
    ),
    "capped_below": ("Held at a cap below their plan: {sectors}.", "Giữ ở mức trần thấp hơn kế hoạch: {sectors}."),
    "cap_years": ("Historical caps: the highest growth over {years}.", "Mức trần lịch sử: tăng trưởng cao nhất trong {years}."),
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
    reach the annual target, under which policy, and whether it is feasible."""
    code = resolve(lang)
    policy = pick(POLICIES.get(rq.policy, (rq.policy, rq.policy)), code)
    return _w(
        "required_line", code, remaining=_core.period_label(rq.remaining, code), target=rq.target_pct,
        policy=policy, total=rq.by_sector.index[0], pct=rq.grdp_pct,
        status=rq.status_vi if code == "vi" else rq.status,
    )


def _figure(ax: Any) -> Any:
    """The figure an Axes is drawn on (its top-level figure)."""
    return ax.figure


def cumulative_label(k: int) -> str:
    """The period the first ``k`` quarters make: Q1, H1, 9M, Y."""
    return {1: "Q1", 2: "H1", 3: "9M", 4: "Y"}[k]


def _names(sc: Scenario, codes: list[str], lang: str) -> list[str]:
    tree = sc.base.tree
    return [tree.names(c)[0 if lang == "vi" else 1] if c in tree else c for c in codes]


def tracking_report(
    sc: Scenario,
    rq_options: Optional[dict[str, Any]] = None,
    *,
    lang: str | None = None,
    charts: bool = True,
) -> Document:
    """The tracking report of ``sc`` as a document. ``rq_options`` are the keyword arguments of
    :meth:`Scenario.required_growth` (target, policy, spread, locked, caps); ``charts`` adds
    the matplotlib charts (needs ``grdpsim[plot]``)."""
    code = resolve(lang)

    def from_period(p: str) -> str:
        return _core.period_label(p, code, year=sc.year)

    def headed(frame: pd.DataFrame) -> pd.DataFrame:
        # Headers in the report's language, naming the total as the scenario does (GDP on
        # national accounts).
        out = translate(frame, code, readable=True)
        return out.rename(columns=lambda c: str(c).replace("GRDP", total)) if total != "GRDP" else out

    total = sc.root
    k = sc.elapsed_quarters
    doc = Document(
        sc.name or _w("title", code, year=sc.year),
        lang=code,
        subtitle=_w("subtitle", code, total=total, target=sc.annual_target_pct, k=k),
    )
    periods = [f"Q{q}" for q in range(1, k + 1)] + ([cumulative_label(k)] if k > 1 else [])
    if k:
        doc.heading(_w("official", code))
        lines = []
        for p in sorted(periods, key=period_order):
            row: dict[Any, Any] = sc.gap(p).loc[total].to_dict()
            gap = float(row["gap_pp"])
            lines.append(
                _w(
                    "official_line",
                    code,
                    period=from_period(p),
                    total=total,
                    actual=float(row["actual_pct"]),
                    source=row["target_source"],
                    target=float(row["target_pct"]),
                    gap=abs(gap),
                    side=_w("below" if gap < 0 else "above", code),
                )
            )
        doc.notes(lines)
    notes = sc.notes_in(code)
    if notes:
        doc.heading(_w("notes", code))
        doc.notes(notes)
    targets = sc.targets()
    targets.insert(0, "name", _names(sc, list(targets.index), code))
    doc.heading(_w("targets_sheet", code))
    add_frame(doc, headed(targets), _w("targets", code), index_header=column("sector", code), sheet=_w("targets_sheet", code))
    doc.heading(_w("consistency", code))
    cons = sc.consistency(stated_only=True)
    bad = cons[~cons["consistent"]][["stated_pct", "implied_pct", "difference_pp"]].reset_index()
    if len(bad):
        bad["period"] = [from_period(p) for p in bad["period"]]
        doc.paragraph(_w("consistency_text", code))
        add_frame(doc, headed(bad), _w("consistency", code), index=False)
    else:
        doc.paragraph(_w("consistent", code))
    derived = sc.quarterly_targets()
    add_frame(
        doc, headed(derived), _w("derived", code), index_header=column("sector", code),
        sheet=_w("derived_sheet", code),
    )
    if k == 0:
        doc.paragraph(_w("nothing", code))
        return doc
    codes = list(sc.base.sectors)
    actual = pd.DataFrame(
        {from_period(p): [sc.growth(p, c) for c in codes] for p in periods},
        index=pd.Index(codes, name="sector"),
    ).astype(float)
    estimated = pd.DataFrame(
        {from_period(p): [sc.source(p, c) != "actual" for c in codes] for p in periods}, index=actual.index
    )
    doc.heading(_w("actuals", code))
    add_frame(doc, headed(actual), _w("actuals", code), index_header=column("sector", code))
    # The cells that are not published figures are named (the table keeps numbers, for Excel).
    listed = [f"{s} {col}" for col in estimated.columns for s in estimated.index[estimated[col]]]
    if listed:
        doc.paragraph(_w("estimated", code, cells=", ".join(listed)))
    acts = sc.actuals
    provisional = acts[acts["provisional"]]
    if len(provisional):
        cells = ", ".join(f"{r.sector} {from_period(str(r.period))}" for r in provisional.itertuples())
        doc.paragraph(_w("provisional", code, cells=cells))
    cum = cumulative_label(k)
    by_sector = sc.gap(cum)[["target_pct", "actual_pct", "gap_pct", "gap_pp"]].astype(float)
    by_sector.index.name = "sector"
    whole = {1: f"{sc.year}Q1", 2: f"{sc.year}H1", 3: f"{sc.year}Q1-Q3", 4: f"{sc.year}"}[k]
    title = _w("gap", code, period=_core.period_label(whole, code))
    doc.heading(title)
    add_frame(
        doc, headed(by_sector), title, index_header=column("sector", code),
        chart="column", chart_columns=[column("gap_pp", code).replace("GRDP", total)], sheet=_w("gap_sheet", code),
    )
    if charts:
        from . import plot

        add_figure(doc, _figure(plot.gap(sc, cum, lang=code)), _w("gap_chart", code), _w("gap_chart", code))
    rq = sc.required_growth(**(rq_options or {}))
    doc.heading(_w("required", code))
    doc.paragraph(required_line(rq, code))
    if rq.capped_below_plan:
        doc.paragraph(_w("capped_below", code, sectors=", ".join(rq.capped_below_plan)))
    if rq.cap_years:
        doc.paragraph(_w("cap_years", code, years=rq.cap_years))
    table = rq.by_sector[["planned_pct", "required_pct", "rise_pp", "own_required_pct", "annual_pct"]].join(
        rq.by_sector_quarter
    )
    locked, capped = column("locked", code), column("capped", code)
    table["limit"] = [locked if r.locked else (capped if r.capped else "") for r in rq.by_sector.itertuples()]
    add_frame(
        doc, headed(table), _w("required_table", code), index_header=column("sector", code),
        chart="column", chart_columns=[column("planned_pct", code), column("required_pct", code)],
        sheet=_w("required_sheet", code),
    )
    if charts:
        from . import plot

        add_figure(doc, _figure(plot.required(rq, lang=code)), _w("required_chart", code), _w("required_chart", code))
        doc.heading(_w("quarters", code))
        add_figure(doc, _figure(plot.quarters(sc, lang=code)), _w("quarters_chart", code), _w("quarters_chart", code))
    return doc


def write_report(
    doc: Document, fmt: str, path: str | os.PathLike[str] | None = None
) -> Optional[str]:
    """Renders ``doc`` as ``fmt`` (``text``, ``md``, ``html`` or ``xlsx``) into ``path``
    (atomically: a failed write leaves an existing file as it was), or returns the text when
    ``path`` is None (not for ``xlsx``)."""
    from .errors import InvalidArgumentError

    renderers = {"text": doc.to_text, "md": doc.to_markdown, "html": doc.to_html}
    if fmt == "xlsx":
        if path is None:
            raise InvalidArgumentError("invalid argument output: an xlsx report needs --output PATH")
        doc.write_xlsx(path)
        return None
    if fmt not in renderers:
        raise InvalidArgumentError(f"invalid argument format: {fmt!r} is not text, md, html or xlsx")
    if path is None:
        return renderers[fmt]()
    doc.write(path, fmt)
    return None
