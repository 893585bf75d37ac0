"""Forms of the review workspace."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laktasi.web.reviews.models import DECISIONS, ROLES, STAGES


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


class ResolutionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS[:2])
    reason = forms.CharField(label=_("Reason"), max_length=300)


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
