"""The district server on loopback: a login storm, then a day's mixed load (issue 10, "One server for a district").

The set-up is deploy/'s recipe, run by deploy/loopback.py: `laktasi serve --workers N` (gunicorn, as
laktasi.service starts it) behind nginx with HTTPS (deploy/nginx/laktasi.conf, a self-signed certificate), on
PostgreSQL at 127.0.0.1:5432 (user postgres, trust authentication), with the settings of laktasi.env.example.

1. Login storm: 300 midwives log in within 60 s (arrival times uniform over the minute): the login page, the
   login POST (Argon2id) and the first page after it. Goal: p95 < 3 s, 0 errors.
2. Mixed load: the same district's day at its busiest — midwives open today's list, open a visit form, save a
   visit (enrol a new mother when theirs are done), every write with an idempotency key; study owners look at
   the dashboard and the list of mothers. Goal: p95 < 300 ms, 0 errors, rows saved = rows confirmed.

Latencies depend on whatever else runs on the machine (printed: the load average before and after); the
server's own CPU per login and per request (gunicorn and nginx, from /proc) does not, and says how much of
the machine the district needs.

    .venv/bin/python benchmarks/web_district.py                      # storm + 180 s of mixed load
    .venv/bin/python benchmarks/web_district.py --phase storm        # as benchmarks/web_login_storm.py
    .venv/bin/python benchmarks/web_district.py --workers 4 --threads 4 --midwives 300 --duration 120
    .venv/bin/python benchmarks/web_district.py --no-proxy           # straight to gunicorn, no nginx
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "deploy"))

import web_load  # noqa: E402  (benchmarks/ is not a package)
from loopback import TIMING_LOG, District  # noqa: E402

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DB_NAME = "laktasi_district"


def _load() -> str:
    with open("/proc/loadavg", encoding="ascii") as fh:
        return " ".join(fh.read().split()[:3])


def fresh_database() -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        con.execute(f"CREATE DATABASE {DB_NAME}")
    return f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}"


def seed(env: dict[str, str], midwives: int, mothers_each: int) -> dict:
    out = subprocess.run([sys.executable, str(HERE / "web_load.py"), "--_seed", str(midwives), str(mothers_each)],
                         env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def count(env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, str(HERE / "web_load.py"), "--_count"], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cpu_seconds(pids: list[int]) -> float:
    """CPU time used so far by these processes and their children, waited-for ones included (/proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    seen: set[int] = set()
    todo = list(pids)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15]) / tick  # utime stime cutime cstime
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def _nginx_times(log: Path, offset: int) -> dict:
    """Where a page's time went, from nginx's log of the phase: the whole request as nginx saw it, the app's
    part (gunicorn and PostgreSQL, $upstream_response_time) and nginx's own (the difference). What the phones
    measured beyond nginx's whole is their own waiting: the load generator's threads and the machine's queue."""
    whole: list[float] = []
    app: list[float] = []
    with log.open(encoding="ascii", errors="replace") as fh:
        fh.seek(offset)
        for line in fh:
            parts = line.split()
            if len(parts) < 4 or parts[2] == "-":  # not sent to the app (static files)
                continue
            try:
                total, upstream = float(parts[1]), sum(float(x) for x in parts[2].split(",") if x.strip() != "-")
            except ValueError:
                continue
            whole.append(total)
            app.append(upstream)
    if not whole:
        return {}
    own = [w - a for w, a in zip(whole, app, strict=True)]
    return {"requests": len(whole), "nginx_whole_p50_ms": ms(whole, 50), "nginx_whole_p95_ms": ms(whole, 95),
            "app_p50_ms": ms(app, 50), "app_p95_ms": ms(app, 95), "nginx_own_p95_ms": ms(own, 95)}


def _own_cpu() -> float:
    """CPU seconds used so far by this process (all its threads): the load generator's own cost."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def ms(values: list[float], q: float) -> float:
    return round(1000 * web_load.pct(values, q), 1)


def login_storm(port: int, tls: bool, names: list[str], spread: float, rng: random.Random) -> dict:
    """Every name logs in once, at a uniform random moment within ``spread`` seconds."""
    arrivals = sorted(rng.uniform(0, spread) for _ in names)
    total: list[float] = []
    post: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = time.monotonic() + 1.0

    def one(name: str, at: float) -> None:
        time.sleep(max(0.0, start + at - time.monotonic()))
        b = web_load.Browser(port, tls)
        try:
            t0 = time.perf_counter()
            b.request("GET", "/accounts/login/")
            t1 = time.perf_counter()
            status, loc, _ = b.request("POST", "/accounts/login/", {
                "username": name, "password": web_load.PASSWORD, "csrfmiddlewaretoken": b.cookies.get("csrftoken", "")})
            t2 = time.perf_counter()
            home, _, _ = b.request("GET", loc or "/")
            t3 = time.perf_counter()
            with lock:
                post.append(t2 - t1)
                total.append(t3 - t0)
                if status != 302 or home != 200:
                    errors.append(f"{name}: login {status}, first page {home}")
        except Exception as exc:  # noqa: BLE001 - counted
            with lock:
                errors.append(f"{name}: {exc!r}")
        finally:
            b.conn.close()

    threads = [threading.Thread(target=one, args=(n, a)) for n, a in zip(names, arrivals, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"logins": len(names), "within_s": spread, "seconds": round(time.monotonic() - start, 1),
            "p50_ms": ms(total, 50), "p95_ms": ms(total, 95), "max_ms": ms(total, 100),
            "login_post_p50_ms": ms(post, 50), "login_post_p95_ms": ms(post, 95),
            "errors": len(errors), "error_examples": errors[:5],
            "ok": not errors and web_load.pct(total, 95) < 3.0}


def owner(port: int, tls: bool, studies: list[int], stop: float, stats: web_load.Stats, rng: random.Random) -> None:
    b = web_load.Browser(port, tls)
    b.request("GET", "/accounts/login/")
    status, _, _ = b.request("POST", "/accounts/login/", {
        "username": "pemilik", "password": web_load.PASSWORD, "csrfmiddlewaretoken": b.cookies.get("csrftoken", "")})
    if status != 302:
        stats.error(f"owner: login {status}")
        return
    while time.monotonic() < stop:
        study = rng.choice(studies)
        for kind, path in (("dashboard", f"/s/{study}/"), ("mothers", f"/s/{study}/mothers/")):
            t0 = time.perf_counter()
            try:
                status, _, _ = b.request("GET", path)
            except Exception as exc:  # noqa: BLE001 - counted
                stats.error(f"owner {path}: {exc!r}")
                continue
            stats.add(kind, time.perf_counter() - t0)
            if status != 200:
                stats.error(f"owner {path}: {status}")
        time.sleep(rng.uniform(5, 15))


class Sampler(threading.Thread):
    """Every few seconds during the mixed load: the load average, and the CPU time of each PostgreSQL backend
    serving the benchmark's database (they are not children of gunicorn; a backend that ends keeps the last
    value read, so at most one interval of its CPU is missed)."""

    def __init__(self, every: float = 2.0) -> None:
        super().__init__(daemon=True)
        self.every = every
        self.halt = threading.Event()
        self.loads: list[float] = []
        self.backend_cpu: dict[int, float] = {}
        self.base: dict[int, float] = {}
        self.con: Any = None

    def _backends(self) -> dict[int, float]:
        import psycopg

        tick = os.sysconf("SC_CLK_TCK")
        if self.con is None:  # one connection for the whole phase (not a new backend each time)
            self.con = psycopg.connect(PG_ADMIN_URL, autocommit=True)
        pids = [r[0] for r in self.con.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (DB_NAME,))]
        out = {}
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            out[pid] = sum(int(x) for x in fields[11:13]) / tick  # utime stime
        return out

    def run(self) -> None:
        self.base = self._backends()  # CPU the open connections had used before the phase
        while not self.halt.wait(self.every):
            self.loads.append(float(_load().split()[0]))
            for pid, cpu in self._backends().items():
                self.backend_cpu[pid] = cpu

    def stop(self) -> dict:
        self.halt.set()
        self.join()
        for pid, cpu in self._backends().items():
            self.backend_cpu[pid] = cpu
        self.con.close()
        used = sum(cpu - self.base.get(pid, 0.0) for pid, cpu in self.backend_cpu.items())
        loads = self.loads or [float(_load().split()[0])]
        return {"postgresql_cpu_s": round(used, 1), "load_1min_min": min(loads), "load_1min_mean":
                round(statistics.fmean(loads), 2), "load_1min_max": max(loads)}


class _InFlight:
    """Counts the requests under way (every simulated phone's Browser.request goes through it)."""

    lock = threading.Lock()
    n = 0
    last_end = 0.0

    @classmethod
    def install(cls) -> None:
        if getattr(web_load.Browser.request, "_counted", False):
            return
        plain = web_load.Browser.request

        def request(self: web_load.Browser, *args: object, **kwargs: object) -> tuple[int, str, str]:
            with cls.lock:
                cls.n += 1
            try:
                return plain(self, *args, **kwargs)  # type: ignore[arg-type]
            finally:
                with cls.lock:
                    cls.n -= 1
                    cls.last_end = time.monotonic()

        request._counted = True  # type: ignore[attr-defined]
        web_load.Browser.request = request  # type: ignore[method-assign]


def _wait_for_the_last_request(stop: float, threads: list[threading.Thread], quiet: float = 2.0) -> None:
    """Returns once the clock has stopped and no request has been under way for ``quiet`` seconds (a phone's
    visit — today's list, the form, the save — follows on without a pause, so a pause of 2 s means it is done),
    or when every thread has ended. A phone thinking when the clock stopped sends nothing more (it looks at the
    clock when it wakes): its thread is a daemon, not waited for through up to 90 s of thinking."""
    while any(t.is_alive() for t in threads):
        now = time.monotonic()
        with _InFlight.lock:
            idle = _InFlight.n == 0 and now - _InFlight.last_end >= quiet
        if now >= stop and idle:
            return
        time.sleep(0.2)


def mixed_load(port: int, tls: bool, plan: dict, duration: float, think: tuple[float, float], owners: int,
               env: dict[str, str], server: list[int] | None = None, timing_log: Path | None = None) -> dict:
    stats = web_load.Stats()
    clock: dict[str, float] = {}
    sampler = Sampler()
    _InFlight.install()

    def start_clock() -> None:  # every midwife has logged in: the measured phase starts
        clock["start"] = time.monotonic()
        clock["stop"] = clock["start"] + duration
        clock["server_cpu"] = cpu_seconds(server or [])
        clock["gunicorn_cpu"] = cpu_seconds((server or [])[:1])
        clock["log_at"] = timing_log.stat().st_size if timing_log and timing_log.exists() else 0
        clock["client_cpu"] = _own_cpu()
        sampler.start()

    barrier = threading.Barrier(len(plan) + 1, action=start_clock)
    workers = [threading.Thread(target=web_load.midwife, args=(name, p, port, clock, barrier, stats, think,
                                                               random.Random(i), tls), daemon=True)
               for i, (name, p) in enumerate(sorted(plan.items()))]
    for w in workers:
        w.start()
    barrier.wait()
    studies = sorted({p["study"] for p in plan.values()})
    viewers = [threading.Thread(target=owner, args=(port, tls, studies, clock["stop"], stats, random.Random(1000 + i)),
                                daemon=True) for i in range(owners)]
    for v in viewers:
        v.start()
    _wait_for_the_last_request(clock["stop"], workers + viewers)
    elapsed = time.monotonic() - clock["start"]
    server_cpu = cpu_seconds(server or []) - clock["server_cpu"]
    gunicorn_cpu = cpu_seconds((server or [])[:1]) - clock["gunicorn_cpu"]
    client_cpu = _own_cpu() - clock["client_cpu"]
    sampled = sampler.stop()
    rows = count(env)
    kinds = ("today", "visit_form", "save_visit", "enrol", "dashboard", "mothers")
    lat = [x for k in kinds for x in stats.lat.get(k, [])]
    confirmed_visits = len(stats.saved_visits)
    seeded = sum(len(p["mothers"]) for p in plan.values())
    result = {
        "midwives": len(plan), "owners": owners, "seconds": round(elapsed, 1), "requests": len(lat),
        "requests_per_s": round(len(lat) / elapsed, 1), "p50_ms": ms(lat, 50), "p95_ms": ms(lat, 95),
        "p99_ms": ms(lat, 99), "max_ms": ms(lat, 100),
        "by_request": {k: {"n": len(v), "p50_ms": round(1000 * statistics.median(v), 1), "p95_ms": ms(v, 95)}
                       for k, v in sorted(stats.lat.items())},
        "errors": len(stats.errors), "error_examples": stats.errors[:5],
        "visits_confirmed": confirmed_visits, "visits_in_database": rows["visits"],
        "mothers_confirmed": seeded + stats.enrolled, "mothers_in_database": rows["participants"],
        "measurements_in_database": rows["measurements"], "duplicate_visit_days": rows["duplicate_visit_days"],
    }
    # CPU per page request, the logins before the clock excluded: the app (gunicorn workers and nginx), the
    # database (its backends for this database) and the load generator itself (this process: every simulated
    # phone's thread, its TLS and HTTP), which shares the same 2 cores
    n = max(len(lat), 1)
    result.update({
        "server_cpu_ms_per_page": round(1000 * server_cpu / n, 1),
        "gunicorn_cpu_ms_per_page": round(1000 * gunicorn_cpu / n, 1),
        "nginx_cpu_ms_per_page": round(1000 * (server_cpu - gunicorn_cpu) / n, 1),
        "postgresql_cpu_ms_per_page": round(1000 * sampled["postgresql_cpu_s"] / n, 1),
        "client_cpu_ms_per_page": round(1000 * client_cpu / n, 1),
        "load_during": {k: v for k, v in sampled.items() if k.startswith("load_")},
    })
    if timing_log is not None and timing_log.exists():
        result["nginx_log"] = _nginx_times(timing_log, clock["log_at"])
    result["rows_match"] = (rows["visits"] == confirmed_visits == rows["measurements"]
                            and rows["participants"] == seeded + stats.enrolled and not rows["duplicate_visit_days"])
    result["ok"] = result["rows_match"] and not stats.errors and web_load.pct(lat, 95) < 0.3
    return result


def run(args: argparse.Namespace) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="laktasi-district-"))
    db_url = fresh_database()
    district = District(folder, db_url, workers=args.workers, threads=args.threads, proxy=not args.no_proxy,
                        timing=not args.no_proxy)
    env = dict(district.env)
    midwives = max(args.storm_midwives if args.phase in ("storm", "both") else 0,
                   args.midwives if args.phase in ("mixed", "both") else 0)
    print(f"seeding {midwives} midwives on PostgreSQL … (load {_load()})", file=sys.stderr, flush=True)
    plan = seed(env, midwives, 6 if args.phase in ("mixed", "both") else 1)
    report: dict = {"setup": {"workers": args.workers, "threads": args.threads,
                              "proxy": "nginx HTTPS" if not args.no_proxy else "none (HTTP to gunicorn)",
                              "database": "PostgreSQL 127.0.0.1", "cpus": os.cpu_count(), "load_before": _load()}}
    try:
        with district:
            server = [p.pid for p in district.procs]  # gunicorn master (+ workers), then nginx
            if args.phase in ("storm", "both"):
                names = sorted(plan)[: args.storm_midwives]
                print(f"login storm: {len(names)} midwives within {args.spread:.0f} s …", file=sys.stderr, flush=True)
                cpu0 = cpu_seconds(server)
                report["login_storm"] = login_storm(district.port, district.proxy, names, args.spread,
                                                    random.Random(args.seed))
                # the server's own CPU per login (login page, POST with Argon2id, first page): what the latency
                # would be made of on a machine nobody else loads
                report["login_storm"]["server_cpu_ms_per_login"] = round(1000 * (cpu_seconds(server) - cpu0)
                                                                          / len(names), 1)
                report["login_storm"]["load_after"] = _load()
            if args.phase in ("mixed", "both"):
                active = dict(sorted(plan.items())[: args.midwives])
                print(f"mixed load: {len(active)} midwives, {args.owners} owners, {args.duration:.0f} s …",
                      file=sys.stderr, flush=True)
                cpu0 = cpu_seconds(server)
                report["mixed_load"] = mixed_load(district.port, district.proxy, active, args.duration,
                                                  tuple(args.think), args.owners, env, server,
                                                  folder / TIMING_LOG if district.timing else None)
                used = cpu_seconds(server) - cpu0  # includes the mixed load's own 300 logins
                report["mixed_load"]["server_cpu_s"] = round(used, 1)
                requests = report["mixed_load"]["requests"] + len(active)  # the page requests and the logins
                report["mixed_load"]["server_cpu_ms_per_request"] = round(1000 * used / max(requests, 1), 1)
                report["mixed_load"]["load_after"] = _load()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return report


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phase", choices=("storm", "mixed", "both"), default="both")
    ap.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    ap.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    ap.add_argument("--storm-midwives", type=int, default=300)
    ap.add_argument("--spread", type=float, default=60.0, help="the storm's logins arrive within this many seconds")
    ap.add_argument("--midwives", type=int, default=300, help="midwives in the mixed load (default 300)")
    ap.add_argument("--owners", type=int, default=10)
    ap.add_argument("--duration", type=float, default=180.0)
    ap.add_argument("--think", type=float, nargs=2, default=(30.0, 90.0), metavar=("MIN", "MAX"),
                    help="seconds between a midwife's actions (default 30 90: each of the 300 saves a visit every "
                         "1–3 min, far above a real day's peak of a few visits an hour)")
    ap.add_argument("--no-proxy", action="store_true", help="clients talk to gunicorn directly (no nginx)")
    ap.add_argument("--seed", type=int, default=1)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    report = run(args)
    for phase in ("login_storm", "mixed_load"):
        r = report.get(phase)
        if r:
            print(f"{phase:12s} p50 {r['p50_ms']:8.1f} ms  p95 {r['p95_ms']:8.1f} ms  max {r['max_ms']:8.1f} ms  "
                  f"errors {r['errors']}  {'OK' if r['ok'] else 'GOAL MISSED'}", flush=True)
        if phase == "mixed_load" and r:
            print(f"{'':12s} CPU per page: app {r['server_cpu_ms_per_page']} ms, PostgreSQL "
                  f"{r['postgresql_cpu_ms_per_page']} ms, load generator {r['client_cpu_ms_per_page']} ms; "
                  f"load average {r['load_during']['load_1min_min']}–{r['load_during']['load_1min_max']}; "
                  f"rows match: {r['rows_match']}", flush=True)
            t = r.get("nginx_log") or {}
            if t:
                print(f"{'':12s} as nginx saw them: p50 {t['nginx_whole_p50_ms']} ms, p95 {t['nginx_whole_p95_ms']} ms "
                      f"(the app's part p95 {t['app_p95_ms']} ms)", flush=True)
    print(json.dumps(report, indent=2))
    return 0 if all(report[p]["ok"] for p in ("login_storm", "mixed_load") if p in report) else 1


if __name__ == "__main__":
    sys.exit(main())
