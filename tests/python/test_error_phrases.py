"""The package's own errors in the reader's language, read from its sources (as
``tests/error_phrases.rs`` reads the Rust library's): every text the package raises itself goes
through ``grdpsim._lang.said`` (or ``error_texts``), and the core's one catalog of error phrases
(``src/error_text/phrases.rs``) must read each into Vietnamese with no English word left.

A text is the literal given to ``said(cls, text)`` or ``error_texts(text)``, an f-string with
its holes (``{name}``, ``{value!r}``) written ``{}``; an error class of ``grdpsim.errors``
called with a text of its own (``InvalidArgumentError("...")``), a ``raise`` of any other call
with a literal text (``raise error(f"...")``) and a text given to ``said`` in a variable are
failures too: their words would not be checked, nor said in Vietnamese.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import grdpsim as gs
from grdpsim import _args, _core, _lang, errors

PACKAGE = Path(__file__).resolve().parents[2] / "python" / "grdpsim"

# The functions that take the English text of an error the package makes, and the position of
# that text among their arguments.
SAYERS = {"said": 1, "error_texts": 0}
# Errors of Python's own the package raises with a literal text: not for people (a branch
# that cannot run).
NOT_FOR_PEOPLE = {"AssertionError"}


@dataclass(frozen=True)
class Site:
    file: str
    line: int
    text: str | None
    problem: str | None = None


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _text(node: ast.expr) -> str | None:
    """A literal's text, an f-string's with its holes as ``{}``; None for any other value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                parts.append(str(part.value))
            else:
                parts.append("{}")
        return "".join(parts)
    return None


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def sites(file: str, code: str) -> list[Site]:
    """The error texts of one module's code, and the errors it makes without ``said``."""
    classes = set(errors.__all__) - {"MissingExtraError"}
    out: list[Site] = []
    tree = ast.parse(code)
    raised = {id(n.exc) for n in ast.walk(tree) if isinstance(n, ast.Raise) and n.exc is not None}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in SAYERS:
            at = SAYERS[name]
            arg = node.args[at] if len(node.args) > at else None
            text = None if arg is None else _text(arg)
            if file == "_lang.py" and isinstance(arg, ast.Name) and arg.id == "english":
                continue  # said passing its text on to error_texts
            out.append(Site(file, node.lineno, text, None if text is not None else "not a literal text"))
        elif name in classes and node.args and _is_text(node.args[0]):
            out.append(Site(file, node.lineno, _text(node.args[0]), f"{name} made without said"))
        elif name not in NOT_FOR_PEOPLE and node.args and _is_text(node.args[0]) and id(node) in raised:
            out.append(Site(file, node.lineno, _text(node.args[0]), f"{name} raised without said"))
    # ast.walk's order is not the file's.
    return sorted(out, key=lambda s: (s.file, s.line))


def package_sites() -> list[Site]:
    return [s for p in sorted(PACKAGE.glob("*.py")) for s in sites(p.name, p.read_text(encoding="utf-8"))]


def gap(text: str) -> str | None:
    """Why ``text`` does not read in Vietnamese, its holes filled with a quoted value; None
    when it does."""
    filled = text.replace("{}", '"X7"')
    vi = _core.phrase(filled, "vi")
    if vi == filled:
        return "not in the catalog"
    left = _core.english_words(vi)
    return f"English left in {vi!r}: {left}" if left else None


def test_every_error_the_package_raises_itself_reads_in_vietnamese() -> None:
    found = package_sites()
    texts = {(s.file, s.text) for s in found}
    # The reader does find the package's texts (it would pass on finding none).
    for known in [
        ("_args.py", "{} must be an integer, got {}"),
        ("_args.py", "{} has complex values; only real numbers are accepted"),
        ("scenario.py", "invalid argument {}: sector {}, period {}: {} is not a number"),
        ("dask.py", "invalid argument block_size: 0; give at least 1"),
        ("errors.py", "{} is not installed: pip install 'grdpsim[{}]'"),
        ("_lang.py", "invalid argument lang: None is neither 'en' nor 'vi'"),
    ]:
        assert known in texts, known
    assert len(found) > 90, len(found)
    problems = [f"{s.file}:{s.line}: {s.text!r}: {s.problem or gap(s.text or '')}" for s in found]
    problems = [p for p, s in zip(problems, found) if s.problem or gap(s.text or "")]
    assert not problems, (
        f"{len(problems)} errors without their Vietnamese; add the phrases to PHRASES in "
        "src/error_text/phrases.rs and raise them through grdpsim._lang.said:\n" + "\n".join(problems)
    )


def test_the_reader_finds_the_texts_and_the_errors_made_around_said() -> None:
    code = (
        "def f(x, error):\n"
        "    raise said(InvalidArgumentError, f'{x} is not a number')\n"
        "    raise InvalidArgumentError('the moon')\n"
        "    raise error(f'{x} is cheese')\n"
        "    message = 'y is empty'\n"
        "    raise said(ParseError, message)\n"
        "    raise AssertionError('unreachable')\n"
        "    e = ParseError(f'{x}: no such column')\n"
        "    return error_texts('y is empty'), str('not an error')\n"
    )
    assert sites("m.py", code) == [
        Site("m.py", 2, "{} is not a number"),
        Site("m.py", 3, "the moon", "InvalidArgumentError made without said"),
        Site("m.py", 4, "{} is cheese", "error raised without said"),
        Site("m.py", 6, None, "not a literal text"),
        Site("m.py", 8, "{}: no such column", "ParseError made without said"),
        Site("m.py", 9, "y is empty"),
    ]
    # A text the catalog does not know is a gap; one it knows is not.
    assert gap("the moon is made of cheese") == "not in the catalog"
    assert gap("{} is not a number") is None


def test_a_python_error_speaks_the_session_language_with_its_attributes() -> None:
    def caught(call, *args):  # type: ignore[no-untyped-def]
        with pytest.raises(errors.GrdpsimError) as info:
            call(*args)
        return info.value

    en = caught(_args.count, "samples", -3)
    with gs.language("vi"):
        vi = caught(_args.count, "samples", -3)
    assert str(en) == en.message_en == "samples must be a non-negative integer below 2**64, got -3"
    assert str(vi) == vi.message_vi == "samples phải là số nguyên không âm nhỏ hơn 2**64, nhận được -3"
    assert (vi.message_en, en.message_vi) == (en.message_en, vi.message_vi)
    assert type(vi) is type(en) is errors.InvalidArgumentError
    assert isinstance(vi, ValueError)

    # A file that is not there: its path and the system's reason, in Vietnamese under "vi".
    with gs.language("vi"):
        missing = caught(_args.read_text, "path", "/nonexistent/grdpsim-nothing.csv")
    assert isinstance(missing, errors.DataFileError) and missing.kind == "io"
    assert str(missing) == missing.message_vi
    assert (
        missing.message_vi == "/nonexistent/grdpsim-nothing.csv: không có tệp hoặc thư mục này (tham số path)"
    )
    assert missing.message_en == "/nonexistent/grdpsim-nothing.csv: No such file or directory (argument path)"

    # The session's language itself refused: in English under "en", in Vietnamese under "vi".
    en = caught(gs.set_language, "fr")
    with gs.language("vi"):
        vi = caught(gs.set_language, "fr")
    assert str(en) == "invalid argument lang: 'fr' is neither 'en' nor 'vi'"
    assert str(vi) == "tham số lang không hợp lệ: 'fr' không phải 'en' hay 'vi'"


def test_a_missing_extra_speaks_the_session_language() -> None:
    with gs.language("vi"):
        e = errors.MissingExtraError("matplotlib", "report")
    assert str(e) == e.message_vi == "chưa cài matplotlib: pip install 'grdpsim[report]'"
    assert e.message_en == "matplotlib is not installed: pip install 'grdpsim[report]'"
    assert (e.package, e.extra, e.kind) == ("matplotlib", "report", "missing_extra")
    assert str(errors.MissingExtraError("matplotlib", "report")) == e.message_en
    assert _lang.get_language() == "en"
