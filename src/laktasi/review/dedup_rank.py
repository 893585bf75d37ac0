"""Rank the uncertain pairs of a deduplication and group them into clusters a person decides at once.

A reviewer's time goes furthest on the pairs most likely to be duplicates, and on one decision per
set of linked records rather than one per pair: pairs are scored (:func:`likelihood`), linked into
clusters through the groups their records belong to, and clusters are ranked by their best pair.

The score is a ranking, not a calibrated probability: the title similarity, plus a little for each
bibliographic detail both records agree on, minus more for each they disagree on, weighed by how
often pairs listed for that reason were true duplicates on the *tuning* sets of
``benchmarks/dedup.py`` (ASySD Diabetes, Rathbone cytology/haematology/respiratory, perturbed Cohen;
the held-out sets were not used). Reasons never seen there (``group_conflict``, ``verdict_conflict``)
weigh 0.5.
"""

from __future__ import annotations

from collections.abc import Sequence

from laktasi.review.dedup_keys import (
    _abstracts_agree,
    _authors_compatible,
    _journals_compatible,
    _Key,
    _pages_compatible,
)
from laktasi.review.dedup_result import UncertainCluster, UncertainPair

# share of listed pairs that were true duplicates, per reason, on the tuning sets (ASySD Diabetes,
# Rathbone cytology/haematology/respiratory, 20,000 perturbed Cohen records, seed 2026; 486 listed
# pairs), with one true and one false pair added to each reason (Laplace) so that rare reasons stay
# near 0.5: e.g. different_author 0 of 111, different_pmid 0 of 88, different_pages 1 of 57,
# companion 14 of 19, erratum_of 11 of 13, notice 5 of 12, short_title 30 of 30, similar_title 16 of 19
_REASON_WEIGHT = {
    "different_author": 0.01,
    "different_pmid": 0.01,
    "different_pages": 0.03,
    "different_volume": 0.09,
    "subtitle": 0.25,
    "different_year": 0.33,
    "review_version": 0.5,  # not seen in the tuning sets' lists (one labelled pair in respiratory)
    "different_numbers": 0.36,
    "different_words": 0.38,
    "ambiguous": 0.44,
    "notice": 0.43,
    "companion": 0.71,
    "same_id_different_title": 0.75,
    "erratum_of": 0.80,
    "similar_title": 0.81,
    "different_doi": 0.83,
    "short_title": 0.97,
}


def likelihood(a: _Key, b: _Key, sim: float, reason: str) -> float:
    """How likely two uncertain records are one publication, 0–1 (for ranking only)."""
    authors = _authors_compatible(a.author, b.author)
    pages = _pages_compatible(a, b)
    agree = sum((authors is True, a.year is not None and a.year == b.year,
                 _journals_compatible(a.journal, b.journal), pages is True,
                 bool(a.volume) and a.volume == b.volume, _abstracts_agree(a, b)))
    conflict = sum((authors is False, a.year is not None and b.year is not None and a.year != b.year,
                    pages is False, bool(a.volume and b.volume) and a.volume != b.volume,
                    bool(a.issue_no and b.issue_no) and a.issue_no != b.issue_no))
    score = (sim + 0.04 * agree - 0.08 * conflict) * _REASON_WEIGHT.get(reason, 0.5)
    return round(min(1.0, max(0.0, score)), 4)


def rank_uncertain(
    listed: Sequence[tuple[int, int, float, str]], keys: Sequence[_Key], ids: Sequence[str], roots: Sequence[int],
) -> tuple[tuple[UncertainPair, ...], tuple[UncertainCluster, ...]]:
    """Score, deduplicate and cluster the uncertain pairs; both in rank order (best first)."""
    seen: dict[tuple[int, int], tuple[float, float, str]] = {}
    for i, j, sim, reason in listed:
        a, b = min(i, j), max(i, j)
        if (a, b) not in seen:  # the first reason found is the one reported
            seen[(a, b)] = (sim, likelihood(keys[a], keys[b], sim, reason), reason)
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in seen:
        parent[find(roots[a])] = find(roots[b])
    by_cluster: dict[int, list[tuple[int, int]]] = {}
    for a, b in seen:
        by_cluster.setdefault(find(roots[a]), []).append((a, b))
    members: dict[int, list[int]] = {}
    for pos, root in enumerate(roots):
        if root in parent:
            members.setdefault(find(root), []).append(pos)

    def order(pair: tuple[int, int]) -> tuple[float, int, int]:
        return -seen[pair][1], pair[0], pair[1]

    ranked = sorted(by_cluster.values(), key=lambda ps: min(order(p) for p in ps))
    pairs_out: list[UncertainPair] = []
    clusters: list[UncertainCluster] = []
    for number, cluster_pairs in enumerate(ranked, start=1):
        made = []
        for a, b in sorted(cluster_pairs, key=order):
            sim, score, reason = seen[(a, b)]
            made.append(UncertainPair(a, b, ids[a], ids[b], round(sim, 4), reason, score, number))
        pairs_out.extend(made)
        clusters.append(UncertainCluster(number, tuple(members[find(roots[cluster_pairs[0][0]])]), tuple(made),
                                         made[0].likelihood))
    return tuple(pairs_out), tuple(clusters)
