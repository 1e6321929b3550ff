"""Datasets shipped with grdpsim.

``cao_bang_base()``
    Cao Bằng's quarterly accounts 2023Q1–2024Q4 (broad sectors NLTS, CNXD, DV, TSP; constant
    2010 and current prices, billion VND), reconstructed from the province's published figures
    because quarterly levels by sector are not published:

    1. annual 2023 weights from the 2024 growth/contribution pairs (w = contribution / growth,
       adjusted by the least relative amount that makes them sum to one and reproduce the
       published GRDP growth; the same for the Q1 and 6M weights of step 4);
    2. 2024 levels grown at each sector's published 2024 growth and anchored on 12,772 bn
       (Plan 823/KH-UBND: the 2025 target 13,794 bn = 2024 × 1.08);
    3. quarterly 2024 GRDP split by the national 2023 seasonal pattern (GSO);
    4. the sector split of Q1 and H1 2024 from the 2025 Q1 and 6M growth/contribution pairs; Q3
       and Q4 by each broad sector's national pattern;
    5. quarterly 2023 = 2024 level of the quarter / (1 + the sector's 2024 annual growth);
    6. current prices from the published 2024 levels (25,204 bn) and the published increase
       (+2,457.1 bn), one deflator change for all sectors in 2023.

    It reproduces 2024 GRDP growth 6.74 exactly and the contributions 0.70, 1.64, 4.19, 0.21 within
    ±0.01, the 2024 structure, and the published 2025 Q1 and 6M contributions from the
    published growth rates. It cannot reproduce the published 2025 levels (6M 6,259.5 bn implies
    H1 2024 = 46.0% of the year; the national pattern gives 46.9%).

    With ``detailed=True`` CNXD is split into CN (industry) and XD (construction) by the share
    Plan 823's original targets imply (CNXD 11.9 from industry 12.9 and construction 10.5:
    industry is 58.3%), in every quarter: neither part is published.

``cao_bang_2025()``
    The province's 2025 growth scenario on the detailed base: the adjusted annual targets (May
    2025: GRDP 8.0, NLTS 3.3, CNXD 12.97 with industry 7.14 and construction 21.1, DV 8.24, TSP
    7.75), the adjusted Q2 targets (GRDP "> 8.25" taken as 8.25), the Q3 targets as of July
    (GRDP about 9.41, CNXD 16.37), and the actuals of the mid-year release (Q2 and 6M).

    Handled in the open: each sector's Q2 target is kept and its other quarters share the rate
    that makes its annual target exact (rule ``("residual", "inherit")``); CN and XD carry
    their own targets, so the stated CNXD and GRDP figures are checked against what the sector
    targets imply (``scenario.consistency(stated_only=True)``). The Q2 and 6M actuals imply a
    Q1 GRDP growth of about 6.3%, where the first Q1 release said 6.01%
    (:data:`CAO_BANG_2025_Q1_FIRST_RELEASE`): Q1 was revised.

``cao_bang_disbursement_2025()``
    A **synthetic** public-investment portfolio (no project, investor or person in it is real):
    40 investors, 300 projects over five capital sources, Treasury and investor payments every
    Friday from January to August, monthly plans, obstacles and a plan revision on 15 July. Only
    two published figures enter its construction, as calibration targets of the plan: about
    41.8% of the plan disbursed on 30 June 2025 and 26.8% at the end of July (the plan grew).
    The rates are computed from the generated data like any other.

``cao_bang_monitoring_2025()``
    The July 2025 monthly meeting: the published seven-month figures (industrial production
    value 3,583 bn VND, 44.9% of plan and 42.3% of the scenario's target; IIP +1.04%; retail
    +12.7%; tourism revenue 1,743 bn, 87% of plan; budget revenue 2,825 bn, 135% of the
    estimate) with **synthetic** monthly paths and 2024 months consistent with them, a
    synthetic missing June report, and tasks from the meeting's conclusions (the monthly
    disbursement plan per project due 25 August 2025), on the synthetic disbursement portfolio.
"""

from __future__ import annotations

import os
from typing import Optional, Union

from . import _core
from .accounts import Accounts
from .disbursement import Tracker
from .monitoring import Monitor
from .scenario import Scenario

__all__ = [
    "cao_bang_base",
    "cao_bang_2025",
    "cao_bang_disbursement_2025",
    "cao_bang_monitoring_2025",
    "CAO_BANG_2025_Q1_FIRST_RELEASE",
    "CAO_BANG_2025_MONITORING_MONTH",
]

#: The month of the monitoring example's meeting (the July 2025 meeting): the month its
#: figures end and the month whose digest the demonstration store records.
CAO_BANG_2025_MONITORING_MONTH = "2025-07"

#: The first Q1 2025 release (nongnghiephuuco.vn 6377), superseded by the mid-year one.
CAO_BANG_2025_Q1_FIRST_RELEASE: dict[str, float] = dict(_core.cao_bang_2025_q1_first_release())


def cao_bang_base(detailed: bool = False) -> Accounts:
    """Cao Bằng's reconstructed base years 2023–2024 (see the module docstring).

    Parameters
    ----------
    detailed
        Split industry and construction (CNXD = CN + XD) instead of the four broad sectors.

    Examples
    --------
    >>> import grdpsim as gs
    >>> acc = gs.datasets.cao_bang_base()
    >>> acc.contributions("2024", convention="grdp").round(2).loc["DV", "contribution_pp"]
    np.float64(4.19)
    """
    return Accounts(_core.cao_bang_base(detailed))


def cao_bang_2025() -> Scenario:
    """Cao Bằng's 2025 growth scenario with the first half's actuals (see the module docstring).

    Examples
    --------
    >>> import grdpsim as gs
    >>> cb = gs.datasets.cao_bang_2025()
    >>> round(float(cb.gap("H1").loc["GRDP", "actual_pct"]), 2)
    6.56
    """
    return Scenario._wrap(_core.cao_bang_2025())


def cao_bang_disbursement_2025(db: Optional[Union[str, os.PathLike[str]]] = None) -> Tracker:
    """The synthetic Cao Bằng 2025 disbursement portfolio (see the module docstring).

    Parameters
    ----------
    db
        Write it to this SQLite file (created) instead of keeping it in memory.

    Examples
    --------
    >>> import grdpsim as gs
    >>> t = gs.datasets.cao_bang_disbursement_2025()
    >>> rank = t.ranking(as_of="2025-07-31")
    >>> round(rank.attrs["province_rate_pct"], 1)
    26.8
    """
    return Tracker(_core.cao_bang_disbursement_2025(None if db is None else os.fspath(db)))


def cao_bang_monitoring_2025() -> Monitor:
    """Cao Bằng's monitoring at the July 2025 meeting, in memory (see the module docstring).

    Examples
    --------
    >>> import grdpsim as gs
    >>> m = gs.datasets.cao_bang_monitoring_2025()
    >>> sorted(m.tasks().index)
    ['T-01', 'T-02', 'T-03', 'T-04', 'T-05', 'T-06', 'T-07', 'T-08', 'T-09']
    """
    return Monitor(_core.Monitor.cao_bang_2025())
