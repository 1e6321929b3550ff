"""The language grdpsim writes in for people: ``"vi"`` (Vietnamese) or ``"en"`` (English).

Every function that writes for people (reports, charts, sentences, ``_repr_html_``,
:func:`grdpsim.report.translate`) takes ``lang=``; left as None it uses the session's language,
English unless :func:`set_language` or :func:`language` said otherwise. DataFrames are for
programs and do not follow it. The session's language is a :class:`contextvars.ContextVar`:
each thread and each asyncio task sees its own (a new thread starts in English; a task starts
with its creator's language), and :func:`language` sets it for a ``with`` block only.

>>> import grdpsim as gs
>>> with gs.language("vi"):
...     gs.get_language()
'vi'
>>> gs.get_language()
'en'
>>> gs.set_language("vi"); gs.get_language()
'vi'
>>> gs.set_language("en")
"""

from __future__ import annotations

import contextvars
import math
import numbers
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal, TypeVar, cast

from . import _core
from ._optional import require
from .errors import GrdpsimError, InvalidArgumentError

Lang = Literal["en", "vi"]

_current: contextvars.ContextVar[Lang] = contextvars.ContextVar("grdpsim_language", default="en")


_E = TypeVar("_E", bound=GrdpsimError)


def said(cls: type[_E], english: str, **attributes: Any) -> _E:
    """An error of class ``cls`` that the package raises itself, in the session's language:
    ``english`` is its text as written in the code, and its Vietnamese comes from the core's
    one catalog of error phrases (``src/error_text/phrases.rs``, holes read as the Rust errors'
    are). ``str(e)`` is the text of the session's language when it is made, ``message_en`` and
    ``message_vi`` both texts, and ``attributes`` (``sector=``, ``period=``, ``kind=``) are set
    on it. A text the catalog does not know stays English in both (``tests/python/
    test_error_phrases.py`` reads the package for every text given here and fails on one).

    >>> e = said(InvalidArgumentError, "invalid argument y: y is empty")
    >>> e.message_vi
    'tham số y không hợp lệ: y rỗng'
    >>> with language("vi"):
    ...     str(said(InvalidArgumentError, "y is empty"))
    'y rỗng'
    """
    message, error_en, error_vi = error_texts(english)
    error = cls(message)
    error.message_en = error_en
    error.message_vi = error_vi
    for name, value in attributes.items():
        setattr(error, name, value)
    return error


def error_texts(english: str) -> tuple[str, str, str]:
    """An error's text in the session's language, in English and in Vietnamese (from the
    core's catalog): what :func:`said` gives an error, for a class that makes its own text
    (:class:`~grdpsim.errors.MissingExtraError`)."""
    vietnamese = _core.phrase(english, "vi")
    return (vietnamese if _current.get() == "vi" else english), english, vietnamese


def resolve(lang: str | None) -> Lang:
    """``lang`` checked (``"en"`` or ``"vi"``), or the session's language when None."""
    if lang is None:
        return _current.get()
    if not isinstance(lang, str) or lang.strip().lower() not in ("en", "vi"):
        raise said(InvalidArgumentError, f"invalid argument lang: {lang!r} is neither 'en' nor 'vi'")
    return cast(Lang, lang.strip().lower())


def _given(lang: str) -> Lang:
    """``lang`` checked, None refused: a language to set, not a default to look up."""
    if lang is None:
        raise said(InvalidArgumentError, "invalid argument lang: None is neither 'en' nor 'vi'")
    return resolve(lang)


def set_language(lang: str) -> None:
    """Set the session's default language for every later ``lang=None`` in this thread or
    asyncio task (and the tasks it starts)."""
    _current.set(_given(lang))


def get_language() -> Lang:
    """The session's default language, in this thread or asyncio task."""
    return _current.get()


@contextmanager
def language(lang: str) -> Iterator[Lang]:
    """The session's language set to ``lang`` for a ``with`` block, then back to what it was,
    whatever happens in the block.

    >>> with language("vi"):
    ...     number(6.5612)
    '6,56'
    >>> number(6.5612)
    '6.56'
    """
    token = _current.set(_given(lang))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def pick(pair: tuple[str, str], lang: str | None = None) -> str:
    """The text of an (English, Vietnamese) pair in ``lang``."""
    return pair[0 if resolve(lang) == "en" else 1]


# Vietnamese writes a decimal comma and a dot between thousands (6,56%; 3.583 tỷ đồng), as the
# GSO's releases do: the two marks of an English number swapped.
_VIETNAMESE_MARKS = str.maketrans(",.", ".,")

# How a number that is not finite is written for people (as the Rust side writes it).
MISSING = "–"


def formatted(x: float | numbers.Real, spec: str = "", lang: str | None = None) -> str:
    """``x`` formatted by the format ``spec`` (``".2f"``, ``"+.1f"``, ``",.0f"``) as a reader of
    ``lang`` writes it: Python's own in English, the marks swapped in Vietnamese; ``–`` for a
    number that is not finite.

    >>> formatted(6.5612, ".2f", "vi"), formatted(3583, ",.1f", "vi"), formatted(3583, ",.1f", "en")
    ('6,56', '3.583,0', '3,583.0')
    """
    if isinstance(x, numbers.Real) and not math.isfinite(x):
        return MISSING
    text = format(x, spec)
    return text.translate(_VIETNAMESE_MARKS) if resolve(lang) == "vi" else text


def number(
    x: float, decimals: int = 2, lang: str | None = None, *, signed: bool = False, grouped: bool = False
) -> str:
    """``x`` with ``decimals`` decimals as a reader of ``lang`` writes it: ``6.56`` in English,
    ``6,56`` in Vietnamese; ``signed``: a sign before a positive number too (``+0,25``);
    ``grouped``: thousands grouped (``3,583.0``, ``3.583,0``). The same as
    ``grdpsim::lang::Lang::number`` (``signed``, ``grouped``) on the Rust side.

    >>> number(-1.0412, 2, "vi"), number(0.25, 2, "vi", signed=True), number(6.5612, 2, "en")
    ('-1,04', '+0,25', '6.56')
    """
    return formatted(x, f"{'+' if signed else ''}{',' if grouped else ''}.{int(decimals)}f", lang)


class _Vietnamese(string.Formatter):
    """``str.format`` whose numbers (whatever their spec) come out in Vietnamese notation."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return formatted(value, format_spec, "vi")
        return super().format_field(value, format_spec)


_VIETNAMESE = _Vietnamese()


def word(table: Mapping[str, tuple[str, str]], key: str, lang: str | None = None, **fields: Any) -> str:
    """``table[key]`` in ``lang``, its ``{fields}`` filled in: how every module's table of
    (English, Vietnamese) words is read. In Vietnamese the numbers among the fields are
    written the Vietnamese way (``{x:.2f}`` of 6.56 gives ``6,56``); text fields are left as
    they are.

    >>> word({"gap": ("{x:.2f} pp", "{x:.2f} điểm")}, "gap", "vi", x=-1.04)
    '-1,04 điểm'
    """
    code = resolve(lang)
    text = pick(table[key], code)
    if not fields:
        return text
    return _VIETNAMESE.format(text, **fields) if code == "vi" else text.format(**fields)


def tick_numbers(axis: Any, lang: str | None = None) -> None:
    """In Vietnamese, the tick labels of a matplotlib ``axis`` (``ax.yaxis``) with a decimal
    comma (``2,5``); English charts keep matplotlib's own labels."""
    if resolve(lang) != "vi":
        return
    ticker = require("matplotlib.ticker")

    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _pos: formatted(float(v) + 0.0, "g", "vi")))
