"""The log of every export: who took which study's data, in what form, with or without identifiers."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExportLog(models.Model):
    study = models.ForeignKey("studies.Study", on_delete=models.PROTECT, related_name="exports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=12)  # csv | xlsx | sav | docx | html | yaml
    identified = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]
