"""Records in: reading uploaded exports (:func:`laktasi.review.io.read_uploads`, all or nothing) and
deduplication (:func:`laktasi.review.dedup.deduplicate`) against the review's earlier records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Max

from laktasi.review.dedup import deduplicate
from laktasi.review.io import read_uploads
from laktasi.web.reviews.models import Review, ReviewEvent, ReviewRecord
from laktasi.web.reviews.services import as_record


@dataclass(frozen=True)
class UploadResult:
    records_in: int
    duplicates: int
    kept: int
    uncertain_pairs: int


def upload(review: Review, files: Sequence[tuple[str, bytes]], by: Any, *, database: str = "") -> UploadResult:
    """Read every file (all or nothing: ``InputError`` lists each problem and nothing is stored), deduplicate
    the new records against each other and against the review's earlier records, and store them all, the
    duplicates marked with the record they duplicate. One audit event per upload."""
    new = read_uploads(files, database=database or None)
    previous_rows = list(review.records.all())
    previous = [as_record(r) for r in previous_rows]
    taken = {r.record_id for r in previous}
    number = (review.records.aggregate(m=Max("upload"))["m"] or 0) + 1
    renamed = []
    for r in new:  # the same export uploaded twice would repeat "<file>:<n>": prefix with the upload number
        rid = r.record_id if r.record_id not in taken else f"u{number}:{r.record_id}"
        taken.add(rid)
        renamed.append(r.with_(record_id=rid))
    result = deduplicate(renamed, previous=previous)
    rows = []
    for pos in range(result.previous, result.records_in):
        r = result.records[pos]
        rows.append(ReviewRecord(
            review=review, record_id=r.record_id, title=r.title, abstract=r.abstract, authors=list(r.authors),
            year=r.year, journal=r.journal[:500], doi=r.doi[:300], pmid=r.pmid[:20],
            source_database=r.source_database[:100], source_file=r.source_file[:300],
            duplicate_of=result.duplicate_of[pos], upload=number))
    counts = result.update_counts()
    summary = UploadResult(records_in=len(rows), duplicates=counts.duplicates_removed,
                           kept=counts.records_after_dedup, uncertain_pairs=len(result.uncertain))
    with transaction.atomic():
        models.QuerySet.bulk_create(ReviewRecord._base_manager.all(), rows, batch_size=500)
        ReviewEvent.objects.create(review=review, user=by, entity="upload", object_id=str(number), action="upload",
                                   changes={"files": [name for name, _ in files], "records": summary.records_in,
                                            "duplicates": summary.duplicates, "kept": summary.kept})
    return summary
