"""Load the labelled deduplication sets in benchdata as Records, and score a deduplication.

Shared by ``benchmarks/dedup.py`` and ``tests/review/test_dedup_benchdata.py``. The sets are read here
with pandas, not through laktasi's readers: they are benchmark files with their own column layouts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from laktasi.review.dedup import DedupResult
from laktasi.review.records import Record

RATHBONE_SETS = ("cytology_screening", "haematology", "respiratory", "stroke")


@dataclass(frozen=True)
class LabelledSet:
    name: str
    records: list[Record]
    truth: list[int]  # true study number per record


def _year(value: str) -> int | None:
    m = re.search(r"\d{4}", value or "")
    return int(m.group(0)) if m else None


def _groups(path: Path, ids: list[str]) -> list[int]:
    """True group per record from a bib-dedupe style merged_record_ids.csv (singletons get their own)."""
    gid: dict[str, int] = {}
    for k, row in enumerate(pd.read_csv(path, dtype=str)["merged_ids"]):
        for x in row.split(";"):
            gid[x.strip()] = k
    return [gid.get(i, -1 - n) for n, i in enumerate(ids)]


def load_diabetes(benchdata: Path) -> LabelledSet:
    folder = benchdata / "asysd-diabetes"
    df = pd.read_csv(folder / "labelled_test_set.csv", encoding="cp1252", dtype=str, keep_default_na=False)
    df = df.replace("NA", "")  # the R export writes missing values as NA
    records = []
    for n, row in enumerate(df.itertuples(index=False), start=1):
        # the author column runs names together: "Adeli K.Lewis G. F." -> two authors
        authors = tuple(a.strip() for a in re.split(r"(?<=\.)(?=[A-Z])", row.author) if a.strip())
        records.append(Record(
            title=row.title, abstract=row.abstract, authors=authors, year=_year(row.year),
            journal=row.journal, volume=row.volume, issue=row.number, pages=row.pages,
            doi=row.doi, source_file="labelled_test_set.csv", position=n,
            record_id=f"id_{int(row.record_id):07d}", raw=row._asdict(),
        ))
    return LabelledSet("asysd-diabetes", records, _groups(folder / "merged_record_ids.csv",
                                                          [r.record_id for r in records]))


def load_rathbone(benchdata: Path, name: str) -> LabelledSet:
    folder = benchdata / "rathbone2015" / name
    df = pd.read_csv(folder / "records_pre_merged.csv", dtype=str, keep_default_na=False)
    records = []
    for n, row in enumerate(df.itertuples(index=False), start=1):
        records.append(Record(
            title=row.title, authors=tuple(a.strip() for a in row.author.split(" and ") if a.strip()),
            year=_year(row.year), journal=row.journal, volume=row.volume, issue=row.number,
            pages=row.pages, source_file="records_pre_merged.csv", position=n, record_id=row.ID,
            raw=row._asdict(),
        ))
    return LabelledSet(f"rathbone2015/{name}", records, _groups(folder / "merged_record_ids.csv",
                                                                [r.record_id for r in records]))


@dataclass(frozen=True)
class Score:
    records: int
    true_removable: int  # records minus true studies
    found_removable: int  # duplicates removed correctly (within true groups)
    removed: int  # records removed by the tool
    true_pairs: int
    found_pairs: int
    predicted_pairs: int
    studies_lost: int  # true studies merged into another study's group (must be 0)
    wrong_groups: list[list[str]]

    @property
    def sensitivity(self) -> float:
        """Share of removable duplicates that were removed (record level, as ASySD reports it)."""
        return self.found_removable / self.true_removable if self.true_removable else 1.0

    @property
    def pair_sensitivity(self) -> float:
        return self.found_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def pair_precision(self) -> float:
        return self.found_pairs / self.predicted_pairs if self.predicted_pairs else 1.0


def _pairs_within(labels: np.ndarray) -> int:
    _, counts = np.unique(labels, return_counts=True)
    return int((counts * (counts - 1) // 2).sum())


def score(result: DedupResult, truth: list[int]) -> Score:
    pred = np.asarray(result.group)
    true = np.asarray(truth)
    joint = pred.astype(np.int64) * (2 * len(true) + 7) + (true + len(true) + 1)
    true_pairs = _pairs_within(true)
    predicted_pairs = _pairs_within(pred)
    found_pairs = _pairs_within(joint)
    # record level: within each true study, records - distinct predicted groups, over removable
    n_true = len(np.unique(true))
    n_joint = len(np.unique(joint))
    found_removable = len(true) - n_joint  # pieces of true studies that were merged correctly
    lost = 0
    wrong: list[list[str]] = []
    df = pd.DataFrame({"pred": pred, "true": true, "id": result.ids})
    for _, grp in df.groupby("pred"):
        k = grp["true"].nunique()
        if k > 1:
            lost += k - 1
            wrong.append(list(grp["id"]))
    return Score(
        records=len(true), true_removable=len(true) - n_true, found_removable=found_removable,
        removed=result.duplicates_removed, true_pairs=true_pairs, found_pairs=found_pairs,
        predicted_pairs=predicted_pairs, studies_lost=lost, wrong_groups=wrong,
    )


# --------------------------------------------------------------------------------------------
# a large synthetic set: seeded perturbations of the Cohen 2006 MEDLINE records

_PREFIXES = ("", "doi:", "https://doi.org/", "http://dx.doi.org/", "DOI: ")


def _typo(text: str, rng: np.random.Generator) -> str:
    """One keyboard slip on a letter: substitute, delete, duplicate or swap with its neighbour."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 2:
        return text
    i = int(letters[rng.integers(len(letters))])
    kind = int(rng.integers(4))
    if kind == 0:
        return text[:i] + "abcdefghijklmnopqrstuvwxyz"[int(rng.integers(26))] + text[i + 1:]
    if kind == 1:
        return text[:i] + text[i + 1:]
    if kind == 2:
        return text[:i] + text[i] + text[i:]
    j = min(i + 1, len(text) - 1)
    return text[:i] + text[j] + text[i] + text[j + 1:]


def _perturb_title(title: str, rng: np.random.Generator) -> str:
    u = rng.random(4)
    if u[0] < 0.15:
        title = title.upper()
    elif u[0] < 0.35:
        title = title.lower()
    if u[1] < 0.4:
        title = title.rstrip(".")
    if u[2] < 0.3:
        title = title.replace("-", " ").replace(",", "").replace(":", " -")
    n_typos = 2 if u[3] < 0.1 else 1 if u[3] < 0.4 else 0
    for _ in range(n_typos):
        title = _typo(title, rng)
    return title


def _perturb_authors(authors: tuple[str, ...], rng: np.random.Generator) -> tuple[str, ...]:
    if not authors or rng.random() > 0.3:
        return authors
    first = authors[0]
    if "," in first:  # "Reimer, E J" -> "E J Reimer" (another database's name order)
        family, _, given = first.partition(",")
        first = f"{given.strip()} {family.strip()}".strip()
    return (first,) + authors[1:]


def load_cohen_perturbed(benchdata: Path, n: int, rng: np.random.Generator) -> LabelledSet:
    """``n`` records: every Cohen 2006 record once, then perturbed copies of randomly drawn ones.

    Perturbations (all through ``rng``): title case, trailing full stop, punctuation, 0–2 letter
    typos; first author's name order; a synthetic DOI (``10.5555/cohen.<PMID>``, labelled synthetic:
    MEDLINE records carry none here) on 60% of copies with resolver prefixes and upper case; the PMID
    on half the copies; the abstract on 70%. Truth: records with the same PMID are one study.
    """
    frames = []
    for path in sorted((benchdata / "cohen2006").glob("*.csv")):
        frames.append(pd.read_csv(path, dtype=str, keep_default_na=False))
    base = pd.concat(frames, ignore_index=True).fillna("")
    base = base[base["title"].str.strip() != ""].reset_index(drop=True)
    rows = [(r.pubmedID, r.title, r.abstract, tuple(a.strip() for a in r.authors.split(";") if a.strip()),
             _year(getattr(r, "year", "") or ""), r.pubmedID) for r in base.itertuples(index=False)]
    return _perturbed(f"cohen2006-perturbed-{n}", rows, n, rng, "cohen")


def load_cohen_sparse(benchdata: Path, n: int, rng: np.random.Generator, tag: str = "",
                      base_n: int = 2_000) -> LabelledSet:
    """A tuning twin of the held-out perturbed set: ``base_n`` records drawn from Cohen's ACE-inhibitor
    review (the one Cohen file with years), their PMIDs removed, then ``n - base_n`` perturbed copies.

    Like the Bannach-Brown set its records have a title, authors, a year and most an abstract, and no
    journal, volume, pages or PMID: duplicates must be found from the title, the authors and the year
    (and the synthetic DOI of 60% of the copies). Session 7 tuned the sparse-record rule on seeds 1 and
    2 of this set, the seeds ``benchmarks/dedup.py`` runs; ``tag`` names the seed in the set's name."""
    df = pd.read_csv(benchdata / "cohen2006" / "ACEInhibitors.csv", dtype=str, keep_default_na=False)
    df = df[df["title"].str.strip() != ""].drop_duplicates("pubmedID").reset_index(drop=True)
    picked = df.iloc[np.sort(rng.choice(len(df), min(base_n, len(df)), replace=False))]
    rows = [(r.pubmedID, r.title, r.abstract, tuple(a.strip() for a in r.authors.split(";") if a.strip()),
             _year(r.year), "") for r in picked.itertuples(index=False)]
    return _perturbed(f"cohen2006-ace-sparse-{n}{tag}", rows, n, rng, "twin")


def load_bannach_perturbed(benchdata: Path, n: int, rng: np.random.Generator) -> LabelledSet:
    """The held-out large set: the same perturbations as :func:`load_cohen_perturbed`, applied to
    another corpus (Bannach-Brown 2019, preclinical depression models; BibTeX-style " and " author
    lists, no PMIDs) with another seed. Records of the base set with the same title, authors and year
    up to punctuation and markup count as one study (the base holds a few duplicates; one, found as
    a "false merge" in the first held-out run, differed only in "<inf>2A</inf>" / "(2A)")."""
    df = pd.read_csv(benchdata / "bannach-brown2019" / "Bannach-Brown_2019.csv", dtype=str,
                     keep_default_na=False)
    df = df[df["title"].str.strip() != ""].reset_index(drop=True)
    study: dict[tuple[str, str, str], str] = {}
    rows = []
    for r in df.itertuples(index=False):
        # letters and digits only, markup dropped: "5-HT<inf>2A</inf>" = "5-HT(2A)", "E.-J." = "E. J."
        key = (re.sub(r"[^a-z0-9]", "", re.sub(r"<[^>]{1,10}>", "", r.title.lower())),
               re.sub(r"[^a-z]", "", r.authors.lower()), r.year)
        sid = study.setdefault(key, r.record_id)
        rows.append((sid, r.title, r.abstract, tuple(a.strip() for a in r.authors.split(" and ") if a.strip()),
                     _year(r.year), ""))
    return _perturbed(f"bannach2019-perturbed-{n} (held out)", rows, n, rng, "bannach")


def _perturbed(name: str, rows: list[tuple[str, str, str, tuple[str, ...], int | None, str]], n: int,
               rng: np.random.Generator, doi_stem: str) -> LabelledSet:
    """Every base row once, then ``n - len(rows)`` perturbed copies of rows drawn by ``rng``.

    ``rows``: (study key, title, abstract, authors, year, PMID or "")."""
    studies = {key: k for k, key in enumerate(dict.fromkeys(r[0] for r in rows))}
    records: list[Record] = []
    truth: list[int] = []
    for m in range(n):
        original = m < len(rows)
        key, title, abstract, authors, year, pmid = rows[m] if original else rows[int(rng.integers(len(rows)))]
        if original:
            rec = Record(title=title, abstract=abstract, authors=authors, year=year, pmid=pmid,
                         record_id=f"c{m + 1}")
        else:
            u = rng.random(5)
            doi = ""
            if u[0] < 0.6:
                doi = _PREFIXES[int(rng.integers(len(_PREFIXES)))] + f"10.5555/{doi_stem}.{key}"
                if u[1] < 0.3:
                    doi = doi.upper()
            rec = Record(
                title=_perturb_title(title, rng), abstract=abstract if u[2] < 0.7 else "",
                authors=_perturb_authors(authors, rng), year=year, doi=doi,
                pmid=pmid if u[3] < 0.5 else "", record_id=f"c{m + 1}",
            )
        records.append(rec)
        truth.append(studies[key])
    return LabelledSet(name, records, truth)
