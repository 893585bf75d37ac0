"""A likely duplicate mother: the same study, a (nearly) same name, and the same delivery date or phone.

Checked before an enrolment is saved; the midwife sees the study IDs it may duplicate and confirms to enrol
anyway (twins' mothers are not a thing, but two mothers may share a name — hence a question, not a refusal).
Names are compared after case, spacing and common honorifics are removed, with rapidfuzz's token-sort ratio,
so "Siti  Aminah" and "ibu siti aminah" match and a one-letter typo still does.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz

from laktasi.web.studies.models import Study
from laktasi.web.visits.models import IdentifyingRecord, Participant

NAME_SIMILARITY = 90  # rapidfuzz token_sort_ratio, 0–100
_HONORIFICS = {"ibu", "ny", "nyonya", "bu", "mrs", "ms"}


def normalise_name(name: str) -> str:
    words = re.sub(r"[^\w\s]", " ", name.casefold()).split()
    return " ".join(w for w in words if w not in _HONORIFICS)


def phone_digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    # +62 812… and 0812… are the same Indonesian number
    return "0" + digits[2:] if digits.startswith("62") else digits


def likely_duplicates(study: Study, name: str, delivered_at: dt.datetime, phone: str = "") -> list[Participant]:
    """Mothers of ``study`` that the new enrolment probably repeats (oldest first)."""
    target = normalise_name(name)
    if not target:
        return []
    tz = ZoneInfo(study.time_zone)
    day = delivered_at.astimezone(tz).date()
    digits = phone_digits(phone)
    found = []
    records = (IdentifyingRecord.objects.filter(participant__study=study)
               .select_related("participant").order_by("participant__code"))
    for rec in records:
        if fuzz.token_sort_ratio(target, normalise_name(rec.name)) < NAME_SIMILARITY:
            continue
        same_day = rec.participant.delivered_at.astimezone(tz).date() == day
        same_phone = len(digits) >= 6 and phone_digits(rec.phone) == digits
        if same_day or same_phone:
            found.append(rec.participant)
    return found
