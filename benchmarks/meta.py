"""Meta-analysis speed: REML fit with 10,000 studies (goal < 1 s), leave-one-out over 1,000 studies (goal < 5 s).

Run: .venv/bin/python benchmarks/meta.py
Prints wall-clock times (best of several runs), Fisher-scoring iterations and peak traced memory.
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np

from laktasi.meta.models import fit
from laktasi.meta.sensitivity import leave_one_out


def simulate(k: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """k studies: true effects N(0.3, 0.1), per-arm n from 10 to 200, SMD-like sampling variances."""
    n = rng.integers(10, 200, size=k)
    vi = 2 / n + 0.3**2 / (4 * n)
    theta = rng.normal(0.3, np.sqrt(0.1), size=k)
    yi = rng.normal(theta, np.sqrt(vi))
    return yi, vi


def best_of(fn, repeats: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    rng = np.random.default_rng(20261123)
    yi, vi = simulate(10_000, rng)
    t, res = best_of(lambda: fit(yi, vi, method="REML"), 5)
    print(f"REML fit, k = 10,000 (with Q-profile CI):  {t * 1000:8.1f} ms  "
          f"(iterations {res.iterations}, converged {res.converged}, tau2 = {res.tau2:.4f})  goal < 1000 ms")
    t, res = best_of(lambda: fit(yi, vi, method="REML", tau2_ci=False), 5)
    print(f"REML fit, k = 10,000 (no tau2 CI):         {t * 1000:8.1f} ms")
    yi1, vi1 = simulate(1_000, rng)
    t, loo = best_of(lambda: leave_one_out(yi1, vi1, method="REML"), 3)
    print(f"leave-one-out REML, k = 1,000 (1,000 fits): {t * 1000:8.1f} ms  "
          f"(all converged {bool(loo.converged.all())})  goal < 5000 ms")
    from laktasi.meta.diagnostics import cumulative, influence_and_baujat

    t, _ = best_of(lambda: influence_and_baujat(yi1, vi1, method="REML"), 2)
    print(f"influence diagnostics + Baujat, REML, k = 1,000 (1,000 fits): {t * 1000:8.1f} ms")
    t, _ = best_of(lambda: cumulative(yi1, vi1, method="REML"), 2)
    print(f"cumulative meta-analysis, REML, k = 1,000 (1,000 growing fits): {t * 1000:8.1f} ms")
    hard_y = np.array([0, 3, 0, 0, 0, 1, 1, 1, 1, 0, 2], dtype=float)
    hard_v = np.array([1, 3, 2, 2, 0.125, 1, 1, 1, 1, 2, 1])
    t, res = best_of(lambda: fit(hard_y, hard_v, method="REML"), 5)
    print(f"REML where plain Fisher scoring oscillates (issue 13 case): {t * 1000:8.1f} ms  "
          f"(iterations {res.iterations}, converged {res.converged})")
    import pandas as pd

    from laktasi.meta.analysis import run_meta_analysis
    from laktasi.meta.table import read_study_table

    frame = pd.DataFrame({"study": [f"S{i}" for i in range(1_000)], "yi": yi1, "vi": vi1})
    t, _ = best_of(lambda: run_meta_analysis(read_study_table(frame, "SMD")), 2)
    print(f"whole analysis (table, REML, bias tests, trim-and-fill, leave-one-out, influence, Baujat, cumulative), "
          f"k = 1,000: {t * 1000:8.1f} ms")
    tracemalloc.start()
    fit(yi, vi, method="REML")
    leave_one_out(yi1, vi1, method="REML")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced memory (both):                 {peak / 2**20:8.1f} MiB")


if __name__ == "__main__":
    main()
