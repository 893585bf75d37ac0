"""System check: serving beyond loopback needs an explicit secret key and allowed hosts (design.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, register

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@register("laktasi")
def serve_safely(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    host = getattr(settings, "LAKTASI_BIND_HOST", "127.0.0.1")
    errors: list[CheckMessage] = []
    if host not in LOOPBACK:
        if not settings.LAKTASI_SECRET_FROM_ENV:
            errors.append(Error(
                f"Serving on {host} needs LAKTASI_SECRET_KEY set explicitly "
                f"/ Melayani di {host} memerlukan LAKTASI_SECRET_KEY yang ditetapkan.",
                id="laktasi.E001",
            ))
        if not settings.LAKTASI_ALLOWED_HOSTS_FROM_ENV:
            errors.append(Error(
                f"Serving on {host} needs LAKTASI_ALLOWED_HOSTS (comma-separated host names) "
                f"/ Melayani di {host} memerlukan LAKTASI_ALLOWED_HOSTS (nama host, dipisah koma).",
                id="laktasi.E002",
            ))
    if settings.DEBUG and host not in LOOPBACK:
        errors.append(Error("DEBUG must be off beyond loopback / DEBUG harus mati di luar loopback.",
                            id="laktasi.E003"))
    return errors
