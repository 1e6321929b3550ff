"""grdpsim: growth scenarios for a region's GRDP.

Quarterly accounts by sector, growth and contributions as statistics offices publish them,
with a Rust core. Start with :class:`Accounts` or :func:`datasets.cao_bang_base`.
"""

from __future__ import annotations

from . import datasets, errors
from ._core import SectorTree, __version__
from .accounts import Accounts
from .disaggregation import (
    Disaggregation,
    Nowcast,
    disaggregate,
    disaggregate_series,
    nowcast,
)
from .errors import (
    DataFileError,
    GrdpsimError,
    InconsistentDataError,
    InvalidArgumentError,
    InvalidValueError,
    ParseError,
    PeriodError,
    UnknownSectorError,
    ZeroBaseError,
)

__all__ = [
    "Accounts",
    "Disaggregation",
    "disaggregate",
    "disaggregate_series",
    "Nowcast",
    "nowcast",
    "SectorTree",
    "datasets",
    "__version__",
    *errors.__all__,
]
