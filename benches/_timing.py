"""Timing for the benchmarks against peers: the calls of one comparison run in turns
(grdpsim, peer, grdpsim, peer, ...), so that a burst of load on a shared machine falls on
both sides alike, and each side's time is the median of its runs. Each comparison prints the
load average it ran under beside its figures."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Mapping


def interleaved(calls: Mapping[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median wall time (s) of each call over ``repeat`` rounds after one warm-up round; in
    each round every call runs once, in the order given."""
    for f in calls.values():
        f()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, f in calls.items():
            t = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - t)
    return {name: statistics.median(ts) for name, ts in times.items()}


def machine_load() -> str:
    """The 1-minute load average and the cores, e.g. ``load 11.2 on 2 cores``."""
    return f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
