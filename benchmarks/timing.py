"""Shared by the benchmark scripts (run as ``python benchmarks/<name>.py``, so this folder is on sys.path)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    """The fastest of ``repeats`` calls of ``fn`` (seconds) and the last result: the least disturbed timing."""
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out
