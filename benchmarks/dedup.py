"""Deduplication benchmark: sensitivity, precision, studies wrongly merged and time.

    .venv/bin/python benchmarks/dedup.py [--n 100000] [--seed 2026]

Sets (from ``LAKTASI_BENCHDATA``): the ASySD Diabetes set (Hair et al. 2023) and the four Rathbone
et al. 2015 sets as curated by bib-dedupe, with their reviewer labels; and ``--n`` records made by
a seeded perturbation of the Cohen 2006 MEDLINE records (see ``dedup_sets.load_cohen_perturbed``).

Figures per set:
- sens: sensitivity (auto-merged), the share of removable duplicates removed (records minus true
  studies), as ASySD reports;
- sens+u: sensitivity counting the pairs listed as uncertain as found (what a reviewer who looks
  at the listed pairs ends with); the gap to ``sens`` is the reviewer's share of the work;
- pair sensitivity / pair precision (p_sens, p_prec): over all true duplicate pairs; p_sens+u
  counts the uncertain pairs as found;
- lost: true studies merged into another study's group (the hard goal is zero);
- unsure: pairs listed for a human;
- wall and CPU seconds of ``deduplicate`` (CPU includes rapidfuzz's worker threads).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedup_sets import (  # noqa: E402
    RATHBONE_SETS,
    LabelledSet,
    load_cohen_perturbed,
    load_diabetes,
    load_rathbone,
    score,
)

from laktasi.config import benchdata_dir  # noqa: E402
from laktasi.review.dedup import deduplicate  # noqa: E402


def _with_uncertain(result, truth) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(record sensitivity, pair sensitivity) when a reviewer accepts the uncertain pairs that are
    true duplicates: what is found once the listed pairs have been looked at."""
    parent = list(range(len(truth)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, p in enumerate(result.primary):
        parent[find(i)] = find(p)
    for u in result.uncertain:
        if truth[u.first] == truth[u.second]:
            parent[find(u.first)] = find(u.second)
    groups = np.array([find(i) for i in range(len(truth))])
    t = np.asarray(truth)
    joint = groups * (2 * len(t) + 7) + (t + len(t) + 1)

    def pairs(x: np.ndarray) -> int:
        _, c = np.unique(x, return_counts=True)
        return int((c * (c - 1) // 2).sum())

    removable = len(t) - len(np.unique(t))
    found = len(t) - len(np.unique(joint))
    return (found / removable if removable else 1.0), (pairs(joint) / pairs(t) if pairs(t) else 1.0)


def run(s: LabelledSet) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    result = deduplicate(s.records)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    sc = score(result, s.truth)
    sens_listed, pair_sens_listed = _with_uncertain(result, s.truth)
    print(f"{s.name:34s} {sc.records:7d} {sc.true_removable:6d} {sc.found_removable:6d} "
          f"{sc.sensitivity:7.4f} {sens_listed:7.4f} {sc.pair_sensitivity:7.4f} {pair_sens_listed:7.4f} "
          f"{sc.pair_precision:7.4f} {sc.studies_lost:5d} {len(result.uncertain):6d} "
          f"{wall:7.2f} {cpu:7.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="size of the perturbed Cohen set")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    bd = benchdata_dir()
    print(f"benchdata: {bd}; cores: {os.cpu_count()}")
    print(f"{'set':34s} {'records':>7s} {'dups':>6s} {'found':>6s} {'sens':>7s} {'sens+u':>7s} "
          f"{'p_sens':>7s} {'p_sens+u':>7s} {'p_prec':>7s} {'lost':>5s} {'unsure':>6s} {'wall_s':>7s} "
          f"{'cpu_s':>7s}")
    run(load_diabetes(bd))
    for name in RATHBONE_SETS:
        run(load_rathbone(bd, name))
    run(load_cohen_perturbed(bd, args.n, np.random.default_rng(args.seed)))


if __name__ == "__main__":
    main()
