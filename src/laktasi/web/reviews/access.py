"""The one place a review page gets its review: membership first (404 for a non-member, so a review's
existence is not revealed), then the role's capability (403)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import get_language

from laktasi.web.reviews import tabs
from laktasi.web.reviews.models import CAPABILITIES, STAGES, Review, ReviewMember


def review_for(request: HttpRequest, review_id: int, capability: str = "view") -> tuple[Review, ReviewMember]:
    user_id = request.user.pk
    member = (ReviewMember.objects.select_related("review").filter(
        review_id=review_id, user_id=user_id, active=True).first() if user_id is not None else None)
    if member is None:
        raise Http404("no such review")
    if not member.can(capability):
        raise PermissionDenied(capability)
    return member.review, member


def page_context(member: ReviewMember, tab: str, **extra: Any) -> dict[str, Any]:
    """The context every review page template gets: the review, the member, the active tab, her
    capabilities (``can.<capability>``), the stages and the tabs other apps add (:mod:`.tabs`)."""
    caps = CAPABILITIES.get(member.role, frozenset())
    return {"review": member.review, "member": member, "tab": tab, "can": {c: True for c in caps},
            "stages": STAGES, "extra_tabs": tabs.visible(caps), **extra}


def ui_lang() -> str:
    return "id" if (get_language() or "id").startswith("id") else "en"
