"""Who may see a mother's name, phone and address (REDCap-style identifier rights), and the record of each look.

- An owner sees every mother's identifying record (and edits it).
- A midwife sees those of the mothers she visits — she enrolled her or recorded one of her visits — because
  she must find the house; not the others'.
- Researchers and viewers never see them (their exports are pseudonymised too).
Every time an identifying record is shown, an audit event ``view`` names who saw whose record, when.
"""

from __future__ import annotations

from typing import Any

from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.studies.models import MIDWIFE, Membership
from laktasi.web.visits.models import IdentifyingRecord, Participant


def may_see_identity(membership: Membership, participant: Participant) -> bool:
    if membership.can("identify"):
        return True
    if membership.role != MIDWIFE:
        return False
    user_id = membership.user_id
    return participant.enrolled_by_id == user_id or participant.visits.filter(recorded_by_id=user_id).exists()


def identity_for(membership: Membership, participant: Participant, by: Any) -> IdentifyingRecord | None:
    """The identifying record if ``membership`` may see it — the look recorded in the audit trail."""
    if not may_see_identity(membership, participant):
        return None
    record = IdentifyingRecord.objects.filter(participant=participant).first()
    if record is not None:
        AuditEvent.objects.create(study_id=participant.study_id, user=by, entity="identifyingrecord",
                                  object_id=str(record.pk), action="view", changes={})
    return record
