"""The study's data as one wide table (one row per mother) — what analysis and exports start from.

Pseudonymised by default (design.md): no names, phone numbers, addresses, free-text notes or calendar
dates; times become hours postpartum; the study ID stays. ``identified=True`` (owners only) adds them.
"""

from __future__ import annotations

from typing import SupportsFloat
from zoneinfo import ZoneInfo

import pandas as pd

from laktasi.web.studies.models import Study
from laktasi.web.visits.models import Participant, Visit


def _flt(x: SupportsFloat | None) -> float | None:
    return None if x is None else float(x)


def study_frame(study: Study, *, identified: bool = False, include_withdrawn: bool = True) -> pd.DataFrame:
    """Wide table: ``id, arm, …, volume_d<day>…, volume_pre, volume_post, kelancaran_pre, kelancaran_post``.

    ``volume_pre`` is the expressed volume at the first scheduled day, ``volume_post`` at the last.
    """
    tz = ZoneInfo(study.time_zone)
    days = list(study.visit_days)
    participants = Participant.objects.filter(study=study).select_related("arm").order_by("code")
    if not include_withdrawn:
        participants = participants.exclude(status="withdrawn")
    if identified:
        participants = participants.select_related("identity")
    visits: dict[int, dict[int, Visit]] = {}
    qs = (
        Visit.objects.filter(participant__study=study)
        .select_related("measurement")
        .prefetch_related("ticks")
    )
    for visit in qs:
        visits.setdefault(visit.participant_id, {})[visit.day] = visit
    rows = []
    for p in participants:
        row: dict[str, object] = {
            "id": p.code,
            "arm": p.arm.name if p.arm else None,
            "status": p.status,
            "stratum": p.stratum or None,
            "parity": p.parity,
            "delivery_mode": p.delivery_mode,
            "consent": p.consent,
        }
        if identified:
            ident = getattr(p, "identity", None)
            row.update({
                "name": ident.name if ident else None,
                "phone": ident.phone if ident else None,
                "address": ident.address if ident else None,
                "delivered_at": p.delivered_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                "withdrawal_reason": p.status_reason or None,
            })
        for d in days:
            v = visits.get(p.pk, {}).get(d)
            m = getattr(v, "measurement", None) if v is not None else None
            ticks = list(v.ticks.all()) if v is not None else []
            row.update({
                f"hours_postpartum_d{d}": round(v.hours_postpartum, 2) if v is not None else None,
                f"outside_window_d{d}": bool(v.window_flag) if v is not None else None,
                f"performer_d{d}": v.performer if v is not None else None,
                f"checklist_done_d{d}": sum(t.done for t in ticks) if v is not None else None,
                f"massage_minutes_d{d}": (
                    sum(float(t.minutes) for t in ticks if t.minutes is not None) if ticks else None
                ),
                f"adverse_event_d{d}": bool(v.adverse_events.strip()) if v is not None else None,
                f"volume_d{d}": _flt(m.volume_ml) if m is not None else None,
                f"kelancaran_d{d}": (m.category or None) if m is not None else None,
                f"breast_full_d{d}": m.breast_full if m is not None else None,
                f"milk_dripping_d{d}": m.milk_dripping if m is not None else None,
                f"letdown_felt_d{d}": m.letdown_felt if m is not None else None,
                f"feeds_24h_d{d}": m.feeds_24h if m is not None else None,
                f"urine_24h_d{d}": m.urine_24h if m is not None else None,
            })
            if identified:
                row[f"visited_at_d{d}"] = v.visited_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if v else None
                row[f"adverse_events_d{d}"] = v.adverse_events if v is not None else None
                row[f"notes_d{d}"] = v.notes if v is not None else None
        row["volume_pre"] = row[f"volume_d{days[0]}"]
        row["volume_post"] = row[f"volume_d{days[-1]}"]
        row["kelancaran_pre"] = row[f"kelancaran_d{days[0]}"]
        row["kelancaran_post"] = row[f"kelancaran_d{days[-1]}"]
        row["rule_version"] = study.rule_version  # the kelancaran columns follow this version of the rule
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = pd.DataFrame(columns=["id", "arm", "volume_pre", "volume_post", "kelancaran_pre", "kelancaran_post"])
    for col in frame.columns:
        if col.startswith(("volume_", "hours_postpartum_", "massage_minutes_")):
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    return frame


def analysis_frame(study: Study) -> pd.DataFrame:
    """The columns the analysis reads (id, arm, volume pre/post), mothers not withdrawn."""
    frame = study_frame(study, include_withdrawn=False)
    return frame[["id", "arm", "volume_pre", "volume_post"]].reset_index(drop=True)
