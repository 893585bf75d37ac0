"""Hand-picked mutants of stats/exact.py (its large-sample branches and switch points, which
issue 13 says no test ran) — each applied to a temporary copy of the package and run against the
exact-test tests; prints KILLED/SURVIVED per mutant and the score.

    .venv/bin/python benchmarks/stats_mutants.py

Survivors are listed with why they are equivalent (same results in every feasible case) in
``EQUIVALENT``. (mutmut over the whole file is the full check: 504 mutants at 20–50 s of tests
each did not fit a session on the shared 2-core machine; see docs/statistics.md.)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ["tests/stats/test_exact.py", "tests/stats/test_exact_branches.py", "tests/stats/test_paired.py",
         "tests/stats/test_fisher_rxc.py", "-k", "not property and not big_sparse"]
EQUIVALENT = {
    "counting switch 1000 -> 10": "integer counts and binomial pmf give the same probabilities (rounding aside)",
    "signed-rank big threshold": "rescaling each step or dividing at the end gives the same distribution",
    "rank-sum rescale dropped": "within the feasibility limits C(N, m) stays below 1e308, so no overflow",
    "rank-sum rescale threshold": "a different rescaling period changes nothing but rounding",
    "signed-rank feasibility": "n·n·(n+1) and n³ cross 4e7 between the same integers (341 / 342)",
    "rank-sum feasibility cells": "work = N·cells ≤ 2e8 already implies cells ≤ 1.5e7 for N ≥ 14",
}

MUTANTS = [
    ("binomial weights > 1000 pairs", "weight = np.asarray(sps.binom.pmf(nij, m, 0.5), dtype=np.float64)",
     "weight = np.asarray(sps.binom.pmf(nij, m, 0.6), dtype=np.float64)"),
    ("binomial weights uniform", "weight = np.asarray(sps.binom.pmf(nij, m, 0.5), dtype=np.float64)",
     "weight = np.ones(m + 1)"),
    ("counting switch 1000 -> 10", "counting = n_disc <= 1000", "counting = n_disc <= 10"),
    ("counting switch never", "counting = n_disc <= 1000", "counting = True"),
    ("signed-rank rescale 0.5 -> 0.6", "probs[: upto + 1] *= 0.5", "probs[: upto + 1] *= 0.6"),
    ("signed-rank big threshold", "big = r.size > 1000", "big = r.size > 10"),
    ("rank-sum rescale dropped", "dp /= dp.max()", "dp /= 1.0"),
    ("rank-sum rescale threshold", "if n_total > 1000 and i % 64 == 63:", "if n_total > 1000 and i % 64 == 62:"),
    ("signed-rank feasibility", "return float(n) * n * (n + 1) <= MAX_SIGNED_RANK_WORK", "return float(n) * n * n <= MAX_SIGNED_RANK_WORK"),
    ("rank-sum feasibility cells", "return work <= MAX_RANK_SUM_WORK and cells <= MAX_RANK_SUM_CELLS", "return work <= MAX_RANK_SUM_WORK"),
    ("rank-sum feasibility work", "return work <= MAX_RANK_SUM_WORK and cells <= MAX_RANK_SUM_CELLS", "return work < 2 * MAX_RANK_SUM_WORK and cells <= MAX_RANK_SUM_CELLS"),
    ("swap state limit", "if states.shape[0] * (m + 1) > MAX_TABLES:", "if states.shape[0] * (m + 1) > 10 * MAX_TABLES:"),
    ("count stop_above", "return None if stop_above is not None and total > stop_above else total", "return total"),
    ("count chunk arcs", "if arcs > max_arcs:", "if arcs > 10 * max_arcs:"),
    ("compositions order", "part = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)", "part = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts + 1, counts)"),
    ("min_p_signed_rank edge", "if n <= 0:\n        return 1.0\n    return min(1.0, 2.0 ** (1 - n))", "if n <= 1:\n        return 0.5\n    return min(1.0, 2.0 ** (1 - n))"),
    ("REL_TOL", "REL_TOL = 1e-7", "REL_TOL = 1e-2"),
]

def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for part in ("src", "tests", "r"):
            shutil.copytree(ROOT / part, Path(tmp) / part, ignore=shutil.ignore_patterns("__pycache__"))
        src = Path(tmp) / "src/laktasi/stats/exact.py"
        orig = (ROOT / "src/laktasi/stats/exact.py").read_text(encoding="utf-8")
        killed = equivalent = 0
        for name, old, new in MUTANTS:
            assert old in orig, name
            src.write_text(orig.replace(old, new, 1), encoding="utf-8")
            r = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS],
                               cwd=tmp, env={"PYTHONPATH": f"{tmp}/src", "PYTHONDONTWRITEBYTECODE": "1",
                                             "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
            dead = r.returncode != 0
            killed += dead
            equivalent += (not dead) and name in EQUIVALENT
            why = "" if dead else f"  (equivalent: {EQUIVALENT[name]})" if name in EQUIVALENT else "  (NOT equivalent)"
            print(("KILLED   " if dead else "SURVIVED ") + name + why, flush=True)
    total = len(MUTANTS)
    print(f"{killed}/{total} killed; {killed}/{total - equivalent} of the non-equivalent mutants")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
