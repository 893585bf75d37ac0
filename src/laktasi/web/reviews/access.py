"""The one place a review page gets its review: membership first (404 for a non-member, so a review's
existence is not revealed), then the role's capability (403)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from laktasi.web.reviews.models import Review, ReviewMember


def review_for(request: HttpRequest, review_id: int, capability: str = "view") -> tuple[Review, ReviewMember]:
    user_id = request.user.pk
    member = (ReviewMember.objects.select_related("review").filter(
        review_id=review_id, user_id=user_id, active=True).first() if user_id is not None else None)
    if member is None:
        raise Http404("no such review")
    if not member.can(capability):
        raise PermissionDenied(capability)
    return member.review, member
