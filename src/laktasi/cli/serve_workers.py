"""``laktasi serve --workers N``: the web app in N worker processes (gunicorn, threads in each).

One waitress process is GIL-bound: one slow request (a password hash, a report) holds up every other. A district
server runs several processes behind the reverse proxy (deploy/, docs/deploy.md). gunicorn is POSIX-only, like
the Debian server it is meant for; on Windows ``laktasi serve`` keeps using waitress.
"""

from __future__ import annotations

from typing import Any


def serve_workers(host: str, port: int, workers: int, threads: int, *, timeout: int = 60) -> None:
    """Run gunicorn in this process as the master; the app is loaded once, then forked into the workers."""
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from laktasi.web.wsgi import application

    connections.close_all()  # the master's connections (migrations, checks) must not be shared by forked workers

    class _App(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type hints
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}", "workers": workers, "threads": threads, "worker_class": "gthread",
                "timeout": timeout, "graceful_timeout": 30, "keepalive": 5, "preload_app": True,
                "max_requests": 5000, "max_requests_jitter": 500,  # recycle workers slowly (memory)
                "accesslog": None, "errorlog": "-", "loglevel": "warning", "proc_name": "laktasi",
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    _App().run()
