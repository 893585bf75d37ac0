"""The pages of the district's busiest hour (benchmarks/web_district.py) stay cheap as a study grows.

- A bounded number of database queries per page, the same for 2 mothers as for 40 (no query per row):
  today's visits, the mothers list, the dashboard, the visit form and saving a visit (pytest-django's
  ``django_assert_max_num_queries``).
- The fast paths give what the slow ones gave: the rows rendered in Python (visits/lists.py) are the markup
  the template loops produced, the dashboard's counts are those of ``study_frame``, and ``Study.classify`` is
  ``ClassificationRule.classify`` (the analysis' own rule, the independent reference).
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from laktasi.web.studies.models import CAPABILITIES
from laktasi.web.visits import services
from laktasi.web.visits.frame import study_frame
from laktasi.web.visits.lists import mother_rows, visit_rows
from laktasi.web.visits.models import Participant

pytestmark = pytest.mark.django_db

# Each page: session, user, membership with its study, then its own (today: the visits done and the active
# mothers; the dashboard: arms, two counts by arm, due visits, visits, audit events). Saving a visit: 28, of
# which 10 are savepoints of the nested transactions (idempotency key, visit, each audited record). The first
# page of a session also stores the user's language in the session: the tests open one page before counting.
MAX_QUERIES = {"today": 5, "mothers": 4, "dashboard": 10, "visit_form": 6, "save_visit": 28}


def _mothers(study, user, n: int, *, visits: bool = True) -> list[Participant]:
    """``n`` mothers delivered 2, 26 or 50 hours ago (each has a visit due), every second one with day 1
    recorded (measurement and every checklist tick), one of them withdrawn."""
    now = timezone.now()
    arms = list(study.arms.all())
    items = list(study.checklist.all())
    out = []
    for k in range(n):
        p = services.enrol(study, user, delivered_at=now - dt.timedelta(hours=2 + 24 * (k % 3), minutes=k),
                           parity=1 + k % 3, delivery_mode="spontaneous", consent=True, name=f"Ibu {k}",
                           arm=arms[k % 2])
        if visits and k % 2 and k % 3:
            services.save_visit(p, user, services.VisitInput(
                day=1, visited_at=p.delivered_at + dt.timedelta(hours=3), volume_ml=8 + k,
                ticks=tuple((i.pk, True, None) for i in items)))
        out.append(p)
    if n > 4:
        services.withdraw(out[4], user, "pindah")
    return out


def _pages(study, mother) -> dict[str, str]:
    return {"today": reverse("today", args=[study.pk]), "mothers": reverse("participants", args=[study.pk]),
            "dashboard": reverse("dashboard", args=[study.pk]),
            "visit_form": reverse("visit_new", args=[study.pk, mother.pk, 1])}


@pytest.mark.parametrize("n", [2, 40])
def test_pages_of_the_busiest_hour_use_a_bounded_number_of_queries(clients, study, users, n,
                                                                  django_assert_max_num_queries):
    mothers = _mothers(study, users["midwife"], n)
    fresh = next(p for p in mothers if not p.visits.exists() and p.status == "active")
    for who in ("midwife", "owner"):
        client = clients[who]
        client.get(reverse("today", args=[study.pk]))  # the session's first page stores the language once
        for kind, url in _pages(study, fresh).items():
            with django_assert_max_num_queries(MAX_QUERIES[kind]):
                assert client.get(url).status_code == 200, (who, kind)


@pytest.mark.parametrize("n", [2, 40])
def test_saving_a_visit_uses_a_bounded_number_of_queries(clients, study, users, n, django_assert_max_num_queries):
    mothers = _mothers(study, users["midwife"], n)
    fresh = next(p for p in mothers if not p.visits.exists() and p.status == "active")
    client = clients["midwife"]
    client.get(reverse("today", args=[study.pk]))
    at = timezone.localtime(fresh.delivered_at + dt.timedelta(hours=1), ZoneInfo(study.time_zone))
    data = {"visited_at": at.strftime("%Y-%m-%dT%H:%M"), "performer": "midwife", "volume_ml": "12,5",
            "feeds_24h": "9", "urine_24h": "6", "idempotency_key": uuid.uuid4().hex,
            **{f"tick_{i.pk}": "on" for i in study.checklist.all()}}
    with django_assert_max_num_queries(MAX_QUERIES["save_visit"]):
        r = client.post(reverse("visit_new", args=[study.pk, fresh.pk, 1]), data)
    assert r.status_code == 302 and r["Location"] == reverse("today", args=[study.pk])
    visit = fresh.visits.get()
    assert float(visit.measurement.volume_ml) == 12.5 and visit.ticks.filter(done=True).count() == len(data) - 6


# The template loops the rows replaced, verbatim: the reference for the markup (offline.js reads these lists).
TODAY_LOOP = """{% load i18n %}{% for r in rows %}<li{% if overdue %} class="overdue"{% endif %}>
  <span><strong>{{ r.participant.code }}</strong> · {{ r.participant.arm.name }}<br><span class="muted">{{ r.label }} · {{ r.window }}</span></span>
  {% if can.enter %}<a class="btn" href="{{ r.url }}">{% translate "Record" %}</a>{% endif %}
</li>{% endfor %}"""
MOTHERS_LOOP = """{% load i18n %}{% for p in rows %}<tr><td><a class="row-link" href="{% url 'participant' study.pk p.pk %}">{{ p.code }}</a></td><td><span class="status status-{{ p.status }}">{{ p.get_status_display }}</span></td>
<td>{{ p.visits.all|length }} / {{ study.visit_days|length }}<div class="muted narrow-only">{{ p.arm }}</div></td><td class="wide-only">{{ p.arm }}</td><td class="wide-only">{{ p.delivered_at|date:"d M Y H:i" }}</td></tr>
{% endfor %}"""


@pytest.mark.parametrize("lang", ["id", "en"])
def test_rows_rendered_in_python_are_the_template_loops_markup(study, users, lang):
    _mothers(study, users["midwife"], 12)
    weird = Participant.objects.order_by("code").first()
    arm = weird.arm
    arm.name = 'A&B <"arm">'  # escaped as the template escaped it
    arm.save()
    due, overdue = services.due_visits(study)
    due = due + overdue
    assert len(due) > 10
    for i, row in enumerate(due):
        row.update(label=f"Hari {row['day']}", window=f"{row['start']:%d/%m %H:%M}–{row['end']:%d/%m %H:%M}",
                   url=f"/s/{study.pk}/m/{row['participant'].pk}/day/{row['day']}/?x=<{i}>")
    with translation.override(lang):
        for role in ("owner", "viewer"):
            can = {c: True for c in CAPABILITIES[role]}
            for late in (False, True):
                expected = Template(TODAY_LOOP).render(Context({"rows": due, "overdue": late, "can": can}))
                assert visit_rows(due, overdue=late, can_enter="enter" in can) == expected
        rows = list(Participant.objects.filter(study=study).select_related("arm").prefetch_related("visits"))
        rows[1].arm = None  # shown as "None", as {{ p.arm }} did
        for p in rows:
            p.n_visits = len(p.visits.all())
        with timezone.override(ZoneInfo("Asia/Makassar")):
            expected = Template(MOTHERS_LOOP).render(Context({"rows": rows, "study": study}))
            assert mother_rows(rows, base=f"/s/{study.pk}/", visit_days=len(study.visit_days)) == expected
    assert "A&amp;B &lt;&quot;arm&quot;&gt;" in expected


def test_dashboard_counts_are_those_of_the_study_frame(clients, study, users):
    mothers = _mothers(study, users["midwife"], 15)
    for p in mothers[:6]:  # complete pre and post for some (day 1 and day 3), one of them withdrawn later
        for day in (1, 3):
            if not p.visits.filter(day=day).exists():
                services.save_visit(p, users["midwife"], services.VisitInput(
                    day=day, visited_at=p.delivered_at + dt.timedelta(hours=24 * (day - 1) + 2),
                    volume_ml=None if p is mothers[2] else 11))
    services.withdraw(mothers[1], users["midwife"], "pindah")
    frame = study_frame(study)
    counts = services.arm_counts(study)
    for arm in study.arms.all():
        sub = frame[frame["arm"] == arm.name]
        expected = (int((sub["status"] != "withdrawn").sum()), int((sub["status"] == "withdrawn").sum()),
                    int((sub["volume_pre"].notna() & sub["volume_post"].notna()).sum()))
        assert counts.get(arm.pk, (0, 0, 0)) == expected
    assert sum(c[2] for c in counts.values()) == 5 and sum(c[1] for c in counts.values()) == 2
    page = clients["owner"].get(reverse("dashboard", args=[study.pk])).content.decode()
    assert f"{5} ({round(100 * 5 / 13)}%)" in page  # complete (percent of the 13 not withdrawn)


def test_classify_is_the_analysis_rule(study):
    study.classification_cutpoints = [10.0, 20.5]
    rule = study.rule()
    values = [0.0, 9.9, 10.0, 10.05, 20.4, 20.5, 20.6, 1e6, -1.0, math.nan]
    expected = rule.classify(pd.Series(values))
    for value, want in zip(values, expected, strict=True):
        assert study.classify(value) == ("" if pd.isna(want) else str(want))
    assert study.classify(None) == "" and study.classify(10) == "cukup lancar"


def test_a_midwife_sees_the_whole_study_on_todays_list(clients, study, users):
    """Unchanged behaviour: today's list names every active mother's due visit, whoever enrolled her."""
    mine = _mothers(study, users["midwife"], 3, visits=False)
    theirs = _mothers(study, users["owner"], 2, visits=False)
    page = clients["midwife"].get(reverse("today", args=[study.pk])).content.decode()
    for p in mine + theirs:
        assert f"/s/{study.pk}/m/{p.pk}/day/1/" in page and p.code in page


def test_the_mothers_list_counts_each_mothers_visits(clients, study, users):
    mothers = _mothers(study, users["midwife"], 9)
    services.save_visit(mothers[1], users["midwife"], services.VisitInput(
        day=3, visited_at=mothers[1].delivered_at + dt.timedelta(hours=50), volume_ml=14))
    page = clients["owner"].get(reverse("participants", args=[study.pk])).content.decode()
    counts = [p.visits.count() for p in mothers]
    assert sorted(set(counts)) == [0, 1, 2]
    for p, n in zip(mothers, counts, strict=True):
        assert f'href="/s/{study.pk}/m/{p.pk}/">{p.code}</a>' in page
        row = page[page.index(f">{p.code}</a>"):]
        assert row[:row.index("</tr>")].count(f"<td>{n} / {len(study.visit_days)}<div") == 1
