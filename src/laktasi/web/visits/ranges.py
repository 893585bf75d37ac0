"""Plausibility checks of a measurement against the package's sourced ranges (laktasi.data ranges.yaml).

Hard limits refuse a value (impossible); soft limits warn (unusual for that time postpartum).
"""

from __future__ import annotations

from dataclasses import dataclass

from laktasi.data import ranges
from laktasi.errors import Text
from laktasi.report.numbers import fmt_num


@dataclass(frozen=True)
class Check:
    errors: tuple[Text, ...]
    warnings: tuple[Text, ...]


def _n(x: float) -> tuple[str, str]:
    digits = 0 if float(x).is_integer() else 1
    return fmt_num(float(x), digits, "en"), fmt_num(float(x), digits, "id")


def check_value(measure: str, value: float | None, hours: float | None) -> Check:
    """Errors and warnings for ``value`` of ``measure`` (a key of ranges.yaml) at ``hours`` postpartum.

    >>> check_value("expressed_volume", 500, 30).errors[0].en
    'milk volume per expression session 500 ml is impossible (allowed 0 to 400 ml)'
    >>> check_value("expressed_volume", 45, 10).warnings[0].en[:40]
    'milk volume per expression session 45 ml'
    """
    if value is None:
        return Check((), ())
    entry = ranges()[measure]
    label, unit = entry["label"], entry.get("unit", "")
    unit_s = "" if unit == "count" else f" {unit}"
    v_en, v_id = _n(value)
    errors: list[Text] = []
    warnings: list[Text] = []
    lo, hi = entry.get("hard_min"), entry.get("hard_max")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        lo_en, lo_id = _n(lo)
        hi_en, hi_id = _n(hi)
        errors.append(Text(
            en=f"{label['en']} {v_en}{unit_s} is impossible (allowed {lo_en} to {hi_en}{unit_s})",
            id=f"{label['id']} {v_id}{unit_s} tidak mungkin (yang diizinkan {lo_id} sampai {hi_id}{unit_s})",
        ))
        return Check(tuple(errors), ())
    above = entry.get("warn_above_default")
    if hours is not None:
        for band in entry.get("warn_above", []):
            if band["from_hours"] <= hours < band["to_hours"]:
                above = band["value"]
                break
    if above is not None and value > above:
        a_en, a_id = _n(above)
        h_en, h_id = _n(hours) if hours is not None else ("?", "?")
        warnings.append(Text(
            en=f"{label['en']} {v_en}{unit_s} is unusually high at {h_en} h postpartum (usually at most {a_en}{unit_s})"
               f" — check the measurement",
            id=f"{label['id']} {v_id}{unit_s} luar biasa tinggi pada {h_id} jam postpartum (biasanya paling banyak "
               f"{a_id}{unit_s}) — periksa kembali pengukuran",
        ))
    below = entry.get("warn_below_default")
    banded = False
    if hours is not None:  # day-appropriate: e.g. one wet nappy is normal on day 1, six from day 6
        for band in entry.get("warn_below", []):
            if band["from_hours"] <= hours < band["to_hours"]:
                below, banded = band["value"], True
                break
    if below is not None and value < below:
        b_en, b_id = _n(below)
        day = int(hours // 24) + 1 if hours is not None and hours >= 0 else None
        when_en = f" on day {day}" if banded and day else ""
        when_id = f" pada hari ke-{day}" if banded and day else ""
        src_en = f" ({entry['warn_below_source']})" if entry.get("warn_below_source") else ""
        src_id = f" ({entry['warn_below_source_id']})" if entry.get("warn_below_source_id") else ""
        warnings.append(Text(
            en=f"{label['en']} {v_en} is below the usual {b_en}{when_en} — check the baby's intake{src_en}",
            id=f"{label['id']} {v_id} di bawah angka biasa {b_id}{when_id} — periksa asupan bayi{src_id}",
        ))
    return Check(tuple(errors), tuple(warnings))
