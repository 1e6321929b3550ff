"""Checks of the arguments the front ends pass on to the core.

Whatever a caller hands in, what reaches ``_core`` has the type its signature converts without
loss (a float64 array, a non-negative ``int`` below 2**64, a ``float``, a ``str``), or the call
stops here with one of grdpsim's typed errors: a ``TypeError`` from the binding, a float
truncated to an int or a complex number losing its imaginary part are what these prevent.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from typing import Any, Optional, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from ._lang import said
from .errors import DataFileError, GrdpsimError, InvalidArgumentError, ParseError

# The core's sizes are usize: larger values cannot even be passed (it checks the rest).
_USIZE_END = 2**64
_NUMERIC_KINDS = "biuf"


def float_array(
    value: Any, what: str, error: type[GrdpsimError] = InvalidArgumentError
) -> npt.NDArray[np.float64]:
    """``value`` as a C-contiguous, aligned float64 array (a copy only when it is not: a block
    that Dask carried between processes can sit at an unaligned offset of its message buffer,
    which the core must not read as f64 values); real numbers only."""
    try:
        arr = np.asarray(value)
        if arr.dtype.kind == "c":
            raise said(error, f"{what} has complex values; only real numbers are accepted")
        if arr.dtype.kind not in _NUMERIC_KINDS + "O":
            raise said(error, f"{what} is not numeric (dtype {arr.dtype})")
        return np.require(arr, dtype=np.float64, requirements=["C_CONTIGUOUS", "ALIGNED"])
    except (TypeError, ValueError, OverflowError) as e:
        if isinstance(e, GrdpsimError):
            raise
        raise said(error, f"{what} is not an array of real numbers: {e}") from None


def count(name: str, value: Any, end: int = _USIZE_END) -> int:
    """A non-negative integer below ``end`` (a ratio, an offset, an order; the core's usize by
    default, ``2**32`` for a u32): never a float, never a bool."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise said(InvalidArgumentError, f"{name} must be an integer, got {value!r}")
    if not 0 <= int(value) < end:
        bound = "2**64" if end == _USIZE_END else str(end)
        raise said(InvalidArgumentError, f"{name} must be a non-negative integer below {bound}, got {value}")
    return int(value)


def real(name: str, value: Any) -> float:
    """A real number (NaN and infinities are the core's to judge)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise said(InvalidArgumentError, f"{name} must be a real number, got {value!r}")
    try:
        return float(value)
    except OverflowError:
        raise said(InvalidArgumentError, f"{name} is too large for a float: {value}") from None


_T = TypeVar("_T")


def instance(name: str, value: Any, cls: type[_T], what: Optional[str] = None) -> _T:
    """``value`` when it is a ``cls`` (a scenario, a model, a nowcast passed to a front end),
    else an :class:`InvalidArgumentError` saying what was expected (``what``, by default the
    class's name) and what came."""
    if not isinstance(value, cls):
        raise said(
            InvalidArgumentError,
            f"invalid argument {name}: expected a {what or cls.__name__}, got {type(value).__name__}",
        )
    return value


def text(name: str, value: Any) -> str:
    """A string option (a method, a conversion, a period, ...)."""
    if not isinstance(value, str):
        raise said(InvalidArgumentError, f"{name} must be a string, got {value!r}")
    return value


def period(name: str, value: Any) -> str:
    """A period: its label (``2024Q3``, ``H1``, ``6 tháng 2025``, for the core to read), or a
    ``pandas.Period`` of a calendar quarter or year (a member of ``Accounts.quarters``) as its
    label (``2024Q3``, ``2024``).

    >>> period("period", pd.Period("2024Q3", freq="Q")), period("period", pd.Period("2024", freq="Y"))
    ('2024Q3', '2024')
    """
    if isinstance(value, pd.Period):
        freq = value.freqstr
        if freq == "Q-DEC":
            return f"{value.year}Q{value.quarter}"
        if freq in ("Y-DEC", "A-DEC"):
            return str(value.year)
        raise said(
            InvalidArgumentError,
            f"invalid argument {name}: {value} is a period of frequency {freq}; "
            "give a calendar quarter or year",
        )
    return text(name, value)


def path(value: Any, name: str = "path") -> str:
    """A file path: a ``str`` or an ``os.PathLike`` (not bytes), without NUL characters."""
    try:
        where = text(name, os.fspath(value))
    except TypeError:
        raise said(InvalidArgumentError, f"{name} must be a str or os.PathLike, got {value!r}") from None
    if "\0" in where:
        raise said(InvalidArgumentError, f"invalid argument {name}: {where!r} has a NUL character")
    return where


def flag(name: str, value: Any) -> bool:
    """A yes/no option: a bool (or 0/1)."""
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, (int, np.integer)) and value in (0, 1)):
        return bool(value)
    raise said(InvalidArgumentError, f"{name} must be True or False, got {value!r}")


def strings(name: str, value: Any) -> list[str]:
    """A list of strings (coefficient names, sectors)."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise said(InvalidArgumentError, f"{name} must be a list of strings, got {value!r}")
    return [text(f"{name}[{i}]", v) for i, v in enumerate(value)]


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _calendar_date(name: str, value: Any, expected: str = "a date YYYY-MM-DD") -> _dt.date:
    """A day of the calendar from a ``datetime.date`` (a ``datetime`` or ``pandas.Timestamp``
    too: its day), a ``numpy.datetime64`` or an ISO ``YYYY-MM-DD`` string; NaT, other texts and
    other types are refused. Ours, not pandas': ``pd.Timestamp`` reads "1/2/2025" as 2 January
    and raises its own ``DateParseError``, ``OverflowError`` or ``TypeError`` on the rest."""
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            raise said(InvalidArgumentError, f"invalid argument {name}: NaT is not a date")
        value = str(value.astype("datetime64[D]"))
    if isinstance(value, _dt.date):
        if value != value:  # pandas.NaT is a datetime that equals nothing
            raise said(InvalidArgumentError, f"invalid argument {name}: NaT is not a date")
        return _dt.date(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise said(
            InvalidArgumentError,
            f"invalid argument {name}: {value!r} is not {expected} (nor a datetime.date)",
        )
    found = _ISO_DATE.fullmatch(value.strip())
    if found is None:
        raise said(InvalidArgumentError, f"invalid argument {name}: {value!r} is not a date YYYY-MM-DD")
    try:
        return _dt.date(*(int(g) for g in found.groups()))
    except ValueError as e:
        raise said(InvalidArgumentError, f"invalid argument {name}: {value!r} is not a date ({e})") from None


def date(name: str, value: Any) -> str:
    """A date argument (``as_of``, ``since``, a deadline) as the core reads it, ``YYYY-MM-DD``:
    see :func:`_calendar_date` for what is accepted."""
    return _calendar_date(name, value).isoformat()


def optional_date(name: str, value: Any) -> Optional[str]:
    """:func:`date`, or None for None (the core's default)."""
    return None if value is None else date(name, value)


def month(name: str, value: Any) -> str:
    """A month argument as the core reads it, ``YYYY-MM``: that string, or a date (its month)."""
    if isinstance(value, str):
        found = _ISO_MONTH.fullmatch(value.strip())
        if found is None or not 1 <= int(found.group(2)) <= 12:
            raise said(InvalidArgumentError, f"invalid argument {name}: {value!r} is not a month YYYY-MM")
        return value.strip()
    return _calendar_date(name, value, "a month YYYY-MM").isoformat()[:7]


def year(name: str, value: Any) -> int:
    """A calendar year 1000..9999 (an integer)."""
    y = count(name, value)
    if not 1000 <= y <= 9999:
        raise said(InvalidArgumentError, f"invalid argument {name}: {y} is not a year between 1000 and 9999")
    return y


def optional_year(name: str, value: Any) -> Optional[int]:
    """:func:`year`, or None."""
    return None if value is None else year(name, value)


def read_text(name: str, value: Any) -> str:
    """The UTF-8 text of the file at ``value`` (a path): a missing or unreadable file is a
    :class:`DataFileError` naming the path, text that is not UTF-8 a :class:`ParseError`."""
    where = path(value)
    try:
        with open(where, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise said(DataFileError, f"{where}: {e.strerror or e} (argument {name})", kind="io") from None
    except UnicodeDecodeError as e:
        raise said(
            ParseError,
            f"{where}: not UTF-8 text ({e.reason}, byte {e.start}) (argument {name})",
            kind="parse",
        ) from None


def port(value: Any) -> int:
    """A TCP port: an integer from 0 (any free port) to 65535."""
    n = count("port", value)
    if n > 65535:
        raise said(InvalidArgumentError, f"port must be at most 65535, got {n}")
    return n
