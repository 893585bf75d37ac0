"""Load test of `laktasi serve` (waitress) on loopback: simulated midwives recording home visits.

Each midwife logs in, then repeats: open today's visits, open a visit form, save a visit with its
measurements and checklist ticks, think 2–8 s. When her mothers have no visit left to record she enrols a
new mother first. Runs on SQLite (WAL, busy timeout) and on PostgreSQL (127.0.0.1:5432, user postgres).

Afterwards the database is counted: every visit the clients saw saved must be there exactly once.

    .venv/bin/python benchmarks/web_load.py                  # 50 midwives, 300 s, SQLite then PostgreSQL
    .venv/bin/python benchmarks/web_load.py --quick          # 50 midwives, 30 s
    .venv/bin/python benchmarks/web_load.py --db sqlite --duration 60
    .venv/bin/python benchmarks/web_load.py --db postgresql --workers 4 --threads 4   # gunicorn, 4 processes

Every write carries an idempotency key (as the app's forms do), so a request retried after a dropped connection
is still one row. The district set-up (gunicorn workers behind nginx with HTTPS, PostgreSQL, a login storm
first) is benchmarks/web_district.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PASSWORD = "Bidan-Benchmark-2026"
SITES = 10  # studies; the midwives are spread over them (5 per study with 50 midwives)
MOTHERS_EACH = 6  # mothers seeded per midwife, on postpartum day 1, 2 or 3 at the start (2, 26 or 50 h)


# --------------------------------------------------------------------------------------------- server side
def seed(midwives: int, mothers_each: int = MOTHERS_EACH) -> None:
    """Runs inside a subprocess with the server's environment: migrate, create studies, users, mothers."""
    sys.path.insert(0, str(REPO / "src"))
    from laktasi.cli.serve import prepare, setup_django

    setup_django()
    prepare("127.0.0.1")
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from laktasi.web.studies.models import MIDWIFE, Membership
    from laktasi.web.studies.services import create_study
    from laktasi.web.visits import services

    User = get_user_model()
    owner = User.objects.create_user("pemilik", password=PASSWORD)
    studies = [create_study(owner, arms=[("intervensi", False, 100), ("kontrol", True, 100)],
                            name=f"Puskesmas {i + 1}", design="quasi_two_arm", planned_n=200, visit_days=[1, 2, 3])
               for i in range(SITES)]
    now = timezone.now()
    plan = {}
    for m in range(midwives):
        user = User.objects.create_user(f"bidan{m:02d}", password=PASSWORD)
        study = studies[m % SITES]
        Membership.objects.create(study=study, user=user, role=MIDWIFE)
        arms = list(study.arms.all())
        mothers = []
        days = []
        for k in range(mothers_each):
            # each mother has exactly the visit of her current postpartum day due (the day must match the hours)
            days.append(1 + k % 3)
            p = services.enrol(study, user, delivered_at=now - dt.timedelta(hours=2 + 24 * (k % 3), minutes=k),
                               parity=1 + k % 3,
                               delivery_mode="spontaneous", consent=True, name=f"Ibu {m}-{k}", arm=arms[k % 2])
            mothers.append(p.pk)
        plan[user.username] = {"study": study.pk, "mothers": mothers, "days": days,
                               "arms": [a.pk for a in arms], "items": [i.pk for i in study.checklist.all()]}
    print(json.dumps(plan))


def count() -> None:
    """Runs in a subprocess: row counts after the load."""
    sys.path.insert(0, str(REPO / "src"))
    from laktasi.cli.serve import setup_django

    setup_django()
    from django.db.models import Count

    from laktasi.web.audittrail.models import AuditEvent
    from laktasi.web.visits.models import ChecklistTick, Measurement, Participant, Visit

    dup = Visit.objects.values("participant", "day").annotate(n=Count("id")).filter(n__gt=1).count()
    print(json.dumps({
        "participants": Participant.objects.count(), "visits": Visit.objects.count(),
        "measurements": Measurement.objects.count(), "ticks": ChecklistTick.objects.count(),
        "audit_events": AuditEvent.objects.count(), "duplicate_visit_days": dup,
    }))


# --------------------------------------------------------------------------------------------- client side
class Browser:
    """One midwife's phone: a keep-alive connection and a cookie jar."""

    def __init__(self, port: int, tls: bool = False) -> None:
        self.port = port
        self.tls = tls
        self.conn = self._connect()
        self.cookies: dict[str, str] = {}

    def _connect(self) -> http.client.HTTPConnection:
        if self.tls:  # through the HTTPS reverse proxy (web_district.py): a self-signed test certificate
            import ssl

            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection("localhost", self.port, timeout=60, context=context)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if self.tls:  # Django's CSRF check wants the page a form came from on HTTPS
            headers["Referer"] = f"https://localhost:{self.port}{path}"
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                text = resp.read().decode("utf-8", "replace")
                break
            except (TimeoutError, http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = self._connect()
                if attempt:
                    raise
        for header in resp.headers.get_all("Set-Cookie") or []:
            c = SimpleCookie(header)
            for k, morsel in c.items():
                self.cookies[k] = morsel.value
        return resp.status, resp.headers.get("Location", ""), text


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lat: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.saved_visits: list[tuple[int, int]] = []
        self.enrolled = 0
        self.serial = 0

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.lat.setdefault(kind, []).append(seconds)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def midwife(name: str, plan: dict, port: int, clock: dict, barrier: threading.Barrier, stats: Stats,
            think: tuple[float, float], rng: random.Random, tls: bool = False) -> None:
    b = Browser(port, tls)
    logged_in = False
    study = plan["study"]
    try:
        b.request("GET", "/accounts/login/")
        t0 = time.perf_counter()
        status, loc, _ = b.request("POST", "/accounts/login/", {
            "username": name, "password": PASSWORD, "csrfmiddlewaretoken": b.cookies.get("csrftoken", "")})
        stats.add("login", time.perf_counter() - t0)
        logged_in = status == 302
        if not logged_in:
            stats.error(f"{name}: login {status}")
    except Exception as exc:  # noqa: BLE001
        stats.error(f"{name}: login {exc!r}")
    # Logins (deliberately slow password hashing) happen before the clock starts: a midwife logs in once a shift.
    barrier.wait()
    if not logged_in:
        return
    stop = clock["stop"]
    todo = list(zip(plan["mothers"], plan["days"], strict=True))
    time.sleep(rng.uniform(0, think[1]))  # the midwives do not all start at the same second
    while time.monotonic() < stop:
        try:
            t0 = time.perf_counter()
            status, _, page = b.request("GET", f"/s/{study}/today/")
            stats.add("today", time.perf_counter() - t0)
            if status != 200:
                stats.error(f"{name}: today {status}")
            if not todo:  # enrol a new mother, then record her visits
                t0 = time.perf_counter()
                b.request("GET", f"/s/{study}/enrol/")
                delivered = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=7) - dt.timedelta(hours=2))
                with stats.lock:
                    stats.serial += 1
                    serial = stats.serial
                status, loc, _ = b.request("POST", f"/s/{study}/enrol/", {
                    "csrfmiddlewaretoken": b.cookies.get("csrftoken", ""), "name": f"Ibu baru {serial} {name}",
                    "phone": f"0812{serial:08d}", "address": "-", "consent": "on",
                    "idempotency_key": uuid.uuid4().hex,
                    "delivered_at": delivered.strftime("%Y-%m-%dT%H:%M"), "parity": "2",
                    "delivery_mode": "spontaneous", "arm": str(rng.choice(plan["arms"]))})
                stats.add("enrol", time.perf_counter() - t0)
                m = re.search(r"/m/(\d+)/", loc)
                if status != 302 or not m:
                    stats.error(f"{name}: enrol {status}")
                    continue
                with stats.lock:
                    stats.enrolled += 1
                todo = [(int(m.group(1)), 1)]  # her day-1 visit (delivered 2 h ago)
            pid, day = todo.pop(0)
            t0 = time.perf_counter()
            status, _, _ = b.request("GET", f"/s/{study}/m/{pid}/day/{day}/")
            stats.add("visit_form", time.perf_counter() - t0)
            # the server runs in WIB (Asia/Jakarta, UTC+7): the form takes local time
            local = dt.datetime.now(dt.UTC) + dt.timedelta(hours=7)
            form = {"csrfmiddlewaretoken": b.cookies.get("csrftoken", ""),
                    "visited_at": local.strftime("%Y-%m-%dT%H:%M"), "performer": "midwife",
                    "idempotency_key": uuid.uuid4().hex,
                    "volume_ml": f"{rng.uniform(3, 25):.1f}", "breast_full": "1", "milk_dripping": "0",
                    "feeds_24h": str(rng.randint(8, 12)), "urine_24h": str(rng.randint(6, 9))}
            for item in plan["items"]:
                if rng.random() < 0.9:
                    form[f"tick_{item}"] = "on"
            t0 = time.perf_counter()
            status, loc, text = b.request("POST", f"/s/{study}/m/{pid}/day/{day}/", form)
            stats.add("save_visit", time.perf_counter() - t0)
            if status == 302 and loc.endswith(f"/s/{study}/today/"):
                with stats.lock:
                    stats.saved_visits.append((pid, day))
            else:
                stats.error(f"{name}: save visit {status} {text[:200]!r}")
        except Exception as exc:  # noqa: BLE001 - counted, not fatal
            stats.error(f"{name}: {exc!r}")
        time.sleep(rng.uniform(*think))


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q / 100 * len(s) + 0.5)) - 1))] if s else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"server did not start on port {port}")


def run_one(db: str, midwives: int, duration: float, think: tuple[float, float], threads: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"laktasi-bench-{db}-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LAKTASI_", "DJANGO_"))}
    env["LAKTASI_HOME"] = str(home)
    env["PYTHONPATH"] = str(REPO / "src")
    if db == "postgresql":
        import psycopg

        name = "laktasi_bench"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            con.execute(f"CREATE DATABASE {name}")
        env["LAKTASI_DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{name}"
    print(f"[{db}] seeding {midwives} midwives in {SITES} studies …", file=sys.stderr, flush=True)
    out = subprocess.run([PYTHON, __file__, "--_seed", str(midwives)], env=env, capture_output=True, text=True,
                         check=True)
    plan = json.loads(out.stdout.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen([PYTHON, "-m", "laktasi.cli", "serve", "--port", str(port), "--threads", str(threads)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_port(port)
        stats = Stats()
        clock: dict[str, float] = {}
        def start_clock() -> None:  # runs once, before any midwife is released
            clock["start"] = time.monotonic()
            clock["stop"] = clock["start"] + duration

        barrier = threading.Barrier(len(plan) + 1, action=start_clock)
        workers = [threading.Thread(target=midwife, args=(name, p, port, clock, barrier, stats, think,
                                                          random.Random(i)))
                   for i, (name, p) in enumerate(sorted(plan.items()))]
        print(f"[{db}] {len(plan)} midwives log in …", file=sys.stderr, flush=True)
        for w in workers:
            w.start()
        barrier.wait()
        start = clock["start"]
        print(f"[{db}] {len(plan)} midwives for {duration:.0f} s on waitress ({threads} threads) …",
              file=sys.stderr, flush=True)
        for w in workers:
            w.join()
        elapsed = time.monotonic() - start
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    counted = json.loads(subprocess.run([PYTHON, __file__, "--_count"], env=env, capture_output=True, text=True,
                                        check=True).stdout.strip().splitlines()[-1])
    page_kinds = ("today", "visit_form", "save_visit", "enrol")
    all_lat = [x for k in page_kinds for x in stats.lat.get(k, [])]
    expected_visits = len(stats.saved_visits)
    result = {
        "database": db, "midwives": midwives, "seconds": round(elapsed, 1), "requests": len(all_lat),
        "requests_per_s": round(len(all_lat) / elapsed, 1),
        "p50_ms": round(1000 * pct(all_lat, 50), 1), "p95_ms": round(1000 * pct(all_lat, 95), 1),
        "p99_ms": round(1000 * pct(all_lat, 99), 1), "max_ms": round(1000 * max(all_lat), 1) if all_lat else None,
        "by_request": {k: {"n": len(v), "p50_ms": round(1000 * statistics.median(v), 1),
                           "p95_ms": round(1000 * pct(v, 95), 1)} for k, v in stats.lat.items()},
        "errors": len(stats.errors), "error_examples": stats.errors[:5],
        "visits_saved_by_clients": expected_visits, "enrolled_by_clients": stats.enrolled,
        "rows": counted,
        "lost_visits": expected_visits - counted["visits"] if counted["visits"] <= expected_visits else 0,
        "extra_visits": max(0, counted["visits"] - expected_visits),
        "duplicates": counted["duplicate_visit_days"],
    }
    result["ok"] = (result["errors"] == 0 and result["lost_visits"] == 0 and result["extra_visits"] == 0
                    and result["duplicates"] == 0 and counted["measurements"] == counted["visits"])
    shutil.rmtree(home, ignore_errors=True)
    return result


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--_seed":
        seed(int(sys.argv[2]), *(int(a) for a in sys.argv[3:4]))
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--_count":
        count()
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--midwives", type=int, default=50)
    ap.add_argument("--duration", type=float, default=300.0, help="seconds of load per database (default 300)")
    ap.add_argument("--quick", action="store_true", help="30 s per database")
    ap.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--threads", type=int, default=16, help="waitress worker threads")
    ap.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0), metavar=("MIN", "MAX"))
    args = ap.parse_args()
    duration = 30.0 if args.quick else args.duration
    results = []
    for db in (("sqlite", "postgresql") if args.db == "both" else (args.db,)):
        r = run_one(db, args.midwives, duration, tuple(args.think), args.threads)
        results.append(r)
        print(f"{db:10s} {r['requests']:6d} req  {r['requests_per_s']:6.1f} req/s  p50 {r['p50_ms']:7.1f} ms  "
              f"p95 {r['p95_ms']:7.1f} ms  p99 {r['p99_ms']:7.1f} ms  errors {r['errors']}  visits saved "
              f"{r['visits_saved_by_clients']} / in database {r['rows']['visits']} (duplicates {r['duplicates']}, "
              f"lost {r['lost_visits']})  {'OK' if r['ok'] else 'PROBLEM'}", flush=True)
    print(json.dumps(results, indent=2))
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
