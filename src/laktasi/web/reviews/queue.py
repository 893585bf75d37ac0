"""The screening queue: each reviewer's records in the order of :func:`laktasi.review.prioritise.rank`,
trained on her own labels only (blind screening stays blind).

Small record sets (up to :data:`SYNC_LIMIT` records) are built and ranked inside the request: the TF-IDF takes
well under a second and a retrain milliseconds. A large set never does either on the request path:

- its features are built once per record set in a child process (:func:`prepare`, or the first request after
  an upload), saved under ``LAKTASI_HOME/screening-features/<digest of the records' ids and texts>.npz`` so every
  worker process loads the same file, and kept in memory; until they are there the queue is the stable random
  order (seeded by review, reviewer and stage) that a reviewer with no labels sees anyway;
- after a decision, the next record comes from this reviewer's last computed ranking (records decided since
  are skipped) while a background thread retrains on her labels, starting from the last fit. Each ranking is
  saved beside the features (``rankings/<digest>.npz``: the order and the labels it learnt from), so a request
  that reaches another worker process serves the same order instead of a random one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import subprocess
import sys
import threading
import time
import zipfile
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connections
from django.db.models import Count, Max, QuerySet
from scipy import sparse

from laktasi.review.prioritise import (
    Features,
    Fit,
    build_features,
    by_score,
    load_features,
    rank,
    ranking,
    record_text,
)
from laktasi.web.reviews.models import (
    EXCLUDE,
    INCLUDE,
    TITLE_ABSTRACT,
    Review,
    ReviewEvent,
    ScreeningDecision,
)
from laktasi.web.reviews.services import screenable

log = logging.getLogger(__name__)

SYNC_LIMIT = 2000  # records; above, features and retrains run off the request path
BUILD_WAIT = 1800.0  # seconds a process waits for another's build of the same set before building itself


def _stable_seed(review: Review, user_id: int, stage: str) -> int:
    digest = hashlib.sha256(f"{review.pk}:{user_id}:{stage}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


_CACHE_SIZE = 8
_features_cache: OrderedDict[tuple[int, str, str], Features] = OrderedDict()
_features_lock = threading.Lock()


def _remember(key: tuple[int, str, str], features: Features) -> None:
    with _features_lock:
        _features_cache[key] = features
        while len(_features_cache) > _CACHE_SIZE:
            _features_cache.popitem(last=False)


def _cached(key: tuple[int, str, str]) -> Features | None:
    with _features_lock:
        if key in _features_cache:
            _features_cache.move_to_end(key)
            return _features_cache[key]
    return None


def _features(review: Review, stage: str, records: list[tuple[int, str, str]]) -> Features:
    """The TF-IDF features of a small set's records, built in the request once per record set and kept in this
    process. The key digests the records' ids and texts, so an upload or a change of the full-text set builds
    anew."""
    key = (int(review.pk), stage, _content_digest(records))
    cached = _cached(key)
    if cached is not None:
        return cached
    features = build_features([record_text(t, a) for _pk, t, a in records])
    _remember(key, features)
    return features


def _content_digest(records: list[tuple[int, str, str]]) -> str:
    h = hashlib.sha256()
    for pk, title, abstract in records:
        h.update(f"{pk}\x1f{title}\x1f{abstract}\x1e".encode())
    return h.hexdigest()


def _pks_digest(pks: list[int]) -> str:
    return "pks:" + hashlib.sha256(np.asarray(pks, dtype=np.int64).tobytes()).hexdigest()


def cache_dir() -> Path:
    """Where the large sets' features are kept, shared by every worker process."""
    return Path(settings.LAKTASI_HOME) / "screening-features"


# ---- background work: one daemon thread per process, jobs keyed so a newer job replaces a waiting one

class _Worker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: OrderedDict[tuple[Any, ...], Callable[[], None]] = OrderedDict()
        self._running: tuple[Any, ...] | None = None
        self._wake = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None

    def submit(self, key: tuple[Any, ...], job: Callable[[], None]) -> None:
        with self._lock:
            self._jobs[key] = job
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="laktasi-screening-queue", daemon=True)
                self._thread.start()
            self._wake.notify_all()

    def pending(self, key: tuple[Any, ...]) -> bool:
        with self._lock:
            return key in self._jobs or self._running == key

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._jobs:
                    self._running = None
                    self._wake.notify_all()
                    if not self._wake.wait(timeout=60.0) and not self._jobs:
                        self._thread = None
                        return
                key, job = self._jobs.popitem(last=False)
                self._running = key
            try:
                job()
            except Exception:  # a failed build or retrain leaves the last order in place; the next request retries
                log.exception("screening queue job %s failed", key[0])
            finally:
                connections.close_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no job is waiting or running (benchmarks and tests)."""
        end = time.monotonic() + timeout
        with self._lock:
            while self._jobs or self._running is not None:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._wake.wait(timeout=min(left, 0.5))
        return True


_worker = _Worker()
retrain_seconds: deque[float] = deque(maxlen=10_000)  # this process's background retrains (benchmarks read it)
build_seconds: deque[float] = deque(maxlen=100)


def wait_idle(timeout: float = 600.0) -> bool:
    return _worker.wait_idle(timeout)


def _build_in_child(texts: list[str], out: Path) -> None:
    """Build the features in a child process (its own interpreter, lower priority) and save them to ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = out.with_suffix(".building")
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:  # another process builds it: wait for its file
        deadline = time.monotonic() + BUILD_WAIT
        while time.monotonic() < deadline and lock.exists() and not out.exists():
            time.sleep(0.5)
        if out.exists():
            return
        lock.unlink(missing_ok=True)
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    os.close(fd)
    texts_path = out.with_suffix(".texts.json")
    try:
        texts_path.write_text(json.dumps(texts), encoding="utf-8")
        code = ("import os, sys; os.nice(10); from laktasi.review.prioritise import build_features_file; "
                "build_features_file(sys.argv[1], sys.argv[2])")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        subprocess.run([sys.executable, "-c", code, str(texts_path), str(out)], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    finally:
        texts_path.unlink(missing_ok=True)
        lock.unlink(missing_ok=True)


def _load_job(review_pk: int, stage: str, key: tuple[int, str, str]) -> Callable[[], None]:
    def job() -> None:
        if _cached(key) is not None:
            return
        start = time.perf_counter()
        review = Review.objects.get(pk=review_pk)
        records = list(screenable(review, stage).values_list("pk", "title", "abstract"))
        if _pks_digest([pk for pk, _t, _a in records]) != key[2]:
            return  # the set changed meanwhile: the next request asks for the new one
        out = cache_dir() / f"{_content_digest(records)}.npz"
        if not out.exists():
            _build_in_child([record_text(t, a) for _pk, t, a in records], out)
        _remember(key, load_features(out))
        build_seconds.append(time.perf_counter() - start)
    return job


def prepare(review: Review, stage: str) -> None:
    """Start building a large set's features in the background (after an upload); a no-op for small sets."""
    pks = list(screenable(review, stage).values_list("pk", flat=True))
    if len(pks) > SYNC_LIMIT:
        key = (int(review.pk), stage, _pks_digest(pks))
        if _cached(key) is None:
            _worker.submit(("features", *key), _load_job(int(review.pk), stage, key))


@dataclass(frozen=True)
class _Ranked:
    order: np.ndarray  # positions in the record set, unlabelled at training time, best first
    labels: tuple[tuple[int, int], ...]
    fit: Fit | None


_RANKINGS_KEPT = 32  # reviewers × stages kept in memory (a fit holds a weight per feature: ~8 MB at 20,000 records)
_rankings: OrderedDict[tuple[int, int, str, str], _Ranked] = OrderedDict()
_rankings_lock = threading.Lock()


def _ranking_path(key: tuple[int, int, str, str]) -> Path:
    review_pk, user_pk, stage, digest = key
    name = hashlib.sha256(f"{review_pk}\x1f{user_pk}\x1f{stage}\x1f{digest}".encode()).hexdigest()[:32]
    return cache_dir() / "rankings" / f"{name}.npz"


def _save_ranking(key: tuple[int, int, str, str], ranked: _Ranked) -> None:
    """Write a reviewer's last ranking beside the features, atomically, so every worker process serves it (the
    order and the labels it was trained on; the fit, a start for the next retrain, stays in this process)."""
    path = _ranking_path(key)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as out:
            np.savez(out, order=np.asarray(ranked.order, dtype=np.int64),
                     labels=np.asarray(ranked.labels, dtype=np.int64).reshape(-1, 2))
        os.replace(tmp, path)
    except OSError:  # a full or read-only disk costs other workers the shared order, never the request
        log.warning("could not save the screening ranking %s", path, exc_info=True)
        tmp.unlink(missing_ok=True)


def _load_ranking(key: tuple[int, int, str, str]) -> _Ranked | None:
    """The ranking another worker process saved for this reviewer and record set, or None."""
    try:
        with np.load(_ranking_path(key)) as stored:
            labels = tuple((int(i), int(y)) for i, y in stored["labels"].tolist())
            return _Ranked(order=np.asarray(stored["order"], dtype=np.int64), labels=labels, fit=None)
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):  # absent, or half-written by a crash
        return None


def _keep_ranking(key: tuple[int, int, str, str], ranked: _Ranked, *, replace: bool) -> None:
    """Keep a ranking in this process (the most recently used :data:`_RANKINGS_KEPT`); ``replace=False`` keeps a
    ranking this process computed meanwhile rather than one read from disk."""
    with _rankings_lock:
        if replace or key not in _rankings:
            _rankings[key] = ranked
        _rankings.move_to_end(key)
        while len(_rankings) > _RANKINGS_KEPT:
            _rankings.popitem(last=False)


def _last_ranking(key: tuple[int, int, str, str]) -> _Ranked | None:
    """This process's last ranking for the key, else the one another process saved (then kept here too)."""
    with _rankings_lock:
        last = _rankings.get(key)
    if last is not None:
        return last
    loaded = _load_ranking(key)
    if loaded is not None:
        _keep_ranking(key, loaded, replace=False)
    return loaded


def _retrain_job(key: tuple[int, int, str, str], features_key: tuple[int, str, str],
                 labelled: tuple[tuple[int, int], ...]) -> Callable[[], None]:
    def job() -> None:
        features = _cached(features_key)
        if features is None:
            return
        with _rankings_lock:
            last = _rankings.get(key)
        if last is not None and last.labels == labelled:
            return
        start = time.perf_counter()
        result = ranking(features, [i for i, _ in labelled], [y for _, y in labelled],
                         warm=last.fit if last is not None else None)
        # the fit's labelled split (a record-by-record extension for simulations) would more than triple what a
        # kept ranking holds; the queue's retrains build it afresh (one vectorised pass)
        fit = None if result.fit is None else dataclasses.replace(result.fit, split=None)
        ranked = _Ranked(order=result.order, labels=labelled, fit=fit)
        _save_ranking(key, ranked)
        _keep_ranking(key, ranked, replace=True)
        retrain_seconds.append(time.perf_counter() - start)
    return job


def _rows(qs: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """A values_list query's rows straight from the database cursor: the ORM's per-row iteration costs ~10 µs a
    row, 200 ms for a 20,000-record review on every request."""
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


_record_sets: dict[tuple[int, str], tuple[tuple[int, ...], list[int], dict[int, int], str]] = {}
_record_sets_lock = threading.Lock()


def _fingerprint(review: Review, stage: str) -> tuple[int, ...] | None:
    """What changes whenever the title/abstract set can: the review's record count and largest pk (an upload,
    read from the review_id index) and its last record or upload event (a record marked a duplicate or kept:
    every such change is audited). None for full text, whose set follows the decisions: read every time."""
    if stage != TITLE_ABSTRACT:
        return None
    records = review.records.order_by().aggregate(n=Count("pk"), hi=Max("pk"))
    event = ReviewEvent.objects.filter(review=review, entity__in=("reviewrecord", "upload")).order_by().aggregate(
        last=Max("pk"))
    return int(records["n"] or 0), int(records["hi"] or 0), int(event["last"] or 0)


def _record_set(review: Review, stage: str) -> tuple[list[int], dict[int, int], str]:
    """The stage's record pks in order, their positions and digest; at title/abstract kept between requests while
    :func:`_fingerprint` says the set cannot have changed (two index-only queries instead of 20,000 rows, whose
    ``duplicate_of`` SQLite reads past each record's abstract)."""
    fingerprint = _fingerprint(review, stage)
    key = (int(review.pk), stage)
    if fingerprint is not None:
        with _record_sets_lock:
            known = _record_sets.get(key)
        if known is not None and known[0] == fingerprint:
            return known[1], known[2], known[3]
    pks = [int(row[0]) for row in _rows(screenable(review, stage).values_list("pk"))]
    entry = (fingerprint or (), pks, {pk: i for i, pk in enumerate(pks)}, _pks_digest(pks))
    if fingerprint is not None:
        with _record_sets_lock:
            _record_sets[key] = entry
    return entry[1], entry[2], entry[3]


def _decisions(review: Review, stage: str, user: Any,
               position: dict[int, int]) -> tuple[dict[int, int], dict[int, str]]:
    decided: dict[int, int] = defaultdict(int)
    mine: dict[int, str] = {}
    for record_id, reviewer_id, decision in _rows(ScreeningDecision.objects.filter(
            record__review=review, stage=stage).values_list("record_id", "reviewer_id", "decision")):
        if record_id not in position:
            continue
        decided[record_id] += 1
        if reviewer_id == user.pk:
            mine[record_id] = decision
    return decided, mine


def queue(review: Review, user: Any, stage: str) -> list[int]:
    """The record pks this reviewer still has to screen, in the order of
    :func:`laktasi.review.prioritise.rank`.

    The model learns from THIS reviewer's own includes and excludes only (never another reviewer's, so blind
    screening stays blind; "maybe" is no label). Until she has one include and one exclude the order is a
    stable random one, seeded by review, reviewer and stage. A record leaves everyone's queue once two
    reviewers have decided it. Above :data:`SYNC_LIMIT` records the order is the last one computed in the
    background (see the module's text).
    """
    pks, position, digest = _record_set(review, stage)
    if not pks:
        return []
    decided, mine = _decisions(review, stage, user, position)
    labelled = tuple(sorted((position[pk], 1 if d == INCLUDE else 0) for pk, d in mine.items()
                            if d in (INCLUDE, EXCLUDE)))
    two_classes = len({y for _, y in labelled}) == 2
    rng = np.random.default_rng(_stable_seed(review, user.pk, stage))
    if len(pks) <= SYNC_LIMIT:
        if not two_classes:
            # one class or none: rank's order is the seeded random one and never reads the features (see
            # prioritise.scores), so the TF-IDF matrix is not built
            features = Features(matrix=sparse.csr_matrix((len(pks), 1)), n_records=len(pks))
        else:
            records = [(int(pk), str(t), str(a)) for pk, t, a in
                       _rows(screenable(review, stage).values_list("pk", "title", "abstract"))]
            features = _features(review, stage, records)
        order = rank(features, [i for i, _ in labelled], [y for _, y in labelled], rng=rng)
    else:
        order = _large_order(review, user, stage, pks, digest, labelled, two_classes, rng)
    # drop hers and the records two reviewers decided, over positions (20,000 dict look-ups cost milliseconds)
    gone = np.zeros(len(pks), dtype=bool)
    gone[[position[pk] for pk in mine]] = True
    need = review.reviewers_per_record(stage)  # one under single screening
    gone[[position[pk] for pk, n in decided.items() if n >= need]] = True
    order = np.asarray(order, dtype=np.int64)
    kept: list[int] = np.asarray(pks, dtype=np.int64)[order[~gone[order]]].tolist()
    return kept


def _large_order(review: Review, user: Any, stage: str, pks: list[int], digest: str,
                 labelled: tuple[tuple[int, int], ...], two_classes: bool, rng: np.random.Generator) -> np.ndarray:
    """A large set's order without building or training in the request (see the module's text)."""
    features_key = (int(review.pk), stage, digest)
    if _cached(features_key) is None:
        job_key = ("features", *features_key)
        if not _worker.pending(job_key):
            _worker.submit(job_key, _load_job(int(review.pk), stage, features_key))
    random_order = by_score(rng.random(len(pks)), [i for i, _ in labelled])
    if not two_classes:
        return random_order
    key = (int(review.pk), int(user.pk), stage, features_key[2])
    last = _last_ranking(key)
    if last is None or last.labels != labelled:
        _worker.submit(("retrain", *key), _retrain_job(key, features_key, labelled))
    return random_order if last is None else last.order


def screened_in_order(review: Review, user: Any, stage: str) -> tuple[list[int], int]:
    """This reviewer's own decisions on the stage's records in the order she first made them (1 include or
    maybe, 0 exclude), and the number of records in the stage: what the stopping rule reads. A "maybe" counts
    as an include, which can only delay the rule's stop (conservative)."""
    pks, position, _digest = _record_set(review, stage)
    rows = _rows(ScreeningDecision.objects.filter(record__review=review, stage=stage, reviewer=user)
                 .order_by("pk").values_list("record_id", "decision"))
    return [0 if decision == EXCLUDE else 1 for record_id, decision in rows if record_id in position], len(pks)
