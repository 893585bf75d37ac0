"""A demo study with synthetic, clearly labelled mothers (``laktasi serve --demo``, tests, screenshots)."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from laktasi.web.accounts.models import Profile
from laktasi.web.studies.models import MIDWIFE, Membership, Study
from laktasi.web.studies.services import create_study
from laktasi.web.visits import services

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def synthetic_frame(rng: np.random.Generator, n_per_arm: int) -> pd.DataFrame:
    """Synthetic volumes shaped like the seed study (the trial library's generator)."""
    from laktasi.trial.demo import demo_frame

    return demo_frame(rng, n_per_arm=n_per_arm)


def ensure_user(username: str, password: str, lang: str = "id") -> User:
    User = get_user_model()
    user, _created = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    Profile.objects.update_or_create(user=user, defaults={"language": lang})
    return user


@transaction.atomic
def create_demo(*, n_per_arm: int = 12, seed: int = 2024, owner_password: str | None = None,
                midwife_password: str | None = None, pending: int = 3, now: dt.datetime | None = None,
                ) -> tuple[Study, dict[str, str]]:
    """Create (or recreate users for) the demo study; returns it and the logins {username: password}.

    Every mother but the last ``pending`` has both visits recorded; those last ones delivered recently,
    so today's list has work on it.
    """
    now = now or timezone.now()
    rng = np.random.default_rng(seed)
    logins = {"demo": owner_password or secrets.token_urlsafe(9), "bidan": midwife_password or secrets.token_urlsafe(9)}
    owner = ensure_user("demo", logins["demo"])
    midwife = ensure_user("bidan", logins["bidan"])
    study = create_study(
        owner, arms=[("intervensi", False, n_per_arm + 3), ("kontrol", True, n_per_arm + 3)],
        name="DEMO — Pijat oksitosin dan volume ASI (data sintetis)", design="quasi_two_arm",
        planned_n=2 * (n_per_arm + 3), time_zone="Asia/Jakarta", visit_days=[1, 3], allocation="total_sampling",
        is_demo=True,
    )
    Membership.objects.get_or_create(study=study, user=midwife, defaults={"role": MIDWIFE})
    frame = synthetic_frame(rng, n_per_arm)
    arms = {a.name: a for a in study.arms.all()}
    items = list(study.checklist.all())
    names = ["Ibu Sari", "Ibu Dewi", "Ibu Rina", "Ibu Wati", "Ibu Lestari", "Ibu Fitri", "Ibu Ayu", "Ibu Nur"]
    # the mothers still waiting for visits: the last ones of each arm, alternately
    by_arm = [list(frame.index[frame["arm"] == a]) for a in frame["arm"].unique()]
    waiting = {rows[-1 - k // len(by_arm)] for k, rows in
               ((k, by_arm[k % len(by_arm)]) for k in range(pending)) if k // len(by_arm) < len(rows)}
    for i, row in enumerate(frame.itertuples(index=False)):
        arm = arms[str(row.arm)] if str(row.arm) in arms else list(arms.values())[i % 2]
        recent = frame.index[i] in waiting
        delivered = now - (dt.timedelta(hours=int(rng.integers(3, 20))) if recent
                           else dt.timedelta(days=int(rng.integers(4, 30)), hours=int(rng.integers(0, 23))))
        p = services.enrol(study, midwife, delivered_at=delivered, parity=int(rng.integers(1, 4)),
                           delivery_mode=str(rng.choice(["spontaneous", "spontaneous", "caesarean"])), consent=True,
                           name=f"{names[i % len(names)]} (sintetis {i + 1})", phone="0800-0000-0000",
                           address="Alamat sintetis", arm=arm)
        if recent:
            continue
        # the volume columns are float64 (NaN where missing); itertuples types its fields as any scalar
        for day, volume in ((1, cast(float, row.volume_pre)), (3, cast(float, row.volume_post))):
            at = delivered + dt.timedelta(hours=24 * (day - 1) + int(rng.integers(4, 20)))
            ticks = tuple((it.pk, True, Decimal(str(rng.integers(3, 6))) if it.records_minutes else None)
                          for it in items)
            services.save_visit(p, midwife, services.VisitInput(
                day=day, visited_at=at, volume_ml=None if pd.isna(volume) else Decimal(str(round(float(volume), 1))),
                breast_full=bool(rng.random() < 0.6), feeds_24h=int(rng.integers(6, 12)), ticks=ticks))
    return study, logins
