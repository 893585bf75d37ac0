"""Audit speed: free text of a whole paper (the seed's length and 100× it), huge counts and sizes.

Run: .venv/bin/python benchmarks/audit.py
Prints wall-clock times (best of several runs) and how many claims were found. The text is generated
here (statistics, counts with percentages, frequency tables), so no third-party data is needed.
"""

from __future__ import annotations

import numpy as np
from timing import best_of

from laktasi.audit import audit_text


def paper(paragraphs: int, rng: np.random.Generator) -> str:
    """A thesis-like text: every paragraph states a group, counts with percentages, a test and a table."""
    out = []
    for i in range(paragraphs):
        n = int(rng.integers(5, 60))
        k = int(rng.integers(0, n + 1))
        pct = round(100 * k / n + (rng.random() < 0.2) * rng.choice([-5, 5]))
        t = float(rng.uniform(0.5, 4))
        df = n - 1
        out.append(
            f"Penelitian {i} melibatkan {n} responden. Sebanyak {k} orang ({pct}%) lancar. "
            f"Hasil uji t({df}) = {t:.2f}, p = 0,0{int(rng.integers(1, 9))}. Menurut data lain 44% bayi disusui.\n\n"
            f"Kategori F (%)\n\nLancar {k} {pct}\n\nTidak lancar {n - k} {100 - pct}\n\nTotal {n} 100\n\n")
    return "".join(out)


def main() -> None:
    rng = np.random.default_rng(13)
    for paragraphs in (20, 2_000):
        text = paper(paragraphs, rng)
        t, entries = best_of(lambda text=text: audit_text(text), 3)
        print(f"audit_text, {len(text):>9,} characters ({paragraphs:>5,} paragraphs): {t * 1000:8.1f} ms, "
              f"{len(entries):,} claims")
    huge = "Dari 10000000000000 responden, 50% lancar; 99999999999999 (50%) dan 100000 orang (0,001%)."
    t, entries = best_of(lambda: audit_text(huge), 5)
    print(f"audit_text with counts and sizes of 10^13 (no enumeration): {t * 1000:8.2f} ms, {len(entries)} claims")


if __name__ == "__main__":
    main()
