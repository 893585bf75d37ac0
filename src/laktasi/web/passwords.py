"""Password hashing: Argon2id (Django's Argon2PasswordHasher) at OWASP's recommended cost.

OWASP's Password Storage Cheat Sheet recommends Argon2id with at least 19 MiB of memory, 2 iterations and
1 degree of parallelism (m=19456 KiB, t=2, p=1). Django's own default (100 MiB, t=2, p=8) costs about ten times
the CPU per login: on the 2-core district server, 300 midwives logging in within a minute would spend most of
both cores on hashing alone (benchmarks/web_login_storm.py). Memory and iterations may be raised through the
environment (``LAKTASI_ARGON2_MEMORY_KIB``, ``LAKTASI_ARGON2_TIME_COST``), never set below OWASP's minimum.
Older PBKDF2 hashes still verify and are re-hashed with Argon2id at the user's next login (Django upgrades a
hash whose hasher is not the first in ``PASSWORD_HASHERS``, and an Argon2 hash whose parameters changed).
"""

from __future__ import annotations

import os

from django.contrib.auth.hashers import Argon2PasswordHasher

OWASP_MIN_MEMORY_KIB = 19456
OWASP_MIN_TIME_COST = 2


def _at_least(name: str, floor: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else floor
    except ValueError:
        value = floor
    return max(value, floor)


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id (the algorithm name stays ``argon2``: hashes are Django's own format)."""

    memory_cost = _at_least("LAKTASI_ARGON2_MEMORY_KIB", OWASP_MIN_MEMORY_KIB)
    time_cost = _at_least("LAKTASI_ARGON2_TIME_COST", OWASP_MIN_TIME_COST)
    parallelism = 1


PASSWORD_HASHERS = [
    "laktasi.web.passwords.Argon2idHasher",
    # still accepted (and upgraded at the next login): hashes made before Argon2id
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
