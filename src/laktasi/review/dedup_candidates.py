"""Candidate pairs for deduplication (blocking): which pairs of records the pair rule looks at.

Comparing every pair is quadratic, so candidates come from records that share a DOI, PMID, title or
year/volume/first page, from a correction note's printed place, and from *sorted neighbourhoods*
(Hernández & Stolfo 1995) of several orderings — the title, the reversed title, the title's sorted
words, a notice's title without its notice words, and the first author's name words before the title —
so one slip anywhere in a title still leaves the pair near under at least one ordering. Title
similarity is computed in C for all candidates at once; :func:`_worth_judging` then drops the pairs the
pair rule could only call distinct, without a Python call per pair.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from laktasi.review.dedup_keys import _NO_NOTES, _contained, _Key


def _sorted_neighbour_pairs(keys: list[str], window: int) -> np.ndarray:
    """Pairs (i, j) of records within ``window`` places of each other when sorted by ``keys``."""
    idx = np.array([i for i, k in enumerate(keys) if k], dtype=np.int64)
    if len(idx) < 2 or window < 1:  # window 0: only shared values (DOI, PMID, title, printed place) pair records
        return np.empty((0, 2), dtype=np.int64)
    order = idx[np.argsort(np.array([keys[i] for i in idx], dtype=object), kind="stable")]
    parts = []
    for k in range(1, min(window, len(order) - 1) + 1):
        parts.append(np.column_stack((order[:-k], order[k:])))
    return np.concatenate(parts)


def _author_neighbour_pairs(keys: Sequence[_Key], titles: list[str], window: int) -> np.ndarray:
    """Pairs of records within ``window`` places of each other when sorted by a first-author name word
    and then the title: a title with a slip at both ends ("soxazosin in elderly pataents with
    hypertension"), or a start and end shared by hundreds of titles, still meets its duplicate
    among the few records of the same author. Each name word ("Wang, Tingting" / "Wang, T.") is a
    key of its own."""
    words: list[str] = []
    owner: list[int] = []
    for i, k in enumerate(keys):
        if titles[i]:
            # the three longest name words (a family name is seldom an initial or the shortest word; a group
            # author's twenty words would multiply the pairs)
            for w in sorted(k.author, key=lambda w: (-len(w), w))[:3]:
                words.append(w)
                owner.append(i)
    entries = [f"{w} {titles[i]}" for w, i in zip(words, owner, strict=True)]
    # the neighbours of each entry, as records
    pairs: npt.NDArray[np.int64] = np.array(owner, dtype=np.int64)[_sorted_neighbour_pairs(entries, window)]
    # two name words of one record sort side by side: that is no pair
    distinct: npt.NDArray[np.int64] = pairs[pairs[:, 0] != pairs[:, 1]]
    return distinct


def _same_value_pairs(values: list[str]) -> np.ndarray:
    """Pairs of records sharing a non-empty value (all pairs in small sets, a chain in large ones)."""
    buckets: dict[str, list[int]] = {}
    for i, v in enumerate(values):
        if v:
            buckets.setdefault(v, []).append(i)
    pairs: list[tuple[int, int]] = []
    for members in buckets.values():
        if len(members) < 2:
            continue
        if len(members) <= 30:
            pairs.extend((a, b) for n, a in enumerate(members) for b in members[n + 1:])
        else:
            pairs.extend(zip(members[:-1], members[1:], strict=True))
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


# a notice's title is often the article's title behind a word or two ("Erratum: <title>", "Comment on
# <title>", "<title> - Reply"): without them it sorts beside the article
_NOTICE_WORDS = re.compile(
    r"^(?:(?:erratum|errata|corrigendum|correction|corrections|retraction|retracted|withdrawn|comment|"
    r"commentary|comments|reply|response|re|note|to|on|of|the|in)\s+)+|\s+(?:author s |authors )?reply$")


def _notice_pairs(keys: Sequence[_Key], titles: list[str], window: int) -> np.ndarray:
    """Pairs of each notice (erratum, comment, reply …) with the records whose titles sort nearest to
    its title without the notice words, so "Erratum: <title> (Proceedings of …)" meets "<title>"."""
    noticed = [i for i, k in enumerate(keys) if k.markers]
    if not noticed:
        return np.empty((0, 2), dtype=np.int64)
    order = sorted(range(len(titles)), key=titles.__getitem__)
    ordered = [titles[i] for i in order]
    pairs: list[tuple[int, int]] = []
    for i in noticed:
        core = _NOTICE_WORDS.sub("", titles[i])
        if core == titles[i] or len(core.split()) < 4:
            continue
        at = bisect.bisect_left(ordered, core)
        pairs.extend((i, order[p]) for p in range(max(0, at - window), min(len(order), at + window)) if order[p] != i)
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def _linked_pairs(keys: Sequence[_Key]) -> np.ndarray:
    """Pairs of a record whose correction note names a printed place with the records printed there."""
    noted = [i for i, k in enumerate(keys) if k.notes is not _NO_NOTES]
    if not noted:
        return np.empty((0, 2), dtype=np.int64)
    at: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        if k.place:
            at.setdefault(k.place, []).append(i)
    pairs = [(i, j) for i in noted for place in (keys[i].notes.corrects, *keys[i].notes.errata_at) if place
             for j in at.get(place, ()) if j != i]
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def _candidates(keys: Sequence[_Key], window: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (i < j, unique) and their title similarities (0–1)."""
    n = len(keys)
    titles = [k.title for k in keys]
    candidate_sets = [
        _same_value_pairs([k.doi for k in keys]),
        _same_value_pairs([k.pmid for k in keys]),
        _same_value_pairs(titles),
        _same_value_pairs([f"{k.year}|{k.volume}|{k.page}" if k.year and k.volume and k.page else ""
                           for k in keys]),  # the bibliographic key
        _sorted_neighbour_pairs(titles, window),
        _sorted_neighbour_pairs([t[::-1] for t in titles], window),
        _sorted_neighbour_pairs([" ".join(sorted(t.split())) for t in titles], window),
        _notice_pairs(keys, titles, window),
        _linked_pairs(keys),
        _author_neighbour_pairs(keys, titles, window),
    ]
    pairs = np.concatenate(candidate_sets) if n else np.empty((0, 2), dtype=np.int64)
    if len(pairs):
        pairs = np.sort(pairs, axis=1)
        codes = np.sort(pairs[:, 0] * n + pairs[:, 1])
        codes = codes[np.r_[True, codes[1:] != codes[:-1]]]
        pairs = np.column_stack((codes // n, codes % n))
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    # identical titles need no string comparison; the rest are scored in C on all cores
    title_no: dict[str, int] = {}
    title_code = np.array([title_no.setdefault(t, len(title_no)) for t in titles], dtype=np.int64)
    sims = np.ones(len(pairs))
    differ = np.flatnonzero(title_code[pairs[:, 0]] != title_code[pairs[:, 1]]) if len(pairs) else pairs[:, 0]
    if len(differ):
        sims[differ] = cpdist([titles[i] for i in pairs[differ, 0].tolist()],
                              [titles[j] for j in pairs[differ, 1].tolist()],
                              scorer=fuzz.ratio, score_cutoff=50, workers=-1) / 100.0
    empty = np.array([not t for t in titles], dtype=bool)
    if len(pairs):
        sims[empty[pairs[:, 0]] | empty[pairs[:, 1]]] = 0.0
    return pairs, sims


def _worth_judging(keys: Sequence[_Key], pairs: npt.NDArray[np.int64], sims: npt.NDArray[np.float64]
                   ) -> npt.NDArray[np.int64]:
    """The candidate pairs (their positions in ``pairs``) that the pair rule (:func:`_judge`) could find other
    than distinct: similar titles, one DOI or PMID, one year/volume/first page, a subtitle added, a
    translation, a correction notice. The rest are skipped without a Python call per pair."""
    if not len(pairs):
        return np.empty(0, dtype=np.int64)
    titles = [k.title for k in keys]
    doi = np.array([k.doi for k in keys], dtype=object)
    pmid = np.array([k.pmid for k in keys], dtype=object)
    where = np.array([f"{k.year}|{k.volume}|{k.page}" if k.year and k.volume and k.page else ""
                      for k in keys], dtype=object)
    i_, j_ = pairs[:, 0], pairs[:, 1]
    same_id = (doi[i_] != "") & (doi[i_] == doi[j_]) | (pmid[i_] != "") & (pmid[i_] == pmid[j_])
    same_place = (where[i_] != "") & (where[i_] == where[j_])
    # a notice naming the article in its title ("Erratum: <title> (Proceedings of …)") is
    # listed when the article's title is found whole in it; so is a title with a subtitle added
    noticed = np.array([bool(k.markers) for k in keys], dtype=bool)
    strong = (sims >= 0.8) | same_id | same_place
    # a title with a subtitle added shares its start with the short one, a title printed after
    # its translation shares its end: those pairs are checked whatever their similarity
    starts = np.array([t[:20] for t in titles], dtype=object)
    ends = np.array([t[-20:] for t in titles], dtype=object)
    maybe = np.flatnonzero(~strong & ((sims >= 0.6) | (starts[i_] == starts[j_]) | (ends[i_] == ends[j_])))
    strong[maybe] = (noticed[i_[maybe]] != noticed[j_[maybe]]) | _containment(keys, i_[maybe], j_[maybe])
    return np.flatnonzero(strong).astype(np.int64)


def _containment(keys: Sequence[_Key], i_: np.ndarray, j_: np.ndarray) -> np.ndarray:
    """Whether one title of each pair is found whole in the other (a subtitle or a translation beside it)."""
    return np.array([_contained(keys[i].title, keys[j].title) for i, j in zip(i_.tolist(), j_.tolist(),
                                                                              strict=True)], dtype=bool)
