"""Extraction of the included studies: the review's form template, each extractor's answers, the consensus
on differences, effect-size data blocks per study and outcome, and the statistics each paper reports.

Every write goes through :class:`~laktasi.web.reviews.models.ReviewAudited` (``save(by=user)``, a
ReviewEvent in the same transaction); nothing is deleted — a field, block or reported statistic that is no
longer wanted is made inactive.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laktasi.web.reviews.models import Review, ReviewAudited, ReviewRecord

TEXT, NUMBER, CHOICE = "text", "number", "choice"
FIELD_KINDS = [(TEXT, _("Text")), (NUMBER, _("Number")), (CHOICE, _("Choice"))]
TWO_BY_TWO, MEAN_SD, PREPOST, EFFECT_CI = "two_by_two", "mean_sd", "prepost", "effect_ci"
BLOCK_KINDS = [(TWO_BY_TWO, _("2×2 counts (events / n per arm)")), (MEAN_SD, _("Mean, SD and n per arm")),
               (PREPOST, _("Pre/post mean and SD with pre–post r, per arm")), (EFFECT_CI, _("Effect with 95% CI"))]
STAT_KINDS = [
    ("two_means", _("Two means (n, mean, SD per group) with p")),
    ("mean", _("A mean with n (GRIM)")),
    ("mean_sd", _("A mean and SD with n (GRIM and GRIMMER)")),
    ("percentage", _("A percentage with n")),
    ("two_proportions", _("Two proportions (n and events or % per group) with p")),
    ("t", _("t with df and p")),
    ("f", _("F with df1, df2 and p")),
    ("chi2", _("χ² with df and p")),
    ("z", _("z with p")),
    ("r", _("Correlation r with df and p")),
    ("text", _("A sentence from the paper")),
]
ONE, TWO = 1, 2
EXTRACTORS = [(ONE, _("One extractor per study")), (TWO, _("Two extractors per study, compared"))]


class ExtractionSettings(ReviewAudited):
    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="extraction_settings")
    extractors = models.PositiveSmallIntegerField(_("extractors per study"), choices=EXTRACTORS, default=TWO)

    def audit_review_id(self) -> int:
        return int(self.review_id)


class ExtractionField(ReviewAudited):
    """One field of the review's extraction form (the owner edits the template)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="extraction_fields")
    key = models.SlugField(_("key"), max_length=40)
    kind = models.CharField(_("type"), max_length=8, choices=FIELD_KINDS, default=TEXT)
    label_id = models.CharField(_("label (Indonesian)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    options = models.JSONField(_("options"), default=list, blank=True)  # choice: the allowed answers
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "key"], name="extraction_field_key_unique")]

    def audit_review_id(self) -> int:
        return int(self.review_id)

    def label(self, lang: str) -> str:
        return self.label_id if lang == "id" else (self.label_en or self.label_id)

    def __str__(self) -> str:
        return self.key


class Extraction(ReviewAudited):
    """One extractor's answers for one included study: {field key: value as text}."""

    record = models.ForeignKey(ReviewRecord, on_delete=models.PROTECT, related_name="extractions")
    extractor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    values = models.JSONField(default=dict, blank=True)
    # the extractor marked her form done: it is then locked, and the comparison opens once every extractor's
    # form is done (blind, as dual screening: nobody sees another's answers before)
    done = models.BooleanField(_("done"), default=False)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["record", "extractor"], name="one_extraction_per_extractor")]

    def audit_review_id(self) -> int:
        return int(self.record.review_id)


class ConsensusValue(ReviewAudited):
    """The agreed value of a field where two extractors differ: who decided, and why."""

    record = models.ForeignKey(ReviewRecord, on_delete=models.PROTECT, related_name="consensus_values")
    field = models.ForeignKey(ExtractionField, on_delete=models.PROTECT, related_name="+")
    value = models.TextField(_("agreed value"), blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "field"], name="one_consensus_per_field")]

    def audit_review_id(self) -> int:
        return int(self.record.review_id)


class EffectBlock(ReviewAudited):
    """One study's numbers for one outcome; from a paper (``record``) or the team's own laktasi study
    (``study``, read-only use of the studies app)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="effect_blocks")
    record = models.ForeignKey(ReviewRecord, on_delete=models.PROTECT, related_name="effect_blocks", null=True,
                               blank=True)
    study = models.ForeignKey("studies.Study", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    label = models.CharField(_("study label"), max_length=200)
    outcome = models.CharField(_("outcome"), max_length=120)
    kind = models.CharField(_("data"), max_length=12, choices=BLOCK_KINDS)
    measure = models.CharField(_("measure"), max_length=8, blank=True)  # an effect with CI: its measure
    values = models.JSONField(default=dict)
    note = models.CharField(_("note"), max_length=300, blank=True)
    active = models.BooleanField(default=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # a second member checked the numbers against the paper (cleared whenever they change)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                    blank=True)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["outcome", "pk"]

    def audit_review_id(self) -> int:
        return int(self.review_id)

    @property
    def own_study(self) -> bool:
        return self.study_id is not None


class ReportedStatistic(ReviewAudited):
    """A statistic as a paper prints it (numbers kept as printed text), audited by laktasi.audit."""

    record = models.ForeignKey(ReviewRecord, on_delete=models.PROTECT, related_name="reported_statistics")
    label = models.CharField(_("where in the paper"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=STAT_KINDS)
    fields = models.JSONField(default=dict)
    active = models.BooleanField(default=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def audit_review_id(self) -> int:
        return int(self.record.review_id)

    def field(self, name: str) -> Any:
        return self.fields.get(name, "")
