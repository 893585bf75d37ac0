"""Screening decisions: one row per record and stage — the input of the PRISMA counts.

A laktasi decisions file is a CSV (or XLSX) with the columns ``record_id, stage, decision, reason``
(optional ``study_id`` to group several reports of one study, ``title``/``doi`` to match records
whose ids differ). Stages: ``removal`` (removed before screening for another reason), ``automation``
(marked ineligible by an automation tool), ``screening`` (title/abstract), ``retrieval`` (full text
sought), ``eligibility`` (full text). Decisions: ``include``, ``exclude``, ``maybe``,
``not_retrieved``, ``retrieved``, ``remove``. Indonesian words are understood (``penapisan``,
``kelayakan``, ``disertakan``, ``dikeluarkan``, ``tidak diperoleh`` …).

Exports of screening tools are read as they are:

- **Rayyan** CSV: decisions sit in the ``notes`` column as
  ``RAYYAN-INCLUSION: {"Ana"=>"Included", "Budi"=>"Excluded"} | RAYYAN-EXCLUSION-REASONS: wrong population``;
  reviewers who disagree are an error to resolve in Rayyan first. The stage is the one you give
  (``screening`` unless told otherwise).
- **ASReview** CSV/XLSX: the ``included`` (or ``label_included`` / ``asreview_label``) column holds 1/0;
  unlabelled rows are left undecided. Stage ``screening``.

Their rows are matched to records by id, then DOI, PMID and normalised title (:func:`resolve`).

>>> d = Decision("pubmed:3", "penapisan", "dikeluarkan", "populasi lain")
>>> normalise(d).stage, normalise(d).decision
('screening', 'exclude')
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from laktasi.errors import InputError, Problem, Text
from laktasi.files import atomic_write
from laktasi.review.records import Record
from laktasi.review.sheets import read_sheet

__all__ = ["DECISIONS", "STAGES", "Decision", "normalise", "read_decisions", "resolve", "write_decisions"]

STAGES = ("removal", "automation", "screening", "retrieval", "eligibility")
DECISIONS = ("include", "exclude", "maybe", "not_retrieved", "retrieved", "remove")

_STAGE_WORDS = {
    "removal": "removal", "removed": "removal", "other": "removal", "penghapusan": "removal",
    "dihapus": "removal", "automation": "automation", "automatic": "automation", "otomatis": "automation",
    "automation tool": "automation", "screening": "screening", "screen": "screening",
    "title abstract": "screening", "title and abstract": "screening", "ta": "screening", "tiab": "screening",
    "penapisan": "screening", "skrining": "screening", "penyaringan": "screening",
    "judul abstrak": "screening", "retrieval": "retrieval", "full text retrieval": "retrieval",
    "perolehan": "retrieval", "pengambilan": "retrieval", "eligibility": "eligibility",
    "full text": "eligibility", "fulltext": "eligibility", "ft": "eligibility", "kelayakan": "eligibility",
    "teks lengkap": "eligibility",
}
_DECISION_WORDS = {
    "include": "include", "included": "include", "yes": "include", "y": "include", "1": "include",
    "true": "include", "relevant": "include", "disertakan": "include", "inklusi": "include",
    "masuk": "include", "ya": "include", "diterima": "include",
    "exclude": "exclude", "excluded": "exclude", "no": "exclude", "n": "exclude", "0": "exclude",
    "false": "exclude", "irrelevant": "exclude", "dikeluarkan": "exclude", "eksklusi": "exclude",
    "tidak": "exclude", "ditolak": "exclude",
    "maybe": "maybe", "unsure": "maybe", "undecided": "maybe", "ragu": "maybe", "ragu ragu": "maybe",
    "mungkin": "maybe",
    "not retrieved": "not_retrieved", "not_retrieved": "not_retrieved", "unavailable": "not_retrieved",
    "tidak diperoleh": "not_retrieved", "tidak tersedia": "not_retrieved",
    "retrieved": "retrieved", "diperoleh": "retrieved", "tersedia": "retrieved",
    "remove": "remove", "removed": "remove", "hapus": "remove", "dihapus": "remove",
}


@dataclass(frozen=True)
class Decision:
    """The final decision on one record at one stage."""

    record_id: str
    stage: str
    decision: str
    reason: str = ""
    study_id: str = ""
    title: str = ""  # for matching rows from another tool to records
    doi: str = ""
    pmid: str = ""
    row: int | None = None  # where it came from, for messages
    file: str = ""


def _word(text: str) -> str:
    return re.sub(r"[\s_/\-–]+", " ", text.strip().casefold()).strip()


def normalise(d: Decision) -> Decision:
    """Stage and decision in canonical words (raises ``KeyError`` for unknown words)."""
    stage = _STAGE_WORDS.get(_word(d.stage), _word(d.stage) if _word(d.stage) in STAGES else None)
    decision = _DECISION_WORDS.get(_word(d.decision))
    if stage is None:
        raise KeyError("stage")
    if decision is None:
        raise KeyError("decision")
    if stage in ("removal", "automation") and decision in ("exclude", "include"):
        decision = "remove" if decision == "exclude" else decision
    if stage == "screening" and decision == "maybe":
        decision = "include"  # an unsure record goes on to the full text, as PRISMA counts it
    return replace(d, stage=stage, decision=decision)


def _problem(code: str, en: str, id_: str, file: str, row: int | None, column: str | None,
             value: Any) -> Problem:
    return Problem(code, Text(en=en, id=id_), file=file, row=row, column=column, value=value)


_RAYYAN_INCLUSION = re.compile(r"RAYYAN-INCLUSION:\s*\{([^}]*)\}")
_RAYYAN_REASONS = re.compile(r"RAYYAN-EXCLUSION-REASONS:\s*([^|]*)")


def read_decisions(path: Path | str, *, stage: str = "screening") -> list[Decision]:
    """Read a laktasi, Rayyan or ASReview decisions file; all problems are reported at once.

    ``stage`` applies to tool exports, which do not say which stage they are.
    """
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError([_problem("file_not_found", "file not found", "berkas tidak ditemukan",
                                   name, None, None, None)])
    rows = read_sheet(p)
    if not rows:
        raise InputError([_problem("no_decisions", "the file holds no decisions",
                                   "berkas tidak berisi keputusan", name, None, None, None)])
    columns = {c.strip().casefold(): c for c in rows[0]}
    problems: list[Problem] = []
    decisions: list[Decision] = []
    if "notes" in columns and "key" in columns and any("RAYYAN-INCLUSION" in r.get(columns["notes"], "")
                                                       for r in rows):
        decisions = _from_rayyan(rows, columns, name, stage, problems)
    elif any(c in columns for c in ("included", "label_included", "asreview_label")) and "decision" not in columns:
        decisions = _from_asreview(rows, columns, name, stage, problems)
    else:
        missing = [c for c in ("record_id", "stage", "decision") if c not in columns]
        if missing:
            raise InputError([_problem(
                "decisions_columns",
                "a decisions file needs the columns record_id, stage, decision (and reason); "
                "or give a Rayyan or ASReview export",
                "berkas keputusan memerlukan kolom record_id, stage, decision (dan reason); "
                "atau berikan ekspor Rayyan atau ASReview", name, 1, ", ".join(missing), None)])
        for k, row in enumerate(rows, start=2):
            def get(col: str, row: dict[str, str] = row) -> str:
                return (row.get(columns[col]) or "").strip() if col in columns else ""
            decisions.append(Decision(
                record_id=get("record_id"), stage=get("stage"), decision=get("decision"),
                reason=get("reason"), study_id=get("study_id"), title=get("title"), doi=get("doi"),
                pmid=get("pmid"), row=k, file=name))
    out = []
    for d in decisions:
        if not d.record_id and not (d.title or d.doi or d.pmid):
            problems.append(_problem("decision_no_record", "no record id (nor title/DOI to match)",
                                     "tidak ada id rekaman (maupun judul/DOI untuk dicocokkan)",
                                     name, d.row, "record_id", d.record_id))
            continue
        try:
            out.append(normalise(d))
        except KeyError as exc:
            col = exc.args[0]
            allowed = ", ".join(STAGES if col == "stage" else DECISIONS)
            problems.append(_problem(
                f"decision_bad_{col}", f"unknown {col}; use one of: {allowed}",
                f"{'tahap' if col == 'stage' else 'keputusan'} tidak dikenal; gunakan salah satu: {allowed}",
                name, d.row, col, getattr(d, col)))
    problems.extend(_conflicts(out, name))
    if problems:
        raise InputError(problems)
    return out


def _conflicts(decisions: Sequence[Decision], name: str) -> list[Problem]:
    seen: dict[tuple[str, str], Decision] = {}
    problems = []
    for d in decisions:
        key = (d.record_id or d.doi or d.title, d.stage)
        first = seen.setdefault(key, d)
        if first is not d and first.decision != d.decision:
            problems.append(_problem(
                "decision_conflict",
                f"record {key[0]} has two different {d.stage} decisions (row {first.row}: {first.decision}); "
                "keep only the final one",
                f"rekaman {key[0]} memiliki dua keputusan {d.stage} berbeda (baris {first.row}: "
                f"{first.decision}); simpan hanya keputusan akhir", name, d.row, "decision", d.decision))
    return problems


def _from_rayyan(rows: list[dict[str, str]], columns: dict[str, str], name: str, stage: str,
                 problems: list[Problem]) -> list[Decision]:
    out = []
    for k, row in enumerate(rows, start=2):
        notes = row.get(columns["notes"], "")
        match = _RAYYAN_INCLUSION.search(notes)
        if not match:
            continue
        votes = {v.strip().strip('"') for v in re.findall(r'=>\s*("?[^",]+"?)', match.group(1))}
        if not votes:
            continue
        if len(votes) > 1:
            problems.append(_problem(
                "rayyan_conflict", "reviewers disagree in Rayyan; resolve the conflict there first",
                "peninjau tidak sepakat di Rayyan; selesaikan konfliknya di sana dahulu",
                name, k, "notes", match.group(0)))
            continue
        reasons = _RAYYAN_REASONS.search(notes)
        out.append(Decision(
            record_id=(row.get(columns["key"]) or "").strip(), stage=stage, decision=votes.pop(),
            reason=reasons.group(1).strip() if reasons else "", title=row.get(columns.get("title", ""), ""),
            doi=row.get(columns.get("doi", ""), ""), row=k, file=name))
    return out


def _from_asreview(rows: list[dict[str, str]], columns: dict[str, str], name: str, stage: str,
                   problems: list[Problem]) -> list[Decision]:
    label = next(columns[c] for c in ("included", "label_included", "asreview_label") if c in columns)
    out = []
    for k, row in enumerate(rows, start=2):
        value = (row.get(label) or "").strip()
        if value in ("", "-1", "nan"):
            continue  # not labelled yet
        if value.endswith(".0"):
            value = value[:-2]
        if value not in ("0", "1"):
            problems.append(_problem("asreview_label", "the label must be 1 (relevant) or 0 (irrelevant)",
                                     "label harus 1 (relevan) atau 0 (tidak relevan)", name, k, label, value))
            continue
        out.append(Decision(
            record_id=(row.get(columns.get("record_id", ""), "") or "").strip(), stage=stage,
            decision=value, title=row.get(columns.get("title", ""), "") or "",
            doi=row.get(columns.get("doi", ""), "") or "", row=k, file=name))
    return out


def resolve(decisions: Iterable[Decision], records: Sequence[Record]) -> tuple[list[Decision], list[Decision]]:
    """Point each decision at a record id: by id, else DOI, PMID or normalised title.

    Returns (resolved, unmatched).
    """
    from laktasi.review.dedup import normalise_doi, normalise_title

    ids = {r.record_id for r in records}
    by_doi = {normalise_doi(r.doi): r.record_id for r in records if normalise_doi(r.doi)}
    by_pmid = {r.pmid: r.record_id for r in records if r.pmid}
    by_title = {normalise_title(r.title): r.record_id for r in records if normalise_title(r.title)}
    resolved, unmatched = [], []
    for d in decisions:
        rid = d.record_id if d.record_id in ids else (
            by_doi.get(normalise_doi(d.doi)) or by_pmid.get(d.pmid) or by_title.get(normalise_title(d.title)))
        if rid:
            resolved.append(replace(d, record_id=rid))
        else:
            unmatched.append(d)
    return resolved, unmatched


def write_decisions(decisions: Iterable[Decision], path: Path | str) -> Path:
    """Write decisions as a laktasi decisions CSV (UTF-8)."""
    out = Path(path)
    with atomic_write(out, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "stage", "decision", "reason", "study_id"])
        for d in decisions:
            writer.writerow([d.record_id, d.stage, d.decision, d.reason, d.study_id])
    return out
