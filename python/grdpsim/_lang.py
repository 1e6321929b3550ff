"""The language grdpsim writes in: ``"vi"`` (Vietnamese) or ``"en"`` (English).

Every function that writes for people (tables' headers, period labels, charts, reports) takes
``lang=``; left as None it uses the session's language, English unless
:func:`set_language` said otherwise.

>>> import grdpsim as gs
>>> gs.set_language("vi"); gs.get_language()
'vi'
>>> gs.set_language("en")
"""

from __future__ import annotations

from typing import Any, Literal, Mapping, cast

from .errors import InvalidArgumentError

Lang = Literal["en", "vi"]

_current: list[Lang] = ["en"]


def resolve(lang: str | None) -> Lang:
    """``lang`` checked (``"en"`` or ``"vi"``), or the session's language when None."""
    if lang is None:
        return _current[0]
    if not isinstance(lang, str) or lang.strip().lower() not in ("en", "vi"):
        raise InvalidArgumentError(f"invalid argument lang: {lang!r} is neither 'en' nor 'vi'")
    return cast(Lang, lang.strip().lower())


def set_language(lang: str) -> None:
    """Set the session's default language for every later ``lang=None``."""
    if lang is None:
        raise InvalidArgumentError("invalid argument lang: None is neither 'en' nor 'vi'")
    _current[0] = resolve(lang)


def get_language() -> Lang:
    """The session's default language."""
    return _current[0]


def pick(pair: tuple[str, str], lang: str | None = None) -> str:
    """The text of an (English, Vietnamese) pair in ``lang``."""
    return pair[0 if resolve(lang) == "en" else 1]


def word(table: Mapping[str, tuple[str, str]], key: str, lang: str | None = None, **fields: Any) -> str:
    """``table[key]`` in ``lang``, its ``{fields}`` filled in: how every module's table of
    (English, Vietnamese) words is read."""
    text = pick(table[key], lang)
    return text.format(**fields) if fields else text
