"""Concealed allocation by permuted blocks: seeded, reproducible, one sequence per stratum.

The sequence is never stored or shown; the arm of the k-th mother enrolled in a stratum is computed
at her enrolment from (seed, stratum, k), so nobody can read ahead (allocation concealment,
Schulz & Grimes, Lancet 2002;359:614-618). Random block sizes keep the next allocation
unpredictable even to someone counting enrolments (Efird, Int J Environ Res Public Health 2011;8:15-20).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np


def stratum_rng(seed: int, stratum: str) -> np.random.Generator:
    """A generator fixed by the study seed and the stratum name (CRC-32: stable across runs and machines)."""
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(stratum.encode("utf-8"))])


def permuted_blocks(
    n_arms: int, block_sizes: Sequence[int], length: int, rng: np.random.Generator
) -> list[int]:
    """Arm indices (0..n_arms-1) for the first ``length`` participants, in permuted blocks.

    Each block has a size drawn uniformly from ``block_sizes`` (each a multiple of ``n_arms``) and
    holds every arm equally often, in random order.

    >>> seq = permuted_blocks(2, [4], 8, np.random.default_rng(1))
    >>> sorted(seq[:4]), sorted(seq[4:])
    ([0, 0, 1, 1], [0, 0, 1, 1])
    """
    sizes = [int(b) for b in block_sizes] or [2 * n_arms]
    for b in sizes:
        if b <= 0 or b % n_arms:
            raise ValueError(f"block size {b} is not a positive multiple of the {n_arms} arms")
    out: list[int] = []
    while len(out) < length:
        size = sizes[int(rng.integers(len(sizes)))]
        block = np.repeat(np.arange(n_arms), size // n_arms)
        out.extend(int(a) for a in rng.permutation(block))
    return out[:length]


def allocate(seed: int, stratum: str, index: int, n_arms: int, block_sizes: Sequence[int]) -> int:
    """Arm index of the participant enrolled ``index``-th (0-based) in ``stratum``.

    >>> allocate(7, "", 3, 2, [4]) == permuted_blocks(2, [4], 4, stratum_rng(7, ""))[3]
    True
    """
    return permuted_blocks(n_arms, block_sizes, index + 1, stratum_rng(seed, stratum))[index]
