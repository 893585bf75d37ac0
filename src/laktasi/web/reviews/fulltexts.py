"""Full texts of a review's records: a PDF per record (type checked by its content, size by
``LAKTASI_MAX_PDF_MB``, default 50), stored through :mod:`.storage` under a name of our own (never the
uploader's), and "not retrieved" with a reason. Every write is audited (:class:`ReviewAudited`)."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import transaction

from laktasi.web.reviews.models import FullText, Retrieval, ReviewRecord

PDF_MAGIC = b"%PDF-"
DEFAULT_MAX_MB = 50


def max_pdf_bytes() -> int:
    """The largest PDF accepted, from ``LAKTASI_MAX_PDF_MB`` (read at each upload; default 50 MB)."""
    raw = os.environ.get("LAKTASI_MAX_PDF_MB", "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(max(mb, 0) * 1024 * 1024)


@dataclass(frozen=True)
class PdfProblem:
    code: str  # "empty" | "too_large" | "not_pdf"
    limit_mb: float


def check_pdf(upload: UploadedFile[bytes]) -> PdfProblem | None:
    """None if ``upload`` is a PDF within the size limit. The type is read from the first bytes (a PDF starts
    with ``%PDF-``; the name and the browser's content type are not trusted)."""
    limit = max_pdf_bytes()
    size = int(upload.size or 0)
    if size == 0:
        return PdfProblem("empty", limit / 1024 / 1024)
    if size > limit:
        return PdfProblem("too_large", limit / 1024 / 1024)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    # a PDF starts with its header; only white space (or a byte-order mark) may come before it
    if not head.lstrip(b"\x00\t\r\n\x0c \xef\xbb\xbf").startswith(PDF_MAGIC):
        return PdfProblem("not_pdf", limit / 1024 / 1024)
    return None


class SizeLimit(FileUploadHandler):
    """Stops reading an uploaded file once it passes ``limit`` bytes (before Django's own handlers keep it in
    memory or a temporary file): a too large PDF is refused without storing it anywhere first."""

    def __init__(self, limit: int, request: Any = None) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)  # the rest of the body is read and dropped
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


_SAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def _display_name(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/")) or "fulltext.pdf"
    return (_SAFE.sub("_", base)[:200]).strip() or "fulltext.pdf"


def store(record: ReviewRecord, upload: UploadedFile[bytes], by: Any) -> FullText:
    """Save a checked PDF (call :func:`check_pdf` first) and its row, audited."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha = digest.hexdigest()
    upload.seek(0)
    row = FullText(record=record, original_name=_display_name(upload.name or ""), size=int(upload.size or 0),
                   sha256=sha, uploaded_by=by)
    field = FullText._meta.get_field("file")
    storage = field.storage
    name = f"review-{record.review_id}/record-{record.pk}/{sha[:32]}.pdf"
    if not storage.exists(name):
        name = storage.save(name, upload)
    row.file.name = name
    with transaction.atomic():
        row.save(by=by, reason="upload")
    return row


def current(record: ReviewRecord) -> FullText | None:
    return record.fulltexts.order_by("-pk").first()


def set_not_retrieved(record: ReviewRecord, not_retrieved: bool, reason: str, by: Any) -> Retrieval:
    row = Retrieval.objects.filter(record=record).first() or Retrieval(record=record, by=by)
    row.not_retrieved, row.by = not_retrieved, by
    if reason or not row.reason:
        row.reason = reason
    row.save(by=by, reason=reason)
    return row


def not_retrieved_ids(review_id: int) -> dict[int, str]:
    """record pk → reason, for the review's records marked not retrieved."""
    return dict(Retrieval.objects.filter(record__review_id=review_id, not_retrieved=True)
                .values_list("record_id", "reason"))


def not_retrieved_rows(review_id: int) -> list[Retrieval]:
    return list(Retrieval.objects.filter(record__review_id=review_id, not_retrieved=True).select_related("record")
                .order_by("record_id"))


def records_with_fulltext(review_id: int) -> set[int]:
    return set(FullText.objects.filter(record__review_id=review_id).values_list("record_id", flat=True))
