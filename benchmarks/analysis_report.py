"""Benchmark: study analysis + HTML report + DOCX report for 100, 10,000 and 100,000 participants.

Run:  .venv/bin/python benchmarks/analysis_report.py [SIZE ...]

Each size runs in a fresh Python process so that its peak memory (``ru_maxrss``: the whole process,
including numpy/matplotlib buffers and the imported libraries) is its own. Data are the synthetic demo
study (``laktasi.trial.demo.demo_frame``, seed 0), half the participants per arm. Goal: 10,000
participants in < 5 s and < 1 GB on a 2-core machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (100, 10_000, 100_000)


def one(total: int) -> dict[str, float]:
    """Time each step for ``total`` participants (imports are excluded: they are paid once per process)."""
    import numpy as np  # noqa: I001 - sorted as first-party once trial.demo exists

    from laktasi.report.study import write_study_report
    from laktasi.trial.analysis import analyse
    from laktasi.trial.demo import demo_frame
    from laktasi.trial.study import study_from_frame

    frame = demo_frame(np.random.default_rng(0), n_per_arm=total // 2)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        study = study_from_frame(frame, source="benchmark.csv")
        t1 = time.perf_counter()
        analysis = analyse(study)
        t2 = time.perf_counter()
        html = write_study_report(analysis, Path(tmp) / "report.html", "id")
        t3 = time.perf_counter()
        docx = write_study_report(analysis, Path(tmp) / "report.docx", "id")
        t4 = time.perf_counter()
        sizes = (html.stat().st_size, docx.stat().st_size)
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"participants": len(frame), "validate_s": t1 - t0, "analyse_s": t2 - t1, "html_s": t3 - t2,
            "docx_s": t4 - t3, "total_s": t4 - t0, "peak_rss_mib": maxrss_kib / 1024,
            "html_kib": sizes[0] / 1024, "docx_kib": sizes[1] / 1024}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(one(int(argv[1]))))
        return 0
    sizes = [int(a) for a in argv] or list(SIZES)
    print(f"laktasi analysis + report benchmark  (python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print(f"{'participants':>12} {'validate':>9} {'analyse':>9} {'HTML':>7} {'DOCX':>7} {'total':>8} "
          f"{'peak RSS':>10} {'HTML size':>10} {'DOCX size':>10}")
    for total in sizes:
        proc = subprocess.run([sys.executable, __file__, "--one", str(total)], capture_output=True, text=True,
                              check=False)
        if proc.returncode != 0:
            print(f"{total:>12}  failed:\n{proc.stderr}")
            return 1
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"{r['participants']:>12,} {r['validate_s']:>8.2f}s {r['analyse_s']:>8.2f}s {r['html_s']:>6.2f}s "
              f"{r['docx_s']:>6.2f}s {r['total_s']:>7.2f}s {r['peak_rss_mib']:>7.0f} MiB "
              f"{r['html_kib']:>6.0f} KiB {r['docx_kib']:>6.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
