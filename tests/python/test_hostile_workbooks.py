"""Issue 22: hostile workbooks give a typed error through every reader, never a crash.

Two cells ``A1`` and ``XFD1048576`` made the workbook reader allocate 549 GB and abort the
interpreter; a workbook without ``xl/sharedStrings.xml`` raised a ``PanicException``. The readers
run in a child process, so that a regression fails the test instead of ending the run. The files
are built here with :mod:`zipfile` (nothing binary is checked in).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import unicodedata
import zipfile
from pathlib import Path

import pytest

import grdpsim as gs

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def workbook(path: Path, sheets: dict[str, str], shared: list[str] | None = None) -> Path:
    """A minimal .xlsx: each sheet's ``<sheetData>`` inner XML by name; shared strings if given."""
    names = list(sheets)
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    if shared is not None:
        rels += (
            f'<Relationship Id="rId{len(names) + 1}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    book = "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1))
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{book}</sheets></workbook>',
        )
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">{rels}</Relationships>')
        for i, n in enumerate(names, start=1):
            z.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'<worksheet xmlns="{MAIN}"><sheetData>{sheets[n]}</sheetData></worksheet>',
            )
        if shared is not None:
            si = "".join(f"<si><t>{s}</t></si>" for s in shared)
            z.writestr(
                "xl/sharedStrings.xml",
                f'<sst xmlns="{MAIN}" count="{len(shared)}" uniqueCount="{len(shared)}">{si}</sst>',
            )
    return path


def text(ref: str, t: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{t}</t></is></c>'


PAYMENTS_HEADER = "".join(
    text(f"{c}1", h) for c, h in zip("ABCD", ["project", "week_ending", "source", "amount"])
)


def assert_every_reader_refuses(tmp_path: Path, path: Path, says: str, part: str | None) -> None:
    """Scenario.from_excel, Tracker.import_file and Monitor.import_file, each in a child: a
    ParseError saying ``says`` with ``part`` (when given), not a crash nor a PanicException."""
    for call in (
        f"gs.Scenario.from_excel({str(path)!r})",
        f"gs.disbursement.Tracker.create({str(tmp_path / 't.sqlite')!r}, province='x', year=2025)"
        f".import_file({str(path)!r})",
        f"gs.monitoring.Monitor.create({str(tmp_path / 'm.sqlite')!r}, province='x', year=2025)"
        f".import_file({str(path)!r})",
    ):
        script = f"""
            import pathlib, grdpsim as gs
            for db in ("t.sqlite", "m.sqlite"):
                pathlib.Path({str(tmp_path)!r}, db).unlink(missing_ok=True)
            try:
                {call}
            except gs.ParseError as e:
                assert {says!r} in str(e), str(e)
                assert {part!r} is None or e.part == {part!r}, (e.part, str(e))
            else:
                raise SystemExit("no error")
        """
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, f"{call}: exit {done.returncode}\n{done.stdout}{done.stderr}"


def test_two_far_cells_are_a_parse_error_not_an_abort(tmp_path: Path) -> None:
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = workbook(
        tmp_path / "far.xlsx",
        {
            "payments": f'<row r="1">{PAYMENTS_HEADER}</row>{far}',
            "Scenario": f'<row r="1">{text("A1", "key")}{text("B1", "value")}</row>'
            f'<row r="2">{text("A2", "year")}<c r="B2"><v>2025</v></c></row>',
            "Targets": f'<row r="1">{text("A1", "sector")}{text("B1", "Y")}</row>{far}',
        },
    )
    assert_every_reader_refuses(tmp_path, path, "XFD1048576", None)


def test_a_missing_shared_strings_part_is_a_parse_error_naming_it(tmp_path: Path) -> None:
    cells = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    path = workbook(tmp_path / "no-sst.xlsx", {"payments": cells, "Scenario": cells, "Targets": cells})
    assert_every_reader_refuses(tmp_path, path, "xl/sharedStrings.xml", "xl/sharedStrings.xml")


def rename_sheet(src: Path, dst: Path, old: str, new: str) -> Path:
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as out:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename == "xl/workbook.xml":
                xml = data.decode()
                assert f'name="{old}"' in xml
                data = xml.replace(f'name="{old}"', f'name="{new}"').encode()
            out.writestr(item, data)
    return dst


def test_a_sheet_name_typed_in_decomposed_unicode_is_read(tmp_path: Path) -> None:
    good = tmp_path / "kich_ban.xlsx"
    gs.templates.scenario_workbook(good, example=True, lang="vi")
    nfd = unicodedata.normalize("NFD", "Thực hiện")
    assert nfd != "Thực hiện"
    path = rename_sheet(good, tmp_path / "nfd.xlsx", "Thực hiện", nfd)
    cb = gs.Scenario.from_excel(path)
    assert cb == gs.datasets.cao_bang_2025()
    assert round(cb.growth("Y"), 2) == 7.15


@pytest.mark.parametrize("name", ["Actual", "Thực hiện (%)"])
def test_a_sheet_of_a_near_name_is_an_error_suggesting_the_name(tmp_path: Path, name: str) -> None:
    lang = "en" if name == "Actual" else "vi"
    good = tmp_path / f"{lang}.xlsx"
    gs.templates.scenario_workbook(good, example=True, lang=lang)
    old = "Actuals" if lang == "en" else "Thực hiện"
    path = rename_sheet(good, tmp_path / "near.xlsx", old, name)
    with pytest.raises(gs.ParseError) as e:
        gs.Scenario.from_excel(path)
    assert e.value.sheet == name
    assert old in str(e.value)


def test_a_formula_without_a_stored_value_names_its_cell(tmp_path: Path) -> None:
    good = tmp_path / "cb.xlsx"
    gs.templates.scenario_workbook(good, example=True, lang="en")
    with zipfile.ZipFile(good) as z:
        book = z.read("xl/workbook.xml").decode()
        position = [s.split('"')[1] for s in book.split("<sheet ")[1:]].index("Targets") + 1
        part = f"xl/worksheets/sheet{position}.xml"
        path = tmp_path / "formula.xlsx"
        with zipfile.ZipFile(path, "w") as out:
            for item in z.infolist():
                data = z.read(item.filename)
                if item.filename == part:
                    xml = data.decode()
                    start = xml.index('<c r="C2"')
                    end = xml.index("</c>", start) + 4
                    data = (xml[:start] + '<c r="C2"><f>4*2</f></c>' + xml[end:]).encode()
                out.writestr(item, data)
    with pytest.raises(gs.ParseError) as e:
        gs.Scenario.from_excel(path)
    assert (e.value.sheet, e.value.cell, e.value.text) == ("Targets", "C2", "=4*2")
    assert "open and save the workbook in Excel" in str(e.value)
    assert "mở và lưu tệp bằng Excel" in str(e.value)
