"""Concealed randomisation in permuted blocks: balanced, reproducible, per stratum, revealed at enrolment."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import numpy as np
import pytest
from django.utils import timezone

from laktasi.web.studies.allocation import allocate, permuted_blocks, stratum_rng
from laktasi.web.studies.services import create_study
from laktasi.web.visits import services


def test_blocks_are_balanced():
    seq = permuted_blocks(2, [4, 6], 400, np.random.default_rng(3))
    # walk the blocks: every prefix that ends a block is balanced, and the imbalance never exceeds 3
    diff = np.cumsum(np.where(np.array(seq) == 0, 1, -1))
    assert np.abs(diff).max() <= 3
    assert (diff == 0).sum() >= 400 // 6


def test_every_block_arrangement_equally_likely():
    # Independent reference: exhaustive enumeration of the C(4,2) = 6 arrangements of a block of 4 with two arms;
    # each should appear with probability 1/6. 3000 blocks: expected 500 each, binomial SD about 20.
    arrangements = {p for p in itertools.permutations([0, 0, 1, 1])}
    assert len(arrangements) == 6
    rng = np.random.default_rng(11)
    counts = Counter(tuple(permuted_blocks(2, [4], 4, rng)) for _ in range(3000))
    assert set(counts) == arrangements
    assert all(abs(c - 500) < 5 * 20 for c in counts.values())


def test_reproducible_from_seed_and_stratum():
    a = [allocate(42, "primipara", k, 2, [4, 6]) for k in range(30)]
    b = [allocate(42, "primipara", k, 2, [4, 6]) for k in range(30)]
    c = [allocate(42, "multipara", k, 2, [4, 6]) for k in range(30)]
    assert a == b and a != c
    assert a == permuted_blocks(2, [4, 6], 30, stratum_rng(42, "primipara"))


def test_block_size_must_fit_the_arms():
    with pytest.raises(ValueError):
        permuted_blocks(2, [3], 4, np.random.default_rng(0))


@pytest.mark.django_db
def test_enrolment_allocates_by_stratum_in_order(users):
    kwargs = dict(name="RCT", design="rct", planned_n=24, visit_days=[1, 3], allocation="block_randomisation",
                  block_sizes=[4], stratify_by="parity", random_seed=2026)
    studies = [create_study(users["owner"], arms=[("intervensi", False, 12), ("kontrol", True, 12)], **kwargs)
               for _ in range(2)]
    got = []
    for s in studies:
        arms = []
        for i in range(12):
            p = services.enrol(s, users["owner"], delivered_at=timezone.now() - dt.timedelta(hours=5),
                               parity=1 if i % 3 else 2, delivery_mode="spontaneous", consent=True, name=f"M{i}")
            arms.append((p.stratum, p.allocation_index, p.arm.name))
        got.append(arms)
    assert got[0] == got[1]  # same seed → same allocations
    names = [a.name for a in studies[0].arms.order_by("order", "id")]
    for stratum in ("primipara", "multipara"):
        rows = [r for r in got[0] if r[0] == stratum]
        assert [r[1] for r in rows] == list(range(len(rows)))
        expected = permuted_blocks(2, [4], len(rows), stratum_rng(2026, stratum))
        assert [r[2] for r in rows] == [names[k] for k in expected]
