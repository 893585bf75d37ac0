"""Speed and memory of `laktasi review import` formats at 100,000 records.

Run: .venv/bin/python benchmarks/review_import.py [N] [--only ris]   (N defaults to 100000)

The records are the cohen2006 screening sets (benchdata/cohen2006, 15,268 PubMed records with
titles, authors, MeSH keywords and abstracts) repeated until N, written once as CSV, RIS and
MEDLINE (.nbib) into a temporary folder. Each file is then read back with ``read_records`` in a
fresh Python process, so that its peak resident memory (``ru_maxrss``) is the import's own and not
this script's; the peak is printed beside the file size and the ratio of the two, with the
resident memory of a process that only imported laktasi (the interpreter, pandas, numpy…) for
comparison. ``tracemalloc``'s peak, the Python objects alone, is printed too (it slows reading, so
it runs as a second child). Wall-clock and CPU seconds are printed for each step (CPU time is the
steadier figure on a shared machine).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from laktasi.config import benchdata_dir
from laktasi.review.io import read_records, write_records
from laktasi.review.records import Record

_CHILD = r"""
import json, resource, sys, time, tracemalloc
from laktasi.review.io import read_records
path, mode = sys.argv[1], sys.argv[2]
if mode == "baseline":
    import laktasi.review.formats  # noqa: F401 - the parsers and their libraries, nothing read
    n = 0
    cpu = 0.0
else:
    if mode == "tracemalloc":
        tracemalloc.start()
    cpu = time.process_time()
    n = len(read_records([path]))
    cpu = time.process_time() - cpu
peak_py = tracemalloc.get_traced_memory()[1] if mode == "tracemalloc" else 0
print(json.dumps({"records": n, "cpu": cpu, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "py_peak_mb": peak_py / 2**20}))
"""


def _medline(records: list[Record], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for r in records:
            lines = [f"PMID- {r.pmid or r.position}", f"TI  - {r.title}"]
            if r.abstract:
                lines.append(f"AB  - {r.abstract}")
            lines += [f"FAU - {a}" for a in r.authors]
            if r.year:
                lines.append(f"DP  - {r.year}")
            lines += [f"MH  - {k}" for k in r.keywords]
            out.write("\n".join(lines) + "\n\n")


def _timed(label: str, n: int, fn):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<28} {n:>7} records  wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
          f"{n / cpu if cpu else float('inf'):>9,.0f} records/cpu-s")
    return result


def _child(path: Path, mode: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), mode], check=True, capture_output=True,
                         text=True)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
    if only:
        args = [a for a in args if a != only]
    n = int(args[0]) if args else 100_000
    sources = sorted((benchdata_dir() / "cohen2006").glob("*.csv"))
    if not sources:
        sys.exit(f"cohen2006 not found under {benchdata_dir()} (set LAKTASI_BENCHDATA)")
    base = read_records(sources)
    records = [r.with_(record_id=f"{r.record_id}-{i // len(base)}", position=i + 1)
               for i, r in enumerate(base * (n // len(base) + 1))][:n]
    baseline = _child(Path("-"), "baseline")["rss_mb"]
    print(f"resident memory of a process that only imports the readers: {baseline:,.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path, ris_path, nbib_path = folder / "r.csv", folder / "r.ris", folder / "r.nbib"
        _timed("write CSV", n, lambda: write_records(records, csv_path))
        _timed("write RIS", n, lambda: write_records(records, ris_path))
        _medline(records, nbib_path)
        records.clear()  # the child processes measure reading alone
        base.clear()
        for label, path in (("read CSV", csv_path), ("read RIS", ris_path), ("read MEDLINE", nbib_path)):
            if only and only not in label.lower():
                continue
            wall = time.perf_counter()
            got = _child(path, "rss")
            wall = time.perf_counter() - wall
            assert got["records"] == n, (label, got)
            size = path.stat().st_size / 2**20
            print(f"{label:<28} {n:>7} records  wall {wall:6.2f} s  cpu {got['cpu']:6.2f} s  "
                  f"{n / got['cpu'] if got['cpu'] else float('inf'):>9,.0f} records/cpu-s")
            print(f"{'':<28} file {size:,.0f} MB; peak RSS {got['rss_mb']:,.0f} MB = "
                  f"{got['rss_mb'] / size:.2f}x the file ({(got['rss_mb'] - baseline) / size:.2f}x above the "
                  f"{baseline:,.0f} MB of an idle process)")
            traced = _child(path, "tracemalloc")
            print(f"{'':<28} tracemalloc peak (Python objects) {traced['py_peak_mb']:,.0f} MB = "
                  f"{traced['py_peak_mb'] / size:.2f}x the file")


if __name__ == "__main__":
    main()
