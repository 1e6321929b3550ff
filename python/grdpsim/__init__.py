"""grdpsim: growth scenarios for a region's GRDP.

Quarterly accounts by sector, growth and contributions as statistics offices publish them;
growth scenarios with gaps and the growth still required; temporal disaggregation and
nowcasts at R tempdisagg parity. A Rust core with a pandas face. Start with
:func:`datasets.cao_bang_2025`, :class:`Scenario`, :class:`Accounts` or :func:`disaggregate`.
"""

from __future__ import annotations

# grdpsim.dask imports Dask only when one of its functions runs (the extra grdpsim[dask]).
from . import batch, dask, datasets, disbursement, document, errors, monitoring, plot, report, templates, web
from ._core import SectorTree, __version__
from ._lang import get_language, language, set_language
from .accounts import Accounts
from .disaggregation import (
    Disaggregation,
    Nowcast,
    disaggregate,
    disaggregate_series,
    nowcast,
)

# Every error class, as errors.__all__ lists them (and __all__ below with them).
from .errors import *  # noqa: F403
from .probability import Backtest, Probability, Uncertainty, backtest
from .scenario import GoalSeek, RequiredGrowth, Scenario

__all__ = [
    "Accounts",
    "Disaggregation",
    "disaggregate",
    "disaggregate_series",
    "Nowcast",
    "nowcast",
    "SectorTree",
    "Scenario",
    "RequiredGrowth",
    "GoalSeek",
    "Uncertainty",
    "Probability",
    "Backtest",
    "backtest",
    "batch",
    "dask",
    "errors",
    "datasets",
    "plot",
    "disbursement",
    "monitoring",
    "document",
    "report",
    "templates",
    "web",
    "__version__",
    "set_language",
    "get_language",
    "language",
    *errors.__all__,
]
