"""Settings, read only from environment variables (see README, "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]


def benchdata_dir() -> Path:
    """Third-party benchmark data: ``LAKTASI_BENCHDATA`` or ``../shared/benchdata`` beside the checkout."""
    env = os.environ.get("LAKTASI_BENCHDATA")
    if env:
        return Path(env).expanduser()
    return (_REPO_ROOT.parent / "shared" / "benchdata").resolve()


def home_dir() -> Path:
    """Where the app keeps its SQLite database, secret key and uploads (``LAKTASI_HOME``)."""
    env = os.environ.get("LAKTASI_HOME")
    return Path(env).expanduser() if env else Path.home() / ".laktasi"


def default_lang() -> str:
    """``LAKTASI_LANG`` (``id`` or ``en``); Indonesian unless told otherwise."""
    lang = os.environ.get("LAKTASI_LANG", "id").strip().lower()
    return lang if lang in ("id", "en") else "id"


def pubmed_url() -> str:
    return os.environ.get("LAKTASI_PUBMED_URL", "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/").rstrip("/") + "/"


def pubmed_api_key() -> str | None:
    return os.environ.get("LAKTASI_PUBMED_API_KEY") or None
