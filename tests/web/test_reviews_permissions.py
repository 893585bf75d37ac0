"""The permission matrix of the review workspace: every /reviews/ URL × owner / reviewer / viewer / outsider /
anonymous. An outsider (member of another review only) gets 404 for every page of review A; a role without
the capability gets 403; an anonymous visitor is sent to the login page. ``REVIEW_VIEWS`` is also read by
tests/web/test_permissions.py, whose "every URL has a case" test covers the whole URL map.

Each app of the workspace keeps its own part of the matrix beside its tests (``tests/web/review_*_matrix.py``:
``VIEWS`` in the format below and ``VALUES``, the URL arguments its pages need); they are merged here."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from laktasi.web.reviews.models import CAPABILITIES, OWNER, REVIEWER, VIEWER, Review, ReviewMember
from tests.web import review_appraisal_matrix, review_extraction_matrix, review_intake_matrix
from tests.web.conftest import client_for

# name -> (kwargs keys, capability needed, method[, statuses a member with the capability may get]);
# capability None: any signed-in user. Statuses default to {200} ({404} for review_resolve).
CORE_VIEWS: dict[str, tuple] = {
    "review_list": ((), None, "get"),
    "review_new": ((), None, "get"),
    "review": (("review_id",), "view", "get"),
    "review_prisma_png": (("review_id",), "view", "get"),
    "review_members": (("review_id",), "settings", "get"),
    "review_terms": (("review_id",), "settings", "get"),
    "review_audit": (("review_id",), "audit", "get"),
    "review_screen": (("review_id", "stage"), "screen", "get"),
    "review_screen_json": (("review_id", "stage"), "screen", "get"),
    "review_conflicts": (("review_id", "stage"), "resolve", "get"),
    "review_resolve": (("review_id", "stage", "record_pk"), "resolve", "post", {404}),
    "review_prisma_file": (("review_id", "diagram"), "view", "get"),
    "review_settings": (("review_id",), "settings", "get"),
    "review_my_terms": (("review_id",), "screen", "get"),
    # record 1 is not a record of review A: a member with the capability gets 404 (no full text, no record)
    "review_fulltext": (("review_id", "record_pk"), "view", "get", {404}),
    "review_fulltext_upload": (("review_id", "record_pk"), "screen", "post", {404}),
    "review_retrieval": (("review_id", "record_pk"), "screen", "post", {404}),
    "review_record_notes": (("review_id", "record_pk"), "screen", "post", {404}),
}
_MATRICES = (review_intake_matrix, review_extraction_matrix, review_appraisal_matrix)
REVIEW_VIEWS: dict[str, tuple] = {**CORE_VIEWS}
VALUES: dict[str, object] = {"stage": "title_abstract", "record_pk": 1, "diagram": "svg"}
for _matrix in _MATRICES:
    assert not set(_matrix.VIEWS) & set(REVIEW_VIEWS), _matrix.__name__
    REVIEW_VIEWS |= _matrix.VIEWS
    VALUES |= _matrix.VALUES


def make_review(owner, title="Tinjauan A") -> Review:
    r = Review(title=title, owner=owner)
    r.save(by=owner)
    ReviewMember(review=r, user=owner, role=OWNER).save(by=owner)
    return r


@pytest.fixture
def people(db):
    User = get_user_model()
    return {name: User.objects.create_user(username=name, password="kata-sandi-uji-123")
            for name in ("rowner", "rreviewer", "rviewer", "routsider")}


@pytest.fixture
def review_a(people):
    r = make_review(people["rowner"])
    ReviewMember(review=r, user=people["rreviewer"], role=REVIEWER).save(by=people["rowner"])
    ReviewMember(review=r, user=people["rviewer"], role=VIEWER).save(by=people["rowner"])
    make_review(people["routsider"], "Tinjauan B")
    return r


ROLE_OF = {"rowner": OWNER, "rreviewer": REVIEWER, "rviewer": VIEWER}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(REVIEW_VIEWS))
@pytest.mark.parametrize("who", ["rowner", "rreviewer", "rviewer", "routsider", "anonymous"])
def test_access(name, who, review_a, people):
    keys, capability, method, *statuses = REVIEW_VIEWS[name]
    values = {**VALUES, "review_id": review_a.pk}
    url = reverse(name, kwargs={k: values[k] for k in keys})
    client = Client() if who == "anonymous" else client_for(people[who])
    response = client.post(url) if method == "post" else client.get(url)
    if who == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    elif capability is None:
        assert response.status_code == 200
    elif who == "routsider":
        assert response.status_code == 404
    elif capability not in CAPABILITIES[ROLE_OF[who]]:
        assert response.status_code == 403, (name, who)
    else:
        # e.g. resolve: no conflict on record 1 → 404 once the membership and capability are checked
        assert response.status_code in (statuses[0] if statuses else {200}), (name, who, response.status_code)


@pytest.mark.django_db
def test_unknown_stage_is_404(review_a, people):
    c = client_for(people["rowner"])
    assert c.get(reverse("review_screen", args=[review_a.pk, "risk_of_bias"])).status_code == 404


@pytest.mark.django_db
def test_members_are_never_deleted(review_a):
    from laktasi.web.audittrail.models import ClinicalRecordError

    with pytest.raises(ClinicalRecordError):
        review_a.members.first().delete()
    with pytest.raises(ClinicalRecordError):
        ReviewMember.objects.filter(review=review_a).delete()
