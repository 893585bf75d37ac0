"""`laktasi serve --demo` also creates the demo review: owned by the demo owner, a second reviewer for dual
screening, synthetic records (labelled) with the seed review's six included studies, duplicates marked and an
uncertain pair queued; run again, it changes nothing but the printed password."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys


def _serve(home, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LAKTASI_", "DJANGO_", "PYTEST"))}
    env["LAKTASI_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "laktasi.cli", "serve", "--no-serve", "--demo", *args], env=env,
                          capture_output=True, text=True, timeout=300)


def _review(db):
    con = sqlite3.connect(db)
    (pk, title, owner), = con.execute(
        "select r.id, r.title, u.username from reviews_review r join auth_user u on u.id = r.owner_id").fetchall()
    members = dict(con.execute("select u.username, m.role from reviews_reviewmember m join auth_user u on "
                               "u.id = m.user_id where m.review_id = ? and m.active", (pk,)).fetchall())
    records = con.execute("select title, abstract, duplicate_of from reviews_reviewrecord where review_id = ?",
                          (pk,)).fetchall()
    clusters = con.execute("select count(*) from review_intake_dedupcluster where review_id = ?", (pk,)).fetchone()[0]
    return title, owner, members, records, clusters


def test_demo_review_is_created_once(tmp_path):
    first = _serve(tmp_path / "home")
    assert first.returncode == 0, first.stderr
    assert "Demo review (synthetic records) ready / Tinjauan demo (rekaman sintetis) siap:" in first.stdout
    line = next(x for x in first.stdout.splitlines() if "second reviewer / peninjau kedua : peninjau / " in x)
    db = tmp_path / "home" / "laktasi.sqlite3"
    title, owner, members, records, clusters = _review(db)
    assert "synthetic" in title and owner == "demo"
    assert members == {"demo": "owner", "peninjau": "reviewer"}  # two screeners: dual screening works at once
    titles = [t for t, _a, _d in records]
    synthetic = [t for t in titles if t.startswith("[SYNTHETIC / SINTETIS]")]
    seeds = [t for t in titles if not t.startswith("[SYNTHETIC / SINTETIS]")]
    assert len(synthetic) >= 40 and all(a.startswith("[SYNTHETIC / SINTETIS]") for t, a, _d in records if t in synthetic)
    assert len(set(seeds)) == 6 and "Pengaruh Pijat Oksitosin Terhadap Volume Asi Pada Ibu Nifas" in seeds
    assert sum(1 for *_x, d in records if d) == 3 and clusters == 1
    again = _serve(tmp_path / "home")
    assert again.returncode == 0, again.stderr
    assert _review(db) == (title, owner, members, records, clusters)
    assert next(x for x in again.stdout.splitlines() if "peninjau kedua" in x) != line  # a new password printed
