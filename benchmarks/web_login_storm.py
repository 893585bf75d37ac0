"""Login storm on the district set-up: 300 midwives log in within 60 s (goal: p95 < 3 s, 0 errors).

gunicorn workers behind nginx with HTTPS on PostgreSQL, as deploy/ installs it (see benchmarks/web_district.py,
which this runs with ``--phase storm``). Before issue 10 one waitress process with PBKDF2 took 19–56 s per login.

    .venv/bin/python benchmarks/web_login_storm.py
    .venv/bin/python benchmarks/web_login_storm.py --workers 4 --storm-midwives 300 --spread 60
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import web_district  # noqa: E402  (benchmarks/ is not a package)

if __name__ == "__main__":
    sys.exit(web_district.main(["--phase", "storm", *sys.argv[1:]]))
