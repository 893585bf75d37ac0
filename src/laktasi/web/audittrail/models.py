"""Audited clinical records and the audit events they write.

Every clinical model derives from :class:`AuditedModel`. Its ``save(by=user, reason=...)`` is the only way
to write one: it records who, when and old → new in the same transaction, demands a reason for any edit
after the first entry, and refuses deletion; the query-set paths that would bypass ``save`` (``update``,
``delete``, ``bulk_create``, ``bulk_update``) raise instead.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from laktasi.web.audittrail.reasons import shown


class ClinicalRecordError(RuntimeError):
    """A write that would escape the audit trail (bulk update, deletion)."""


_M = TypeVar("_M", bound=models.Model)


class AuditedQuerySet(models.QuerySet[_M]):
    def delete(self) -> NoReturn:
        raise ClinicalRecordError("clinical records are never deleted; withdraw the participant instead")

    def update(self, **kwargs: Any) -> NoReturn:
        raise ClinicalRecordError("clinical records change only through save(by=..., reason=...)")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ClinicalRecordError("clinical records are created one by one through save(by=...)")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ClinicalRecordError("clinical records change only through save(by=..., reason=...)")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # one instant, one text: a value typed in the study's zone and the same value read back from the
        # database (UTC) must compare equal, or re-saving unchanged would record a change
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def _entity(record: models.Model) -> str:
    name = record._meta.model_name
    assert name is not None  # Options sets it for every model class; None only before that
    return name


class AuditedModel(models.Model):
    audit_exclude: tuple[str, ...] = ("created_at", "updated_at")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True

    # subclasses say which study the record belongs to
    def audit_study_id(self) -> int:
        raise NotImplementedError

    def _audit_values(self) -> dict[str, Any]:
        return {
            f.attname: _jsonable(getattr(self, f.attname))
            for f in self._meta.concrete_fields
            if not f.primary_key and f.name not in self.audit_exclude
        }

    def save(self, *args: Any, by: Any = None, reason: str = "", **kwargs: Any) -> None:
        if by is None or not getattr(by, "is_authenticated", False):
            raise ClinicalRecordError(f"{type(self).__name__}.save needs by=<the user making the change>")
        reason = (reason or "").strip()
        with transaction.atomic():
            new = self._audit_values()
            if self.pk is None:
                super().save(*args, **kwargs)
                changes = {k: [None, v] for k, v in new.items() if v not in (None, "")}
                action = "create"
            else:
                old_obj = type(self)._base_manager.select_for_update().get(pk=self.pk)
                old = old_obj._audit_values()
                changes = {k: [old[k], v] for k, v in new.items() if old.get(k) != v}
                if not changes:
                    return
                if not reason:
                    raise ValidationError(
                        _("A reason is required to change a record after its first entry."), code="reason_required"
                    )
                super().save(*args, **kwargs)
                action = "update"
            AuditEvent.objects.create(
                study_id=self.audit_study_id(),
                user=by,
                entity=_entity(self),
                object_id=str(self.pk),
                action=action,
                changes=changes,
                reason=reason,
            )

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ClinicalRecordError("clinical records are never deleted; withdraw the participant instead")

    @classmethod
    def create_all(cls, objs: list[Any], *, by: Any) -> list[Any]:
        """First entry of several records at once (one INSERT each for the records and their audit events).

        Same audit as ``save(by=...)`` record by record; used for a visit's checklist ticks.
        """
        if by is None or not getattr(by, "is_authenticated", False):
            raise ClinicalRecordError(f"{cls.__name__}.create_all needs by=<the user making the change>")
        if any(o.pk is not None for o in objs):
            raise ClinicalRecordError("create_all is for new records only")
        with transaction.atomic():
            created = models.QuerySet.bulk_create(cls._base_manager.all(), objs)
            AuditEvent.objects.bulk_create([
                AuditEvent(study_id=o.audit_study_id(), user=by, entity=_entity(o), object_id=str(o.pk),
                           action="create", changes={k: [None, v] for k, v in o._audit_values().items()
                                                     if v not in (None, "")})
                for o in created
            ])
        return created


class AuditEvent(models.Model):
    study = models.ForeignKey("studies.Study", on_delete=models.PROTECT, related_name="audit_events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    entity = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    action = models.CharField(max_length=12)  # create | update
    changes = models.JSONField(default=dict)  # field -> [old, new]
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["study", "entity", "object_id"])]

    @property
    def reason_shown(self) -> str:
        """The reason in the current language (the app's own reasons are stored in English)."""
        return shown(self.reason)
