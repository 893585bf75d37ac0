"""The screening queue: each reviewer's records in the order of :func:`laktasi.review.prioritise.rank`,
trained on her own labels only (blind screening stays blind)."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict, defaultdict
from typing import Any

import numpy as np
from scipy import sparse

from laktasi.review.prioritise import Features, build_features, rank, record_text
from laktasi.web.reviews.models import EXCLUDE, INCLUDE, Review, ScreeningDecision
from laktasi.web.reviews.services import REVIEWERS_PER_RECORD, screenable


def _stable_seed(review: Review, user_id: int, stage: str) -> int:
    digest = hashlib.sha256(f"{review.pk}:{user_id}:{stage}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


_CACHE_SIZE = 8
_features_cache: OrderedDict[tuple[int, str, str], Features] = OrderedDict()
_features_lock = threading.Lock()


def _features(review: Review, stage: str, records: list[tuple[int, str, str]]) -> Features:
    """The TF-IDF features of the stage's records, built once per record set and kept in this process (the
    matrix takes seconds for thousands of records; a retrain and rank on it takes milliseconds). The key
    holds a digest of the record pks, so an upload or a change of the full-text set builds anew."""
    digest = hashlib.sha256(",".join(str(pk) for pk, _t, _a in records).encode()).hexdigest()
    key = (int(review.pk), stage, digest)
    with _features_lock:
        if key in _features_cache:
            _features_cache.move_to_end(key)
            return _features_cache[key]
    features = build_features([record_text(t, a) for _pk, t, a in records])
    with _features_lock:
        _features_cache[key] = features
        while len(_features_cache) > _CACHE_SIZE:
            _features_cache.popitem(last=False)
    return features


def queue(review: Review, user: Any, stage: str) -> list[int]:
    """The record pks this reviewer still has to screen, in the order of
    :func:`laktasi.review.prioritise.rank`.

    The model learns from THIS reviewer's own includes and excludes only (never another reviewer's, so blind
    screening stays blind; "maybe" is no label). Until she has one include and one exclude the order is a
    stable random one, seeded by review, reviewer and stage. A record leaves everyone's queue once two
    reviewers have decided it.
    """
    records = list(screenable(review, stage).values_list("pk", "title", "abstract"))
    if not records:
        return []
    pks = [pk for pk, _t, _a in records]
    position = {pk: i for i, pk in enumerate(pks)}
    decided: dict[int, int] = defaultdict(int)
    mine: dict[int, str] = {}
    for record_id, reviewer_id, decision in ScreeningDecision.objects.filter(
            record_id__in=pks, stage=stage).values_list("record_id", "reviewer_id", "decision"):
        decided[record_id] += 1
        if reviewer_id == user.pk:
            mine[record_id] = decision
    labelled = [(position[pk], 1 if d == INCLUDE else 0) for pk, d in mine.items() if d in (INCLUDE, EXCLUDE)]
    if len({y for _, y in labelled}) < 2:
        # one class or none: rank's order is the seeded random one and never reads the features (see
        # prioritise.scores), so the TF-IDF matrix is not built
        features = Features(matrix=sparse.csr_matrix((len(records), 1)), n_records=len(records))
    else:
        features = _features(review, stage, records)
    order = rank(features, [i for i, _ in labelled], [y for _, y in labelled],
                 rng=np.random.default_rng(_stable_seed(review, user.pk, stage)))
    return [pks[i] for i in order.tolist()
            if pks[i] not in mine and decided[pks[i]] < REVIEWERS_PER_RECORD]
