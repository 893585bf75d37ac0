"""The one place a view gets a study: membership checked, then the role's capability.

A user who is not a member gets 404 (the study's existence is not revealed); a member whose role lacks
the capability gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from laktasi.web.studies.models import Membership, Study


def study_for(request: HttpRequest, study_id: int, capability: str = "view") -> tuple[Study, Membership]:
    user_id = request.user.pk  # None for an anonymous user (LoginRequiredMiddleware keeps them out)
    membership = (
        Membership.objects.select_related("study").filter(study_id=study_id, user_id=user_id, active=True).first()
        if user_id is not None else None
    )
    if membership is None:
        raise Http404("no such study")
    if not membership.can(capability):
        raise PermissionDenied(capability)
    return membership.study, membership
