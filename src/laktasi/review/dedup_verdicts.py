"""A reviewer's verdicts on uncertain pairs: the CSV file that closes the deduplication loop.

``laktasi review dedup … --uncertain review.csv`` writes the uncertain pairs, ranked, with an empty
``verdict`` column. The reviewer fills it in and passes the file back with ``--verdicts review.csv``
(it may be the same file as ``--uncertain``: decided rows are written again, so verdicts are
remembered on every later run). The format (docs/review-dedup-prisma.md):

- a CSV file (UTF-8, or Windows-1252; ``,`` or ``;`` as delimiter, as Excel saves it);
- required columns ``record_id_1``, ``record_id_2`` and ``verdict``; an optional ``note``; every
  other column is ignored;
- ``verdict``: ``merge`` (also ``same``, ``duplicate``, ``gabung``, ``sama``, ``duplikat``) — the two
  records are one publication; ``keep_apart`` (also ``different``, ``distinct``, ``pisah``,
  ``beda``, ``berbeda``) — they are not; empty — not decided yet.

>>> text = "record_id_1,record_id_2,verdict\\na,b,merge\\nc,d,keep_apart\\ne,f,\\n"
>>> [(v.first_id, v.second_id, v.merge) for v in parse_verdicts(text, "v.csv")]
[('a', 'b', True), ('c', 'd', False)]
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from laktasi.errors import InputError, Problem
from laktasi.files import atomic_write, csv_rows, input_problem, read_text
from laktasi.review.dedup_result import DedupResult, Verdict

MERGE_WORDS = frozenset(("merge", "same", "duplicate", "gabung", "sama", "duplikat"))
APART_WORDS = frozenset(("keep_apart", "keep apart", "apart", "different", "distinct", "pisah", "beda",
                         "berbeda"))
REQUIRED = ("record_id_1", "record_id_2", "verdict")
COLUMNS = ("cluster", "likelihood", "record_id_1", "record_id_2", "verdict", "note", "title_similarity",
           "reason", "explanation", "title_1", "title_2", "year_1", "year_2", "doi_1", "doi_2",
           "source_file_1", "source_file_2")


def parse_verdicts(text: str, name: str) -> list[Verdict]:
    """Verdicts from the text of a verdicts CSV; one :class:`InputError` lists every bad row."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = csv_rows(text, name=name, delimiter=delimiter)
    if not rows:
        raise InputError([input_problem(name, "verdicts_empty", "the verdicts file is empty",
                                        "berkas keputusan kosong")])
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError([input_problem(
            name, "verdicts_columns", f"required columns missing: {', '.join(missing)}",
            f"kolom wajib tidak ada: {', '.join(missing)}", row=1, column=", ".join(missing))])
    col = {h: n for n, h in enumerate(header)}
    problems: list[Problem] = []
    verdicts: dict[tuple[str, str], Verdict] = {}
    for row_no, row in enumerate(rows[1:], start=2):
        def cell(column: str, row: list[str] = row) -> str:
            n = col.get(column)
            return row[n].strip() if n is not None and n < len(row) else ""

        word = cell("verdict").lower()
        if not word:
            continue  # not decided yet
        first, second = cell("record_id_1"), cell("record_id_2")
        if word not in MERGE_WORDS and word not in APART_WORDS:
            problems.append(input_problem(
                name, "verdict_unknown", "verdict must be merge or keep_apart (or gabung / pisah)",
                "keputusan harus merge atau keep_apart (atau gabung / pisah)", row=row_no, column="verdict",
                value=cell("verdict")))
            continue
        if not first or not second or first == second:
            problems.append(input_problem(
                name, "verdict_ids", "a verdict needs two different record ids",
                "keputusan memerlukan dua id rekaman yang berbeda", row=row_no, column="record_id_1",
                value=f"{first} / {second}"))
            continue
        verdict = Verdict(first, second, word in MERGE_WORDS, cell("note"))
        key = (min(first, second), max(first, second))
        earlier = verdicts.get(key)
        if earlier is not None and earlier.merge != verdict.merge:
            problems.append(input_problem(
                name, "verdict_contradiction", "this pair has both merge and keep_apart verdicts",
                "pasangan ini memiliki keputusan gabung dan pisah sekaligus", row=row_no, column="verdict",
                value=cell("verdict")))
            continue
        verdicts[key] = verdict
    if problems:
        raise InputError(problems)
    return list(verdicts.values())


def read_verdicts(path: Path | str) -> list[Verdict]:
    """Read a verdicts CSV (see the module documentation); a missing file is an error."""
    text = read_text(path)
    return parse_verdicts(text.text, text.name)


def write_review_sheet(result: DedupResult, path: Path | str, lang: str, verdicts: Sequence[Verdict] = ()) -> Path:
    """The pairs for a reviewer: the verdicts already given first (so the file can be passed back
    with ``--verdicts`` and nothing is lost), then the undecided uncertain pairs in rank order."""
    position = {x: p for p, x in enumerate(result.ids)}
    out = Path(path)

    def details(first: str, second: str) -> list[object]:
        a = result.records[position[first]] if first in position else None
        b = result.records[position[second]] if second in position else None
        return [a.title if a else "", b.title if b else "", (a.year or "") if a else "", (b.year or "") if b else "",
                a.doi if a else "", b.doi if b else "", a.source_file if a else "", b.source_file if b else ""]

    with atomic_write(out, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for v in verdicts:
            writer.writerow(["", "", v.first_id, v.second_id, "merge" if v.merge else "keep_apart", v.note, "",
                             "verdict", "", *details(v.first_id, v.second_id)])
        for u in result.uncertain:
            writer.writerow([u.cluster, f"{u.likelihood:.3f}", u.first_id, u.second_id, "", "",
                             f"{u.title_similarity:.3f}", u.reason, u.text.in_(lang),
                             *details(u.first_id, u.second_id)])
    return out
