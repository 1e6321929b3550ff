"""What the Python views of a province's store share (the disbursement tracker, monitoring)."""

from __future__ import annotations

from typing import Any


class StoreView:
    """A view of a province's store: the core object, its year, province and file."""

    _inner: Any

    def __init__(self, inner: Any) -> None:
        self._inner = inner

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
