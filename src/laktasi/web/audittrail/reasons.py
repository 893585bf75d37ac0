"""Reasons the app writes into the audit trail by itself.

They are stored in English (the message id) and shown in each reader's language, so an owner reading in
English and a midwife reading in Indonesian see the same event in their own words; a reason a person typed
is shown as typed.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

ALL_VISITS_RECORDED = gettext_noop("all scheduled visits recorded")
UNLOCKED = gettext_noop("login unlocked by an owner after too many failed logins")
RULE_CHANGED = gettext_noop("category recomputed under the changed classification rule")
OUTCOME_MISSING = gettext_noop("a scheduled visit lacks the expressed volume (the primary outcome)")
AUTOMATIC = frozenset({ALL_VISITS_RECORDED, UNLOCKED, RULE_CHANGED, OUTCOME_MISSING})


def shown(reason: str) -> str:
    """The reason as the current language shows it (a typed reason with an automatic one in brackets: both)."""
    if reason in AUTOMATIC:
        return gettext(reason)
    for auto in AUTOMATIC:
        if reason.endswith(f" ({auto})"):
            return f"{reason[: -len(auto) - 3]} ({gettext(auto)})"
    return reason
