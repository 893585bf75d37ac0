"""The district recipe on loopback, for tests/web/test_deploy.py and benchmarks/web_district.py.

Runs the very files of deploy/ — nginx/laktasi.conf (ports, certificate paths and the server name swapped for
loopback ones), laktasi.env.example (database URL and home swapped) and the service's ExecStart
(`laktasi serve --workers N`) — with a self-signed certificate made by openssl, in a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
REPO = DEPLOY.parent


def _admin_static() -> Path:
    """Django's admin files, found without importing the admin (no settings needed here)."""
    import importlib.util

    spec = importlib.util.find_spec("django")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).resolve().parent / "contrib" / "admin" / "static" / "admin"


ADMIN_STATIC = _admin_static()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 120, proc: subprocess.Popen | None = None) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on {port}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listening on port {port} after {timeout:.0f} s")


def env_file(db_url: str, home: Path) -> dict[str, str]:
    """laktasi.env.example as a dict, with a loopback database, home and host name."""
    env: dict[str, str] = {}
    for line in (DEPLOY / "laktasi.env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    env.update(LAKTASI_DATABASE_URL=db_url, LAKTASI_HOME=str(home), LAKTASI_ALLOWED_HOSTS="localhost",
               LAKTASI_SECRET_KEY="loopback-test-" + "x" * 40)
    return env


def app_command(port: int) -> list[str]:
    """laktasi.service's ExecStart, with this Python and another port."""
    unit = (DEPLOY / "systemd" / "laktasi.service").read_text(encoding="utf-8")
    exec_start = re.search(r"^ExecStart=(\S+) (.*)$", unit, re.M)
    assert exec_start is not None
    args = exec_start.group(2).split()
    args[args.index("--port") + 1] = str(port)
    return [sys.executable, "-m", "laktasi.cli", *args]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-subj", "/CN=localhost", "-days", "2", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


TIMING_LOG = "timing.log"


def nginx_config(folder: Path, https_port: int, http_port: int, app_port: int, *, timing: bool = False) -> Path:
    """deploy/nginx/laktasi.conf on loopback ports inside a minimal main configuration."""
    site = (DEPLOY / "nginx" / "laktasi.conf").read_text(encoding="utf-8")
    make_certificate(folder)
    site = (site.replace("/etc/letsencrypt/live/laktasi.example.id/", f"{folder}/")
            .replace("127.0.0.1:8001", f"127.0.0.1:{app_port}")
            .replace("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
            .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
            .replace("laktasi.example.id", "localhost")
            .replace("root /var/www/html;", f"root {folder};")
            .replace("/opt/laktasi/static-admin/", f"{ADMIN_STATIC}/")
            .replace("/opt/laktasi/static/", f"{REPO / 'src' / 'laktasi' / 'web' / 'static'}/"))
    site = "\n".join(line for line in site.splitlines() if "[::]" not in line)  # IPv6 may be off here
    (folder / "site.conf").write_text(site, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    # timing: per request, nginx's whole time and the app's part of it (benchmarks/web_district.py)
    access = (f"log_format timing '$msec $request_time $upstream_response_time $status';\n"
              f"  access_log {folder}/{TIMING_LOG} timing;" if timing else "access_log off;")
    main = (f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
            f"events {{ worker_connections 1024; }}\n"
            f"http {{\n  {access}\n  client_body_temp_path {folder}/body;\n  proxy_temp_path {folder}/proxy;\n"
            f"  fastcgi_temp_path {folder}/fastcgi;\n  uwsgi_temp_path {folder}/uwsgi;\n  scgi_temp_path {folder}/scgi;\n"
            f"  include {folder}/site.conf;\n}}\n")
    path = folder / "nginx.conf"
    path.write_text(main, encoding="utf-8")
    return path


def nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


class District:
    """gunicorn workers (laktasi.service) behind nginx with HTTPS (laktasi.conf), on PostgreSQL ``db_url``."""

    def __init__(self, folder: Path, db_url: str, *, workers: int | None = None, threads: int | None = None,
                 proxy: bool = True, timing: bool = False) -> None:
        self.folder = folder
        self.app_port = free_port()
        self.https_port = free_port() if proxy else 0
        self.http_port = free_port() if proxy else 0
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("LAKTASI_", "DJANGO_", "PYTEST"))}
        self.env.update(env_file(db_url, folder / "home"))
        self.env["PYTHONPATH"] = str(REPO / "src")
        if not proxy:  # straight to the workers over HTTP (a comparison run)
            self.env.pop("LAKTASI_HTTPS", None)
        self.command = app_command(self.app_port)
        if workers is not None:
            self.command[self.command.index("--workers") + 1] = str(workers)
        if threads is not None:
            self.command[self.command.index("--threads") + 1] = str(threads)
        self.proxy = proxy
        self.timing = timing  # nginx logs each request's time and the app's part (folder / TIMING_LOG)
        self.procs: list[subprocess.Popen] = []

    @property
    def port(self) -> int:
        return self.https_port if self.proxy else self.app_port

    def start(self) -> District:
        app = subprocess.Popen(self.command, env=self.env, stdout=subprocess.DEVNULL,
                               stderr=open(self.folder / "app.log", "w"))  # noqa: SIM115 - closed with the process
        self.procs.append(app)
        wait_port(self.app_port, proc=app)
        if self.proxy:
            binary = nginx()
            if binary is None:
                raise RuntimeError("nginx is not installed (Debian package nginx-light)")
            conf = nginx_config(self.folder, self.https_port, self.http_port, self.app_port, timing=self.timing)
            web = subprocess.Popen([binary, "-p", str(self.folder), "-c", str(conf), "-g", "daemon off;"],
                                   stdout=subprocess.DEVNULL, stderr=open(self.folder / "nginx.log", "w"))  # noqa: SIM115
            self.procs.append(web)
            wait_port(self.https_port, proc=web)
        return self

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
            try:
                proc.wait(timeout=45)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs.clear()

    def __enter__(self) -> District:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
