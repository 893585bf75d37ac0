"""Django settings for ``laktasi serve``, read only from environment variables (design.md).

- ``LAKTASI_HOME``: folder for the SQLite database and the generated secret key (default ``~/.laktasi``).
- ``LAKTASI_DATABASE_URL``: a PostgreSQL URL; when set, the app runs on it unchanged (multi-user server).
- ``LAKTASI_DB_CONN_MAX_AGE``: seconds a worker keeps its PostgreSQL connection (default 600).
- ``LAKTASI_SECRET_KEY``: required to serve anything but loopback; otherwise generated into
  ``LAKTASI_HOME/secret_key`` with mode 0600.
- ``LAKTASI_ALLOWED_HOSTS``: comma-separated host names; required with ``laktasi serve --host``.
- ``LAKTASI_LANG``: default language for new users (``id`` or ``en``).
- ``LAKTASI_BIND_HOST``: set by ``laktasi serve`` so the system check can refuse unsafe setups.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url

from laktasi.config import default_lang, home_dir
from laktasi.web.locale.compile import locale_dirs
from laktasi.web.passwords import PASSWORD_HASHERS as _PASSWORD_HASHERS

WEB_DIR = Path(__file__).resolve().parent


def _home() -> Path:
    # Under pytest with no LAKTASI_HOME the tests must not write into the user's real home.
    if "PYTEST_VERSION" in os.environ and not os.environ.get("LAKTASI_HOME"):
        return Path(tempfile.gettempdir()) / f"laktasi-test-home-{os.getuid()}"
    return home_dir()


LAKTASI_HOME = _home()


def _secret_key(home: Path) -> str:
    env = os.environ.get("LAKTASI_SECRET_KEY")
    if env:
        return env
    path = home / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL + 0600: never readable by other users, and two first starts do not clobber each other.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key


SECRET_KEY = _secret_key(LAKTASI_HOME)
DEBUG = os.environ.get("LAKTASI_DEBUG_WEB", "") == "1"  # never on by default
LAKTASI_BIND_HOST = os.environ.get("LAKTASI_BIND_HOST", "127.0.0.1")
LAKTASI_SECRET_FROM_ENV = bool(os.environ.get("LAKTASI_SECRET_KEY"))
_hosts = [h.strip() for h in os.environ.get("LAKTASI_ALLOWED_HOSTS", "").split(",") if h.strip()]
LAKTASI_ALLOWED_HOSTS_FROM_ENV = bool(_hosts)
ALLOWED_HOSTS = _hosts or ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "laktasi.web.accounts",
    "laktasi.web.studies",
    "laktasi.web.visits",
    "laktasi.web.audittrail",
    "laktasi.web.exports",
    "laktasi.web.sync",
    "laktasi.web.reviews",
    "laktasi.web.review_intake",
    "laktasi.web.review_extraction",
    "laktasi.web.review_appraisal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "laktasi.web.accounts.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "laktasi.web.accounts.middleware.UserLanguageMiddleware",
    "laktasi.web.accounts.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "laktasi.web.urls"
WSGI_APPLICATION = "laktasi.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "laktasi.web.accounts.middleware.draft_context",
            ],
        },
    }
]


def _conn_max_age() -> int:
    """Seconds a worker thread keeps its PostgreSQL connection (``LAKTASI_DB_CONN_MAX_AGE``, default 600).

    Every new connection forks a PostgreSQL backend whose first queries also fill its catalogue caches: with
    60 s each of a district server's 16 threads paid that about once a minute, on the requests that then made
    the slowest few per cent. The health check before each request's first query replaces a connection the
    database has dropped (a restart), so a long life costs no failed request.
    """
    raw = os.environ.get("LAKTASI_DB_CONN_MAX_AGE", "").strip()
    try:
        return max(0, int(raw)) if raw else 600
    except ValueError:
        return 600


def _databases() -> dict[str, dict[str, object]]:
    url = os.environ.get("LAKTASI_DATABASE_URL", "").strip()
    if url:
        db = dj_database_url.parse(url, conn_max_age=_conn_max_age(), conn_health_checks=True)
        return {"default": dict(db)}
    LAKTASI_HOME.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": LAKTASI_HOME / "laktasi.sqlite3",
            "OPTIONS": {
                # WAL lets readers proceed during a write; the busy timeout makes writers queue instead
                # of failing; IMMEDIATE takes the write lock at BEGIN so two writers never deadlock.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id at OWASP's cost; PBKDF2 hashes still verify and are upgraded at the next login (web/passwords.py).
PASSWORD_HASHERS = _PASSWORD_HASHERS
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login throttling: this many failures for one user name (or from one address) within the window lock it.
LAKTASI_LOGIN_MAX_FAILURES = int(os.environ.get("LAKTASI_LOGIN_MAX_FAILURES", "5"))
# Who may create studies: "anyone" signed in (default), "staff", or user names (comma-separated).
LAKTASI_STUDY_CREATORS = os.environ.get("LAKTASI_STUDY_CREATORS", "anyone").strip() or "anyone"
LAKTASI_LOGIN_WINDOW_SECONDS = 15 * 60
# The reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed; empty: none.
LAKTASI_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("LAKTASI_TRUSTED_PROXIES", "").split(",") if p.strip()]

LANGUAGE_CODE = default_lang()
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
# The .po files in web/locale are the source of truth; Babel compiles them at start-up (web/locale/compile.py).
LOCALE_PATHS = locale_dirs(LAKTASI_HOME)
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"

STATIC_URL = "/static/"
STATIC_ROOT = WEB_DIR / "static"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "laktasi.web.accounts.errors.csrf_failure"  # says what to do, in the reader's language
SESSION_COOKIE_AGE = 12 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind an HTTPS reverse proxy (see docs/web.md) set LAKTASI_HTTPS=1 so cookies are marked secure.
if os.environ.get("LAKTASI_HTTPS") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in _hosts]
elif _hosts:
    CSRF_TRUSTED_ORIGINS = [f"http://{h}" for h in _hosts if "*" not in h]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
