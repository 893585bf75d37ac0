"""Reading and writing speed of `laktasi review import` formats at 100,000 records.

Run: .venv/bin/python benchmarks/review_import.py [N]   (N defaults to 100000)

The records are the cohen2006 screening sets (benchdata/cohen2006, 15,268 PubMed records with
titles, authors, MeSH keywords and abstracts) repeated until N, written once as CSV, RIS and
MEDLINE (.nbib) into a temporary folder and then read back with ``read_records``. Wall-clock
and CPU seconds are printed for each step (CPU time is the steadier figure on a shared machine).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from laktasi.config import benchdata_dir
from laktasi.review.io import read_records, write_records
from laktasi.review.records import Record


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


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    sources = sorted((benchdata_dir() / "cohen2006").glob("*.csv"))
    if not sources:
        sys.exit(f"cohen2006 not found under {benchdata_dir()} (set LAKTASI_BENCHDATA)")
    base = read_records(sources)
    records = [r.with_(record_id=f"{r.record_id}-{i // len(base)}", position=i + 1)
               for i, r in enumerate(base * (n // len(base) + 1))][:n]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path, ris_path, nbib_path = folder / "r.csv", folder / "r.ris", folder / "r.nbib"
        _timed("write CSV", n, lambda: write_records(records, csv_path))
        _timed("write RIS", n, lambda: write_records(records, ris_path))
        _medline(records, nbib_path)
        for label, path in (("read CSV", csv_path), ("read RIS (rispy)", ris_path),
                            ("read MEDLINE (Bio.Medline)", nbib_path)):
            got = _timed(label, n, lambda p=path: read_records([p]))
            assert len(got) == n, (label, len(got))
            size = path.stat().st_size / 1e6
            print(f"{'':<28} file {size:,.0f} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
