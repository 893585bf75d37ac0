"""Draw docs/img/audit_smallest_p.png: the smallest p an exact paired test can give with n pairs.

Run from the repository root:  .venv/bin/python examples/audit/figure_smallest_p.py [--lang id|en]
Seed 000 reports p = 0.003 for 5 mothers; no exact paired test on 5 pairs goes below 0.0625.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from laktasi.audit.paired import check_paired_table  # noqa: E402
from laktasi.audit.printed import parse_reported_p  # noqa: E402

TEXT = {
    "en": {"title": "Smallest p an exact paired test can give", "x": "number of pairs (mothers)",
           "y": "smallest two-sided exact p (log scale)", "seed": "seed 000 reports p = 0.003 with n = 5",
           "exact": "exact sign / signed-rank / McNemar test", "alpha": "0.05"},
    "id": {"title": "Nilai p terkecil yang mungkin dari uji berpasangan eksak", "x": "jumlah pasangan (ibu)",
           "y": "p eksak dua sisi terkecil (skala log)", "seed": "seed 000 melaporkan p = 0,003 dengan n = 5",
           "exact": "uji tanda / peringkat bertanda / McNemar eksak", "alpha": "0,05"},
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=("id", "en"), default="en")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    t = TEXT[args.lang]
    ns = list(range(2, 13))
    smallest = []
    for n in ns:
        # every mother improves: the most extreme table there is; its exact p is the floor for n pairs
        check = check_paired_table(["kurang", "lancar"], [[0, n], [0, 0]], parse_reported_p("0.5"))
        smallest.append(next(v.p for v in check.variants if v.name == "wilcoxon_exact"))
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=150)
    ax.semilogy(ns, smallest, "o-", color="#1f5f8b", label=t["exact"])
    ax.axhline(0.05, color="#888888", lw=1, ls="--")
    ax.text(11.4, 0.056, "p = " + t["alpha"], va="bottom", fontsize=9, color="#555555")
    ax.plot([5], [0.003], marker="X", ms=11, color="#c0392b", ls="none", label=t["seed"])
    ax.annotate("0.0625" if args.lang == "en" else "0,0625", (5, smallest[3]), textcoords="offset points",
                xytext=(8, 6), fontsize=9, color="#1f5f8b")
    ax.set_xticks(ns)
    ax.set_xlabel(t["x"])
    ax.set_ylabel(t["y"])
    ax.set_title(t["title"])
    ax.legend(loc="lower left", fontsize=9, frameon=False)
    ax.grid(True, which="both", axis="y", alpha=0.25)
    fig.tight_layout()
    out = Path(args.out or f"docs/img/audit_smallest_p_{args.lang}.png")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    print(out)


if __name__ == "__main__":
    main()
