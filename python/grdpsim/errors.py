"""Exceptions raised by grdpsim.

Every error grdpsim raises is a :class:`GrdpsimError`. Errors about the input (a bad level, an
unknown sector, a period the data does not cover, ...) are also :class:`ValueError`, so code
that already catches ``ValueError`` keeps working. Messages name the sector, the period and the
value at fault.

An error raised by the compiled core speaks the session's language at the moment it is raised
(:func:`grdpsim.language` or :func:`grdpsim.set_language`): ``str(e)`` is Vietnamese under
``gs.language("vi")``, English otherwise. Both texts are always attributes, ``e.message_en``
and ``e.message_vi``, naming the same sector, period, cell, row and value; the other attributes
do not change with the language. Errors the Python layer raises itself (a ``lang`` argument
that is neither ``"en"`` nor ``"vi"``, a sweep's change for a quarter already past, a missing
optional package) speak the session's language the same way: their Vietnamese comes from the
compiled core's one catalog of error phrases, and ``tests/python/test_error_phrases.py`` fails
on a text the package raises without it.
"""

from __future__ import annotations

__all__ = [
    "GrdpsimError",
    "InvalidValueError",
    "UnknownSectorError",
    "PeriodError",
    "ZeroBaseError",
    "InconsistentDataError",
    "ParseError",
    "InvalidArgumentError",
    "DataFileError",
    "ImportRejectedError",
    "DatabaseError",
    "MissingExtraError",
]


class GrdpsimError(Exception):
    """Base class of every grdpsim error.

    Attributes
    ----------
    kind
        A stable name of what went wrong (``zero_base``, ``looks_like_fraction``, ...).
    sector, period, value
        The sector, the period and the value at fault, where the error has them (else None).
    message_en, message_vi
        The message in English and in Vietnamese (``str(e)`` is the one of the session's
        language when the error was raised).
    """

    kind: str | None = None
    message_en: str | None = None
    message_vi: str | None = None
    sector: str | None = None
    period: str | None = None
    value: float | None = None


class InvalidValueError(GrdpsimError, ValueError):
    """A level that is NaN, infinite, or negative where it cannot be."""


class UnknownSectorError(GrdpsimError, ValueError):
    """A sector code that is not in the sector tree, nor an alias of one."""


class PeriodError(GrdpsimError, ValueError):
    """A malformed period, a missing quarter, or a period the data does not cover."""


class ZeroBaseError(GrdpsimError, ValueError):
    """A zero base-period level, which leaves growth undefined."""


class InconsistentDataError(GrdpsimError, ValueError):
    """Duplicate rows, aggregates that disagree with their children, contradictory figures."""


class ParseError(GrdpsimError, ValueError):
    """A malformed file or frame (the message names the line).

    Attributes
    ----------
    sheet, cell, text
        For a workbook cell at fault: its sheet, its name (``Targets!D7`` has sheet ``Targets``
        and cell ``D7``) and what it holds.
    part
        For a workbook that cannot be read safely: the zip part or sheet at fault
        (``xl/sharedStrings.xml``, ``payments``).
    """

    sheet: str | None = None
    cell: str | None = None
    text: str | None = None
    part: str | None = None


class InvalidArgumentError(GrdpsimError, ValueError):
    """An argument out of its domain (an unknown option, a rate at or below -100%, ...).

    Attributes
    ----------
    argument, text
        For a date that is not one or out of order (``kind == "invalid_date"``): the argument
        (``as_of``, ``since``, ...) and the value it was given, as text.
    project, week_ending, source
        For a withdrawal of a figure the store does not have (``kind == "no_such_entry"``).
    """


class DataFileError(GrdpsimError, OSError):
    """A file that could not be read or written, or a program grdpsim runs that is not there.

    Attributes
    ----------
    errno
        The operating system's error number (``errno.ENOENT`` for a missing file) where the
        system refused the file; None where grdpsim refused it (a workbook that is not one).
    program
        For a program that is not there (``kind == "missing_program"``): the one looked for
        (``chromium``, which prints PDFs, or the path ``GRDPSIM_CHROMIUM`` names).
    """

    program: str | None = None


class ImportRejectedError(GrdpsimError, ValueError):
    """A file rejected whole by an import: nothing was written.

    Attributes
    ----------
    problems
        Every bad row, as dicts with ``sheet`` (None for CSV), ``row`` (as a spreadsheet numbers
        it, the header being row 1), ``column``, ``value``, ``reason`` (English) and
        ``reason_vi`` (the same in Vietnamese).
    """

    problems: list[dict[str, object]] = []


class DatabaseError(GrdpsimError, OSError):
    """The store refused an operation, or a file is not a grdpsim store.

    Attributes
    ----------
    code
        Why SQLite refused it (``kind == "database"``): ``busy`` (another writer held the store
        beyond the retries: try again), ``corrupt``, ``not_a_database``, ``disk_full``,
        ``read_only``, ``cannot_open``, ``constraint``, ``io`` or ``other``; None for a file
        that is not a grdpsim store.
    """

    code: str | None = None


class MissingExtraError(GrdpsimError, ImportError):
    """An optional package that a feature needs is not installed; the message names the
    extra that brings it (``pip install 'grdpsim[report]'``).

    Attributes
    ----------
    package
        The missing package (``matplotlib``).
    extra
        The extra of grdpsim that installs it (``report``).
    """

    package: str = ""
    extra: str = ""

    def __init__(self, package: str, extra: str) -> None:
        # Imported here: grdpsim._lang imports this module.
        from ._lang import error_texts

        message, self.message_en, self.message_vi = error_texts(
            f"{package} is not installed: pip install 'grdpsim[{extra}]'"
        )
        super().__init__(message)
        self.kind = "missing_extra"
        self.package = package
        self.extra = extra
