"""Monthly monitoring and early warnings (theo dõi hằng tháng và cảnh báo sớm).

A :class:`Monitor` is a province's monitoring store: the same SQLite file as the disbursement
tracker, holding the departments' indicators (with their annual targets and monthly reports),
the tasks assigned at meetings, and each month's early-warning findings with their history.

- :meth:`Monitor.pace`: each indicator's pace against its annual target (a flow's share of the
  target reached against the share expected by now, from last year's monthly profile or flat;
  an index's growth to date against the target growth, and the growth the remaining months
  need);
- :meth:`Monitor.digest`: the monthly digest for the Finance Department's meeting: the
  headline scenario figures and the findings of the seven rules (behind pace, required growth
  above history, gap in points of GRDP, probability, disbursement, tasks, missing reports),
  most serious first, grouped by who answers for them, in Vietnamese or English.

Thresholds come from a TOML policy (:data:`DEFAULT_POLICY_TOML`, overridable by a file).

>>> import grdpsim as gs
>>> m = gs.datasets.cao_bang_monitoring_2025()
>>> pace = m.pace("2025-07").to_frame()
>>> round(float(pace.loc["CN_GTSX", "reached_pct"]), 1)
42.3
>>> d = m.digest("2025-07", scenario=gs.datasets.cao_bang_2025(), policy=gs.monitoring.CAO_BANG_2025_POLICY_TOML)
>>> f = d.to_frame()
>>> f.loc[f.subject == "indicator:CN_IIP", "severity"].item()
'red'
>>> "indicator:DL_DT" in set(f.subject)
False
"""

from __future__ import annotations

import html
import os
from typing import TYPE_CHECKING, Any, Literal, Optional, Union

import pandas as pd

from . import _core
from ._core import ImportReport
from ._lang import resolve
from ._store import StoreView

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .scenario import Scenario

__all__ = ["Monitor", "Pace", "Digest", "DEFAULT_POLICY_TOML", "CAO_BANG_2025_POLICY_TOML"]

PathLike = Union[str, "os.PathLike[str]"]
Format = Literal["text", "md", "html"]

#: The shipped early-warning policy: every rule's thresholds, documented.
DEFAULT_POLICY_TOML: str = _core.Monitor.default_policy_toml()
#: The Cao Bằng example's policy over the shipped one (synthetic caps for rule 2).
CAO_BANG_2025_POLICY_TOML: str = _core.Monitor.cao_bang_2025_policy_toml()


def _policy_text(policy: Optional[PathLike]) -> Optional[str]:
    """A policy given as TOML text or as the path of a TOML file."""
    if policy is None:
        return None
    text = os.fspath(policy)
    if "\n" in text or "=" in text or text.strip().startswith("["):
        return text
    with open(text, encoding="utf-8") as f:
        return f.read()


class Pace:
    """Indicators' pace against their annual targets at a month (see :meth:`Monitor.pace`)."""

    def __init__(self, month: str, columns: dict[str, Any]) -> None:
        self.month = month
        self._frame = pd.DataFrame(columns).set_index("indicator")

    def to_frame(self) -> pd.DataFrame:
        """One row per indicator: target, to date, reached and expected percent, pace ratio."""
        return self._frame.copy()

    def _repr_html_(self) -> str:
        cols = ["name_en", "basis", "reached_pct", "expected_pct", "profile", "pace_ratio", "needed_rest"]
        return str(self._frame[cols].round(2).to_html())

    def __repr__(self) -> str:
        return f"Pace({self.month}: {len(self._frame)} indicator(s))"

    def plot(self, *, lang: Optional[str] = None, ax: Optional[Axes] = None) -> Axes:
        """Each flow indicator's share of its target reached against the share expected."""
        import matplotlib.pyplot as plt

        lg = resolve(lang)
        f = self._frame[self._frame.kind == "flow"]
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 3.5))
        names = f["name_vi" if lg == "vi" else "name_en"]
        y = range(len(f))
        ax.barh(list(y), f.reached_pct, color="#4c72b0", label="đạt đến nay" if lg == "vi" else "reached")
        ax.scatter(f.expected_pct, list(y), color="#c44e52", zorder=3, label="cần đạt đến nay" if lg == "vi" else "expected by now")
        ax.set_yticks(list(y), list(names))
        ax.set_xlabel("% mục tiêu năm" if lg == "vi" else "% of the annual target")
        ax.legend(loc="lower right")
        ax.set_title(("Tiến độ đến " if lg == "vi" else "Pace to ") + self.month)
        return ax


class Digest:
    """The monthly digest (see :meth:`Monitor.digest`): headline figures, findings, texts."""

    def __init__(self, inner: _core.Digest) -> None:
        self._inner = inner
        self.month: str = inner.month
        self.province: str = inner.province
        self.as_of: str = inner.as_of
        self.official_gap_pp: Optional[float] = inner.official_gap_pp
        self.required_pct: Optional[float] = inner.required_pct
        self.p_reach: Optional[float] = inner.p_reach
        self.disbursement_rate_pct: Optional[float] = inner.disbursement_rate_pct

    def to_frame(self, *, resolved: bool = False) -> pd.DataFrame:
        """The findings (most serious first); ``resolved=True``: last month's, now resolved."""
        return pd.DataFrame(self._inner.findings(resolved))

    def render(self, format: Format = "text", *, lang: Optional[str] = None) -> str:
        """The digest as ``text``, ``md`` (Markdown) or ``html`` (one self-contained page), in
        the session's language by default."""
        return self._inner.render(resolve(lang), format)

    def write_xlsx(self, path: PathLike, *, lang: Optional[str] = None) -> None:
        """Write the digest as an Excel workbook, with a sheet listing every finding."""
        self._inner.write_xlsx(resolve(lang), os.fspath(path))

    def _repr_html_(self) -> str:
        f = self.to_frame()
        cols = ["severity", "history", "responsible", "message_en"]
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r) + "</tr>"
            for r in f[cols].itertuples(index=False)
        )
        return (
            f"<p><b>{html.escape(self.province)} {self.month}</b></p><table>"
            "<tr><th>severity</th><th>history</th><th>responsible</th><th>finding</th></tr>"
            f"{rows}</table>"
        )

    def __repr__(self) -> str:
        return repr(self._inner)


class Monitor(StoreView):
    """A province's monitoring store (indicators, tasks, findings) beside its disbursement data.

    Open one with :meth:`create` or :meth:`open`, or take the embedded example,
    :func:`grdpsim.datasets.cao_bang_monitoring_2025`.
    """

    _inner: _core.Monitor

    @classmethod
    def create(cls, db: PathLike, *, province: str, year: int) -> Monitor:
        """Open the store at ``db``, creating it for ``province`` and ``year``."""
        return cls(_core.Monitor.create(os.fspath(db), province, year))

    @classmethod
    def open(cls, db: PathLike) -> Monitor:
        """Open an existing store."""
        return cls(_core.Monitor.open(os.fspath(db)))

    def import_file(self, path: PathLike, *, who: str = "") -> ImportReport:
        """Import a CSV file or a workbook of indicators, targets, monthly values or tasks (told
        apart by the header), all or nothing and idempotent; raises
        :class:`~grdpsim.errors.ImportRejectedError` naming every bad row."""
        return self._inner.import_file(os.fspath(path), who)

    def pace(self, month: str) -> Pace:
        """Each indicator with an annual target, its pace at ``month`` (``YYYY-MM``)."""
        return Pace(month, self._inner.pace(month))

    def tasks(self) -> pd.DataFrame:
        """The assigned tasks, by deadline."""
        frame = pd.DataFrame(self._inner.tasks()).set_index("task")
        frame["deadline"] = pd.to_datetime(frame["deadline"])
        frame["done_on"] = pd.to_datetime(frame["done_on"])
        return frame

    def monthly_values(self, indicator: str) -> pd.DataFrame:
        """An indicator's monthly reports (this year and the last), by month."""
        return pd.DataFrame(self._inner.monthly_values(indicator)).set_index("month")

    def digest(
        self,
        month: str,
        *,
        scenario: Optional[Scenario] = None,
        policy: Optional[PathLike] = None,
        as_of: Optional[str] = None,
    ) -> Digest:
        """Record ``month``'s findings and return the digest.

        Parameters
        ----------
        month
            ``YYYY-MM``.
        scenario
            The growth scenario with its actuals (rules 2-4 and the headline need it).
        policy
            TOML text or the path of a TOML file over the shipped policy.
        as_of
            ``YYYY-MM-DD`` (default: the month's report deadline).
        """
        core = None if scenario is None else scenario._core
        return Digest(self._inner.digest(month, core, _policy_text(policy), as_of))
