"""The review workspace's screening queue at 20,000 records: how long the next record takes to serve.

    .venv/bin/python benchmarks/review_queue.py [--records 20000] [--decisions 200] [--keep DIR]

Creates a throw-away LAKTASI_HOME with a SQLite database, one review with ``--records`` records (bulk-created
rows; the texts are the title + abstract of the labelled benchmark sets in LAKTASI_BENCHDATA, repeated with a
marker word past their ~19,300 records) and one reviewer, who then screens through the Django test client:
each step is a GET of the screening page (timed: "next record", wall clock and the request thread's CPU time) and a POST of her decision (include when the
record was an include of its benchmark set; timed apart). Printed: p50 / p95 / max of the page while the
features are still being built (the stable random order), the same after, the background build time, and the
background retrain times. After the build, half the decisions are made back to back (each page overlaps the
retrain the previous decision started, on the same two cores) and half once the retrain is done, as a
reviewer reading a record for a few seconds would. Goal (issue 9): p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

SETS = [f"cohen2006/{n}.csv" for n in (
    "ACEInhibitors", "ADHD", "Antihistamines", "AtypicalAntipsychotics", "BetaBlockers", "CalciumChannelBlockers",
    "Estrogens", "NSAIDS", "Opiods", "OralHypoglycemics", "ProtonPumpInhibitors", "SkeletalMuscleRelaxants",
    "Triptans", "UrinaryIncontinence")] + ["nagtegaal2019/Nagtegaal_2019.csv", "bannach-brown2019/Bannach-Brown_2019.csv"]


def labelled_texts(n: int) -> tuple[list[tuple[str, str]], list[int]]:
    import pandas as pd

    from laktasi.config import benchdata_dir

    rows: list[tuple[str, str]] = []
    labels: list[int] = []
    for rel in SETS:
        frame = pd.read_csv(benchdata_dir() / rel)
        rows += list(zip(frame["title"].fillna("").astype(str), frame["abstract"].fillna("").astype(str), strict=True))
        labels += frame["label_included"].astype(int).tolist()
    k = 0
    while len(rows) < n:  # past the benchmark sets: the same texts again, marked
        title, abstract = rows[k]
        rows.append((f"{title} (replicate {k})", abstract))
        labels.append(labels[k])
        k += 1
    return rows[:n], labels[:n]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def line(name: str, seconds: list[float]) -> str:
    if not seconds:
        return f"{name:<44} (none)"
    ms = [s * 1000 for s in seconds]
    return (f"{name:<44} n={len(ms):>4}  p50 {statistics.median(ms):7.1f} ms  p95 {pct(ms, 0.95):7.1f} ms  "
            f"max {max(ms):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument("--during-build", type=int, default=30, help="page requests timed while features build")
    parser.add_argument("--keep", help="use this LAKTASI_HOME and keep it (default: a temporary one, removed)")
    parser.add_argument("--features-from", help="copy the .npz feature files of an earlier run's LAKTASI_HOME "
                        "(skips the build: same records, same digest)")
    args = parser.parse_args()
    home = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="laktasi-queue-"))
    os.environ["LAKTASI_HOME"] = str(home)
    if args.features_from:
        (home / "screening-features").mkdir(parents=True, exist_ok=True)
        for npz in (Path(args.features_from) / "screening-features").glob("*.npz"):
            shutil.copy(npz, home / "screening-features" / npz.name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laktasi.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import models
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from laktasi.web.reviews import queue
    from laktasi.web.reviews.models import OWNER, Review, ReviewMember, ReviewRecord

    setup_test_environment()
    call_command("migrate", verbosity=0)
    try:
        owner = get_user_model().objects.create_user(username="pemilik", password="kata-sandi-uji-123")
        review = Review(title="Tinjauan 20k", owner=owner)
        review.save(by=owner)
        ReviewMember(review=review, user=owner, role=OWNER).save(by=owner)
        texts, truth = labelled_texts(args.records)
        start = time.perf_counter()
        # past the audited manager, as the upload's own bulk insert does (one upload event stands for the rows)
        models.QuerySet.bulk_create(
            ReviewRecord._base_manager.all(),
            [ReviewRecord(review=review, record_id=f"r{k}", title=t, abstract=a) for k, (t, a) in enumerate(texts)],
            batch_size=2000)
        print(f"{args.records} records bulk-created in {time.perf_counter() - start:.1f} s")
        pk_truth = dict(zip(ReviewRecord.objects.filter(review=review).order_by("pk").values_list("pk", flat=True),
                            truth, strict=True))
        client = Client()
        client.force_login(owner)
        page_url = reverse("review_screen", args=[review.pk, "title_abstract"])
        record_re = re.compile(r'name="record" value="(\d+)"')

        cpu: list[float] = []

        def next_record() -> tuple[int, float]:
            t0, c0 = time.perf_counter(), time.thread_time()
            response = client.get(page_url)
            elapsed = time.perf_counter() - t0
            cpu.append(time.thread_time() - c0)
            assert response.status_code == 200, response.status_code
            found = record_re.search(response.content.decode())
            assert found, "no record on the page"
            return int(found.group(1)), elapsed

        def decide(pk: int) -> float:
            t0 = time.perf_counter()
            response = client.post(page_url, {"record": pk, "decision": "include" if pk_truth[pk] else "exclude",
                                              "reason": "", "note": ""})
            assert response.status_code == 302, response.status_code
            return time.perf_counter() - t0

        during: list[float] = []
        posts: list[float] = []
        build_start = time.perf_counter()
        decided = 0
        for _ in range(args.during_build):
            if queue.build_seconds:
                break
            pk, seconds = next_record()
            during.append(seconds)
            posts.append(decide(pk))
            decided += 1
        print(f"features building in the background; {decided} decisions made meanwhile (random order)")
        queue.wait_idle(timeout=3600)
        build = time.perf_counter() - build_start
        after: list[float] = []
        after_idle: list[float] = []
        includes = served = 0
        half = decided + (args.decisions - decided) // 2
        while decided < args.decisions:
            # first half back to back (each page overlaps the retrain the previous decision started); second
            # half as a reviewer reads: the page is asked for once the background retrain is done
            if decided >= half:
                queue.wait_idle(timeout=600)
            pk, seconds = next_record()
            (after if decided < half else after_idle).append(seconds)
            includes += pk_truth[pk]
            served += 1
            posts.append(decide(pk))
            decided += 1
        queue.wait_idle(timeout=600)
        print(f"background feature build (read texts, child process TF-IDF, save, load): {build:.1f} s")
        print(line("next record while features build", during))
        print(line("next record, model, back to back", after))
        print(line("next record, model, after the retrain", after_idle))
        print(line("next record, all", during + after + after_idle))
        print(line("next record, CPU time of the request thread", cpu))
        print(line("decision POST", posts))
        print(line("background retrain (off the request path)", list(queue.retrain_seconds)))
        print(f"includes among the {served} records served by the model: {includes} "
              f"(base rate {sum(truth) / len(truth):.1%})")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times include waiting for a "
              "core; the CPU time does not)")
        ms = [s * 1000 for s in during + after + after_idle]
        print(f"goal p95 < 100 ms: {'met' if pct(ms, 0.95) < 100 else 'NOT met'} ({pct(ms, 0.95):.1f} ms)")
    finally:
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
