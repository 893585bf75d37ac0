"""Risk-of-bias appraisals of a review's included studies: each appraiser's answers to the signalling
questions of RoB 2 or ROBINS-I (:mod:`laktasi.review.risk_of_bias`), the judgements they give (the
algorithm's proposal, or the appraiser's override with its reason), and the consensus when two appraisers
disagree. Every write goes through :meth:`ReviewAudited.save`; nothing is deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laktasi.review.risk_of_bias import ROB2, ROBINS_I
from laktasi.web.reviews.models import Review, ReviewAudited, ReviewRecord

TOOL_CHOICES = [(ROB2, _("RoB 2 (randomised trial)")), (ROBINS_I, _("ROBINS-I (non-randomised study)"))]


class AppraisalSettings(ReviewAudited):
    """How many appraisers judge each study (2 = blind dual appraisal, the default; 1 = single)."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="appraisal_settings")
    appraisers = models.PositiveSmallIntegerField(_("appraisers per study"), default=2,
                                                  choices=[(1, _("One appraiser")), (2, _("Two appraisers, blind"))])

    def audit_review_id(self) -> int:
        return int(self.review_id)


class Appraisal(ReviewAudited):
    """One appraiser's risk-of-bias assessment of one included study (one result of it)."""

    record = models.ForeignKey(ReviewRecord, on_delete=models.PROTECT, related_name="appraisals")
    appraiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tool = models.CharField(_("tool"), max_length=10, choices=TOOL_CHOICES)
    result = models.CharField(_("result assessed"), max_length=300, blank=True)
    answers = models.JSONField(default=dict, blank=True)  # question id → Y/PY/PN/N/NI/NA
    # domain key → {"proposed": judgement|null, "final": judgement|null, "reason": override reason}
    domains = models.JSONField(default=dict, blank=True)
    overall_proposed = models.CharField(max_length=16, blank=True)
    overall = models.CharField(max_length=16, blank=True)
    overall_reason = models.TextField(blank=True)
    complete = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["record", "appraiser"], name="one_appraisal_per_appraiser")]

    def audit_review_id(self) -> int:
        return int(self.record.review_id)


class Consensus(ReviewAudited):
    """The agreed judgements on a study two appraisers judged differently (or an owner's final word)."""

    record = models.OneToOneField(ReviewRecord, on_delete=models.PROTECT, related_name="rob_consensus")
    tool = models.CharField(_("tool"), max_length=10, choices=TOOL_CHOICES)
    domains = models.JSONField(default=dict)  # domain key → judgement
    overall = models.CharField(max_length=16)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    def audit_review_id(self) -> int:
        return int(self.record.review_id)
