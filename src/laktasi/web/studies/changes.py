"""Changes to a study's design after it exists: audited (who, when, old → new, why), a reason required once
data exist, and the classification rule versioned so exports and the report always apply the same rule."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from laktasi.web.audittrail.reasons import RULE_CHANGED
from laktasi.web.audittrail.study_log import diff, log_study_change
from laktasi.web.studies.models import Arm, Study

TRACKED = ("name", "design", "planned_n", "time_zone", "visit_days", "visit_window_hours", "allocation",
           "block_sizes", "stratify_by", "random_seed", "id_prefix", "classification_levels",
           "classification_cutpoints")
RULE_FIELDS = ("classification_levels", "classification_cutpoints")


def snapshot(study: Study, arms: list[tuple[str, bool, int]] | None = None) -> dict[str, Any]:
    values = {f: getattr(study, f) for f in TRACKED}
    if arms is None:
        arms = [(a.name, a.is_reference, a.target_n) for a in study.arms.all()] if study.pk else []
    values["arms"] = [f"{name}{' (ref)' if ref else ''}: {target}" for name, ref, target in arms]
    return values


def pending_changes(before: dict[str, Any], study: Study, arms: list[tuple[str, bool, int]] | None) -> dict[str, list[Any]]:
    return diff(before, snapshot(study, arms))


@transaction.atomic
def save_design(study: Study, by: Any, changes: dict[str, list[Any]], reason: str,
                arms: list[tuple[str, bool, int]] | None) -> None:
    """Save ``study`` (already changed in memory), its arms while nobody is enrolled, the audit event, and,
    when the rule changed, a new rule version with every stored category recomputed under it."""
    rule_changed = any(f in changes for f in RULE_FIELDS)
    if rule_changed:
        changes["rule_version"] = [study.rule_version, study.rule_version + 1]
        study.rule_version += 1
    study.save()
    if arms is not None and not study.participants.exists():
        names = [r[0] for r in arms]
        study.arms.exclude(name__in=names).delete()
        for i, (name, ref, target) in enumerate(arms):
            Arm.objects.update_or_create(study=study, name=name,
                                         defaults={"is_reference": ref, "target_n": target, "order": i})
    log_study_change(study, by, "study", study.pk, "update", changes, reason)
    if rule_changed:
        recompute_categories(study, by, reason)


def recompute_categories(study: Study, by: Any, reason: str) -> int:
    """Every measurement's stored category under the study's current rule (each change audited)."""
    from laktasi.web.visits.models import Measurement

    text = RULE_CHANGED if not reason else f"{reason} ({RULE_CHANGED})"
    n = 0
    for m in Measurement.objects.filter(visit__participant__study=study):
        category = study.classify(float(m.volume_ml) if m.volume_ml is not None else None)
        if category != m.category:
            m.category = category
            m.save(by=by, reason=text)
            n += 1
    return n


def may_create_studies(user: Any) -> bool:
    """``LAKTASI_STUDY_CREATORS``: ``anyone`` (default), ``staff``, or user names (comma-separated)."""
    rule = settings.LAKTASI_STUDY_CREATORS
    if rule == "anyone":
        return True
    if rule == "staff":
        return bool(user.is_staff or user.is_superuser)
    return user.get_username() in {n.strip() for n in rule.split(",") if n.strip()}
