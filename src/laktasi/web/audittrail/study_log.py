"""Changes to the study itself (design, rule, schedule, time zone, allocation, checklist, members, unlocks) in
the study's audit trail, beside the clinical records' events: who, when, old → new, why."""

from __future__ import annotations

from typing import Any

from laktasi.web.audittrail.models import AuditEvent, _jsonable


def log_study_change(study: Any, by: Any, entity: str, object_id: Any, action: str,
                     changes: dict[str, list[Any]], reason: str = "") -> AuditEvent | None:
    """One audit event; nothing when ``changes`` is empty and the action is a plain update."""
    if not changes and action == "update":
        return None
    return AuditEvent.objects.create(
        study_id=study.pk, user=by, entity=entity, object_id=str(object_id), action=action,
        changes={k: [_jsonable(old), _jsonable(new)] for k, (old, new) in changes.items()}, reason=reason.strip())


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if _jsonable(before.get(k)) != _jsonable(v)}
