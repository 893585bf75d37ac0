"""The district recipe (deploy/, docs/deploy.md): settings from the environment file, Argon2id password hashing
(PBKDF2 hashes still verify and are upgraded), the systemd units, and the whole stack on loopback — gunicorn
workers behind nginx with HTTPS on PostgreSQL — answering a login and an idempotent enrolment."""

from __future__ import annotations

import configparser
import gzip
import http.client
import json
import os
import re
import ssl
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher, make_password
from django.test import Client

from laktasi.web import passwords

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
sys.path.insert(0, str(DEPLOY))

from loopback import District, app_command, env_file, nginx, nginx_config  # noqa: E402

PG_URL = os.environ.get("LAKTASI_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _unit(name: str) -> configparser.ConfigParser:
    cp = configparser.ConfigParser(strict=False, interpolation=None)
    cp.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive in systemd
    cp.read(DEPLOY / "systemd" / name)
    return cp


def _required(what: str) -> None:
    reason = f"{what} not available"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + " — required when CI=true (.ci/run installs nginx-light and starts PostgreSQL)")
    pytest.skip(reason)


def test_units_run_the_workers_and_schedule_backups():
    app = _unit("laktasi.service")
    assert app["Service"]["EnvironmentFile"] == "/etc/laktasi/laktasi.env"
    assert app["Service"]["User"] == "laktasi" and app["Service"]["Restart"] == "on-failure"
    assert "--workers" in app["Service"]["ExecStart"] and "--host 127.0.0.1" in app["Service"]["ExecStart"]
    assert app_command(9999)[-8:] == ["serve", "--host", "127.0.0.1", "--port", "9999", "--workers", "4",
                                      "--threads", "4"][-8:]
    backup = _unit("laktasi-backup.service")
    assert "laktasi backup" in backup["Service"]["ExecStart"] and backup["Service"]["Type"] == "oneshot"
    timer = (DEPLOY / "systemd" / "laktasi-backup.timer").read_text()
    assert re.search(r"^OnCalendar=", timer, re.M) and "Persistent=true" in timer
    subprocess.run(["bash", "-n", str(DEPLOY / "install.sh")], check=True)


def test_settings_come_from_the_environment_file(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LAKTASI_", "DJANGO_", "PYTEST"))}
    env.update(env_file("postgresql://laktasi@/laktasi", tmp_path / "home"))
    code = ("import json, laktasi.web.settings as s; print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
            "'db': s.DATABASES['default']['NAME'], 'hosts': s.ALLOWED_HOSTS, 'secure': s.SESSION_COOKIE_SECURE, "
            "'csrf_secure': s.CSRF_COOKIE_SECURE, 'origins': s.CSRF_TRUSTED_ORIGINS, 'proxies': "
            "s.LAKTASI_TRUSTED_PROXIES, 'hasher': s.PASSWORD_HASHERS[0], 'debug': s.DEBUG}))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    s = json.loads(out.stdout)
    assert s["engine"] == "django.db.backends.postgresql" and s["db"] == "laktasi"
    assert s["hosts"] == ["localhost"] and s["secure"] and s["csrf_secure"] and s["origins"] == ["https://localhost"]
    assert s["proxies"] == ["127.0.0.1"] and s["hasher"].endswith("Argon2idHasher") and not s["debug"]


def test_argon2id_at_owasp_cost_never_below():
    h = passwords.Argon2idHasher()
    encoded = h.encode("kata-sandi", h.salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")  # OWASP: m=19 MiB, t=2, p=1
    assert h.verify("kata-sandi", encoded) and not h.verify("salah", encoded)
    code = ("from laktasi.web.passwords import Argon2idHasher as H; print(H.memory_cost, H.time_cost)")
    env = {**os.environ, "LAKTASI_ARGON2_MEMORY_KIB": "1024", "LAKTASI_ARGON2_TIME_COST": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["19456", "2"]  # lower values from the environment are not taken
    env.update(LAKTASI_ARGON2_MEMORY_KIB="65536", LAKTASI_ARGON2_TIME_COST="3")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["65536", "3"]


@pytest.mark.django_db
def test_pbkdf2_hashes_still_verify_and_are_upgraded_at_login(settings):
    settings.PASSWORD_HASHERS = passwords.PASSWORD_HASHERS  # the real ones (conftest speeds tests up with MD5)
    old = make_password("Bidan-Lama-2024", hasher=PBKDF2PasswordHasher())
    assert old.startswith("pbkdf2_sha256$1000000$")  # Django 5.2's iterations: not lowered
    user = get_user_model().objects.create(username="bidanlama", password=old)
    c = Client()
    r = c.post("/accounts/login/", {"username": "bidanlama", "password": "Bidan-Lama-2024"})
    assert r.status_code == 302
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2" and user.password.startswith("argon2$argon2id$")
    assert user.check_password("Bidan-Lama-2024")


def test_the_nginx_site_file_is_valid(tmp_path):
    binary = nginx()
    if binary is None:
        _required("nginx (Debian package nginx-light)")
    conf = nginx_config(tmp_path, 8443, 8080, 8001)
    r = subprocess.run([binary, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_nginx_drops_idle_app_connections_before_gunicorn_does():
    """A request nginx sends on a kept-alive connection that gunicorn is closing fails; a POST is then not
    retried (the phone gets 502): nginx must give idle connections up first."""
    site = (DEPLOY / "nginx" / "laktasi.conf").read_text(encoding="utf-8")
    upstream = site[site.index("upstream laktasi_app"):site.index("}", site.index("upstream laktasi_app"))]
    nginx_idle = int(re.search(r"keepalive_timeout (\d+)s;", upstream).group(1))
    workers = (REPO / "src" / "laktasi" / "cli" / "serve_workers.py").read_text(encoding="utf-8")
    gunicorn_idle = int(re.search(r'"keepalive": (\d+)', workers).group(1))
    assert "keepalive " in upstream and nginx_idle < gunicorn_idle


def _https(port: int) -> http.client.HTTPSConnection:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return http.client.HTTPSConnection("localhost", port, timeout=60, context=ctx)


def test_the_stack_on_loopback_https_workers_postgresql(tmp_path):
    """nginx (HTTPS) → `laktasi serve --workers 2` (gunicorn) → PostgreSQL: login, then one enrolment sent twice."""
    if nginx() is None:
        _required("nginx (Debian package nginx-light)")
    try:
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True, connect_timeout=3) as con:
            name = f"laktasi_deploy_{uuid.uuid4().hex[:8]}"
            con.execute(f"CREATE DATABASE {name}")
    except Exception:  # noqa: BLE001 - any failure to reach PostgreSQL
        _required("PostgreSQL at 127.0.0.1:5432")
    db_url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        district = District(tmp_path, db_url, workers=2, threads=2)
        env = {**district.env}
        # an owner, a study with the midwife in it (the app's own code, as `laktasi serve` would run it)
        setup = ("from laktasi.cli.serve import setup_django, prepare; setup_django(); prepare('127.0.0.1')\n"
                 "from django.contrib.auth import get_user_model\n"
                 "from laktasi.web.studies.services import create_study\n"
                 "from laktasi.web.studies.models import Membership, MIDWIFE\n"
                 "U = get_user_model(); o = U.objects.create_user('pemilik', password='Pemilik-Uji-2026')\n"
                 "b = U.objects.create_user('bidan', password='Bidan-Uji-2026')\n"
                 "s = create_study(o, arms=[('intervensi', False, 5), ('kontrol', True, 5)], name='S', "
                 "design='quasi_two_arm', planned_n=10, visit_days=[1, 3])\n"
                 "Membership.objects.create(study=s, user=b, role=MIDWIFE)\n"
                 "print(s.pk, s.arms.get(name='intervensi').pk)\n")
        out = subprocess.run([sys.executable, "-c", setup], env=env, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr
        study, arm = out.stdout.split()[-2:]
        with district:
            conn = _https(district.port)
            conn.request("GET", "/accounts/login/")
            r = conn.getresponse()
            page = r.read()
            assert r.status == 200 and b"csrfmiddlewaretoken" in page
            assert r.getheader("Strict-Transport-Security") == "max-age=31536000"
            cookie = r.getheader("Set-Cookie") or ""
            assert "csrftoken=" in cookie and "Secure" in cookie
            csrf = re.search(r"csrftoken=([^;]+)", cookie).group(1)
            base = f"https://localhost:{district.port}"
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}",
                       "Referer": f"{base}/accounts/login/", "Origin": base}
            conn.request("POST", "/accounts/login/", urlencode({"username": "bidan", "password": "Bidan-Uji-2026",
                                                                "csrfmiddlewaretoken": csrf}), headers)
            r = conn.getresponse()
            r.read()
            assert r.status == 302, r.status
            cookies = dict(re.findall(r"(sessionid|csrftoken)=([^;]+)", ", ".join(r.headers.get_all("Set-Cookie"))))
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in {"csrftoken": csrf, **cookies}.items())
            csrf = cookies.get("csrftoken", csrf)
            form = {"name": "Ibu Loopback", "phone": "0812 3456 7890", "consent": "on",
                    "delivered_at": "2026-01-10T08:00", "parity": "1", "delivery_mode": "spontaneous", "arm": arm,
                    "csrfmiddlewaretoken": csrf, "idempotency_key": uuid.uuid4().hex}
            locations = []
            for _ in range(2):  # the same enrolment twice (a double tap, a retried request)
                conn.request("POST", f"/s/{study}/enrol/", urlencode(form),
                             {**headers, "Referer": f"{base}/s/{study}/enrol/"})
                r = conn.getresponse()
                r.read()
                assert r.status == 302, r.status
                locations.append(r.getheader("Location"))
            assert locations[0] == locations[1] and "/m/" in locations[0]
            # static files come from nginx itself (its own cache header), compressed, as the package has them
            static = REPO / "src" / "laktasi" / "web" / "static" / "laktasi"
            for path, kind in (("app.css", "text/css"), ("manifest.webmanifest", "application/manifest+json")):
                conn.request("GET", f"/static/laktasi/{path}", headers={"Accept-Encoding": "gzip"})
                r = conn.getresponse()
                body = r.read()
                assert r.status == 200 and r.getheader("Content-Type", "").startswith(kind), (path, r.status)
                assert r.getheader("Cache-Control") == "public, max-age=3600" and not r.getheader("Set-Cookie")
                assert r.getheader("X-Content-Type-Options") == "nosniff"
                if r.getheader("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                assert body == (static / path).read_bytes()
            conn.request("GET", "/static/laktasi/app.css", headers={"Accept-Encoding": "gzip"})
            r = conn.getresponse()
            r.read()
            assert r.getheader("Content-Encoding") == "gzip"
        count = subprocess.run([sys.executable, "-c", "from laktasi.cli.serve import setup_django; setup_django()\n"
                                "from laktasi.web.visits.models import Participant; print(Participant.objects.count())"],
                               env=env, capture_output=True, text=True, timeout=120)
        assert count.stdout.strip() == "1", count.stderr
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
