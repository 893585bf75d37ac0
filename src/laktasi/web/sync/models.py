"""One row per write a client asked for with an idempotency key: the answer it got, to give it again."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """A write already done for ``user`` under ``key``; a repeat of it gets ``status``/``location`` back.

    Keys belong to one user (two phones cannot collide, and nobody can replay another user's answer). The
    row is written in the same transaction as the records the write created, so it exists exactly when they do.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField(default=0)  # 0 while the write is in progress
    location = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_user_key")]

    def __str__(self) -> str:
        return f"{self.key} {self.method} {self.path} → {self.status}"
