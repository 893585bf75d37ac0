"""Login throttling per account and per address (issue 10).

- The account key is the user name NFKC-normalised and case-folded, so "Bidan", "BIDAN" and "ｂｉｄａｎ"
  (full-width) count as one account.
- The client address is ``REMOTE_ADDR``, or — only when the request comes from one of the proxies named in
  ``LAKTASI_TRUSTED_PROXIES`` (addresses or networks, comma-separated) — the right-most address in
  ``X-Forwarded-For`` that is not itself a trusted proxy (a client cannot forge its way past the proxy,
  which appends the address it saw).
- Failures under made-up names lock nobody out: an address is refused only after many failures against
  *existing* accounts (password spraying); a made-up name only locks that name. So behind the district's
  reverse proxy, or a Puskesmas sharing one address, a stranger typing nonsense cannot lock out the midwives.
- An owner can unlock a member of the study (members page); the unlock is in the study's audit trail.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from laktasi.web.accounts.models import LoginFailure

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def account_key(username: str) -> str:
    return unicodedata.normalize("NFKC", username or "").casefold().strip()[:150]


@lru_cache(maxsize=8)
def _networks(spec: str) -> tuple[Network, ...]:
    nets = []
    for part in spec.split(","):
        if part.strip():
            nets.append(ipaddress.ip_network(part.strip(), strict=False))
    return tuple(nets)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in _networks(",".join(settings.LAKTASI_TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR", "")).strip()
    if not remote or not _trusted(remote):
        return remote[:64]
    chain = [a.strip() for a in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if a.strip()]
    for address in reversed(chain):
        if not _trusted(address):
            try:
                return str(ipaddress.ip_address(address))[:64]
            except ValueError:
                return remote[:64]  # a malformed header: count the proxy itself
    return remote[:64]


def _recent() -> QuerySet[LoginFailure]:
    since = timezone.now() - timedelta(seconds=settings.LAKTASI_LOGIN_WINDOW_SECONDS)
    return LoginFailure.objects.filter(at__gte=since)


def is_locked(username: str, address: str) -> bool:
    limit = settings.LAKTASI_LOGIN_MAX_FAILURES
    recent = _recent()
    if recent.filter(username=account_key(username)).count() >= limit:
        return True
    return bool(address) and recent.filter(address=address, known=True).count() >= 4 * limit


def account_locked(username: str) -> bool:
    return _recent().filter(username=account_key(username)).count() >= settings.LAKTASI_LOGIN_MAX_FAILURES


def record_failure(username: str, address: str) -> None:
    key = account_key(username)
    known = any(account_key(name) == key for name in
                get_user_model().objects.filter(username__iexact=username.strip()).values_list("username", flat=True))
    LoginFailure.objects.create(username=key, address=address, known=known)


def clear(username: str) -> int:
    """Forget an account's failures (after a successful login, or an owner's unlock); returns how many."""
    deleted, _by_model = LoginFailure.objects.filter(username=account_key(username)).delete()
    return deleted
