"""Uploads and PubMed searches run as background jobs, so a 20,000-record upload never holds a request.

``laktasi serve`` runs them in a thread of the server process (the job's row keeps its status, step and
result, so any worker process can show it). A job started inside a database transaction that has not
committed (a test, a management command wrapped in ``atomic``) runs at once in the caller, because another
thread could not see its rows. Progress inside a step lives in this process's memory (:data:`_LIVE`); the
row is written at each step boundary, so a page served by another process still shows the step.

A job whose row says "running" but which has not moved for :data:`STALE_AFTER` was cut off (the server
stopped); nothing of it was stored, since records are written in one transaction at the end.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Sequence
from typing import Any

from django.db import OperationalError, connection, models, transaction
from django.utils import timezone

from laktasi.errors import InputError, Problem, Text
from laktasi.web.review_intake import services
from laktasi.web.review_intake.models import DONE, FAILED, PUBMED, QUEUED, RUNNING, UPLOAD, IntakeJob
from laktasi.web.reviews.models import TITLE_ABSTRACT, Review

log = logging.getLogger(__name__)
STALE_AFTER = dt.timedelta(minutes=15)
STEPS = ("reading", "searching", "fetching", "deduplicating", "storing", "uncertain")

_LIVE: dict[int, tuple[str, int, int]] = {}  # job pk → (step, done, total), this process's running jobs
_LIVE_LOCK = threading.Lock()
_THREADS: dict[int, threading.Thread] = {}


def _table_locked(exc: OperationalError) -> bool:
    """SQLite's "database table is locked" / "database is locked": the write may succeed if tried again."""
    return "locked" in str(exc)


def _write(job_pk: int, **fields: Any) -> None:
    """Progress (not a change of the review's data): written past the audit, like the upload's bulk insert. Best
    effort: a locked table skips this step's row (this process's pages read :data:`_LIVE`), never the job."""
    try:
        models.QuerySet.update(IntakeJob._base_manager.filter(pk=job_pk), **fields)
    except OperationalError as exc:
        if not _table_locked(exc):
            raise
        log.info("intake job %s: progress not written (%s)", job_pk, exc)


def _progress(job: IntakeJob) -> services.Progress:
    last_step = [""]

    def report(step: str, done: int, total: int) -> None:
        with _LIVE_LOCK:
            _LIVE[job.pk] = (step, done, total)
        if step != last_step[0]:
            last_step[0] = step
            if not connection.in_atomic_block:  # inside the storing transaction the row would wait for it
                _write(job.pk, step=step, done=done, total=total)

    return report


_SAVE_ATTEMPTS = 40  # sleeps of 0.05 s, 0.10 s, …: about 40 s in all


def _save_status(job: IntakeJob, by: Any, **refresh: Any) -> None:
    """Save the job's own status, retried while SQLite reports its table locked: a job whose last save is lost
    would show "running" until it is judged stale. A server database, or SQLite's busy timeout on a file,
    queues the write anyway; an in-memory shared-cache database (the tests' live server) fails it at once."""
    for attempt in range(_SAVE_ATTEMPTS):
        try:
            with transaction.atomic():
                if refresh:
                    job.refresh_from_db(**refresh)
                job.save(by=by)
            return
        except OperationalError as exc:
            if not _table_locked(exc) or attempt == _SAVE_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def create(review: Review, by: Any, *, kind: str = UPLOAD, files: Sequence[str] = (), database: str = "",
           query: str = "", date_from: str = "", date_to: str = "") -> IntakeJob:
    job = IntakeJob(review=review, kind=kind, started_by=by, files=list(files), database=database, query=query,
                    date_from=date_from, date_to=date_to)
    job.save(by=by)
    return job


def start(job: IntakeJob, payload: Any, lang: str) -> bool:
    """Run the job: in a thread, or at once when the caller's transaction is still open. True: finished."""
    if connection.in_atomic_block:
        run(job.pk, payload, lang)
        return True
    thread = threading.Thread(target=_thread_main, args=(job.pk, payload, lang), name=f"intake-job-{job.pk}",
                              daemon=True)
    _THREADS[job.pk] = thread
    thread.start()
    return False


def _thread_main(job_pk: int, payload: Any, lang: str) -> None:
    try:
        run(job_pk, payload, lang)
    finally:
        connection.close()  # this thread's own connection
        _THREADS.pop(job_pk, None)


def wait(job_pk: int, seconds: float) -> None:
    """Wait up to ``seconds`` for a job this process runs (tests, and a small upload answered at once)."""
    thread = _THREADS.get(job_pk)
    if thread is not None:
        thread.join(seconds)


def run(job_pk: int, payload: Any, lang: str) -> None:
    """Run one job to its end: done with its result, or failed with every problem (nothing stored)."""
    job = IntakeJob.objects.select_related("review", "started_by").get(pk=job_pk)
    by = job.started_by
    job.status, job.step = RUNNING, STEPS[0] if job.kind == UPLOAD else "searching"
    _save_status(job, by)
    warnings: list[Problem] = []
    report = _progress(job)
    try:
        if job.kind == PUBMED:
            from laktasi.review.pubmed import PubMedError

            try:
                outcome = services.search_pubmed(job.review, job.query, by, lang=lang, progress=report, job=job,
                                                 warnings=warnings)
            except PubMedError as exc:
                raise InputError([Problem("pubmed_error", Text(en=exc.en, id=exc.id))]) from None
            job.hits, job.query_translation = outcome.hits, outcome.query_translation[:2000]
            job.searched_on = timezone.localdate()
            summary = outcome.upload
            job.result = {**(summary.as_dict() if summary else {"records_in": 0}), "hits": outcome.hits,
                          "retrieved": outcome.retrieved}
        else:
            files: list[tuple[str, bytes]] = payload
            summary = services.upload(job.review, files, by, database=job.database, progress=report, job=job,
                                      warnings=warnings)
            job.result = summary.as_dict()
        job.upload = summary.upload if summary else None
        job.status = DONE
        if summary and summary.records_in:  # a large set's screening features start building now, not at the
            from laktasi.web.reviews.queue import prepare  # first screening request

            prepare(job.review, TITLE_ABSTRACT)
    except InputError as exc:
        job.status, job.problems = FAILED, [services.problem_dict(p) for p in exc.problems]
    except Exception:  # noqa: BLE001 - any failure ends the job, visibly, with nothing stored
        log.exception("intake job %s failed", job_pk)
        job.status, job.problems = FAILED, [services.problem_dict(Problem("internal_error", Text(
            en="an unexpected error stopped the import; nothing was stored. The server log has the details.",
            id="galat tak terduga menghentikan impor; tidak ada yang disimpan. Rincian ada di log server.")))]
    finally:
        with _LIVE_LOCK:
            _LIVE.pop(job_pk, None)
    job.warnings = [services.problem_dict(w) for w in warnings]
    job.step, job.finished_at = "", timezone.now()
    _save_status(job, by, fields=["done", "total"])


def status(job: IntakeJob, lang: str) -> dict[str, Any]:
    """What the progress page and its JSON show."""
    with _LIVE_LOCK:
        live = _LIVE.get(job.pk)
    step, done, total = live if live else (job.step, job.done, job.total)
    state = job.status
    if state in (QUEUED, RUNNING) and live is None and job.pk not in _THREADS and \
            timezone.now() - (job.finished_at or job.created_at) > STALE_AFTER:
        state = "interrupted"
    return {"id": job.pk, "kind": job.kind, "status": state, "step": step, "step_label": step_label(step, lang),
            "done": done, "total": total, "finished": state in (DONE, FAILED, "interrupted"),
            "result": job.result, "problems": [_describe(p, lang) for p in job.problems],
            "warnings": [_describe(p, lang) for p in job.warnings]}


_STEP_LABELS = {
    "reading": Text(en="Reading the files", id="Membaca berkas"),
    "searching": Text(en="Searching PubMed", id="Mencari di PubMed"),
    "fetching": Text(en="Fetching records from PubMed", id="Mengambil rekaman dari PubMed"),
    "deduplicating": Text(en="Finding duplicates", id="Mencari duplikat"),
    "storing": Text(en="Storing the records", id="Menyimpan rekaman"),
    "uncertain": Text(en="Storing the uncertain pairs", id="Menyimpan pasangan tidak pasti"),
}


def step_label(step: str, lang: str) -> str:
    text = _STEP_LABELS.get(step)
    return text.in_(lang) if text else ""


def _describe(p: dict[str, Any], lang: str) -> dict[str, Any]:
    return {"file": p.get("file", ""), "row": p.get("row"), "column": p.get("column", ""),
            "value": p.get("value"), "message": p.get("id" if lang == "id" else "en", "")}

