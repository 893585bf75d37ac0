"""Regression floor on the labelled deduplication sets (reviewer ground truth, see benchdata READMEs).

Reference: the labels of Hair et al. 2023 (ASySD "Diabetes", groups as curated by bib-dedupe) and
Rathbone et al. 2015 (bib-dedupe's curated groups). Figures at the time of writing
(``benchmarks/dedup.py``): sensitivity Diabetes 0.9992 (1260 of 1261 removable duplicates),
cytology 0.9961, haematology 0.9037 (0.8741 before the correction-note and shifted-field rules, 0.8889
before errata named exactly by a database note were merged into their article),
respiratory 0.9908; zero studies wrongly merged on every set. Counting the pairs listed as
uncertain: 1, 1, 0.9852, 0.9977.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from laktasi.review.dedup import deduplicate

_HELPERS = Path(__file__).resolve().parents[2] / "benchmarks" / "dedup_sets.py"


def _sets():
    spec = importlib.util.spec_from_file_location("dedup_sets", _HELPERS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("dedup_sets", module)
    spec.loader.exec_module(module)
    return module


def test_diabetes_sensitivity_floor_and_no_false_merge(benchdata):
    sets = _sets()
    data = sets.load_diabetes(benchdata)
    assert len(data.records) == 1845
    score = sets.score(deduplicate(data.records), data.truth)
    assert score.true_removable == 1261  # 1845 records, 584 unique publications (README)
    assert score.studies_lost == 0, score.wrong_groups
    assert score.pair_precision == 1.0
    assert score.sensitivity >= 0.995  # measured 0.9992; a DOI + exact-title tool finds about 2/3


@pytest.mark.parametrize(("name", "floor", "listed_floor"), [
    ("cytology_screening", 0.995, 0.999), ("haematology", 0.90, 0.985), ("respiratory", 0.99, 0.997),
    # stroke was held out until session 7 (no rule was tuned on it; its four misses were read after that
    # session's final run, see docs/review-dedup-prisma.md): 0.9873 after the issue-12 rules (0.9904
    # before), listed 0.9968
    ("stroke", 0.985, 0.995),
])
def test_rathbone_sets_no_false_merge(benchdata, name, floor, listed_floor):
    sets = _sets()
    data = sets.load_rathbone(benchdata, name)
    result = deduplicate(data.records)
    score = sets.score(result, data.truth)
    assert score.studies_lost == 0, score.wrong_groups
    # haematology's labels also group errata, replies, conference abstracts and four different
    # registered trials with the article; we list most of those as uncertain instead of merging them
    assert score.sensitivity >= floor
    assert _found_with_listed(result, data.truth) >= listed_floor


def _found_with_listed(result, truth):
    """Sensitivity once a reviewer has accepted the listed uncertain pairs that are true duplicates."""
    group = list(result.group)
    for u in result.uncertain:
        if truth[u.first] == truth[u.second]:
            old, new = group[u.second], group[u.first]
            group = [new if g == old else g for g in group]
    removable = len(truth) - len(set(truth))
    return (len(truth) - len(set(zip(group, truth, strict=True)))) / removable


def test_perturbed_cohen_sample_no_false_merge(benchdata):
    import numpy as np

    sets = _sets()
    data = sets.load_cohen_perturbed(benchdata, 20_000, np.random.default_rng(7))
    score = sets.score(deduplicate(data.records), data.truth)
    assert score.studies_lost == 0, score.wrong_groups[:3]
    assert score.sensitivity >= 0.99  # measured 0.9911 (0.9901 before session 7's sparse-record rule)


def test_nagtegaal_labelled_duplicates_and_no_other_merge(benchdata):
    """Nagtegaal 2019 (titles and abstracts only): 11 records carry duplicate_record_id (README)."""
    import pandas as pd

    from laktasi.review.records import Record

    df = pd.read_csv(benchdata / "nagtegaal2019" / "Nagtegaal_2019.csv", dtype=str, keep_default_na=False)
    records = [Record(title=r.title, abstract=r.abstract, record_id=r.record_id) for r in df.itertuples()]
    result = deduplicate(records)
    merged = {frozenset(result.ids[i] for i in result.members(k)) for k in result.kept()
              if len(result.members(k)) > 1}
    labelled = {frozenset((r.record_id, r.duplicate_record_id)) for r in df.itertuples() if r.duplicate_record_id}
    assert len(labelled) == 11
    assert labelled <= merged
    # the one unlabelled merge is a real duplicate: "behaviors"/"behaviours", identical abstracts
    assert merged - labelled == {frozenset(("1961", "1962"))}
    assert df.set_index("record_id").loc["1961", "abstract"][10:200].lower() == \
        df.set_index("record_id").loc["1962", "abstract"][10:200].lower()


@pytest.mark.parametrize(("seed", "floor"), [(1, 0.992), (2, 0.992)])
def test_sparse_twin_no_false_merge(benchdata, seed, floor):
    """Title, authors, year and abstract only (no journal, volume, pages or PMID): the tuning twin of
    the held-out perturbed Bannach-Brown set. Measured 0.9930 and 0.9933 (0.9863 and 0.9880 before the
    sparse-record rule of session 7)."""
    import numpy as np

    sets = _sets()
    data = sets.load_cohen_sparse(benchdata, 5_000, np.random.default_rng(seed))
    score = sets.score(deduplicate(data.records), data.truth)
    assert score.studies_lost == 0, score.wrong_groups[:3]
    assert score.sensitivity >= floor


def test_cohen_without_pmids_merges_only_what_no_field_tells_apart(benchdata):
    """Every Cohen 2006 record once, PMIDs removed: each record is its own publication (its PMID), so a
    merge is false unless nothing left tells the two apart. Four groups are merged: the same title (and
    the same first author and abstract where there are any), printed twice under two PMIDs."""
    import pandas as pd

    from laktasi.review.records import Record

    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted((benchdata / "cohen2006").glob("*.csv"))]
    base = pd.concat(frames, ignore_index=True).fillna("")
    base = base[base["title"].str.strip() != ""].drop_duplicates("pubmedID")
    sets = _sets()
    records = [Record(title=r.title, abstract=r.abstract, authors=tuple(a.strip() for a in r.authors.split(";")
                                                                       if a.strip()),
                      year=sets._year(getattr(r, "year", "") or ""), record_id=r.pubmedID)
               for r in base.itertuples(index=False)]
    result = deduplicate(records)
    merged = [result.members(k) for k in result.kept() if len(result.members(k)) > 1]
    assert len(merged) == 4
    for members in merged:
        titles = {records[i].title.lower().replace(":", ".").rstrip(".") for i in members}
        assert len(titles) == 1, titles
