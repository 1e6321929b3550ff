"""Tests leave nothing behind (issue 22): the session check of ``conftest.py`` fails a run that
leaves a ``grdpsim-*`` folder or a browser's profile in the temporary folder, and passes one
that removes what it made. Each case is a pytest run of its own, in a child process, with this
folder's ``conftest.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = (Path(__file__).resolve().parent / "conftest.py").read_text(encoding="utf-8")


def run_session(pytester: pytest.Pytester, test: str) -> pytest.RunResult:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_inner=test)
    return pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")


# Our scratch folders, and what chromium leaves in TMPDIR when it is not shut down cleanly.
@pytest.mark.parametrize("prefix", ["grdpsim-left-", "org.chromium.Chromium."])
def test_a_folder_left_behind_fails_the_run(pytester: pytest.Pytester, prefix: str) -> None:
    result = run_session(
        pytester,
        f"import tempfile\n\ndef test_leaves():\n    tempfile.mkdtemp(prefix={prefix!r})\n",
    )
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines([f"*the tests left these in the temporary folder: ['{prefix}*"])


def test_a_run_that_removes_what_it_made_passes(pytester: pytest.Pytester) -> None:
    result = run_session(
        pytester,
        "import shutil, tempfile\n\n"
        "def test_cleans():\n"
        "    folder = tempfile.mkdtemp(prefix='grdpsim-gone-')\n"
        "    shutil.rmtree(folder)\n",
    )
    result.assert_outcomes(passed=1)
