"""Where full-text PDFs are kept: Django's storage API, so the same code writes to a folder on this server or to
storage shared by several app servers (design.md: uploaded files in the database or shared storage, never one
server's disk when several servers run).

- Default: a :class:`~django.core.files.storage.FileSystemStorage` in ``LAKTASI_HOME/fulltexts`` (no public URL:
  the files are served only through the review's members-only view).
- ``LAKTASI_FULLTEXT_STORAGE``: the dotted path of another storage class, e.g.
  ``storages.backends.s3.S3Storage`` (django-storages, installed separately) or a FileSystemStorage on a shared
  mount; ``LAKTASI_FULLTEXT_STORAGE_OPTIONS``: its keyword arguments as a JSON object (e.g.
  ``{"bucket_name": "laktasi-fulltexts"}`` or ``{"location": "/mnt/shared/fulltexts"}``). Give the same values to
  every server. Read once, when the app starts.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.module_loading import import_string

STORAGE_ENV = "LAKTASI_FULLTEXT_STORAGE"


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder with no URL: its files reach a browser only through the members-only view."""

    def url(self, name: str | None) -> str:
        raise ValueError("full texts have no public URL; they are served by the review's full-text view")


OPTIONS_ENV = "LAKTASI_FULLTEXT_STORAGE_OPTIONS"


def build_storage(environ: dict[str, str] | os._Environ[str] | None = None) -> Storage:
    env = os.environ if environ is None else environ
    dotted = env.get(STORAGE_ENV, "").strip()
    try:
        options: dict[str, Any] = json.loads(env.get(OPTIONS_ENV, "") or "{}")
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"{OPTIONS_ENV} is not a JSON object: {exc}") from exc
    if not isinstance(options, dict):
        raise ImproperlyConfigured(f"{OPTIONS_ENV} must be a JSON object")
    if not dotted:
        location = options.pop("location", None) or Path(settings.LAKTASI_HOME) / "fulltexts"
        # no URL; directory mode 0700 and file mode 0600 keep other local users out
        return PrivateFileSystemStorage(location=location, file_permissions_mode=0o600,
                                        directory_permissions_mode=0o700, **options)
    cls = import_string(dotted)
    if not (isinstance(cls, type) and issubclass(cls, Storage)):
        raise ImproperlyConfigured(f"{STORAGE_ENV}={dotted} is not a Django storage class")
    return cls(**options)


_storage: Storage | None = None


def fulltext_storage() -> Storage:
    """The full-text storage (a callable, so migrations do not record a path of this machine)."""
    global _storage
    if _storage is None:
        _storage = build_storage()
    return _storage
