"""What the Python views of a province's store share (the disbursement tracker, monitoring)."""

from __future__ import annotations

import os
from typing import Any, ClassVar, TypeVar, Union

from . import _args

PathLike = Union[str, "os.PathLike[str]"]
_View = TypeVar("_View", bound="StoreView")


class StoreView:
    """A view of a province's store: the core object, its year, province and file."""

    _inner: Any
    #: The core class a view wraps (its ``create`` and ``open``).
    _core_class: ClassVar[Any]

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    @classmethod
    def create(cls: type[_View], db: PathLike, *, province: str, year: int) -> _View:
        """Open the store at ``db``, creating it for ``province`` and the plan ``year``."""
        return cls(
            cls._core_class.create(
                _args.path(db, "db"), _args.text("province", province), _args.year("year", year)
            )
        )

    @classmethod
    def open(cls: type[_View], db: PathLike) -> _View:
        """Open an existing store: a missing file is a :class:`~grdpsim.errors.DataFileError`
        naming it, a file that is not a grdpsim store a :class:`~grdpsim.errors.DatabaseError`,
        and neither is written to."""
        return cls(cls._core_class.open(_args.path(db, "db")))

    @property
    def year(self) -> int:
        """The plan year."""
        return int(self._inner.year)

    @property
    def province(self) -> str:
        return str(self._inner.province)

    @property
    def db(self) -> str:
        """The file behind the store (``:memory:`` for the examples)."""
        return str(self._inner.label)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.province!r}, {self.year}, db={self.db!r})"
