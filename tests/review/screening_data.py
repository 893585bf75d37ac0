"""A small synthetic labelled set for screening tests: includes share a topic vocabulary."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

TOPIC = ["oxytocin", "massage", "breast", "milk", "lactation", "postpartum", "mothers", "volume", "production"]
OTHER = ["cardiac", "surgery", "renal", "tumour", "diabetes", "insulin", "fracture", "stroke", "asthma", "vaccine",
         "malaria", "dental", "hearing", "skin", "liver", "anaemia", "obesity", "sleep", "pain", "cohort"]


def labelled_set(n: int = 150, n_includes: int = 15, seed: int = 7) -> tuple[list[str], list[str], list[int]]:
    rng = np.random.default_rng(seed)
    titles, abstracts, labels = [], [], []
    include_at = set(rng.choice(n, n_includes, replace=False).tolist())
    for k in range(n):
        inc = k in include_at
        words = list(rng.choice(OTHER, 12))
        if inc:
            words += list(rng.choice(TOPIC, 6))
        elif rng.random() < 0.2:  # some excludes mention the topic in passing
            words += list(rng.choice(TOPIC, 1))
        rng.shuffle(words)
        titles.append(" ".join(words[:6]))
        abstracts.append(" ".join(words[6:]))
        labels.append(int(inc))
    return titles, abstracts, labels


def write_labelled(path: Path, label_column: str = "label_included", **kwargs: int) -> Path:
    titles, abstracts, labels = labelled_set(**kwargs)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "title", "abstract", label_column])
        for k, row in enumerate(zip(titles, abstracts, labels, strict=True), start=1):
            writer.writerow([k, *row])
    return path
