"""A review's records and decisions out: every record with its final decisions as CSV or XLSX (formulas
neutralised by the study exports' own :mod:`laktasi.web.exports.tables`), RIS with the decisions as labels
(``KW`` and ``N1``; ASReview reads ``ASReview_relevant`` / ``ASReview_irrelevant`` in a note), and the
screening decisions as the laktasi decisions CSV ``laktasi review prisma --records … --decisions …`` reads
(:mod:`laktasi.review.decisions`), its ``--records`` file being the records CSV here (it has
``duplicate_of``).

Only final decisions leave (two reviewers agreeing, or a resolution): a reviewer's own decision on a record
the other has not yet screened would break blind screening.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pandas as pd

from laktasi.review.decisions import Decision
from laktasi.review.io import write_records
from laktasi.web.exports.tables import neutralise, to_csv, to_xlsx
from laktasi.web.reviews.models import (
    EXCLUDE,
    FULL_TEXT,
    INCLUDE,
    TITLE_ABSTRACT,
    Review,
)
from laktasi.web.reviews.services import STAGE_NAMES, as_record, final_decisions_with_reasons

ASREVIEW = {INCLUDE: "ASReview_relevant", EXCLUDE: "ASReview_irrelevant"}
FORMATS = {"csv": ("text/csv; charset=utf-8", "csv"),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
           "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
           "decisions": ("text/csv; charset=utf-8", "csv")}


def finals(review: Review, lang: str = "en") -> dict[str, dict[int, Decision]]:
    """stage (the workspace's, plus "retrieval") → record pk → its final decision, as PRISMA counts them
    (:func:`laktasi.web.reviews.services.final_decisions_with_reasons`)."""
    stage_of = {name: stage for stage, name in STAGE_NAMES.items()} | {"retrieval": "retrieval"}
    out: dict[str, dict[int, Decision]] = {TITLE_ABSTRACT: {}, FULL_TEXT: {}, "retrieval": {}}
    for pk, d in final_decisions_with_reasons(review, lang):
        out[stage_of[d.stage]][pk] = d
    return out


def _label(pk: int, duplicate_of: str, f: dict[str, dict[int, Decision]]) -> tuple[str, str]:
    """(decision, stage): the furthest final decision; "duplicate" or "undecided" otherwise."""
    if duplicate_of:
        return "duplicate", ""
    for stage in (FULL_TEXT, TITLE_ABSTRACT):
        if pk in f[stage]:
            return f[stage][pk].decision, stage
    return "undecided", ""


def records_frame(review: Review) -> pd.DataFrame:
    f = finals(review)
    missing = {pk: d.reason for pk, d in f["retrieval"].items()}
    rows = []
    for r in review.records.all().order_by("pk"):
        decision, stage = _label(r.pk, r.duplicate_of, f)
        ta, ft = f[TITLE_ABSTRACT].get(r.pk), f[FULL_TEXT].get(r.pk)
        rows.append({
            "record_id": r.record_id, "title": r.title, "authors": "; ".join(r.authors), "year": r.year,
            "journal": r.journal, "volume": r.volume, "issue": r.issue, "pages": r.pages, "doi": r.doi,
            "pmid": r.pmid, "abstract": r.abstract,
            "source_database": r.source_database, "source_file": r.source_file, "upload": r.upload,
            "duplicate_of": r.duplicate_of, "decision": decision, "stage": stage,
            "screening_decision": ta.decision if ta else "", "screening_reason": ta.reason if ta else "",
            "not_retrieved": missing.get(r.pk, ""),
            "eligibility_decision": ft.decision if ft else "", "eligibility_reason": ft.reason if ft else ""})
    frame = pd.DataFrame(rows, columns=[
        "record_id", "title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "abstract",
        "source_database",
        "source_file", "upload", "duplicate_of", "decision", "stage", "screening_decision", "screening_reason",
        "not_retrieved", "eligibility_decision", "eligibility_reason"])
    frame["year"] = frame["year"].astype("Int64")
    return frame


def records_csv(review: Review) -> bytes:
    return to_csv(records_frame(review))


def records_xlsx(review: Review) -> bytes:
    return to_xlsx(records_frame(review))


def decisions_csv(review: Review) -> bytes:
    """The final decisions as a laktasi decisions CSV (``record_id, stage, decision, reason, study_id``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["record_id", "stage", "decision", "reason", "study_id"])
    for _pk, d in final_decisions_with_reasons(review, "en"):  # by stage, then record
        writer.writerow([neutralise(d.record_id), d.stage, d.decision, neutralise(d.reason), ""])
    return out.getvalue().encode("utf-8")


def records_ris(review: Review) -> bytes:
    """RIS of every record; the decision as ``KW laktasi:<decision>`` and ``KW laktasi:stage=<stage>``, and
    in notes (``N1 laktasi_decision: …``, ``laktasi_stage``, ``laktasi_reason``, ``duplicate_of``, and
    ASReview's label)."""
    f = finals(review)
    records = []
    extra: dict[str, list[str]] = {name: [] for name in (
        "laktasi_decision", "laktasi_stage", "laktasi_reason", "duplicate_of", "asreview_label")}
    for r in review.records.all().order_by("pk"):
        decision, stage = _label(r.pk, r.duplicate_of, f)
        reason = f[stage][r.pk].reason if stage else ""
        keywords = [f"laktasi:{decision}"] + ([f"laktasi:stage={stage}"] if stage else [])
        records.append(as_record(r).with_(keywords=tuple(keywords), source_format="laktasi"))
        extra["laktasi_decision"].append(decision)
        extra["laktasi_stage"].append(stage)
        extra["laktasi_reason"].append(reason)
        extra["duplicate_of"].append(r.duplicate_of)
        extra["asreview_label"].append(ASREVIEW.get(decision, "ASReview_not_seen"))
    with tempfile.TemporaryDirectory() as folder:
        path = write_records(records, Path(folder) / "records.ris", extra=extra)
        return path.read_bytes()
