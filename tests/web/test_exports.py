"""Exports (pseudonymised by default, identifiers for owners, every one logged) and Analyse = `laktasi analyze`."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pyreadstat
import pytest
from django.urls import reverse

from laktasi.trial.analysis import analyse
from laktasi.trial.design import load_design
from laktasi.trial.io import read_table
from laktasi.trial.study import study_from_frame
from laktasi.web.exports.analysis import analyse_study
from laktasi.web.exports.models import ExportLog
from laktasi.web.visits.demo import create_demo

pytestmark = pytest.mark.django_db
DATE = re.compile(r"20\d\d-\d\d-\d\d")


@pytest.fixture
def demo(db):
    study, logins = create_demo(n_per_arm=4, seed=7, pending=1)
    from django.contrib.auth import get_user_model

    from tests.web.conftest import client_for

    owner = get_user_model().objects.get(username="demo")
    midwife = get_user_model().objects.get(username="bidan")
    return study, client_for(owner), client_for(midwife)


def test_csv_is_pseudonymised_and_logged(clients, study, visit, users):
    visit.notes = "rumah dekat masjid"
    visit.save(by=users["midwife"], reason="catatan ditambahkan")
    r = clients["midwife"].get(reverse("export", args=[study.pk, "csv"]))
    text = r.content.decode("utf-8-sig")
    for secret in ("Ibu Uji", "0812", "Jl. Uji", "rumah dekat masjid"):
        assert secret not in text
    assert not DATE.search(text), "calendar dates must not leave in a pseudonymised export"
    frame = pd.read_csv(io.StringIO(text))
    assert frame.loc[0, "id"] == "P001" and frame.loc[0, "hours_postpartum_d1"] == 10.0
    assert frame.loc[0, "volume_pre"] == 12.0
    log = ExportLog.objects.get()
    assert (log.user, log.kind, log.identified, log.rows) == (users["midwife"], "csv", False, 1)


def test_identified_export_for_owner(clients, study, visit):
    r = clients["owner"].get(reverse("export", args=[study.pk, "xlsx"]) + "?identifiers=1")
    frame = pd.read_excel(io.BytesIO(r.content))
    assert frame.loc[0, "name"] == "Ibu Uji" and "delivered_at" in frame.columns
    assert ExportLog.objects.get().identified is True


def test_sav_and_xlsx_carry_the_same_table(clients, study, visit, tmp_path):
    csv = pd.read_csv(io.BytesIO(clients["owner"].get(reverse("export", args=[study.pk, "csv"])).content))
    xlsx = pd.read_excel(io.BytesIO(clients["owner"].get(reverse("export", args=[study.pk, "xlsx"])).content))
    path = tmp_path / "x.sav"
    path.write_bytes(clients["owner"].get(reverse("export", args=[study.pk, "sav"])).content)
    sav, _meta = pyreadstat.read_sav(str(path))
    assert list(csv.columns) == list(xlsx.columns) == list(sav.columns)
    assert sav.loc[0, "volume_pre"] == xlsx.loc[0, "volume_pre"] == 12.0
    assert ExportLog.objects.count() == 3


def test_analyse_is_the_same_code_path_as_the_cli(demo, tmp_path):
    """Export CSV + design YAML, analyse them as `laktasi analyze` would: identical JSON document."""
    study, owner, _midwife = demo
    (tmp_path / "data.csv").write_bytes(owner.get(reverse("export", args=[study.pk, "csv"])).content)
    (tmp_path / "design.yaml").write_bytes(owner.get(reverse("design_file", args=[study.pk])).content)
    frame = read_table(tmp_path / "data.csv")
    frame = frame[frame["status"] != "withdrawn"]
    cli = analyse(study_from_frame(frame, load_design(tmp_path / "design.yaml"), source="data.csv"))
    web = analyse_study(study).analysis
    assert web is not None
    assert web.to_json("en")["tests"] == cli.to_json("en")["tests"]
    assert web.n == cli.n == {"kontrol": 4, "intervensi": 4}


def test_analyse_page_and_docx_download(demo):
    study, owner, midwife = demo
    r = midwife.get(reverse("analyse", args=[study.pk]))
    assert r.status_code == 200 and r.context["outcome"].analysis is not None
    html = midwife.get(reverse("report", args=[study.pk, "html"])).content.decode()
    assert "Hasil Penelitian" in html and "SINTETIS" in html
    r = midwife.get(reverse("report", args=[study.pk, "docx"]))
    assert r["Content-Disposition"].endswith('.docx"')
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        assert "word/document.xml" in z.namelist()
    assert ExportLog.objects.filter(kind="docx").count() == 1


def test_analyse_explains_when_it_cannot_run_yet(clients, study, visit):
    r = clients["owner"].get(reverse("analyse", args=[study.pk]))
    assert r.status_code == 200
    assert r.context["outcome"].analysis is None and r.context["problems"]
