"""``{% idempotency_field %}``: the hidden idempotency key of a write form."""

from __future__ import annotations

import uuid
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from laktasi.web.sync.idempotency import KEY_FIELD, valid_key

register = template.Library()


@register.simple_tag(takes_context=True)
def idempotency_field(context: dict[str, Any]) -> SafeString:
    """A fresh key for a new form; the posted key again when a form comes back with errors (the retry is the
    same write). The service worker replaces it with a fresh one whenever it serves a page from its cache."""
    request = context.get("request")
    key = ""
    if request is not None and request.method == "POST":
        key = (request.POST.get(KEY_FIELD) or "").strip()
    if not valid_key(key):
        key = uuid.uuid4().hex
    return format_html('<input type="hidden" name="{}" value="{}">', KEY_FIELD, key)
