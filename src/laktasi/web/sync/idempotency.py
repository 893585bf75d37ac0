"""Idempotent writes: the same POST sent twice (double tap, resubmission, an offline queue replayed) is done once.

Every write form carries a hidden ``idempotency_key`` (``{% idempotency_field %}``); the offline outbox sends
the same key in an ``Idempotency-Key`` header. The key is recorded in the same transaction as the write; a
repeat finds it and gets the first answer (the same redirect) instead of a second row. Only successful writes
(a redirect) keep their key: a form sent back with errors can be corrected and sent again under the same key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from laktasi.web.sync.models import IdempotencyKey

KEY_FIELD = "idempotency_key"
KEY_HEADER = "Idempotency-Key"
REPLAY_HEADER = "Idempotent-Replayed"
_VALID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
KEEP_DAYS = 90  # a phone's outbox is sent within days; after this a key is forgotten (duplicate checks remain)
PURGE_EVERY = 500  # every 500th key written removes the expired ones (no scheduler needed)

View = Callable[..., HttpResponse]


def valid_key(value: str) -> bool:
    return bool(_VALID.match(value))


def request_key(request: HttpRequest) -> str:
    """The key a write came with ('' if none): the header wins over the form field."""
    return (request.headers.get(KEY_HEADER) or request.POST.get(KEY_FIELD) or "").strip()


def _replay(request: HttpRequest, done: IdempotencyKey) -> HttpResponse:
    if done.path != request.path or done.method != request.method:
        return HttpResponse(_("This idempotency key was already used for another request."), status=422,
                            content_type="text/plain; charset=utf-8")
    messages.info(request, _("This was already saved; it was not saved twice."))
    response = HttpResponseRedirect(done.location)
    response.status_code = done.status
    response[REPLAY_HEADER] = "true"
    return response


def purge_expired(now: dt.datetime | None = None) -> int:
    """Forget keys older than KEEP_DAYS; returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=KEEP_DAYS)
    deleted, _per_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def idempotent(view: View) -> View:
    """Wrap a view that writes on POST: with a key, the write happens at most once per user and key."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST" or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = request_key(request)
        if not key:  # an old client or a script: served as before (the duplicate checks still apply)
            return view(request, *args, **kwargs)
        if not valid_key(key):
            return HttpResponseBadRequest(_("Invalid idempotency key."), content_type="text/plain; charset=utf-8")
        with transaction.atomic():
            try:
                # On PostgreSQL a concurrent request with the same key waits here for the first to commit.
                with transaction.atomic():
                    record = IdempotencyKey.objects.create(user=request.user, key=key, method=request.method,
                                                           path=request.path[:300])
            except IntegrityError:
                done = IdempotencyKey.objects.filter(user=request.user, key=key).first()
                if done is not None and done.status:
                    return _replay(request, done)
                return HttpResponse(_("This request is already being processed; try again shortly."),
                                    status=409, content_type="text/plain; charset=utf-8")
            response = view(request, *args, **kwargs)
            if 300 <= response.status_code < 400 and response.has_header("Location"):
                record.status = response.status_code
                record.location = response["Location"][:300]
                record.save(update_fields=["status", "location"])
                if record.pk % PURGE_EVERY == 0:
                    purge_expired()
            else:  # nothing was written (a form with errors, a conflict): the key stays free for the retry
                record.delete()
            return response

    return wrapper
