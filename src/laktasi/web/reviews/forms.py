"""Forms of the review workspace."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laktasi.web.reviews.models import DECISIONS, DUAL, ROLES, SINGLE, STAGES


class ReviewForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        return [one(d, initial) for d in data] if isinstance(data, (list, tuple)) else [one(data, initial)]


class DecisionForm(forms.Form):
    record = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    # full text: an exclusion must name one of the review's reasons (its pk; checked in the view)
    exclusion_reason = forms.IntegerField(required=False)


class ResolutionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS[:2])
    reason = forms.CharField(label=_("Reason"), max_length=300)
    exclusion_reason = forms.IntegerField(required=False)


class MemberForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=ROLES)


class TermsForm(forms.Form):
    include_terms = forms.CharField(label=_("Include terms (one per line)"), widget=forms.Textarea(attrs={"rows": 4}),
                                    required=False)
    exclude_terms = forms.CharField(label=_("Exclude terms (one per line)"), widget=forms.Textarea(attrs={"rows": 4}),
                                    required=False)


def stage_ok(stage: str) -> bool:
    return stage in dict(STAGES)


# the page explains both modes; short labels fit a phone's select
MODE_CHOICES = [(DUAL, _("Dual, blind")), (SINGLE, _("Single"))]


class ScreeningModeForm(forms.Form):
    reviewers_title_abstract = forms.TypedChoiceField(label=_("Title and abstract"), choices=MODE_CHOICES,
                                                      coerce=int)
    reviewers_full_text = forms.TypedChoiceField(label=_("Full text"), choices=MODE_CHOICES, coerce=int)


class ExclusionReasonForm(forms.Form):
    reason_pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    label_id = forms.CharField(label=_("Reason (Indonesian)"), max_length=200)
    label_en = forms.CharField(label=_("Reason (English)"), max_length=200)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class MyTermsForm(forms.Form):
    include_terms = forms.CharField(label=_("My include terms (one per line)"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}))
    exclude_terms = forms.CharField(label=_("My exclude terms (one per line)"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}))


class FullTextForm(forms.Form):
    pdf = forms.FileField(label=_("Full text (PDF)"), widget=forms.ClearableFileInput(
        attrs={"accept": "application/pdf,.pdf"}))


class RetrievalForm(forms.Form):
    not_retrieved = forms.BooleanField(required=False)
    reason = forms.CharField(label=_("Why the full text could not be obtained"), max_length=300, required=False)


class NoteLabelsForm(forms.Form):
    note = forms.CharField(label=_("My note on this record"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    labels = forms.CharField(label=_("My labels (comma-separated)"), max_length=600, required=False)

    def label_names(self) -> list[str]:
        raw = self.cleaned_data.get("labels", "")
        names = [n.strip()[:60] for n in raw.split(",") if n.strip()]
        return list(dict.fromkeys(names))
