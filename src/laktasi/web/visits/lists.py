"""The long lists of the midwife's day (today's visits) and of the study (mothers), rendered in Python.

These two pages are the ones a district server serves most (every midwife opens today's list before each
visit; owners keep the mothers list open), and each lists every mother of the study. Rendered row by row in a
Django template loop, a list of a few hundred rows cost 20–40 ms of CPU per request (variable lookups, the
translate tag and the ``date`` filter inside the loop, a ``{% url %}`` per row): most of a request's time on a
2-core server under the busiest hour's load (benchmarks/web_district.py). Here each row is one f-string with
every value escaped (``html.escape``, as Django's autoescape does); the words and month names are translated
once per page, not once per row. The markup is the one the templates used to produce (offline.js reads it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape
from typing import Any

from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from laktasi.web.visits.models import STATUSES, Participant


def visit_rows(rows: Iterable[dict[str, Any]], *, overdue: bool, can_enter: bool) -> SafeString:
    """``<li>`` items of today's list: study ID · arm, the day and its window, the Record button."""
    css = ' class="overdue"' if overdue else ""
    record = escape(_("Record"))
    arms: dict[int | None, str] = {}  # escaped once per arm, not once per row
    out = []
    for r in rows:
        p = r["participant"]
        arm = arms.get(p.arm_id)
        if arm is None:
            arm = arms[p.arm_id] = escape(p.arm.name) if p.arm is not None else ""
        button = f'<a class="btn" href="{escape(r["url"])}">{record}</a>' if can_enter else ""
        out.append(f'<li{css}>\n  <span><strong>{escape(p.code)}</strong> · {arm}<br><span class="muted">'
                   f'{escape(r["label"])} · {escape(r["window"])}</span></span>\n  {button}\n</li>')
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def _date(value: dt.datetime, months: dict[int, str]) -> str:
    """``value`` as the template filter ``date:"d M Y H:i"`` shows it (current time zone, translated month)."""
    local = timezone.localtime(value)
    return f"{local.day:02d} {months[local.month]} {local.year:04d} {local.hour:02d}:{local.minute:02d}"


def mother_rows(rows: Iterable[Participant], *, base: str, visit_days: int) -> SafeString:
    """``<tr>`` rows of the mothers list; each participant carries ``n_visits`` (annotated by the query)."""
    statuses = {key: escape(str(label)) for key, label in STATUSES}
    months = {k: str(v).title() for k, v in MONTHS_3.items()}  # what the date filter's "M" shows
    out = []
    for p in rows:
        arm = escape(str(p.arm))  # as {{ p.arm }} showed it ("None" for a mother without an arm)
        status = escape(p.status)
        shown = statuses.get(p.status, status)
        out.append(f'<tr><td><a class="row-link" href="{base}m/{p.pk}/">{escape(p.code)}</a></td><td><span '
                   f'class="status status-{status}">{shown}</span></td>\n<td>{p.n_visits} / {visit_days}'  # type: ignore[attr-defined]
                   f'<div class="muted narrow-only">{arm}</div></td><td class="wide-only">{arm}</td>'
                   f'<td class="wide-only">{_date(p.delivered_at, months)}</td></tr>\n')
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
