"""A review, its members, its records, each reviewer's screening decisions and the resolution of conflicts.

Every write goes through :meth:`ReviewAudited.save` (``by=`` the user) and leaves a :class:`ReviewEvent`
in the same transaction; nothing here is ever deleted (a member leaves by ``active=False``). The study
app's :class:`~laktasi.web.audittrail.models.AuditEvent` belongs to a study, so a review keeps its own
trail with the same fields.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from laktasi.web.audittrail.models import AuditedQuerySet, ClinicalRecordError, _jsonable
from laktasi.web.reviews.storage import fulltext_storage

OWNER, REVIEWER, VIEWER = "owner", "reviewer", "viewer"
ROLES = [(OWNER, _("Owner")), (REVIEWER, _("Reviewer")), (VIEWER, _("Viewer"))]
# Views ask for a capability, never a role name.
CAPABILITIES: dict[str, frozenset[str]] = {
    OWNER: frozenset({"view", "screen", "resolve", "upload", "settings", "audit", "extract", "appraise"}),
    REVIEWER: frozenset({"view", "screen", "resolve", "extract", "appraise"}),
    VIEWER: frozenset({"view"}),
}
TITLE_ABSTRACT, FULL_TEXT = "title_abstract", "full_text"
STAGES = [(TITLE_ABSTRACT, _("Title and abstract")), (FULL_TEXT, _("Full text"))]
INCLUDE, EXCLUDE, MAYBE = "include", "exclude", "maybe"
DECISIONS = [(INCLUDE, _("Include")), (EXCLUDE, _("Exclude")), (MAYBE, _("Maybe"))]
# Reviewers per record at a stage: blind dual screening by default, or single screening (one decision is final).
DUAL, SINGLE = 2, 1
SCREENING_MODES = [(DUAL, _("Dual, blind (two reviewers per record)")), (SINGLE, _("Single (one reviewer decides)"))]


class ReviewAudited(models.Model):
    """Saved only with ``by=user``; each save writes a :class:`ReviewEvent`; never deleted."""

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True

    def audit_review_id(self) -> int:
        raise NotImplementedError

    def _values(self) -> dict[str, Any]:
        return {f.attname: _jsonable(getattr(self, f.attname)) for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in ("created_at", "at")}

    def save(self, *args: Any, by: Any = None, reason: str = "", **kwargs: Any) -> None:
        if by is None or not getattr(by, "is_authenticated", False):
            raise ClinicalRecordError(f"{type(self).__name__}.save needs by=<the user making the change>")
        with transaction.atomic():
            new = self._values()
            if self.pk is None:
                super().save(*args, **kwargs)
                changes = {k: [None, v] for k, v in new.items() if v not in (None, "", [])}
                action = "create"
            else:
                old = type(self)._base_manager.select_for_update().get(pk=self.pk)._values()
                changes = {k: [old[k], v] for k, v in new.items() if old.get(k) != v}
                if not changes:
                    return
                super().save(*args, **kwargs)
                action = "update"
            ReviewEvent.objects.create(review_id=self.audit_review_id(), user=by, entity=self._meta.model_name or "",
                                       object_id=str(self.pk), action=action, changes=changes, reason=reason)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ClinicalRecordError("review data are never deleted; deactivate or mark instead")


class Review(ReviewAudited):
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("owner"))
    # Shared highlight lists, one term or phrase per line.
    include_terms = models.TextField(_("include terms"), blank=True)
    exclude_terms = models.TextField(_("exclude terms"), blank=True)
    reviewers_title_abstract = models.PositiveSmallIntegerField(choices=SCREENING_MODES, default=DUAL)
    reviewers_full_text = models.PositiveSmallIntegerField(choices=SCREENING_MODES, default=DUAL)
    created_at = models.DateTimeField(auto_now_add=True)

    def audit_review_id(self) -> int:
        return int(self.pk)

    def reviewers_per_record(self, stage: str) -> int:
        """How many reviewers decide each record at ``stage``: 2 (blind dual) or 1 (single)."""
        return int(self.reviewers_full_text if stage == FULL_TEXT else self.reviewers_title_abstract)

    def __str__(self) -> str:
        return self.title


class ReviewMember(ReviewAudited):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_memberships")
    role = models.CharField(_("role"), max_length=12, choices=ROLES, default=REVIEWER)
    active = models.BooleanField(default=True)
    # The member's own highlight lists, beside the review's shared ones (one term or phrase per line).
    include_terms = models.TextField(blank=True)
    exclude_terms = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="one_membership_per_review")]

    def audit_review_id(self) -> int:
        return int(self.review_id)

    def can(self, capability: str) -> bool:
        return self.active and capability in CAPABILITIES.get(self.role, frozenset())


class ReviewRecord(ReviewAudited):
    """One record as read from an export (laktasi.review.records.Record); duplicates are kept, marked."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="records")
    record_id = models.CharField(max_length=200)
    title = models.TextField(blank=True)
    abstract = models.TextField(blank=True)
    authors = models.JSONField(default=list, blank=True)
    year = models.IntegerField(null=True, blank=True)
    journal = models.CharField(max_length=500, blank=True)
    # where it is printed: a person deciding an uncertain pair ("other pages", "another issue") needs them, and so
    # does deduplicating a later upload against the stored records
    volume = models.CharField(max_length=100, blank=True)
    issue = models.CharField(max_length=100, blank=True)
    pages = models.CharField(max_length=100, blank=True)
    doi = models.CharField(max_length=300, blank=True)
    pmid = models.CharField(max_length=20, blank=True)
    source_database = models.CharField(max_length=100, blank=True)
    source_file = models.CharField(max_length=300, blank=True)
    duplicate_of = models.CharField(max_length=200, blank=True)  # the kept record's record_id
    upload = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["review", "record_id"], name="record_id_unique_in_review")]

    def audit_review_id(self) -> int:
        return int(self.review_id)


class ExclusionReason(ReviewAudited):
    """One entry of the review's list of full-text exclusion reasons (PRISMA's "reports excluded, with
    reasons"), in Indonesian and English; retired by ``active=False``, never deleted."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="exclusion_reasons")
    label_id = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "pk"]

    def audit_review_id(self) -> int:
        return int(self.review_id)

    def label(self, lang: str) -> str:
        return (self.label_id if lang == "id" else self.label_en) or self.label_en or self.label_id

    def __str__(self) -> str:
        return f"{self.label_id} / {self.label_en}"


class ScreeningDecision(ReviewAudited):
    record = models.ForeignKey(ReviewRecord, on_delete=models.PROTECT, related_name="decisions")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=16, choices=STAGES)
    decision = models.CharField(_("decision"), max_length=8, choices=DECISIONS)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    exclusion_reason = models.ForeignKey(ExclusionReason, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["record", "reviewer", "stage"],
                                               name="one_decision_per_reviewer_and_stage")]

    def audit_review_id(self) -> int:
        return int(self.record.review_id)


class ConflictResolution(ReviewAudited):
    """The decision on a record two reviewers disagreed on, by a third member, with the reason."""

    record = models.ForeignKey(ReviewRecord, on_delete=models.PROTECT, related_name="resolutions")
    stage = models.CharField(_("stage"), max_length=16, choices=STAGES)
    decision = models.CharField(_("decision"), max_length=8, choices=DECISIONS[:2])
    reason = models.CharField(_("reason"), max_length=300)
    exclusion_reason = models.ForeignKey(ExclusionReason, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "stage"], name="one_resolution_per_stage")]

    def audit_review_id(self) -> int:
        return int(self.record.review_id)


class FullText(ReviewAudited):
    """A PDF of a record's full text, in the full-text storage (:mod:`.storage`); a new upload adds a row, the
    newest is the current one, none is deleted."""

    record = models.ForeignKey(ReviewRecord, on_delete=models.PROTECT, related_name="fulltexts")
    # the name is chosen by :func:`laktasi.web.reviews.fulltexts.store` (review/record/sha256.pdf), never the
    # uploader's file name
    file = models.FileField(storage=fulltext_storage, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    def audit_review_id(self) -> int:
        return int(self.record.review_id)

    def _values(self) -> dict[str, Any]:
        return {**super()._values(), "file": self.file.name}


class Retrieval(ReviewAudited):
    """A record whose full text could not be obtained ("reports not retrieved" in PRISMA 2020), with the reason;
    ``not_retrieved=False`` undoes it (the row stays, with its history in the audit trail)."""

    record = models.OneToOneField(ReviewRecord, on_delete=models.PROTECT, related_name="retrieval")
    not_retrieved = models.BooleanField(default=True)
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    def audit_review_id(self) -> int:
        return int(self.record.review_id)


class RecordNote(ReviewAudited):
    """A member's own note on a record (one per member and record; others never see it while screening)."""

    record = models.ForeignKey(ReviewRecord, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "author"], name="one_note_per_member_and_record")]

    def audit_review_id(self) -> int:
        return int(self.record.review_id)


class RecordLabel(ReviewAudited):
    """A free tag a member puts on a record (e.g. "RCT", "background"); removed by ``active=False``."""

    record = models.ForeignKey(ReviewRecord, on_delete=models.PROTECT, related_name="labels")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=60)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["record", "user", "name"], name="one_label_per_name")]

    def audit_review_id(self) -> int:
        return int(self.record.review_id)


class ReviewEvent(models.Model):
    """The review's audit trail: who changed what, when, old → new, and why."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    entity = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    action = models.CharField(max_length=12)  # create | update | upload
    changes = models.JSONField(default=dict)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["review", "entity", "object_id"])]
