"""Timing of the exact tests in laktasi.stats by group size (run: .venv/bin/python benchmarks/stats_exact.py).

Prints, per test and size, the p-value method chosen by method="auto" and the median wall time
of 5 runs, plus peak memory of the largest exact case (tracemalloc).
"""

from __future__ import annotations

import time
import tracemalloc
from functools import partial

import numpy as np

from laktasi.stats import independent, paired


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), result


def main() -> None:
    rng = np.random.default_rng(2026)
    print(f"{'test':<34}{'n per group':>12}{'p_method':>12}{'median s':>11}")
    for n in (5, 30, 50, 100, 1000, 5000):
        pre = rng.normal(20, 6, n).round(0)
        post = pre + rng.normal(5, 6, n).round(0)
        x = rng.normal(30, 8, n).round(1)
        y = rng.normal(28, 8, n).round(1)
        ox = rng.integers(0, 3, n)
        oy = rng.integers(0, 3, n)
        table = [np.bincount(ox, minlength=3), np.bincount(oy, minlength=3)]
        cases = {
            "wilcoxon_signed_rank (ties)": partial(paired.wilcoxon_signed_rank, pre, post),
            "marginal_homogeneity 3x3": partial(paired.marginal_homogeneity, ox, oy, 3),
            "mann_whitney (continuous)": partial(independent.mann_whitney, x, y),
            "mann_whitney (3 levels)": partial(independent.mann_whitney, ox, oy),
            "fisher_exact 2x3": partial(independent.fisher_exact, table),
        }
        for name, fn in cases.items():
            secs, res = timed(fn, 3 if n >= 1000 else 5)
            print(f"{name:<34}{n:>12}{res.p_method:>12}{secs:>11.4f}")
    x = rng.normal(30, 8, 50).round(1)
    y = rng.normal(28, 8, 50).round(1)
    tracemalloc.start()
    independent.mann_whitney(x, y)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak memory, exact Mann–Whitney 50 vs 50 without ties: {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
