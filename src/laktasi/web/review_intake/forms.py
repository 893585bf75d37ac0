"""Forms of the intake pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from laktasi.web.reviews.forms import MultipleFileField


class UploadForm(forms.Form):
    exports = MultipleFileField(label=_("Export files (RIS, PubMed, Web of Science, BibTeX, CSV, XLSX)"))
    database = forms.CharField(label=_("Source database, when the files do not say"), max_length=100,
                               required=False)
