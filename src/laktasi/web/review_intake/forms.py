"""Forms of the intake pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laktasi.web.reviews.forms import MultipleFileField


class UploadForm(forms.Form):
    exports = MultipleFileField(label=_("Export files (RIS, PubMed, Web of Science, BibTeX, CSV, XLSX)"))
    database = forms.CharField(label=_("Source database, when the files do not say"), max_length=100,
                               required=False)


class PubMedForm(forms.Form):
    query = forms.CharField(label=_("PubMed query"), max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("As typed in PubMed, e.g. (oxytocin[tiab]) AND (massage[tiab])"))
    date_from = forms.DateField(label=_("Published from (optional)"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Published until (optional)"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, stop = data.get("date_from"), data.get("date_to")
        if start and stop and start > stop:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class VerdictsFileForm(forms.Form):
    verdicts = forms.FileField(label=_("Verdicts file from laktasi review dedup (CSV)"))
