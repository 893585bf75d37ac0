"""Variable and value labels of the exported table (the .sav file carries them), in the exporter's language."""

from __future__ import annotations

import re

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from laktasi.web.exports.tables import Labels
from laktasi.web.studies.models import Study
from laktasi.web.visits.models import DELIVERY_MODES, PERFORMERS, STATUSES

PER_DAY = re.compile(r"^(?P<name>[a-z_0-9]+?)_d(?P<day>\d+)$")


def _fixed() -> dict[str, str]:
    return {
        "id": _("Study ID"), "arm": _("Arm"), "status": _("Status"), "stratum": _("Stratum"),
        "parity": _("Parity (live births including this one)"), "delivery_mode": _("Delivery mode"),
        "consent": _("Informed consent given"), "name": _("Mother's name"), "phone": _("Phone"),
        "address": _("Address"), "delivered_at": _("Delivery date and time"),
        "withdrawal_reason": _("Reason for withdrawal"),
        "volume_pre": _("Expressed volume (ml), pretest"), "volume_post": _("Expressed volume (ml), posttest"),
        "kelancaran_pre": _("Kelancaran category, pretest"), "kelancaran_post": _("Kelancaran category, posttest"),
        "rule_version": _("Version of the classification rule"),
    }


def _per_day() -> dict[str, str]:
    return {
        "hours_postpartum": _("Hours postpartum, day %(day)s visit"),
        "outside_window": _("Day %(day)s visit outside its day's window (kept and flagged)"),
        "performer": _("Massage performed by, day %(day)s"),
        "checklist_done": _("Checklist steps done, day %(day)s"),
        "massage_minutes": _("Massage minutes, day %(day)s"),
        "adverse_event": _("Adverse event reported, day %(day)s"),
        "volume": _("Expressed volume (ml), day %(day)s"),
        "kelancaran": _("Kelancaran category, day %(day)s"),
        "breast_full": _("Breasts feel full/tense, day %(day)s"),
        "milk_dripping": _("Milk drips before feeding, day %(day)s"),
        "letdown_felt": _("Let-down felt, day %(day)s"),
        "feeds_24h": _("Feeds in 24 h, day %(day)s"),
        "urine_24h": _("Wet nappies in 24 h, day %(day)s"),
        "visited_at": _("Date and time of the visit, day %(day)s"),
        "adverse_events": _("Adverse events, day %(day)s"),
        "notes": _("Notes, day %(day)s"),
    }


def sav_labels(study: Study, columns: list[str]) -> Labels:
    fixed, per_day = _fixed(), _per_day()
    variables: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    order: dict[str, list[str]] = {}
    arms = [a.name for a in study.arms.all()]
    levels = list(study.classification_levels)
    coded = {
        "arm": (arms, {a: a for a in arms}),
        "status": ([k for k, _v in STATUSES], {k: str(v) for k, v in STATUSES}),
        "delivery_mode": ([k for k, _v in DELIVERY_MODES], {k: str(v) for k, v in DELIVERY_MODES}),
        "performer": ([k for k, _v in PERFORMERS], {k: str(v) for k, v in PERFORMERS}),
        "kelancaran": (levels, {lv: lv for lv in levels}),
    }
    for col in columns:
        m = PER_DAY.match(col)
        base = m.group("name") if m else col
        if col in fixed:
            variables[col] = fixed[col]
        elif m and base in per_day:
            variables[col] = per_day[base] % {"day": m.group("day")}
        key = "kelancaran" if base.startswith("kelancaran") else base
        if key in coded:
            order[col], values[col] = coded[key][0], coded[key][1]
    lang = "en" if (get_language() or "id").startswith("en") else "id"
    return Labels(variables=variables, values=values, order=order, lang=lang)
