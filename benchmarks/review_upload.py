"""The web upload end to end at 20,000 records: read + deduplicate + store, as `laktasi serve` runs it.

    .venv/bin/python benchmarks/review_upload.py [--n 20000] [--seed 2026] [--files 2] [--again] [--uncertain 0.5]

Issue 11's goal: a review with 20,000 records, upload + dedup with progress in < 60 s.

The records: with ``LAKTASI_BENCHDATA`` (benchdata/cohen2006), every Cohen 2006 MEDLINE record once, then
perturbed copies until ``--n`` (benchmarks/dedup_sets.load_cohen_perturbed: typos, case, author order,
synthetic 10.5555 DOIs, PMIDs and abstracts dropped — so deduplication has real work); without it, a seeded
synthetic generator (labelled synthetic titles from a word list, 10% copies). ``--uncertain F`` (synthetic
generator always) makes a fraction F of the records a copy of another record under a different DOI: each such pair
is one uncertain cluster a person decides (``--n 12000 --uncertain 0.5``: 6,000 clusters), the load of storing
many clusters. They are written as ``--files``
RIS exports, as a reviewer uploads them from several databases.

The run: a fresh SQLite database (migrated) in a temporary ``LAKTASI_HOME``, a review and its owner, then the
upload job (:func:`laktasi.web.review_intake.jobs.run`, the body of the background thread) on the file bytes.
Printed: seconds per step (from the job's own progress reports: reading, deduplicating, storing the records,
storing the uncertain clusters; then finishing: from the commit to the job's end), the total,
the CPU seconds of the process (the steadier figure on a shared machine), the records stored, duplicates, uncertain clusters, and the peak resident memory of the process (``ru_maxrss``)
beside the resident memory before the upload and the size of the files. ``--again`` uploads the same files a
second time (every record is then a duplicate of a stored one: the update path, 2 × n records in the review).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_records(n: int, rng: np.random.Generator, uncertain: float = 0.0) -> list:
    """A seeded stand-in when benchdata is absent: SYNTHETIC titles, 10% of them copied with small changes; with
    ``uncertain`` > 0, that fraction of the records instead copies a not yet copied record under another DOI
    (similar titles, different DOIs: an uncertain pair, one cluster each)."""
    from laktasi.review.records import Record

    words = ("oxytocin massage lactation breast milk volume postpartum mothers midwife home visit quasi experiment "
             "randomised trial infant weight colostrum onset counselling education primiparous caesarean "
             "skin contact kangaroo care hormone prolactin nutrition support community health centre").split()
    out: list[Record] = []
    fresh: list[int] = []  # records nobody copied yet
    for m in range(n):
        if uncertain and fresh and rng.random() < uncertain:
            src = out[fresh.pop(int(rng.integers(len(fresh))))]
            out.append(src.with_(doi=f"10.5555/synthetic.{m + 1}", record_id=f"s{m + 1}"))
            continue
        if not uncertain and m and rng.random() < 0.1:
            src = out[int(rng.integers(len(out)))]
            out.append(src.with_(title=src.title.upper() if rng.random() < 0.5 else src.title + ".",
                                 record_id=f"s{m + 1}"))
            continue
        title = "SYNTHETIC " + " ".join(rng.choice(words, size=int(rng.integers(6, 14))).tolist())
        authors = tuple(f"Author{int(rng.integers(5000))}, {chr(65 + int(rng.integers(26)))}." for _ in range(3))
        out.append(Record(title=title, abstract=" ".join(rng.choice(words, size=120).tolist()), authors=authors,
                          year=int(rng.integers(2000, 2026)), journal="Synthetic Journal",
                          doi=f"10.5555/synthetic.{m + 1}", record_id=f"s{m + 1}"))
        fresh.append(len(out) - 1)
    return out


def main() -> int:
    code, home, keep = run()
    if not keep:
        shutil.rmtree(home, ignore_errors=True)
    return code


def run() -> tuple[int, str, bool]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--files", type=int, default=2)
    parser.add_argument("--again", action="store_true", help="upload the same files a second time")
    parser.add_argument("--uncertain", type=float, default=0.0,
                        help="fraction of records that copy another under a different DOI (uncertain pairs); "
                             "uses the synthetic generator")
    parser.add_argument("--keep", action="store_true", help="keep the temporary LAKTASI_HOME (SQLite) afterwards")
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="laktasi-bench-upload-")
    os.environ["LAKTASI_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laktasi.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from laktasi.config import benchdata_dir
    from laktasi.review.io import write_records
    from laktasi.web.review_intake import jobs, services
    from laktasi.web.reviews.models import OWNER, Review, ReviewMember

    call_command("migrate", interactive=False, verbosity=0)
    rng = np.random.default_rng(args.seed)
    bench = benchdata_dir()
    if args.uncertain:
        records = synthetic_records(args.n, rng, args.uncertain)
        source = f"synthetic generator, {args.uncertain:.0%} copies under another DOI (uncertain pairs)"
    elif bench is not None and (bench / "cohen2006").is_dir():
        from dedup_sets import load_cohen_perturbed

        records = load_cohen_perturbed(bench, args.n, rng).records
        source = f"cohen2006 + perturbed copies ({bench})"
    else:
        records = synthetic_records(args.n, rng)
        source = "synthetic generator (no LAKTASI_BENCHDATA)"
    order = rng.permutation(len(records))  # copies spread over the files, as in real exports
    files: list[tuple[str, bytes]] = []
    folder = Path(home)
    for k in range(args.files):
        part = [records[int(i)] for i in order[k::args.files]]
        path = write_records(part, folder / f"export{k + 1}.ris")
        files.append((path.name, path.read_bytes()))
    size_mb = sum(len(b) for _, b in files) / 2**20
    del records

    User = get_user_model()
    owner = User.objects.create_user(username="bench", password="x" * 20)
    review = Review(title="benchmark", owner=owner)
    review.save(by=owner)
    ReviewMember(review=review, user=owner, role=OWNER).save(by=owner)
    print(f"records: {args.n} in {args.files} RIS files, {size_mb:.1f} MB; {source}")
    print(f"SQLite in {home}")

    for round_ in range(2 if args.again else 1):
        marks: list[tuple[str, float]] = []
        real = jobs._progress

        def timed(job, real=real, marks=marks):  # type: ignore[no-untyped-def]
            report = real(job)

            def wrapped(step: str, done: int, total: int) -> None:
                if not marks or marks[-1][0] != step:
                    marks.append((step, time.perf_counter()))
                report(step, done, total)
            return wrapped

        jobs._progress = timed  # type: ignore[assignment]
        real_store = services.store

        def stored(*a, real_store=real_store, marks=marks, **k):  # type: ignore[no-untyped-def]
            out = real_store(*a, **k)
            marks.append(("finishing", time.perf_counter()))  # committed; the job's end (queue features, its row)
            return out

        services.store = stored  # type: ignore[assignment]
        rss_before = _rss_mb()
        job = jobs.create(review, owner, files=[n for n, _ in files])
        t0, c0 = time.perf_counter(), time.process_time()
        jobs.run(job.pk, files, "en")
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        jobs._progress = real  # type: ignore[assignment]
        services.store = real_store  # type: ignore[assignment]
        job.refresh_from_db()
        label = "second upload of the same files" if round_ else "upload"
        print(f"\n{label}: status {job.status}, {seconds:.1f} s in all (goal < 60 s); CPU {cpu:.1f} s")
        ends = [t for _, t in marks[1:]] + [t0 + seconds]
        for (name, start), end in zip(marks, ends, strict=True):
            print(f"  {name:14s} {end - start:6.1f} s")
        r = job.result
        print(f"  stored {r.get('records_in')} records: {r.get('duplicates')} duplicates, {r.get('kept')} to screen, "
              f"{r.get('clusters')} uncertain clusters ({r.get('uncertain_pairs')} pairs)")
        print(f"  peak resident memory {_rss_mb():.0f} MB (before this upload {rss_before:.0f} MB; files "
              f"{size_mb:.1f} MB)")
        if job.problems:
            print("  problems:", job.problems[:3])
    from django.db import connections

    from laktasi.web.reviews import queue

    queue.wait_idle(600)  # the upload started the screening features' build: let it end before the folder goes
    connections.close_all()
    return 0, home, args.keep


if __name__ == "__main__":
    sys.exit(main())
