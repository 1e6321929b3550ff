"""Issue 23, for the users outside this repository: the version the console script reports, a
missing optional package named with the extra that installs it (one line, no traceback), and
the scenario template's instructions sheet in both languages."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest

import grdpsim as gs
from grdpsim import _optional
from grdpsim._optional import require
from grdpsim.cli import main


def test_version_names_the_package_and_its_core(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    out = capsys.readouterr().out.strip()
    assert re.fullmatch(r"grdpsim \S+ \(core \S+\)", out), out
    assert out.endswith(f"(core {gs.__version__})")


def test_a_missing_chart_package_is_a_one_line_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # None in sys.modules makes the import fail as if matplotlib were not installed.
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    for fmt in ("html", "xlsx"):
        assert main(["report", "--format", fmt, "--output", str(tmp_path / f"r.{fmt}")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert "MissingExtraError" in err and "pip install 'grdpsim[report]'" in err
        assert not (tmp_path / f"r.{fmt}").exists()
    assert main(["report", "--format", "md"]) == 0  # text needs no chart
    with pytest.raises(gs.MissingExtraError) as e:
        require("matplotlib.pyplot")
    assert (e.value.package, e.value.extra, e.value.kind) == ("matplotlib", "report", "missing_extra")
    assert isinstance(e.value, ImportError) and isinstance(e.value, gs.GrdpsimError)


def test_an_import_error_inside_an_installed_package_is_not_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An optional package that is installed but lacks one of its own dependencies: that is
    # its error, not a missing extra.
    (tmp_path / "optional_pkg").mkdir()
    (tmp_path / "optional_pkg" / "__init__.py").write_text("import grdpsim_no_such_dependency\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(_optional.EXTRAS, "optional_pkg", "report")
    with pytest.raises(ModuleNotFoundError) as e:
        require("optional_pkg")
    assert not isinstance(e.value, gs.MissingExtraError)
    assert e.value.name == "grdpsim_no_such_dependency"


def _sheets_and_strings(path: Path) -> tuple[list[str], str]:
    with zipfile.ZipFile(path) as z:
        names = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
        strings = z.read("xl/sharedStrings.xml").decode()
    return names, strings


@pytest.mark.parametrize("example", [False, True])
def test_the_template_instructions_are_in_both_languages(tmp_path: Path, example: bool) -> None:
    for lang, front in (("vi", "Hướng dẫn"), ("en", "Instructions")):
        path = tmp_path / f"template-{lang}-{example}.xlsx"
        gs.templates.scenario_workbook(path, example=example, lang=lang)
        sheets, strings = _sheets_and_strings(path)
        assert sheets[0] == front and "Report" not in sheets and "Báo cáo" not in sheets
        for other in ("vi", "en"):
            for line in gs._core.workbook_instructions(other):
                assert line.replace("&", "&amp;") in strings, (lang, other, line)
        if not example:  # the empty template shows where provisional figures are listed
            assert ("sơ bộ" if lang == "vi" else "provisional") in strings
