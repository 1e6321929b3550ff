"""Optional packages, imported where a feature needs them (charts, Dask): a missing one is a
:class:`~grdpsim.errors.MissingExtraError` naming the extra that installs it, which the
command line prints as one line, never a traceback."""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingExtraError

# The extra of pyproject.toml that brings each optional package.
EXTRAS = {"matplotlib": "report", "dask": "dask", "distributed": "dask"}


def require(module: str) -> ModuleType:
    """``module`` (``matplotlib.pyplot``), or a :class:`MissingExtraError` when its package is
    not installed. An import error from inside an installed package is not hidden."""
    package = module.split(".", 1)[0]
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as e:
        if (e.name or "").split(".", 1)[0] != package:
            raise
        raise MissingExtraError(package, EXTRAS[package]) from None
