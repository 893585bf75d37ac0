"""Fixtures for the web app: an owner, a midwife of the same study, an outsider (owner of another study)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from laktasi.web.studies.models import MIDWIFE, Membership
from laktasi.web.studies.services import create_study
from laktasi.web.visits import services

PASSWORD = "kata-sandi-uji-123"


@pytest.fixture(scope="session", autouse=True)
def _close_leaked_connections(django_db_setup, django_db_blocker):
    """ORM calls made while Playwright's greenlets run (browser tests) get their own context-local connections,
    which nobody closes; on PostgreSQL they would keep the test database from being dropped. Close them after
    the last test, before pytest-django drops the database (this fixture is set up after it, so torn down first)."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("select pg_terminate_backend(pid) from pg_stat_activity "
                            "where datname = current_database() and pid <> pg_backend_pid()")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2's deliberate slowness is for attackers, not for a test suite that creates hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users(db):
    User = get_user_model()
    return {name: User.objects.create_user(username=name, password=PASSWORD)
            for name in ("owner", "midwife", "outsider")}


@pytest.fixture
def study(users):
    s = create_study(users["owner"], arms=[("intervensi", False, 10), ("kontrol", True, 10)], name="Studi A",
                     design="quasi_two_arm", planned_n=20, visit_days=[1, 3])
    Membership.objects.create(study=s, user=users["midwife"], role=MIDWIFE)
    return s


@pytest.fixture
def other_study(users):
    return create_study(users["outsider"], arms=[("intervensi", False, 5), ("kontrol", True, 5)], name="Studi B",
                        design="quasi_two_arm", planned_n=10, visit_days=[1, 3])


@pytest.fixture
def mother(study, users):
    arm = study.arms.get(name="intervensi")
    return services.enrol(study, users["midwife"], delivered_at=timezone.now() - dt.timedelta(hours=30), parity=1,
                          delivery_mode="spontaneous", consent=True, name="Ibu Uji", phone="0812", address="Jl. Uji",
                          arm=arm)


@pytest.fixture
def visit(mother, users):
    return services.save_visit(mother, users["midwife"], services.VisitInput(
        day=1, visited_at=mother.delivered_at + dt.timedelta(hours=10), volume_ml=12))


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def clients(users):
    return {name: client_for(u) for name, u in users.items()}
