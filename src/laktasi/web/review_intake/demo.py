"""The demo review of ``laktasi serve --demo``: owned by the demo study's owner ("demo"), with a second reviewer
("peninjau") so blind dual screening can be tried at once.

Its records come in as two exports through the ordinary upload job (read, deduplicate, store): SYNTHETIC records
generated here from a seed (every one says so in its title and abstract, DOIs in the 10.5555 test prefix), a few
of them exported by both "databases" (duplicates) and a numbered pair the deduplication cannot settle (the queue
of uncertain duplicates has work), plus the six studies the seed review included (title, authors and year as in
examples/review/extraction_seed.csv; no abstract is reproduced). Running it again changes no record: the review
is found by its title and owner, and only the second reviewer's password is issued anew (so it can be printed).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction

from laktasi.web.review_intake import jobs
from laktasi.web.reviews.models import OWNER, REVIEWER, Review, ReviewMember

TITLE = "DEMO — Pijat oksitosin dan produksi ASI (rekaman sintetis / synthetic records)"
REVIEWER_NAME = "peninjau"

# The seed review's included studies (examples/review/extraction_seed.csv: no, author, year, title).
SEED_STUDIES = (
    ("Triansyah, A.", 2021, "The effect of oxytocin massage and breast care on the increased production of breast "
     "milk of breastfeeding mothers in the working area of the public health center of Lawanga of Poso District"),
    ("Putri, V. S.", 2025, "Pengaruh Pijat Oksitosin pada Ibu Nifas untuk Meningkatkan Produksi ASI"),
    ("Triveni", 2024, "Pijat Oksitoksin terhadap Produksi ASI pada Ibu Nifas 2-7 Hari"),
    ("Supardi", 2022, "Pengaruh Pijat Oksitosin Terhadap Volume Asi Pada Ibu Nifas"),
    ("Pilaria, E.", 2018, "Pengaruh Pijat Oksitosin Terhadap Produksi Asi Pada Ibu Postpartum Di Wilayah Kerja "
     "Puskesmas Pejeruk Kota Mataram Tahun 2017"),
    ("Agustia, W.", 2025, "Effect of Lactation Massage and Oxytocin Massage on Milk Production in Postpartum Women: "
     "A Quasi-experimental"),
)
_ON_TOPIC = ("oxytocin massage", "breast care", "lactation massage", "back massage", "early breastfeeding initiation",
             "marmet technique", "acupressure")
_OUTCOMES = ("breast milk production", "breast milk volume", "onset of lactation", "infant weight gain",
             "exclusive breastfeeding")
_OFF_TOPIC = ("Dental caries in school children", "Hypertension screening in older adults",
              "Tuberculosis treatment adherence", "Malaria bed net use", "Road traffic injuries in adolescents",
              "Diabetes self-management education", "Hand hygiene in hospital wards", "Stunting and sanitation")
_SETTINGS = ("in rural districts", "in an urban cohort")
SYNTHETIC = "[SYNTHETIC / SINTETIS] "


_Row = tuple[str, str, tuple[str, ...], int, str, str]  # title, abstract, authors, year, journal, DOI


def _ris(records: Sequence[_Row], database: str) -> bytes:
    lines: list[str] = []
    for title, abstract, authors, year, journal, doi in records:
        lines += ["TY  - JOUR", f"TI  - {title}", *[f"AU  - {a}" for a in authors], f"PY  - {year}",
                  *([f"T2  - {journal}"] if journal else []), *([f"DO  - {doi}"] if doi else []),
                  *([f"AB  - {abstract}"] if abstract else []), f"DB  - {database}", "ER  - ", ""]
    return "\n".join(lines).encode("utf-8")


def demo_exports(seed: int = 2026, n: int = 40) -> list[tuple[str, bytes]]:
    """Two RIS exports: ``n`` synthetic records and the six seed studies, some in both files."""
    rng = np.random.default_rng(seed)
    designs = ("a quasi-experimental study", "a randomised controlled trial", "a pre-post study")
    combos = [(w, o, d) for w in _ON_TOPIC for o in _OUTCOMES for d in designs]
    picked = rng.permutation(len(combos))
    made: list[_Row] = []
    for k in range(n):
        if k % 3 == 2:
            topic = _OFF_TOPIC[(k // 3) % len(_OFF_TOPIC)]
            setting = _SETTINGS[(k // 3) // len(_OFF_TOPIC) % len(_SETTINGS)]
            title = f"{SYNTHETIC}{topic} {setting}"
            abstract = f"{SYNTHETIC}Not about lactation: generated for the demo review."
        else:
            what, outcome, design = combos[int(picked[k])]
            title = f"{SYNTHETIC}Effect of {what} on {outcome} in postpartum mothers: {design}"
            abstract = (f"{SYNTHETIC}Generated for the demo review. Postpartum mothers received {what}; "
                        f"{outcome} was compared with usual care.")
        authors = (f"Sintetis, Penulis{int(rng.integers(1, 60))}", f"Contoh, Nama{int(rng.integers(1, 60))}")
        made.append((title, abstract, authors, int(rng.integers(2017, 2026)), "Jurnal Sintetis Kebidanan",
                     f"10.5555/laktasi-demo.{k + 1}"))
    # a numbered series: the deduplication lists it for a person (are parts 1 and 2 one study?)
    series = f"{SYNTHETIC}Home visits by midwives and breastfeeding success: part"
    made += [(f"{series} 1", f"{SYNTHETIC}Series, first part.", ("Sintetis, Seri",), 2022, "Jurnal Sintetis Kebidanan",
              ""),
             (f"{series} 2", f"{SYNTHETIC}Series, second part.", ("Sintetis, Seri",), 2022,
              "Jurnal Sintetis Kebidanan", "")]
    seeds: list[_Row] = [(title, "", (author,), year, "", "") for author, year, title in SEED_STUDIES]
    first = made[: len(made) // 2] + seeds[:3]
    # the second "database" exports the rest, and again a few of the first's records (duplicates)
    second = made[len(made) // 2:] + seeds[3:] + [made[0], made[1], seeds[0]]
    return [("DEMO-synthetic-pubmed.ris", _ris(first, "PubMed (DEMO, synthetic)")),
            ("DEMO-synthetic-scopus.ris", _ris(second, "Scopus (DEMO, synthetic)"))]


@transaction.atomic
def create_demo_review(owner_username: str = "demo", reviewer_password: str | None = None
                       ) -> tuple[Review, dict[str, str]]:
    """The demo review (created once) and the second reviewer's login ``{"peninjau": password}``."""
    from laktasi.web.visits.demo import ensure_user

    User = get_user_model()
    owner = User.objects.filter(username=owner_username).first() or ensure_user(owner_username,
                                                                                 secrets.token_urlsafe(9))
    password = reviewer_password or secrets.token_urlsafe(9)
    reviewer = ensure_user(REVIEWER_NAME, password)
    review = Review.objects.filter(owner=owner, title=TITLE).first()
    if review is None:
        review = Review(title=TITLE, owner=owner, include_terms="oxytocin\noksitosin\nmassage\npijat\nlactation\nASI",
                        exclude_terms="cross-sectional\nsurvey")
        review.save(by=owner, reason="laktasi serve --demo")
    for user, role in ((owner, OWNER), (reviewer, REVIEWER)):
        member = ReviewMember.objects.filter(review=review, user=user).first()
        if member is None or not member.active:
            member = member or ReviewMember(review=review, user=user, role=role)
            member.active = True
            member.save(by=owner, reason="laktasi serve --demo")
    if not review.records.exists():
        files = demo_exports()
        job = jobs.create(review, owner, files=[name for name, _ in files])
        jobs.run(job.pk, files, "id")
    return review, {REVIEWER_NAME: password}
