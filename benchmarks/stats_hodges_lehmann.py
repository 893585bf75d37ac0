"""Timing of the Hodges–Lehmann shift and its interval (run: .venv/bin/python benchmarks/stats_hodges_lehmann.py).

Prints, per sample size, the interval method (exact / normal approximation), the median wall time of
3 runs for the paired pseudo-median and the two-sample shift, on continuous data (2 decimals) and on
ordinal codes 0–2, and the peak memory of the largest case (tracemalloc). Above 2,000,000 Walsh
averages / differences they are not formed: order statistics come from bisection with counting.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from functools import partial

import numpy as np

from laktasi.stats import hodges_lehmann as hl
from laktasi.stats.results import Effect


def timed(fn: Callable[[], Effect], repeat: int = 3) -> tuple[float, Effect]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    assert result is not None
    return float(np.median(times)), result


def main() -> None:
    rng = np.random.default_rng(2026)
    print(f"{'case':<30}{'n per group':>12}{'interval':>12}{'median s':>11}")
    for n in (30, 100, 1000, 10_000, 50_000):
        d = rng.normal(3, 6, n).round(2)
        x, y = rng.normal(32, 6, n).round(2), rng.normal(30, 6, n).round(2)
        ox, oy = rng.integers(0, 3, n).astype(float), rng.integers(0, 3, n).astype(float)
        cases: dict[str, Callable[[], Effect]] = {
            "paired (continuous)": partial(hl.hodges_lehmann_paired, d),
            "two-sample (continuous)": partial(hl.hodges_lehmann_two_sample, x, y),
            "paired (codes 0-2)": partial(hl.hodges_lehmann_paired, ox - oy),
            "two-sample (codes 0-2)": partial(hl.hodges_lehmann_two_sample, ox, oy),
        }
        for name, fn in cases.items():
            secs, e = timed(fn)
            kind = "exact" if e.ci_method == hl.EXACT_METHOD else "normal"
            print(f"{name:<30}{n:>12}{kind:>12}{secs:>11.4f}")
    tracemalloc.start()
    hl.hodges_lehmann_two_sample(x, y)
    print(f"peak memory, two-sample 50,000 vs 50,000 (continuous): {tracemalloc.get_traced_memory()[1] / 2**20:.1f} MB")


if __name__ == "__main__":
    main()
