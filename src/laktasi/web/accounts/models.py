"""Per-user language and the record of failed logins used for throttling."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="id")

    def __str__(self) -> str:
        return f"{self.user} ({self.language})"


class LoginFailure(models.Model):
    """One failed login; kept in the database so throttling holds across several app servers."""

    username = models.CharField(max_length=150, db_index=True)  # NFKC-normalised, case-folded (throttle.py)
    address = models.CharField(max_length=64, db_index=True)
    known = models.BooleanField(default=False)  # the name is an existing account's (only these lock an address)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


def language_of(user: User) -> str:
    profile = Profile.objects.filter(user=user).first()
    return profile.language if profile else settings.LANGUAGE_CODE
