"""What the intake keeps: each upload or PubMed search as a job (its progress, result or problems), the
uncertain duplicate clusters each one left for a person, and that person's verdicts on them.

Every row is a :class:`~laktasi.web.reviews.models.ReviewAudited`: saved with ``by=`` the user, one
:class:`~laktasi.web.reviews.models.ReviewEvent` per save, never deleted. An upload's clusters are stored in
bulk, like its records, and traced by the upload's one event (their number; each carries the upload and job).
A job's progress (step, done, total) between its audited start and end is telemetry, not a change of the
review's data, and is kept in memory (:mod:`.jobs`) and written to the row only at step boundaries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laktasi.web.reviews.models import Review, ReviewAudited

UPLOAD, PUBMED = "upload", "pubmed"
KINDS = [(UPLOAD, _("Upload")), (PUBMED, _("PubMed search"))]
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUSES = [(QUEUED, _("Waiting")), (RUNNING, _("Running")), (DONE, _("Done")), (FAILED, _("Failed"))]
OPEN, DECIDED, SETTLED = "open", "decided", "settled"
CLUSTER_STATUSES = [(OPEN, _("Open")), (DECIDED, _("Decided")), (SETTLED, _("Settled by other verdicts"))]


class IntakeJob(ReviewAudited):
    """One upload or PubMed search of a review, run in the background; all or nothing."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="intake_jobs")
    kind = models.CharField(max_length=8, choices=KINDS, default=UPLOAD)
    status = models.CharField(max_length=8, choices=STATUSES, default=QUEUED)
    step = models.CharField(max_length=16, blank=True)  # reading | deduplicating | storing | uncertain | searching | fetching
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    files = models.JSONField(default=list, blank=True)  # file names
    database = models.CharField(max_length=100, blank=True)
    # a PubMed search, as PRISMA-S and the methods text need it
    query = models.TextField(blank=True)
    date_from = models.CharField(max_length=10, blank=True)
    date_to = models.CharField(max_length=10, blank=True)
    searched_on = models.DateField(null=True, blank=True)
    hits = models.PositiveIntegerField(null=True, blank=True)
    query_translation = models.TextField(blank=True)
    # the outcome
    upload = models.PositiveIntegerField(null=True, blank=True)  # ReviewRecord.upload of the stored records
    result = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)  # [{file,row,column,value,en,id}]
    warnings = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]

    def audit_review_id(self) -> int:
        return int(self.review_id)


class DedupCluster(ReviewAudited):
    """Records an upload's deduplication could not settle (the library's ranked cluster of uncertain pairs)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="dedup_clusters")
    job = models.ForeignKey(IntakeJob, on_delete=models.PROTECT, related_name="clusters", null=True, blank=True)
    upload = models.PositiveIntegerField(default=1)
    number = models.PositiveIntegerField()  # the library's rank within its upload, 1 = most likely duplicates
    likelihood = models.FloatField(default=0.0)
    record_ids = models.JSONField(default=list)
    # [{first_id, second_id, reason, likelihood, title_similarity}], most likely first
    pairs = models.JSONField(default=list)
    status = models.CharField(max_length=8, choices=CLUSTER_STATUSES, default=OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                   blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-likelihood", "pk"]
        indexes = [models.Index(fields=["review", "status"])]

    def audit_review_id(self) -> int:
        return int(self.review_id)


class DedupVerdict(ReviewAudited):
    """A person's verdict on two records, as :class:`laktasi.review.dedup_result.Verdict`: ``merge`` (one
    study) or keep apart. ``first_id < second_id``; one verdict per pair, remembered for every later upload."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="dedup_verdicts")
    first_id = models.CharField(max_length=200)
    second_id = models.CharField(max_length=200)
    merge = models.BooleanField()
    note = models.CharField(max_length=300, blank=True)
    cluster = models.ForeignKey(DedupCluster, on_delete=models.PROTECT, related_name="verdicts", null=True,
                                blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["review", "first_id", "second_id"],
                                               name="one_verdict_per_pair")]

    def audit_review_id(self) -> int:
        return int(self.review_id)
